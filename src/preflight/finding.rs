//! Findings: what preflight reports, how serious each is, and the words they share.

use std::fmt;

use serde::Serialize;

/// Millimetres in a PDF point (1/72 inch).
pub const MM_PER_PT: f64 = 25.4 / 72.0;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; the press can go on.
    Warning,
    /// Would stop the press.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One problem preflight found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// How serious it is.
    pub severity: Severity,
    /// The page concerned, if one.
    pub page: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
    /// The id of the rule that made it (`pdfx.actions`), when one did.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<&'static str>,
}

impl Finding {
    /// A finding that stops the press.
    pub fn error(message: String) -> Finding {
        Finding { severity: Severity::Error, page: None, message, rule: None }
    }

    /// A finding worth a look.
    pub fn warning(message: String) -> Finding {
        Finding { severity: Severity::Warning, page: None, message, rule: None }
    }

    /// The same finding, made by rule `rule`.
    pub fn by_rule(mut self, rule: &'static str) -> Finding {
        self.rule = Some(rule);
        self
    }

    /// The same finding, about page `page`.
    pub fn on_page(mut self, page: usize) -> Finding {
        self.page = Some(page);
        self
    }
}

/// Page numbers as ranges: `page 3`, `pages 1–4, 7`.
pub fn page_list(numbers: &[usize]) -> String {
    let noun = if numbers.len() == 1 { "page" } else { "pages" };
    format!("{noun} {}", page_ranges(numbers))
}

/// Page numbers as ranges, without a noun: `3`, `1–4, 7`.
pub fn page_ranges(numbers: &[usize]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for &n in numbers {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            _ => ranges.push((n, n)),
        }
    }
    let text: Vec<String> = ranges
        .iter()
        .map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") })
        .collect();
    text.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_lists_read_as_ranges() {
        assert_eq!(page_list(&[3]), "page 3");
        assert_eq!(page_list(&[1, 2, 3, 4, 7, 9, 10]), "pages 1–4, 7, 9–10");
    }
}
