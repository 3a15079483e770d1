//! Versions, restoring and undoing (docs/desk-api.md §10).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::issue::history::Version;
use crate::issue::history::changes::Detailed;
use crate::issue::merge::Conflict;

/// `POST …/versions/{n}/restore` and `POST …/undo`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct BasedRequest {
    pub(crate) base_revision: String,
    #[serde(default)]
    pub(crate) client: Option<String>,
}

/// `GET …/versions`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VersionsAnswer {
    pub(crate) revision: String,
    /// Newest first.
    pub(crate) versions: Vec<Version>,
    pub(crate) damaged: usize,
    pub(crate) bytes: u64,
}

/// `GET …/versions/{n}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct VersionAnswer {
    pub(crate) version: Version,
    /// Its document, when the desk can read it as one.
    pub(crate) issue: Option<Value>,
    /// What it changed since the version before.
    pub(crate) changes: Vec<Detailed>,
}

/// `POST …/versions/{n}/restore`'s answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct RestoreAnswer {
    pub(crate) revision: String,
    pub(crate) restored: u64,
}

/// `POST …/undo`'s answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct UndoAnswer {
    pub(crate) revision: String,
    pub(crate) undone: u64,
    pub(crate) conflicts: Vec<Conflict>,
}
