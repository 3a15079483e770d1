//! The HTTP routes (docs/desk-api.md) and what stands in front of them: the
//! confinement, error bodies in the reader's language, security headers, a 32 MiB limit
//! on bodies; and the app-wide routes (session, messages, archive, static files).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use serde_json::{Value, json};
use tokio::sync::watch;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::diag::Lang;
use crate::issue::files::MAX_FILE_BYTES;
use crate::serve::app::App;
use crate::serve::error::{ApiError, localize, request_lang};
use crate::serve::guard::{Hosts, confine};
use crate::serve::images::PPI_STEPS;
use crate::serve::messages::{LANGUAGES, desk as desk_messages, language};
use crate::serve::placement::MULTIPLE;
use crate::serve::{archive, assets, issue_api};

/// How long the client waits after the last keystroke before it saves: short, since the
/// server coalesces saves that arrive during a rebuild (docs/desk.md, "Speed").
const SAVE_DEBOUNCE_MS: u64 = 150;

/// What the handlers share: the app and the server's stop signal.
#[derive(Clone)]
pub(crate) struct Shared {
    pub(crate) app: Arc<App>,
    pub(crate) shutdown: watch::Receiver<bool>,
}

/// Every route, behind the confinement of `hosts`.
pub(crate) fn router(shared: Shared, hosts: Hosts) -> Router {
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    Router::new()
        .route("/api/session", get(session))
        .route("/api/messages", get(messages))
        .route("/api/issues", get(issues).post(create_issue))
        .merge(issue_api::routes())
        .fallback(fallback)
        .with_state(shared)
        .layer(DefaultBodyLimit::max(limit))
        .layer(axum::middleware::from_fn_with_state(hosts, confine))
        .layer(axum::middleware::from_fn(localize))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_FRAME_OPTIONS,
            HeaderValue::from_static("SAMEORIGIN"),
        ))
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

async fn session(State(shared): State<Shared>) -> Json<Value> {
    let app = &shared.app;
    let languages: Vec<Value> =
        LANGUAGES.iter().map(|(lang, name)| json!({ "code": lang.tag(), "name": name })).collect();
    Json(json!({
        "server": format!("bulletin {}", env!("CARGO_PKG_VERSION")),
        "project": app.site.root.display().to_string(),
        "open_issue": app.site.open_issue,
        "languages": languages,
        "default_language": Lang::Zh.tag(),
        "save_debounce_ms": SAVE_DEBOUNCE_MS,
        "page_ppi": PPI_STEPS,
        "multiple": MULTIPLE,
    }))
}

async fn messages(request: Request) -> Json<Value> {
    let lang = request_lang(&request);
    Json(json!({ "lang": lang.tag(), "messages": desk_messages(lang) }))
}

async fn issues(State(shared): State<Shared>) -> Result<Json<Value>, ApiError> {
    let app = shared.app.clone();
    blocking(move || Ok(Json(archive::listing(&app)))).await
}

async fn create_issue(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let body = json_body(&headers, &body)?;
    let id = match body.get("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(id)) => Some(id.clone()),
        Some(_) => return Err(ApiError::bad_request("`id` must be a string")),
    };
    let app = shared.app.clone();
    let line = blocking(move || archive::create(&app, id.as_deref())).await?;
    Ok((StatusCode::CREATED, Json(line)).into_response())
}

/// Static files for GET and HEAD; anything else under /api/ or elsewhere is not found.
async fn fallback(method: Method, request: Request) -> Response {
    let path = request.uri().path();
    if path.starts_with("/api/") {
        let status = if method == Method::GET {
            StatusCode::NOT_FOUND
        } else {
            StatusCode::METHOD_NOT_ALLOWED
        };
        let code = if status == StatusCode::NOT_FOUND { "not_found" } else { "method_not_allowed" };
        return ApiError::new(status, code).into_response();
    }
    if method != Method::GET && method != Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    assets::serve(path, request.headers())
}
