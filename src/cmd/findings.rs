//! Putting findings and failures in front of the user: on the terminal, or as JSON.

use std::io::{IsTerminal, Write as _};

use serde::Serialize;

use crate::diag::json::{JsonDiagnostic, diagnostics};
use crate::diag::{
    Lang, LayoutFailed, ProblemsFound, Report, failure_words, layout_failed_line, report_of,
    summary_line, terminal,
};

/// The command has reported its outcome itself (as JSON, say): exit with `code`, print
/// nothing more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("exit code {code}")]
pub(crate) struct Reported {
    /// The exit code.
    pub code: u8,
}

/// Prints `report`'s findings to stderr, in colour on a terminal.
pub(crate) fn print_findings(report: &Report, lang: Lang) {
    if report.is_empty() {
        return;
    }
    let mut stderr = std::io::stderr().lock();
    let _ = if stderr.is_terminal() {
        stderr.write_all(&terminal::render_coloured(report, lang))
    } else {
        stderr.write_all(terminal::render(report, lang).as_bytes())
    };
}

/// How a failure reads on the terminal: the findings and the closing line for the
/// checks' failures, the cause chain on one line for anything else.
pub(crate) fn failure_text(err: &anyhow::Error, lang: Lang) -> String {
    if let Some(ProblemsFound(report)) = err.downcast_ref::<ProblemsFound>() {
        return format!("{}{}", terminal::render(report, lang), summary_line(report, lang));
    }
    if let Some(LayoutFailed(report)) = err.downcast_ref::<LayoutFailed>() {
        return format!(
            "{}error: {}",
            terminal::render(report, lang),
            layout_failed_line(report, lang)
        );
    }
    failure_words(err, lang)
}

/// Prints a failure to stderr as [`failure_text`] words it, and gives its exit code:
/// 1 when the checks found problems, 2 otherwise.
pub(crate) fn print_failure(err: &anyhow::Error, lang: Lang) -> u8 {
    if let Some(ProblemsFound(report)) = err.downcast_ref::<ProblemsFound>() {
        print_findings(report, lang);
        eprintln!("{}", summary_line(report, lang));
        return 1;
    }
    if let Some(LayoutFailed(report)) = err.downcast_ref::<LayoutFailed>() {
        print_findings(report, lang);
        eprintln!("error: {}", layout_failed_line(report, lang));
        return 2;
    }
    eprintln!("error: {}", failure_words(err, lang));
    2
}

/// The exit code a failure gives: 1 when the checks found problems, 2 otherwise.
pub(crate) fn exit_code(err: &anyhow::Error) -> u8 {
    if err.downcast_ref::<ProblemsFound>().is_some() { 1 } else { 2 }
}

/// One issue's outcome, as `--format json` gives it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct JsonOutcome {
    /// The issue folder as given.
    pub issue: String,
    /// Whether it passed (and, for `build`, was written).
    pub ok: bool,
    /// Every finding: warnings on success, the errors and warnings on failure.
    pub diagnostics: Vec<JsonDiagnostic>,
    /// Counts: errors, warnings and, when typeset, pages, sections and articles.
    pub summary: JsonSummary,
    /// The PDF written, for `build`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// A failure that is not a finding (a missing folder, an unwritable file).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The counts of a [`JsonOutcome`].
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct JsonSummary {
    /// Errors found.
    pub errors: usize,
    /// Warnings found.
    pub warnings: usize,
    /// Pages typeset.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pages: Option<usize>,
    /// Sections of the issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sections: Option<usize>,
    /// Articles of the issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub articles: Option<usize>,
}

impl JsonOutcome {
    /// A success with `report`'s warnings.
    pub(crate) fn passed(issue: &str, report: &Report, summary: JsonSummary, lang: Lang) -> Self {
        Self {
            issue: issue.to_owned(),
            ok: true,
            diagnostics: diagnostics(report, lang),
            summary: JsonSummary { errors: 0, warnings: report.warnings(), ..summary },
            output: None,
            error: None,
        }
    }

    /// A failure, its findings when it has them.
    pub(crate) fn failed(issue: &str, err: &anyhow::Error, lang: Lang) -> Self {
        let report = report_of(err);
        Self {
            issue: issue.to_owned(),
            ok: false,
            diagnostics: report.map(|r| diagnostics(r, lang)).unwrap_or_default(),
            summary: JsonSummary {
                errors: report.map_or(1, Report::errors),
                warnings: report.map_or(0, Report::warnings),
                ..JsonSummary::default()
            },
            output: None,
            error: match report {
                Some(_) => None,
                None => Some(failure_words(err, lang)),
            },
        }
    }
}

/// Prints `value` as one JSON document on stdout.
pub(crate) fn print_json(value: &impl Serialize) {
    match serde_json::to_string_pretty(value) {
        Ok(text) => println!("{text}"),
        Err(err) => eprintln!("error: failed to write JSON: {err}"),
    }
}
