//! Exports and comparisons (docs/desk-api.md §9, §10).

use serde::{Deserialize, Serialize};

use crate::issue::history::Version;
use crate::serve::exports::ExportInfo;

/// `POST /api/issues/{id}/exports` (answered with an `ExportInfo`): `kind` must be
/// `print` or `screen` and `revision` is required; a field that is no string is missing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct ExportRequest {
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) kind: Option<String>,
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) revision: Option<String>,
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) lang: Option<String>,
}

/// `GET /api/issues/{id}/exports`: the last export of each kind.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ExportsAnswer {
    pub(crate) print: Option<ExportInfo>,
    pub(crate) screen: Option<ExportInfo>,
}

/// `POST /api/issues/{id}/compare`: `kind` absent or `null` is print.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CompareRequest {
    #[serde(default)]
    pub(crate) kind: Option<String>,
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) lang: Option<String>,
}

/// A comparison's answer: the pages compared, and what with.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CompareAnswer {
    #[serde(flatten)]
    pub(crate) comparison: Comparison,
    pub(crate) base: CompareBase,
}

/// Two PDFs compared page by page, and where the report is.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Comparison {
    pub(crate) identical: bool,
    /// The pages that differ.
    pub(crate) pages: Vec<PageDifference>,
    pub(crate) report_url: String,
}

/// One page that differs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageDifference {
    pub(crate) number: usize,
    /// `changed`, `added` or `removed`.
    pub(crate) change: &'static str,
    /// For a changed page, the share of pixels that changed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) share: Option<f64>,
}

/// What the pages now were compared with.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub(crate) enum CompareBase {
    /// The last export.
    Export(ExportBase),
    /// A version of the history.
    Version(VersionBase),
}

/// The last export, as `POST …/compare` names it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ExportBase {
    pub(crate) exported_at: String,
    pub(crate) page_count: usize,
}

/// A version, as `POST …/versions/{n}/compare` names it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VersionBase {
    pub(crate) version: Version,
}
