//! The bodies of the API's requests and answers, typed (docs/desk-api.md names each):
//! handlers read requests into these and answer with these, so a field cannot be
//! misspelt in one place only. Saves, versions, undo, presence, the review, the session,
//! the login, exports and every event of the stream so far; the issue document itself
//! (`document.rs`), the status (`status.rs`), splitting, Word files, the archive and the
//! comparisons still build theirs with `json!`.

use axum::body::Bytes;
use axum::http::HeaderMap;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::issue::history::Version;
use crate::issue::history::changes::Detailed;
use crate::issue::merge::Conflict;
use crate::issue::review::event::Event;
use crate::issue::review::ledger::{ArticleView, CommentView, SignOffView};
use crate::serve::error::ApiError;
use crate::serve::exports::ExportInfo;
use crate::serve::handler::json_body;
use crate::serve::presence::Present;

/// A JSON body read as `T`: `400 bad_request` naming what is wrong otherwise.
pub(crate) fn body<T: DeserializeOwned>(headers: &HeaderMap, bytes: &Bytes) -> Result<T, ApiError> {
    serde_json::from_value(json_body(headers, bytes)?)
        .map_err(|err| ApiError::bad_request(err.to_string()))
}

/// `PUT /api/issues/{id}`.
#[derive(Debug, Deserialize)]
pub(crate) struct SaveRequest {
    pub(crate) base_revision: String,
    #[serde(default)]
    pub(crate) client: Option<String>,
    /// The whole document; its shape is checked by `document::from_json`.
    #[serde(default)]
    pub(crate) issue: Value,
}

/// Its answer.
#[derive(Debug, Serialize)]
pub(crate) struct SaveAnswer {
    pub(crate) revision: String,
    pub(crate) saved_at: String,
    /// Merged with what was saved since the base: these three are there.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) merged: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) conflicts: Option<Vec<Conflict>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) issue: Option<Value>,
}

/// `POST …/versions/{n}/restore` and `POST …/undo`.
#[derive(Debug, Deserialize)]
pub(crate) struct BasedRequest {
    pub(crate) base_revision: String,
    #[serde(default)]
    pub(crate) client: Option<String>,
}

/// `GET …/versions`.
#[derive(Debug, Serialize)]
pub(crate) struct VersionsAnswer {
    pub(crate) revision: String,
    /// Newest first.
    pub(crate) versions: Vec<Version>,
    pub(crate) damaged: usize,
    pub(crate) bytes: u64,
}

/// `GET …/versions/{n}`.
#[derive(Debug, Serialize)]
pub(crate) struct VersionAnswer {
    pub(crate) version: Version,
    /// Its document, when the desk can read it as one.
    pub(crate) issue: Option<Value>,
    /// What it changed since the version before.
    pub(crate) changes: Vec<Detailed>,
}

/// `POST …/versions/{n}/restore`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct RestoreAnswer {
    pub(crate) revision: String,
    pub(crate) restored: u64,
}

/// `POST …/undo`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct UndoAnswer {
    pub(crate) revision: String,
    pub(crate) undone: u64,
    pub(crate) conflicts: Vec<Conflict>,
}

/// `POST …/presence`.
#[derive(Debug, Deserialize)]
pub(crate) struct PresenceRequest {
    pub(crate) client: String,
    #[serde(default)]
    pub(crate) article: Option<String>,
}

/// `POST …/review/articles/{key}`.
#[derive(Debug, Deserialize)]
pub(crate) struct ArticleReviewRequest {
    pub(crate) base_revision: String,
    /// `submit`, `approve` or `return`.
    pub(crate) action: String,
    /// Why an article is sent back.
    #[serde(default)]
    pub(crate) note: String,
}

/// `POST …/review/comments`.
#[derive(Debug, Deserialize)]
pub(crate) struct CommentRequest {
    /// The article's key.
    pub(crate) article: String,
    /// Its paragraph, counting from 0.
    pub(crate) paragraph: usize,
    pub(crate) text: String,
    /// A proofreader's mark rather than a comment.
    #[serde(default)]
    pub(crate) mark: bool,
}

/// `POST …/review/comments/{n}/replies`.
#[derive(Debug, Deserialize)]
pub(crate) struct ReplyRequest {
    pub(crate) text: String,
}

/// `POST …/review/sign-off` and `…/sign-off/withdraw`.
#[derive(Debug, Deserialize)]
pub(crate) struct SignOffRequest {
    pub(crate) base_revision: String,
}

/// An article's review, with its key.
#[derive(Debug, Serialize)]
pub(crate) struct ArticleReview {
    pub(crate) key: String,
    #[serde(flatten)]
    pub(crate) review: ArticleView,
}

/// What the asker may do in the review.
#[derive(Debug, Serialize)]
pub(crate) struct Allowed {
    pub(crate) submit: bool,
    pub(crate) approve: bool,
    pub(crate) comment: bool,
    pub(crate) mark: bool,
    pub(crate) resolve: bool,
    pub(crate) sign_off: bool,
}

/// `GET …/review`, and the answer of every change to it.
#[derive(Debug, Serialize)]
pub(crate) struct ReviewAnswer {
    pub(crate) revision: String,
    /// Every article approved and every comment settled.
    pub(crate) ready: bool,
    pub(crate) articles: Vec<ArticleReview>,
    pub(crate) comments: Vec<CommentView>,
    pub(crate) unapproved: Vec<String>,
    pub(crate) open: usize,
    pub(crate) sign_off: SignOffView,
    pub(crate) may: Allowed,
    /// Who did what, newest first (the last 200).
    pub(crate) trail: Vec<Event>,
    /// Lines of the review file that could not be read.
    pub(crate) damaged: usize,
}

/// `GET /api/session`.
#[derive(Debug, Serialize)]
pub(crate) struct SessionAnswer {
    pub(crate) server: String,
    pub(crate) project: String,
    pub(crate) open_issue: Option<String>,
    pub(crate) languages: Vec<Language>,
    pub(crate) default_language: &'static str,
    pub(crate) save_debounce_ms: u64,
    pub(crate) page_ppi: [u32; 5],
    pub(crate) multiple: usize,
    pub(crate) user: Option<User>,
}

/// A language of the UI.
#[derive(Debug, Serialize)]
pub(crate) struct Language {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
}

/// The signed-in account, as the session and the login give it.
#[derive(Debug, Serialize)]
pub(crate) struct User {
    pub(crate) name: String,
    pub(crate) role: &'static str,
    pub(crate) role_label: &'static str,
}

/// `POST /api/login`'s answer.
#[derive(Debug, Serialize)]
pub(crate) struct LoginAnswer {
    pub(crate) user: User,
}

/// `GET …/exports`: the last export of each kind.
#[derive(Debug, Serialize)]
pub(crate) struct ExportsAnswer {
    pub(crate) print: Option<ExportInfo>,
    pub(crate) screen: Option<ExportInfo>,
}

/// The event stream's `hello`.
#[derive(Debug, Serialize)]
pub(crate) struct HelloEvent {
    pub(crate) revision: String,
    pub(crate) issue: String,
    pub(crate) instance: String,
}

/// `saved`.
#[derive(Debug, Serialize)]
pub(crate) struct SavedEvent {
    pub(crate) revision: String,
    pub(crate) client: Option<String>,
}

/// `reloaded`.
#[derive(Debug, Serialize)]
pub(crate) struct ReloadedEvent {
    pub(crate) revision: String,
    /// Always `disk`.
    pub(crate) reason: &'static str,
}

/// `building`.
#[derive(Debug, Serialize)]
pub(crate) struct BuildingEvent {
    pub(crate) revision: String,
}

/// `presence`.
#[derive(Debug, Serialize)]
pub(crate) struct PresenceEvent {
    pub(crate) people: Vec<Present>,
}

/// `review`: no data (the tab fetches the review).
#[derive(Debug, Serialize)]
pub(crate) struct ReviewEvent {}

/// `GET /api/messages`.
#[derive(Debug, Serialize)]
pub(crate) struct MessagesAnswer {
    pub(crate) lang: &'static str,
    pub(crate) messages: &'static crate::serve::messages::Catalog,
}
