//! The payloads of the event stream (docs/desk-api.md §8) that are not answers of a
//! route as well (`rebuilt`, `exported` and `archive` are).

use serde::Serialize;

use crate::serve::presence::Present;

/// `hello`, on connect.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Hello {
    pub(crate) revision: String,
    /// The issue's id.
    pub(crate) issue: String,
    /// Random per server process, with the number of this opening of the issue.
    pub(crate) instance: String,
}

/// `saved`: a save or a Word import wrote the file.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SavedEvent {
    pub(crate) revision: String,
    /// The writer's tab.
    pub(crate) client: Option<String>,
}

/// `reloaded`: the file changed on disk and was read again.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReloadedEvent {
    pub(crate) revision: String,
    /// Always `disk`.
    pub(crate) reason: &'static str,
}

/// `building`: a rebuild started.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct BuildingEvent {
    pub(crate) revision: String,
}

/// `presence`: who is in the issue, and in which article.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PresenceEvent {
    pub(crate) people: Vec<Present>,
}

/// `review`: the issue's review changed; no data (the tab fetches the review).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ReviewEvent {}
