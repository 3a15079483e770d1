//! Checks on every piece of text an editor writes: not empty, not too long, no invisible controls.

use std::ops::Range;
use std::path::Path;

use crate::diag::{Problem, Report};

/// The longest title the layouts can set: two lines of the cover's contents.
pub const MAX_TITLE_CHARS: usize = 200;
/// The longest paragraph accepted: far beyond any article, short of a runaway paste.
pub const MAX_PARAGRAPH_CHARS: usize = 400_000;

/// Checks one piece of text; `what` names it in messages ("the title of article 3 …").
pub fn check_text(
    file: &Path,
    span: Range<usize>,
    text: &str,
    what: &str,
    max_chars: usize,
    report: &mut Report,
) {
    if text.trim().is_empty() {
        report.push(
            Problem::error(file, span.clone(), format!("{what} is empty"))
                .hint("write the text, or remove the entry"),
        );
        return;
    }
    let chars = text.chars().count();
    if chars > max_chars {
        report.push(
            Problem::error(
                file,
                span.start..span.start + 1,
                format!("{what} is {chars} characters long, more than the {max_chars} allowed"),
            )
            .hint("check for text pasted by mistake"),
        );
    }
    if let Some(c) = text.chars().find(|c| is_forbidden(*c)) {
        let hint = if c == '\n' || c == '\r' {
            "a paragraph is one line of text: split it into two paragraphs, or join the lines"
                .into()
        } else {
            format!("delete the invisible character {} ({})", code_point(c), name(c))
        };
        report.push(
            Problem::error(
                file,
                span,
                format!("{what} contains the invisible control character {}", code_point(c)),
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
pub fn code_point(c: char) -> String {
    format!("U+{:04X}", u32::from(c))
}

fn name(c: char) -> &'static str {
    match c {
        '\u{200E}' => "left-to-right mark",
        '\u{200F}' => "right-to-left mark",
        '\u{061C}' => "Arabic letter mark",
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => "bidirectional control",
        '\t' => "tab",
        '\n' | '\r' => "line break",
        _ => "control character",
    }
}
