//! The HTTP routes (docs/desk-api.md) and what stands in front of them: the
//! confinement, error bodies in the reader's language, security headers, a 32 MiB limit
//! on bodies, the login when the desk asks for one; and the app-wide routes (session,
//! messages, archive, static files).

use std::sync::Arc;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::get;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::diag::Lang;
use crate::issue::files::MAX_FILE_BYTES;
use crate::serve::error::{ApiError, localize, request_lang};
use crate::serve::guard::{Hosts, confine};
use crate::serve::handler::{Shared, blocking};
use crate::serve::images::PPI_STEPS;
use crate::serve::login::{self, Gate, SignedIn};
use crate::serve::messages::{LANGUAGES, desk as desk_messages};
use crate::serve::placement::MULTIPLE;
use crate::serve::protocol::{
    self, ArchiveAnswer, CreateRequest, Language, MessagesAnswer, SessionAnswer,
};
use crate::serve::{archive, assets, issue_api, review, versions};

/// How long the client waits after the last keystroke before it saves: short, since the
/// server coalesces saves that arrive during a rebuild (docs/desk.md, "Speed").
const SAVE_DEBOUNCE_MS: u64 = 150;

/// Every route, behind the confinement of `hosts` and, when `gate` is given, the login.
pub(crate) fn router(shared: Shared, hosts: Hosts, gate: Option<Arc<Gate>>) -> Router {
    let limit = usize::try_from(MAX_FILE_BYTES).unwrap_or(usize::MAX);
    let mut routes = Router::new()
        .route("/api/session", get(session))
        .route("/api/messages", get(messages))
        .route("/api/issues", get(issues).post(create_issue))
        .merge(issue_api::routes())
        .merge(versions::routes())
        .merge(review::routes());
    if let Some(gate) = &gate {
        routes = routes.merge(login::routes(gate.clone()));
    }
    let mut router =
        routes.fallback(fallback).with_state(shared).layer(DefaultBodyLimit::max(limit));
    if let Some(gate) = gate {
        router = router.layer(axum::middleware::from_fn_with_state(gate, login::require));
    }
    router
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

async fn session(State(shared): State<Shared>, user: Option<SignedIn>) -> Json<SessionAnswer> {
    let app = &shared.app;
    let languages =
        LANGUAGES.iter().map(|(lang, name)| Language { code: lang.tag(), name }).collect();
    Json(SessionAnswer {
        server: format!("bulletin {}", env!("CARGO_PKG_VERSION")),
        project: app.site.root.display().to_string(),
        open_issue: app.site.open_issue.clone(),
        languages,
        default_language: Lang::Zh.tag(),
        save_debounce_ms: SAVE_DEBOUNCE_MS,
        page_ppi: PPI_STEPS.to_vec(),
        multiple: MULTIPLE,
        user: user.as_ref().map(SignedIn::user),
    })
}

async fn messages(request: Request) -> Json<MessagesAnswer> {
    let lang = request_lang(&request);
    Json(MessagesAnswer { lang: lang.tag(), messages: desk_messages(lang) })
}

async fn issues(State(shared): State<Shared>) -> Result<Json<ArchiveAnswer>, ApiError> {
    let app = shared.app.clone();
    blocking(move || Ok(Json(archive::listing(&app)))).await
}

async fn create_issue(
    State(shared): State<Shared>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let CreateRequest { id } = protocol::body(&headers, &body)?;
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
