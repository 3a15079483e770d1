//! Findings as JSON, for scripts, CI and the desk: file, line, column, severity, message,
//! hints, the part of the issue concerned and, for Typst's findings, the trace.

use serde::Serialize;

use super::{Diagnostic, Kind, Lang, Place, Report, Severity, Subject};

/// One finding, as JSON writes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonDiagnostic {
    /// `error` or `warning`.
    pub severity: Severity,
    /// The kind, in kebab-case (`unknown-key`, `missing-glyph`, `layout`, …).
    pub kind: Kind,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hints: Vec<String>,
    /// The file, as named to the reader, when the finding has a place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
    /// 1-based line of the start of the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// 1-based column (in characters) of the start of the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<usize>,
    /// 1-based line of the end of the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<usize>,
    /// 1-based column of the end of the place.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_column: Option<usize>,
    /// The section, article, paragraph and field concerned (0-based positions).
    #[serde(skip_serializing_if = "Subject::is_empty")]
    pub subject: Subject,
    /// For Typst's findings, the calls and imports that led there.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub trace: Vec<JsonTrace>,
}

/// One step of a trace.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct JsonTrace {
    /// What happened there.
    pub message: String,
    /// The file.
    pub file: String,
    /// 1-based line.
    pub line: Option<usize>,
    /// 1-based column.
    pub column: Option<usize>,
}

/// Every finding of `report`, in words of `lang`, in the order found.
pub fn diagnostics(report: &Report, lang: Lang) -> Vec<JsonDiagnostic> {
    report.diagnostics().iter().map(|d| diagnostic(report, d, lang)).collect()
}

/// One finding of `report`, in words of `lang`.
pub fn diagnostic(report: &Report, diagnostic: &Diagnostic, lang: Lang) -> JsonDiagnostic {
    let place = diagnostic.place.as_ref();
    let (start, end) = place.map_or((None, None), |place| positions(report, place));
    JsonDiagnostic {
        severity: diagnostic.severity,
        kind: diagnostic.kind,
        message: diagnostic.message.render(lang),
        hints: diagnostic.hints.iter().map(|hint| hint.render(lang)).collect(),
        file: place.map(|place| place.file.display().to_string()),
        line: start.map(|(line, _)| line),
        column: start.map(|(_, column)| column),
        end_line: end.map(|(line, _)| line),
        end_column: end.map(|(_, column)| column),
        subject: diagnostic.subject,
        trace: diagnostic
            .trace
            .iter()
            .map(|trace| {
                let (start, _) = positions(report, &trace.place);
                JsonTrace {
                    message: trace.text.clone(),
                    file: trace.place.file.display().to_string(),
                    line: start.map(|(line, _)| line),
                    column: start.map(|(_, column)| column),
                }
            })
            .collect(),
    }
}

type Position = Option<(usize, usize)>;

/// The line and column of the start and end of `place`, when its file's text is known.
fn positions(report: &Report, place: &Place) -> (Position, Position) {
    match report.source(&place.file) {
        Some(source) => {
            (Some(source.line_column(place.span.start)), Some(source.line_column(place.span.end)))
        }
        None => (None, None),
    }
}
