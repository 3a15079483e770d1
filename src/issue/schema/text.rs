//! Checks on every piece of text an editor writes: not empty, not too long, no invisible controls.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Diagnostic, Kind, Report, Subject, Text};

/// The longest title the layouts can set: two lines of the cover's contents.
pub(crate) const MAX_TITLE_CHARS: usize = 200;

/// Checks one piece of text; `what` names it in messages ("the title of article 3 …"),
/// `subject` is the part of the issue it is.
pub(crate) fn check_text(
    file: &Path,
    span: Range<usize>,
    text: &str,
    what: &Text,
    subject: Subject,
    max_chars: usize,
    report: &mut Report,
) {
    let error =
        |kind, span, message: Text| Diagnostic::error(kind, message).at(file, span).about(subject);
    if text.trim().is_empty() {
        report.push(
            error(Kind::EmptyText, span, Text::new("text-empty").arg("what", what))
                .hint(Text::new("hint-write-or-remove")),
        );
        return;
    }
    let chars = text.chars().count();
    if chars > max_chars {
        report.push(
            error(
                Kind::TextTooLong,
                span.start..span.start + 1,
                Text::new("text-too-long")
                    .arg("what", what)
                    .arg("chars", chars)
                    .arg("max", max_chars),
            )
            .hint(Text::new("hint-pasted-by-mistake")),
        );
    }
    if let Some(c) = text.chars().find(|c| is_forbidden(*c)) {
        let hint = if c == '\n' || c == '\r' {
            Text::new("hint-split-paragraph")
        } else {
            Text::new("hint-delete-invisible")
                .arg("code_point", code_point(c))
                .arg("name", Text::new(name(c)))
        };
        report.push(
            error(
                Kind::ControlCharacter,
                span,
                Text::new("text-control-character")
                    .arg("what", what)
                    .arg("code_point", code_point(c)),
            )
            .hint(hint),
        );
    }
}

/// Control characters and bidirectional marks: invisible in an editor, harmful in print.
fn is_forbidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `U+200F`.
pub(crate) fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

/// The message id naming an invisible character.
fn name(c: char) -> &'static str {
    match c {
        '\u{200E}' => "char-left-to-right-mark",
        '\u{200F}' => "char-right-to-left-mark",
        '\u{061C}' => "char-arabic-letter-mark",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "char-bidi-control",
        '\t' => "char-tab",
        '\n' | '\r' => "char-line-break",
        _ => "char-control",
    }
}
