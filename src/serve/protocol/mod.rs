//! The bodies of the API's requests and answers, typed, one module by area
//! (docs/desk-api.md names each): handlers read requests into these through [`body`] and
//! answer with these, and the event stream sends these, so that a field cannot be
//! misspelt in one place only. [`listing`] names the fields of every route, for the test
//! that holds docs/desk-api.md to them.
//!
//! The issue document itself (`document::to_json`, `from_json`) stays a JSON value: it is
//! the issue as the desk edits it, with blocks passed through as written, and
//! `document.rs` reads and writes it field by field with its own checks.

mod archive;
mod events;
mod exports;
mod issue;
pub(crate) mod lenient;
pub(crate) mod listing;
mod review;
mod session;
mod status;
mod versions;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::Value;

pub(crate) use archive::{ArchiveAnswer, ArchiveLine, CreateRequest, Exported, NextLine};
pub(crate) use events::{
    BuildingEvent, Hello, PresenceEvent, ReloadedEvent, ReviewEvent, SavedEvent,
};
pub(crate) use exports::{
    CompareAnswer, CompareBase, CompareRequest, Comparison, ExportBase, ExportRequest,
    ExportsAnswer, PageDifference, VersionBase,
};
pub(crate) use issue::{
    Added, DocumentAnswer, DocxAnswer, PastedArticle, PastedAttribution, PresenceRequest,
    SaveAnswer, SaveRequest, SplitAnswer, SplitRequest,
};
pub(crate) use review::{
    Allowed, ArticleReview, ArticleReviewRequest, CommentRequest, ReplyRequest, ReviewAnswer,
    SignOffRequest,
};
pub(crate) use session::{
    Language, LoginAnswer, LoginRequest, MessagesAnswer, SessionAnswer, User,
};
pub(crate) use status::{Counts, Diagnostic, Keyed, Location, Rebuilt};
pub(crate) use versions::{BasedRequest, RestoreAnswer, UndoAnswer, VersionAnswer, VersionsAnswer};

use crate::serve::error::ApiError;

/// A JSON body read as `T`: `415 bad_content_type` unless it is `application/json`,
/// `400 bad_request` naming what is wrong when it is no JSON object or not a `T`.
pub(crate) fn body<T: DeserializeOwned>(headers: &HeaderMap, bytes: &Bytes) -> Result<T, ApiError> {
    let json = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(
        |value| value.split(';').next().unwrap_or_default().trim() == "application/json",
    );
    if !json {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_content_type"));
    }
    let value: Value =
        serde_json::from_slice(bytes).map_err(|err| ApiError::bad_request(err.to_string()))?;
    if !value.is_object() {
        return Err(ApiError::bad_request("the body must be a JSON object"));
    }
    serde_json::from_value(value).map_err(|err| ApiError::bad_request(err.to_string()))
}
