//! Checks on the typeset pages: characters no font can draw, traced back to the article,
//! and font families the layouts ask for that no font provides.

use std::collections::BTreeSet;

use typst::diag::SourceDiagnostic;
use typst::layout::Point;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Kind, Report, Subject, Text};
use crate::issue::model::Issue;
use crate::issue::schema::text::code_point;
use crate::typeset::inspect::for_each_text;

/// Every character that was set with a font's "missing glyph" box.
pub(crate) fn missing_characters(document: &PagedDocument) -> BTreeSet<char> {
    let mut missing = BTreeSet::new();
    for page in document.pages() {
        for_each_text(&page.frame, Point::zero(), &mut |_, text| {
            for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                let chars = text.text.get(glyph.range()).unwrap_or_default();
                missing.extend(chars.chars().filter(|c| !c.is_whitespace()));
            }
        });
    }
    missing
}

/// Reports each missing character where the issue uses it; errors unless `allow` is set.
pub(crate) fn report_missing(
    issue: &Issue,
    missing: &BTreeSet<char>,
    allow: bool,
    report: &mut Report,
) {
    for &c in missing {
        let (place, subject) = where_used(issue, c);
        let problem = Diagnostic::error(
            Kind::MissingGlyph,
            Text::new("missing-glyph")
                .arg("char", c)
                .arg("code_point", code_point(c))
                .arg("place", place),
        )
        .about(subject)
        .hint(Text::new(if allow {
            "hint-missing-glyph-allowed"
        } else {
            "hint-missing-glyph"
        }));
        report.push(if allow { problem.as_warning() } else { problem });
    }
}

/// Names the first place in the issue that uses `c`: paragraph, title or section name.
fn where_used(issue: &Issue, c: char) -> (Text, Subject) {
    let publication = &issue.publication;
    for (s, section) in issue.sections.iter().enumerate() {
        if section.name.contains(c) {
            let text = Text::new("used-in-section-name")
                .arg("number", s + 1)
                .arg("name", section.name.as_str());
            return (text, Subject::section(s).field("name"));
        }
        for (a, article) in section.articles.iter().enumerate() {
            let named = Text::new("used-article")
                .arg("title", article.title.as_str())
                .arg("section", section.name.as_str());
            let subject = Subject::article(s, a);
            if article.title.contains(c) {
                return (Text::new("used-in-title").arg("article", named), subject.field("title"));
            }
            if let Some(p) =
                article.paragraphs.iter().position(|p| p.texts().iter().any(|t| t.contains(c)))
            {
                let text =
                    Text::new("used-in-paragraph").arg("number", p + 1).arg("article", named);
                return (text, subject.paragraph(p));
            }
            let a = &article.attribution;
            if a.compiler.contains(c) || a.source.as_deref().is_some_and(|s| s.contains(c)) {
                let text = Text::new("used-in-attribution").arg("article", named);
                return (text, subject.field("attribution"));
            }
        }
    }
    if [&publication.title, &publication.publisher].iter().any(|t| t.contains(c)) {
        return (Text::new("used-in-publication"), Subject::default());
    }
    (Text::new("used-in-layouts"), Subject::default())
}

/// Turns Typst's "unknown font family" warnings into problems naming the family, and
/// returns the other warnings.
pub(crate) fn report_unknown_families(
    warnings: Vec<SourceDiagnostic>,
    report: &mut Report,
) -> Vec<SourceDiagnostic> {
    let mut other = Vec::new();
    for warning in warnings {
        match warning.message.strip_prefix("unknown font family: ") {
            Some(family) => report.push(
                Diagnostic::error(
                    Kind::UnknownFontFamily,
                    Text::new("unknown-font-family").arg("family", family),
                )
                .hint(Text::new("hint-add-font")),
            ),
            None => other.push(warning),
        }
    }
    other
}
