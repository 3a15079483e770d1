//! The session, the login and the UI's messages (docs/desk-api.md §4).

use serde::{Deserialize, Serialize};

use crate::serve::messages::Catalog;

/// `GET /api/session`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SessionAnswer {
    pub(crate) server: String,
    pub(crate) project: String,
    pub(crate) open_issue: Option<String>,
    pub(crate) languages: Vec<Language>,
    pub(crate) default_language: &'static str,
    pub(crate) save_debounce_ms: u64,
    pub(crate) page_ppi: Vec<u32>,
    pub(crate) multiple: usize,
    /// The account signed in; `null` on the desk of one person on this computer.
    pub(crate) user: Option<User>,
}

/// A language the desk offers.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Language {
    pub(crate) code: &'static str,
    pub(crate) name: &'static str,
}

/// An account signed in.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct User {
    pub(crate) name: String,
    pub(crate) role: &'static str,
    pub(crate) role_label: &'static str,
}

/// `POST /api/login`; a field that is no string is missing.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct LoginRequest {
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) name: Option<String>,
    #[serde(default, deserialize_with = "crate::serve::protocol::lenient::string")]
    pub(crate) password: Option<String>,
}

/// Its answer, with the session cookie.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LoginAnswer {
    pub(crate) user: User,
}

/// `GET /api/messages`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MessagesAnswer {
    pub(crate) lang: &'static str,
    /// Every UI string by its key.
    pub(crate) messages: &'static Catalog,
}
