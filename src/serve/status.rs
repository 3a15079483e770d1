//! A rebuild's outcome (docs/desk-api.md §7): pages, placement, copyfit and every
//! finding, kept as data and put into JSON in the language each reader asks for.

use std::path::Path;
use std::sync::Arc;

use crate::diag::json::diagnostic;
use crate::diag::{Kind, Lang, Report, Severity};
use crate::serve::document::Keys;
use crate::serve::placement::Layout;
use crate::serve::protocol::{Counts, Diagnostic, Keyed, Location, Rebuilt};
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
    pub(crate) fn answer(&self, lang: Lang, site: &Site) -> Rebuilt {
        let mut diagnostics: Vec<Diagnostic> = self
            .report
            .diagnostics()
            .iter()
            .enumerate()
            .map(|(i, d)| {
                let shown = diagnostic(&self.report, d, lang);
                let subject = d.subject;
                let location = (!subject.is_empty()).then_some(Location {
                    section: subject.section,
                    article: subject.article,
                    paragraph: subject.paragraph,
                    field: subject.field,
                });
                Diagnostic {
                    id: format!("d{}", i + 1),
                    severity: shown.severity,
                    code: code_of(d.kind),
                    message: shown.message,
                    hints: shown.hints,
                    file: shown.file.map(|file| site.relative(Path::new(&file))),
                    line: shown.line,
                    column: shown.column,
                    location,
                }
            })
            .collect();
        if let Some(failure) = &self.failure {
            diagnostics.push(Diagnostic {
                id: format!("d{}", diagnostics.len() + 1),
                severity: Severity::Error,
                code: "internal".to_owned(),
                message: failure.clone(),
                hints: Vec::new(),
                file: None,
                line: None,
                column: None,
                location: None,
            });
        }
        let placed = self.placed.as_deref();
        let layout = placed.map(|placed| &placed.layout);
        let articles = placed
            .map(|placed| {
                placed
                    .layout
                    .articles
                    .iter()
                    .map(|place| Keyed {
                        place: place.clone(),
                        key: placed.keys.article(place.section, place.article).map(str::to_owned),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let sections = placed
            .map(|placed| {
                placed
                    .layout
                    .sections
                    .iter()
                    .map(|place| Keyed {
                        place: place.clone(),
                        key: placed.keys.section(place.section).map(str::to_owned),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Rebuilt {
            revision: self.revision.clone(),
            ready: self.ready(),
            typeset: self.typeset,
            build_ms: self.build_ms,
            page_count: layout.map_or(0, |l| l.pages.len()),
            pages: layout.map(|l| l.pages.clone()),
            changed_pages: self.changed_pages.clone(),
            articles,
            sections,
            contents: layout.map(|l| l.contents.clone()),
            copyfit: layout.map(|l| l.copyfit.clone()),
            diagnostics,
            counts: Counts { errors: self.errors(), warnings: self.report.warnings() },
        }
    }
}

/// A finding's kind as the desk names it: snake case.
pub(crate) fn code_of(kind: Kind) -> String {
    serde_json::to_value(kind)
        .ok()
        .and_then(|v| v.as_str().map(|s| s.replace('-', "_")))
        .unwrap_or_default()
}
