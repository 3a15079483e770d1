//! The lines of a text file, each with where it stands in the file.

use std::ops::Range;

/// One line of the export, without its line break, and where it stands in the file.
#[derive(Debug, Clone)]
pub(crate) struct Line<'a> {
    /// The line's text.
    pub text: &'a str,
    /// Its bytes in the file.
    pub span: Range<usize>,
}

impl Line<'_> {
    /// The line's bytes without the spaces and tabs at either end, for pointing at it.
    pub(crate) fn trimmed_span(&self) -> Range<usize> {
        let start = self.span.start + (self.text.len() - self.text.trim_start().len());
        let end = self.span.end - (self.text.len() - self.text.trim_end().len());
        start..end.max(start)
    }
}

/// Splits `text` into lines (LF or CRLF; a byte-order mark is skipped).
pub(crate) fn lines(text: &str) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for raw in text.split_inclusive('\n') {
        let mut body = raw.strip_suffix('\n').unwrap_or(raw);
        body = body.strip_suffix('\r').unwrap_or(body);
        let mut at = start;
        if start == 0
            && let Some(rest) = body.strip_prefix('\u{feff}')
        {
            body = rest;
            at += '\u{feff}'.len_utf8();
        }
        out.push(Line { text: body, span: at..at + body.len() });
        start += raw.len();
    }
    out
}

/// A line with text, and whether the export left a gap above it.
#[derive(Debug, Clone)]
pub(crate) struct Row<'a> {
    /// The line.
    pub line: Line<'a>,
    /// A line of nothing but spaces stands between it and the row before: the export's
    /// mark of vertical space, which it leaves under a title, a section marker and an
    /// attribution but not between the wrapped lines of a paragraph.
    pub gap_before: bool,
}

/// The lines of `text` that hold text and are not `dropped` (page footers), with the gaps
/// between them. Empty lines and dropped lines do not separate: a footer between two lines
/// of a paragraph leaves them adjacent.
pub(crate) fn rows<'a>(text: &'a str, dropped: impl Fn(&str) -> bool) -> Vec<Row<'a>> {
    let mut rows = Vec::new();
    let mut gap = false;
    for line in lines(text) {
        let trimmed = line.text.trim();
        if trimmed.is_empty() {
            gap |= !line.text.is_empty();
        } else if !dropped(trimmed) {
            rows.push(Row { line, gap_before: std::mem::take(&mut gap) });
        }
    }
    rows
}
