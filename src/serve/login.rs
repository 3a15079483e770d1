//! Signing in to the desk on the office network: `POST /api/login` checks an account's
//! password and sets the session cookie, `POST /api/logout` ends the session, and a
//! middleware lets through only requests of a live session of an account that still
//! exists with the same password (the login page, its files, the UI's messages and the
//! login itself excepted). Handlers learn who is signed in from [`SignedIn`].

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use axum::Router;
use axum::body::Bytes;
use axum::extract::connect_info::ConnectInfo;
use axum::extract::{Request, State};
use axum::http::request::Parts;
use axum::http::{Extensions, HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Json, Redirect, Response};
use axum::routing::post;
use tokio::sync::Semaphore;

use crate::accounts::{Role, password};
use crate::serve::error::ApiError;
use crate::serve::handler::blocking;
use crate::serve::listen::Peer;
use crate::serve::protocol::{self, LoginAnswer, LoginRequest, User};
use crate::serve::roster::Roster;
use crate::serve::sessions::{LIFETIME, Sessions};
use crate::serve::throttle::{Key, Throttle};

/// The session cookie's name.
pub(crate) const COOKIE: &str = "bulletin_session";

/// Password checks at a time: each takes about 20 MB and some tens of milliseconds.
const CHECKS_AT_ONCE: usize = 2;

/// The account of the request's session, put into the request's extensions by
/// [`require`]. Extract it as `SignedIn` (refused with `401` without one) or
/// `Option<SignedIn>` (`None` on the desk of one person on this computer).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SignedIn {
    /// The account's name.
    pub(crate) name: String,
    /// Its role.
    pub(crate) role: Role,
}

impl SignedIn {
    /// As `GET /api/session` and the login give it.
    pub(crate) fn user(&self) -> User {
        User { name: self.name.clone(), role: self.role.name(), role_label: self.role.label() }
    }
}

/// Who is signed in, from a request's extensions.
pub(crate) fn who(extensions: &Extensions) -> Option<SignedIn> {
    extensions.get::<SignedIn>().cloned()
}

impl<S: Send + Sync> axum::extract::OptionalFromRequestParts<S> for SignedIn {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Option<Self>, Self::Rejection> {
        Ok(who(&parts.extensions))
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for SignedIn {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        who(&parts.extensions).ok_or_else(unauthenticated)
    }
}

/// What a desk that asks for a login keeps.
#[derive(Debug)]
pub(crate) struct Gate {
    roster: Roster,
    sessions: Sessions,
    throttle: Mutex<Throttle>,
    checks: Semaphore,
    /// Cookies only over HTTPS (TLS here, or at the reverse proxy).
    secure: bool,
    /// A reverse proxy on this computer names the client in `X-Forwarded-For`.
    behind_proxy: bool,
}

impl Gate {
    /// The gate of the accounts in `file`.
    pub(crate) fn new(file: PathBuf, secure: bool, behind_proxy: bool) -> Self {
        Self {
            roster: Roster::new(file),
            sessions: Sessions::default(),
            throttle: Mutex::default(),
            checks: Semaphore::new(CHECKS_AT_ONCE),
            secure,
            behind_proxy,
        }
    }

    /// The account of the session `headers` carry, if it is alive and the account still
    /// exists with the password it had at the login; a dead session is forgotten.
    fn signed_in(&self, headers: &HeaderMap) -> Option<SignedIn> {
        let id = session_id(headers)?;
        let session = self.sessions.find(&id)?;
        let users = self.roster.current();
        match users.find(&session.name) {
            Some(account) if account.password_hash == session.hash => {
                Some(SignedIn { name: account.name.clone(), role: account.role })
            }
            _ => {
                self.sessions.close(&id);
                None
            }
        }
    }

    /// The client's address: the connection's, or behind a reverse proxy on this computer
    /// the last address of its `X-Forwarded-For` (the one the proxy saw).
    fn client(&self, peer: Option<SocketAddr>, headers: &HeaderMap) -> IpAddr {
        let ip = peer.map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |peer| peer.ip());
        if !(self.behind_proxy && ip.is_loopback()) {
            return ip;
        }
        headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .next_back()
            .and_then(|last| last.trim().parse().ok())
            .unwrap_or(ip)
    }

    /// `Set-Cookie` for session `id`, or one that clears the cookie.
    fn cookie(&self, id: Option<&str>) -> HeaderValue {
        let (value, age) = match id {
            Some(id) => (id, LIFETIME.as_secs()),
            None => ("", 0),
        };
        let secure = if self.secure { "; Secure" } else { "" };
        let cookie =
            format!("{COOKIE}={value}; HttpOnly; SameSite=Strict; Path=/; Max-Age={age}{secure}");
        HeaderValue::from_str(&cookie).expect("a cookie of hex digits")
    }
}

/// `401 unauthenticated`.
fn unauthenticated() -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthenticated")
}

/// The session id of the request's cookie, if it carries one of the right shape.
fn session_id(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, id)| id.to_owned())
        .filter(|id| id.len() == 64 && id.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// What may be asked for without a session: the login page and its files (with the two
/// modules its script imports, which hold code and no data), the UI's messages (the login
/// page shows them), and the login itself.
fn public(method: &Method, path: &str) -> bool {
    let reads = matches!(*method, Method::GET | Method::HEAD);
    let page = ["/login", "/login.js", "/login.css", "/api.js", "/dom.js", "/favicon.svg"];
    (reads && (page.contains(&path) || path == "/api/messages"))
        || (*method == Method::POST && path == "/api/login")
}

/// Middleware: puts the [`SignedIn`] of the request's session into its extensions;
/// without one, refuses the API (`401 unauthenticated`) and sends pages to `/login`.
pub(crate) async fn require(
    State(gate): State<Arc<Gate>>,
    mut request: Request,
    next: Next,
) -> Response {
    let signed_in = gate.signed_in(request.headers());
    let (method, path) = (request.method().clone(), request.uri().path().to_owned());
    match signed_in {
        Some(who) => {
            request.extensions_mut().insert(who);
        }
        None if public(&method, &path) => {}
        None if !path.starts_with("/api/") && matches!(method, Method::GET | Method::HEAD) => {
            return Redirect::to("/login").into_response();
        }
        None => return unauthenticated().into_response(),
    }
    next.run(request).await
}

/// `POST /api/login` and `POST /api/logout`.
pub(crate) fn routes<S: Clone + Send + Sync + 'static>(gate: Arc<Gate>) -> Router<S> {
    Router::new()
        .route("/api/login", post(login))
        .route("/api/logout", post(logout))
        .with_state(gate)
}

/// `POST /api/login {"name", "password"}`: the session cookie and `{"user"}`; `401
/// bad_login` for a wrong name or password (the same time for both), `429
/// too_many_attempts` with `retry_after` seconds after repeated failures.
async fn login(State(gate): State<Arc<Gate>>, request: Request) -> Result<Response, ApiError> {
    let peer = request.extensions().get::<ConnectInfo<Peer>>().map(|info| info.0.0);
    let headers = request.headers().clone();
    let body = axum::body::to_bytes(request.into_body(), 64 * 1024)
        .await
        .map_err(|_| ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large"))?;
    let (name, password) = credentials(&headers, &body)?;
    let keys = [Key::Account(name.clone()), Key::Address(gate.client(peer, &headers))];
    let admitted =
        gate.throttle.lock().unwrap_or_else(|p| p.into_inner()).admit(&keys, Instant::now());
    if let Err(wait) = admitted {
        let seconds = wait.as_secs() + u64::from(wait.subsec_nanos() > 0);
        let mut response = ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
            .arg("seconds", seconds)
            .with("retry_after", seconds)
            .into_response();
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        return Ok(response);
    }
    let _permit = gate.checks.acquire().await.map_err(|err| ApiError::internal(&err.into()))?;
    let account = gate.roster.current().find(&name).cloned();
    let checked = account.clone();
    let right = blocking(move || {
        Ok(match &checked {
            Some(account) => password::verify(&password, &account.password_hash),
            None => password::verify_nobody(&password),
        })
    })
    .await?;
    let Some(account) = account.filter(|_| right) else {
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_login"));
    };
    gate.throttle.lock().unwrap_or_else(|p| p.into_inner()).succeeded(&keys);
    let id = gate.sessions.open(&account.name, &account.password_hash)?;
    let user = SignedIn { name: account.name, role: account.role };
    let mut response = Json(LoginAnswer { user: user.user() }).into_response();
    response.headers_mut().insert(header::SET_COOKIE, gate.cookie(Some(&id)));
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// The name and password of a login's body.
fn credentials(headers: &HeaderMap, body: &Bytes) -> Result<(String, String), ApiError> {
    let LoginRequest { name, password } = protocol::body(headers, body)?;
    let field = |value: Option<String>, key: &str| {
        value.ok_or_else(|| ApiError::bad_request(format!("`{key}` must be a string")))
    };
    Ok((field(name, "name")?, field(password, "password")?))
}

/// `POST /api/logout`: the session ends, the cookie is cleared; `204`.
async fn logout(State(gate): State<Arc<Gate>>, headers: HeaderMap) -> Response {
    if let Some(id) = session_id(&headers) {
        gate.sessions.close(&id);
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response.headers_mut().insert(header::SET_COOKIE, gate.cookie(None));
    response
}

/// Who makes a change, as the history records it: the signed-in account, else (on this
/// computer, without accounts) its user.
pub(crate) fn author(user: Option<&SignedIn>) -> String {
    user.map_or_else(crate::issue::history::local_user, |user| user.name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_login_and_its_files_are_public() {
        for (method, path) in [
            (Method::GET, "/login"),
            (Method::GET, "/login.js"),
            (Method::GET, "/api.js"),
            (Method::GET, "/dom.js"),
            (Method::GET, "/favicon.svg"),
            (Method::GET, "/api/messages"),
            (Method::POST, "/api/login"),
        ] {
            assert!(public(&method, path), "{method} {path}");
        }
        for (method, path) in [
            (Method::GET, "/"),
            (Method::GET, "/desk.js"),
            (Method::GET, "/api/session"),
            (Method::GET, "/api/login"),
            (Method::POST, "/api/logout"),
            (Method::POST, "/login"),
        ] {
            assert!(!public(&method, path), "{method} {path}");
        }
    }

    #[test]
    fn the_session_cookie_is_read_only_when_well_formed() {
        let id = "ab".repeat(32);
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, format!("theme=dark; {COOKIE}={id}").parse().unwrap());
        assert_eq!(session_id(&headers), Some(id));
        headers.insert(header::COOKIE, format!("{COOKIE}=../../etc").parse().unwrap());
        assert_eq!(session_id(&headers), None);
    }

    #[test]
    fn cookies_are_http_only_strict_and_secure_under_https() {
        let plain = Gate::new("users.toml".into(), false, false).cookie(Some("ab"));
        assert_eq!(
            plain.to_str().unwrap(),
            format!("{COOKIE}=ab; HttpOnly; SameSite=Strict; Path=/; Max-Age=86400")
        );
        let secure = Gate::new("users.toml".into(), true, false).cookie(None);
        assert!(secure.to_str().unwrap().ends_with("Max-Age=0; Secure"));
    }
}
