//! Characters no font can draw: found in the typeset pages, traced back to the article.

use std::collections::BTreeSet;

use typst::diag::SourceDiagnostic;
use typst::layout::Point;
use typst_layout::PagedDocument;

use crate::diag::{Problem, Report};
use crate::issue::model::Issue;
use crate::issue::schema::text::code_point;
use crate::typeset::inspect::for_each_text;

/// Every character that was set with a font's "missing glyph" box.
pub fn missing_characters(document: &PagedDocument) -> BTreeSet<char> {
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
pub fn report_missing(issue: &Issue, missing: &BTreeSet<char>, allow: bool, report: &mut Report) {
    for &c in missing {
        let problem = Problem::general(format!(
            "the character {c} ({}) in {} is in none of the fonts",
            code_point(c),
            where_used(issue, c)
        ))
        .hint(if allow {
            "it prints as an empty box; add a font that has it with --font-path DIR".to_string()
        } else {
            "add a font that has it with --font-path DIR, or replace the character; \
             --allow-missing-glyphs prints it as an empty box"
                .to_string()
        });
        report.push(if allow { problem.warning() } else { problem });
    }
}

/// Names the first place in the issue that uses `c`: paragraph, title or section name.
fn where_used(issue: &Issue, c: char) -> String {
    let publication = &issue.publication;
    for (s, section) in issue.sections.iter().enumerate() {
        if section.name.contains(c) {
            return format!("the name of section {} “{}”", s + 1, section.name);
        }
        for article in &section.articles {
            let named = format!("article “{}” of section “{}”", article.title, section.name);
            if article.title.contains(c) {
                return format!("the title of {named}");
            }
            if let Some(p) = article.paragraphs.iter().position(|p| p.contains(c)) {
                return format!("paragraph {} of {named}", p + 1);
            }
            let a = &article.attribution;
            if a.compiler.contains(c) || a.source.as_deref().is_some_and(|s| s.contains(c)) {
                return format!("the attribution of {named}");
            }
        }
    }
    if [&publication.title, &publication.publisher].iter().any(|t| t.contains(c)) {
        return "the publication settings".into();
    }
    "the layouts".into()
}

/// Turns Typst's "unknown font family" warnings into problems naming the family, and
/// returns the other warnings.
pub fn report_unknown_families(
    warnings: Vec<SourceDiagnostic>,
    report: &mut Report,
) -> Vec<SourceDiagnostic> {
    let mut other = Vec::new();
    for warning in warnings {
        match warning.message.strip_prefix("unknown font family: ") {
            Some(family) => report.push(
                Problem::general(format!(
                    "the layouts ask for the font family “{family}”, which no font folder provides"
                ))
                .hint("add its font files to fonts/ or name a folder that has them with --font-path DIR"),
            ),
            None => other.push(warning),
        }
    }
    other
}
