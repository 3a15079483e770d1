//! The issue document and its saves, pasted text, Word files and presence
//! (docs/desk-api.md §5, §7).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::issue::merge::Conflict;
use crate::serve::protocol::status::Rebuilt;

/// `GET /api/issues/{id}`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocumentAnswer {
    pub(crate) revision: String,
    /// The document (`document::to_json`).
    pub(crate) issue: Value,
    /// The latest `rebuilt` payload; `null` before the first build.
    pub(crate) status: Option<Rebuilt>,
}

/// `PUT /api/issues/{id}`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SaveRequest {
    pub(crate) base_revision: String,
    #[serde(default)]
    pub(crate) client: Option<String>,
    /// The language of the messages; the answer has none.
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) lang: Option<String>,
    /// The whole document; its shape is checked by `document::from_json`.
    #[serde(default)]
    pub(crate) issue: Value,
}

/// Its answer.
#[derive(Debug, Clone, Serialize)]
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

/// `POST /api/issues/{id}/split`: `text` is required (a body without it, or with
/// something else than a string, is refused); `html` is not used yet.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct SplitRequest {
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) text: Option<String>,
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) html: Option<String>,
    /// The language of the notes, else the request's.
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) lang: Option<String>,
}

/// Its answer.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SplitAnswer {
    pub(crate) article: PastedArticle,
    /// What was guessed or left out, in words.
    pub(crate) notes: Vec<String>,
}

/// The article pasted text makes, as the document holds articles (without a key).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PastedArticle {
    pub(crate) title: String,
    pub(crate) listed: bool,
    pub(crate) paragraphs: Vec<String>,
    pub(crate) attribution: PastedAttribution,
}

/// Its attribution: the date empty when none was found.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PastedAttribution {
    pub(crate) source: Option<String>,
    pub(crate) compiler: String,
    pub(crate) date: String,
}

/// `POST /api/issues/{id}/sections/{section}/docx`'s answer (its body is the file).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct DocxAnswer {
    pub(crate) revision: String,
    /// The whole document, with the new article.
    pub(crate) issue: Value,
    pub(crate) added: Added,
}

/// Where a Word file's article went: the keys of its section and of itself.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Added {
    pub(crate) section: String,
    pub(crate) article: String,
}

/// `POST …/presence` (answered `204`).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct PresenceRequest {
    pub(crate) client: String,
    #[serde(default)]
    pub(crate) article: Option<String>,
}
