//! A rebuild's outcome, the `rebuilt` payload (docs/desk-api.md §6, §7).

use serde::Serialize;

use crate::diag::Severity;
use crate::serve::placement::{ArticlePlace, ContentsEntry, Copyfit, PageInfo, SectionPlace};

/// `GET /api/issues/{id}/status`, the `rebuilt` event and the document's `status`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Rebuilt {
    pub(crate) revision: String,
    /// No error: the issue may be exported.
    pub(crate) ready: bool,
    /// Pages could be typeset for this revision (else the placement is the last one's).
    pub(crate) typeset: bool,
    pub(crate) build_ms: u64,
    pub(crate) page_count: usize,
    pub(crate) pages: Option<Vec<PageInfo>>,
    pub(crate) changed_pages: Vec<usize>,
    pub(crate) articles: Vec<Keyed<ArticlePlace>>,
    pub(crate) sections: Vec<Keyed<SectionPlace>>,
    pub(crate) contents: Option<Vec<ContentsEntry>>,
    pub(crate) copyfit: Option<Copyfit>,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) counts: Counts,
}

/// A place with the document's key of what stands there (`null` when the document has
/// no such item).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Keyed<T> {
    #[serde(flatten)]
    pub(crate) place: T,
    pub(crate) key: Option<String>,
}

/// One finding, in words of the reader's language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Diagnostic {
    /// `d1`, `d2`, … in the order found.
    pub(crate) id: String,
    pub(crate) severity: Severity,
    /// The kind in snake case.
    pub(crate) code: String,
    pub(crate) message: String,
    pub(crate) hints: Vec<String>,
    /// Relative to the project.
    pub(crate) file: Option<String>,
    pub(crate) line: Option<usize>,
    pub(crate) column: Option<usize>,
    pub(crate) location: Option<Location>,
}

/// Where in the document a finding is.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Location {
    pub(crate) section: Option<usize>,
    pub(crate) article: Option<usize>,
    pub(crate) paragraph: Option<usize>,
    pub(crate) field: Option<&'static str>,
}

/// How many findings of each severity.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Counts {
    pub(crate) errors: usize,
    pub(crate) warnings: usize,
}
