//! The issue file measured against what an issue may hold (`issue::limits`) before it is
//! read field by field: paragraphs too long, too many articles or blocks, too much text.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::names::{article_name, section_name};
use crate::diag::{Diagnostic, Kind, Report, Subject, Text};
use crate::issue::limits::{Over, PARAGRAPH_MAX_CHARS, PARAGRAPH_WARN_CHARS, Tally};

/// Measures the issue's `table`, read from `file` (its `text`); findings go to `report`.
/// `true` when an issue-wide limit is passed: the issue is refused, and the rest of the
/// file is not read.
pub(crate) fn check_sizes(
    file: &Path,
    text: &str,
    table: &DeTable<'_>,
    report: &mut Report,
) -> bool {
    let mut tally = Tally::default();
    for (s, (section, _)) in tables(table, "section").enumerate() {
        let section_name = section_name(s, string(section, "name"));
        for (a, (article, span)) in tables(section, "article").enumerate() {
            let name = article_name(&section_name, a, string(article, "title"));
            let subject = Subject::article(s, a);
            if let Some(over) = tally.article() {
                let at = first_line(text, span);
                report.push(passed(file, at, over, &name, tally.articles()).about(subject));
                return true;
            }
            let Some(DeValue::Array(items)) = article.get("paragraphs").map(Spanned::get_ref)
            else {
                continue;
            };
            for (p, item) in items.iter().enumerate() {
                let what =
                    Text::new("subject-paragraph").arg("number", p + 1).arg("article", &name);
                let subject = subject.paragraph(p);
                let at = item.span().start..item.span().start + 1;
                let chars = chars_in(item.get_ref());
                if let DeValue::String(_) = item.get_ref() {
                    paragraph_length(chars, &what, report, |d| {
                        d.at(file, at.clone()).about(subject)
                    });
                }
                if let Some(over) = tally.block(chars) {
                    report.push(passed(file, at, over, &what, tally.blocks()).about(subject));
                    return true;
                }
            }
        }
    }
    false
}

/// A paragraph of `chars` characters (`what` names it) over the warning's length or the
/// limit; `place` puts the finding where the paragraph is.
pub(crate) fn paragraph_length(
    chars: usize,
    what: &Text,
    report: &mut Report,
    place: impl FnOnce(Diagnostic) -> Diagnostic,
) {
    if chars > PARAGRAPH_MAX_CHARS {
        let message = Text::new("text-too-long")
            .arg("what", what)
            .arg("chars", chars)
            .arg("max", PARAGRAPH_MAX_CHARS);
        report.push(
            place(Diagnostic::error(Kind::TextTooLong, message))
                .hint(Text::new("hint-split-long-paragraph")),
        );
    } else if chars > PARAGRAPH_WARN_CHARS {
        let message = Text::new("long-paragraph")
            .arg("what", what)
            .arg("chars", chars)
            .arg("warn", PARAGRAPH_WARN_CHARS);
        report.push(
            place(Diagnostic::warning(Kind::LongParagraph, message))
                .hint(Text::new("hint-long-paragraph").arg("max", PARAGRAPH_MAX_CHARS)),
        );
    }
}

/// The error for `what`, the `count`th article or block of the issue, passing `over`.
fn passed(file: &Path, at: Range<usize>, over: Over, what: &Text, count: usize) -> Diagnostic {
    let (message, hint) = match over {
        Over::Articles => ("too-many-articles", "hint-too-many-articles"),
        Over::Blocks => ("too-many-blocks", "hint-too-many-blocks"),
        Over::Chars => ("too-much-text", "hint-too-much-text"),
    };
    let message = Text::new(message).arg("what", what).arg("count", count).arg("max", over.max());
    Diagnostic::error(over.kind(), message)
        .at(file, at)
        .hint(Text::new(hint))
        .hint(Text::new("hint-rest-not-checked"))
}

/// The tables of the array `key` of `table` with their spans; nothing if it is something
/// else (the loader reports that).
fn tables<'a, 'i>(
    table: &'a DeTable<'i>,
    key: &str,
) -> impl Iterator<Item = (&'a DeTable<'i>, Range<usize>)> {
    let items = match table.get(key).map(Spanned::get_ref) {
        Some(DeValue::Array(items)) => &items[..],
        _ => &[],
    };
    items.iter().filter_map(|item| match item.get_ref() {
        DeValue::Table(table) => Some((table, item.span())),
        _ => None,
    })
}

/// The text of `key` in `table`, if it is text.
fn string<'a>(table: &'a DeTable<'_>, key: &str) -> Option<&'a str> {
    match table.get(key).map(Spanned::get_ref) {
        Some(DeValue::String(text)) => Some(text),
        _ => None,
    }
}

/// The characters of every text in `value`: a paragraph's, or a block's caption, credit and cells.
fn chars_in(value: &DeValue<'_>) -> usize {
    match value {
        DeValue::String(text) => text.chars().count(),
        DeValue::Array(items) => items.iter().map(|item| chars_in(item.get_ref())).sum(),
        DeValue::Table(table) => table.values().map(|value| chars_in(value.get_ref())).sum(),
        _ => 0,
    }
}

/// The first line of `span` in `text`, where a table starts.
fn first_line(text: &str, span: Range<usize>) -> Range<usize> {
    let start = span.start.min(text.len());
    let end = text[start..].find('\n').map_or(text.len(), |n| start + n);
    start..end
}
