//! What every handler uses: the shared state, blocking work off the async threads, JSON
//! bodies and the language a body asks for.

use std::sync::Arc;

use axum::body::Bytes;
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::Value;
use tokio::sync::watch;

use crate::diag::Lang;
use crate::serve::app::App;
use crate::serve::desk::Desk;
use crate::serve::error::ApiError;
use crate::serve::messages::language;

/// What the handlers share: the app and the server's stop signal.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(crate) app: Arc<App>,
    pub(crate) shutdown: watch::Receiver<bool>,
}

/// Runs `f` off the async threads (it reads or writes files, or typesets).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(f)
        .await
        .unwrap_or_else(|err| Err(ApiError::internal(&anyhow::anyhow!("a task failed: {err}"))))
}

/// A JSON body: `application/json`, well formed, an object.
pub(crate) fn json_body(headers: &HeaderMap, body: &Bytes) -> Result<Value, ApiError> {
    let json = headers.get(header::CONTENT_TYPE).and_then(|value| value.to_str().ok()).is_some_and(
        |value| value.split(';').next().unwrap_or_default().trim() == "application/json",
    );
    if !json {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_content_type"));
    }
    let value: Value =
        serde_json::from_slice(body).map_err(|err| ApiError::bad_request(err.to_string()))?;
    if !value.is_object() {
        return Err(ApiError::bad_request("the body must be a JSON object"));
    }
    Ok(value)
}

/// The language a body's `lang` names, else the request's.
pub(crate) fn body_lang(body: &Value, fallback: Lang) -> Lang {
    body.get("lang").and_then(Value::as_str).and_then(language).unwrap_or(fallback)
}

/// The desk of issue `id`, opened if it is not open yet.
pub(crate) async fn open(shared: &Shared, id: String) -> Result<Arc<Desk>, ApiError> {
    let app = shared.app.clone();
    blocking(move || app.desk(&id)).await
}
