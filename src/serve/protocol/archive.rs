//! The archive (docs/desk-api.md §11).

use serde::{Deserialize, Serialize};

/// `GET /api/issues` and the `archive` event.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArchiveAnswer {
    /// Newest first.
    pub(crate) issues: Vec<ArchiveLine>,
    /// What `bulletin new` would start; `null` when that folder exists.
    pub(crate) next: Option<NextLine>,
}

/// One issue's line in the archive, also `POST /api/issues`' answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ArchiveLine {
    pub(crate) id: String,
    pub(crate) year: Option<i64>,
    pub(crate) number: Option<i64>,
    pub(crate) running_number: Option<i64>,
    pub(crate) date: Option<String>,
    pub(crate) page_count: Option<usize>,
    /// `null` while not checked yet.
    pub(crate) ready: Option<bool>,
    pub(crate) exported: Exported,
}

/// When each kind was last exported.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Exported {
    pub(crate) print: Option<String>,
    pub(crate) screen: Option<String>,
}

/// The issue `bulletin new` would start.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NextLine {
    pub(crate) id: String,
    pub(crate) year: i32,
    pub(crate) number: u32,
    pub(crate) running_number: Option<u32>,
    pub(crate) date: String,
}

/// `POST /api/issues`: `id` absent or `null` is the next issue.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct CreateRequest {
    #[serde(default)]
    pub(crate) id: Option<String>,
}
