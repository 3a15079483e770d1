//! A rebuild's outcome (docs/desk-api.md §7): pages, placement, copyfit and every
//! finding, kept as data and put into JSON in the language each reader asks for.

use std::path::Path;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::diag::json::diagnostic;
use crate::diag::{Lang, Report};
use crate::serve::document::Keys;
use crate::serve::placement::Layout;
use crate::serve::site::Site;

/// The placement of a build, with the keys of the document it was typeset from.
#[derive(Debug, Clone)]
pub(crate) struct Placed {
    pub(crate) layout: Layout,
    pub(crate) keys: Keys,
}

/// The outcome of one rebuild.
#[derive(Debug, Clone)]
pub(crate) struct Status {
    /// The revision of `issue.toml` built.
    pub(crate) revision: String,
    /// Whether pages could be typeset for it.
    pub(crate) typeset: bool,
    /// How long the rebuild took.
    pub(crate) build_ms: u64,
    /// This build's placement, or the last one that typeset when this one did not.
    pub(crate) placed: Option<Arc<Placed>>,
    /// Pages whose fingerprint differs from the previous build's.
    pub(crate) changed_pages: Vec<usize>,
    /// The findings: warnings of a build, errors of a failed one.
    pub(crate) report: Arc<Report>,
    /// Why a build failed when the checks did not say (an unreadable file, a bug).
    pub(crate) failure: Option<String>,
}

impl Status {
    /// How many errors stop the export.
    pub(crate) fn errors(&self) -> usize {
        self.report.errors() + usize::from(self.failure.is_some())
    }

    /// Whether the issue may be exported as it is.
    pub(crate) fn ready(&self) -> bool {
        self.typeset && self.errors() == 0
    }

    /// The page count, when pages are known.
    pub(crate) fn page_count(&self) -> Option<usize> {
        self.placed.as_ref().map(|placed| placed.layout.pages.len())
    }

    /// The `rebuilt` payload, its words in `lang`, files named relative to the project.
    pub(crate) fn to_json(&self, lang: Lang, site: &Site) -> Value {
        let mut diagnostics: Vec<Value> = self
            .report
            .diagnostics()
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let shown = diagnostic(&self.report, d, lang);
                let code = serde_json::to_value(d.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(|s| s.replace('-', "_")))
                    .unwrap_or_default();
                let subject = d.subject;
                let location = (!subject.is_empty()).then(|| {
                    json!({
                        "section": subject.section,
                        "article": subject.article,
                        "paragraph": subject.paragraph,
                        "field": subject.field,
                    })
                });
                json!({
                    "id": format!("d{}", i + 1),
                    "severity": shown.severity,
                    "code": code,
                    "message": shown.message,
                    "hints": shown.hints,
                    "file": shown.file.map(|file| site.relative(Path::new(&file))),
                    "line": shown.line,
                    "column": shown.column,
                    "location": location,
                })
            })
            .collect();
        if let Some(failure) = &self.failure {
            diagnostics.push(json!({
                "id": format!("d{}", diagnostics.len() + 1),
                "severity": "error",
                "code": "internal",
                "message": failure,
                "hints": [],
                "file": null, "line": null, "column": null, "location": null,
            }));
        }
        let placed = self.placed.as_deref();
        let layout = placed.map(|placed| &placed.layout);
        let articles: Vec<Value> = placed
            .map(|placed| {
                placed
                    .layout
                    .articles
                    .iter()
                    .map(|place| {
                        let mut value = serde_json::to_value(place).unwrap_or(Value::Null);
                        value["key"] = json!(placed.keys.article(place.section, place.article));
                        value
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sections: Vec<Value> = placed
            .map(|placed| {
                placed
                    .layout
                    .sections
                    .iter()
                    .map(|place| {
                        let mut value = serde_json::to_value(place).unwrap_or(Value::Null);
                        value["key"] = json!(placed.keys.section(place.section));
                        value
                    })
                    .collect()
            })
            .unwrap_or_default();
        let errors = self.errors();
        json!({
            "revision": self.revision,
            "ready": self.ready(),
            "typeset": self.typeset,
            "build_ms": self.build_ms,
            "page_count": layout.map_or(0, |l| l.pages.len()),
            "pages": layout.map(|l| &l.pages),
            "changed_pages": self.changed_pages,
            "articles": articles,
            "sections": sections,
            "contents": layout.map(|l| &l.contents),
            "copyfit": layout.map(|l| &l.copyfit),
            "diagnostics": diagnostics,
            "counts": { "errors": errors, "warnings": self.report.warnings() },
        })
    }
}
