//! Keeping the desk to this computer: every request must name the server's own address
//! as its Host (no DNS rebinding), every write must come from the desk's own page (its
//! Origin), no cross-site reads, no CORS, no OPTIONS.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::serve::error::ApiError;

/// The `Host` values the server answers to (its own address and port), each with the
/// `Origin` of the desk's pages served under it.
#[derive(Debug, Clone)]
pub(crate) struct Hosts {
    allowed: Arc<Vec<(String, String)>>,
}

impl Hosts {
    /// `127.0.0.1:PORT`, `localhost:PORT`, `[::1]:PORT`, and `extra:PORT` for an address
    /// given with `--listen`, each with the origin `http://` + host.
    pub(crate) fn new(port: u16, extra: Option<&str>) -> Self {
        let mut hosts: Vec<String> = ["127.0.0.1", "localhost", "[::1]"]
            .iter()
            .map(|host| format!("{host}:{port}"))
            .collect();
        if let Some(extra) = extra {
            hosts.push(format!("{extra}:{port}"));
        }
        let allowed = hosts
            .into_iter()
            .map(|host| {
                let origin = format!("http://{host}");
                (host, origin)
            })
            .collect();
        Self { allowed: Arc::new(allowed) }
    }

    /// The same hosts served over TLS: their origins are `https://` + host.
    pub(crate) fn secure(self) -> Self {
        let allowed = self
            .allowed
            .iter()
            .map(|(host, origin)| (host.clone(), origin.replacen("http://", "https://", 1)))
            .collect();
        Self { allowed: Arc::new(allowed) }
    }

    /// These hosts and the one of `origin` (`https://desk.example.org`), the address a
    /// reverse proxy in front of the desk is reached at, with that origin.
    pub(crate) fn and_public(self, origin: &str) -> Self {
        let host = origin.split_once("://").map_or(origin, |(_, host)| host);
        let mut allowed = self.allowed.as_ref().clone();
        allowed.push((host.to_owned(), origin.to_owned()));
        Self { allowed: Arc::new(allowed) }
    }

    /// The desk's origin under `host`, if `host` is one of the server's.
    fn origin_of(&self, host: &str) -> Option<&str> {
        self.allowed
            .iter()
            .find(|(allowed, _)| allowed.eq_ignore_ascii_case(host))
            .map(|(_, origin)| origin.as_str())
    }
}

/// Middleware: refuses foreign hosts (`403 bad_host`), writes without the desk's Origin
/// and cross-site reads of the API (`403 bad_origin`), and OPTIONS (`405`).
pub(crate) async fn confine(State(hosts): State<Hosts>, request: Request, next: Next) -> Response {
    if let Err(error) = check(&hosts, request.method(), request.uri().path(), request.headers()) {
        return error.into_response();
    }
    next.run(request).await
}

/// The checks of [`confine`], on a request's method, path and headers.
pub(crate) fn check(
    hosts: &Hosts,
    method: &Method,
    path: &str,
    headers: &HeaderMap,
) -> Result<(), ApiError> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let own_origin = text("host").and_then(|host| hosts.origin_of(host));
    let Some(own_origin) = own_origin else {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "bad_host"));
    };
    if method == Method::OPTIONS {
        return Err(ApiError::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"));
    }
    let origin = text("origin");
    let own = |origin: &str| origin.eq_ignore_ascii_case(own_origin);
    let writes = !matches!(*method, Method::GET | Method::HEAD);
    let foreign = if writes {
        !origin.is_some_and(own)
    } else {
        path.starts_with("/api/")
            && (origin.is_some_and(|origin| !own(origin))
                || text("sec-fetch-site") == Some("cross-site"))
    };
    if foreign {
        return Err(ApiError::new(StatusCode::FORBIDDEN, "bad_origin"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.insert(*name, HeaderValue::from_str(value).unwrap());
        }
        map
    }

    fn code(method: Method, path: &str, pairs: &[(&'static str, &str)]) -> &'static str {
        let hosts = Hosts::new(7700, None);
        match check(&hosts, &method, path, &headers(pairs)) {
            Ok(()) => "ok",
            Err(error) => error.code(),
        }
    }

    #[test]
    fn only_the_servers_own_host_is_answered() {
        assert_eq!(code(Method::GET, "/", &[("host", "127.0.0.1:7700")]), "ok");
        assert_eq!(code(Method::GET, "/", &[("host", "LOCALHOST:7700")]), "ok");
        assert_eq!(code(Method::GET, "/", &[("host", "[::1]:7700")]), "ok");
        for host in ["evil.example", "127.0.0.1:7701", "127.0.0.1", "localhost.evil:7700"] {
            assert_eq!(code(Method::GET, "/", &[("host", host)]), "bad_host", "{host}");
        }
        assert_eq!(code(Method::GET, "/", &[]), "bad_host");
    }

    #[test]
    fn writes_need_the_desks_origin_and_reads_may_not_be_cross_site() {
        let host = ("host", "127.0.0.1:7700");
        let own = ("origin", "http://127.0.0.1:7700");
        let evil = ("origin", "http://evil.example");
        assert_eq!(code(Method::PUT, "/api/issues/x", &[host, own]), "ok");
        assert_eq!(code(Method::PUT, "/api/issues/x", &[host]), "bad_origin");
        assert_eq!(code(Method::POST, "/api/issues", &[host, evil]), "bad_origin");
        assert_eq!(code(Method::DELETE, "/api/issues", &[host, ("origin", "null")]), "bad_origin");
        assert_eq!(code(Method::GET, "/api/session", &[host, evil]), "bad_origin");
        assert_eq!(
            code(Method::GET, "/api/session", &[host, ("sec-fetch-site", "cross-site")]),
            "bad_origin"
        );
        assert_eq!(code(Method::GET, "/api/session", &[host, own]), "ok");
        assert_eq!(code(Method::OPTIONS, "/api/session", &[host, own]), "method_not_allowed");
    }

    #[test]
    fn under_tls_and_behind_a_proxy_the_origin_follows_the_address_people_use() {
        let hosts = Hosts::new(7700, Some("192.0.2.7")).secure().and_public("https://desk.example");
        let check = |pairs: &[(&'static str, &str)]| match check(
            &hosts,
            &Method::POST,
            "/api/logout",
            &headers(pairs),
        ) {
            Ok(()) => "ok",
            Err(error) => error.code(),
        };
        let lan = ("host", "192.0.2.7:7700");
        assert_eq!(check(&[lan, ("origin", "https://192.0.2.7:7700")]), "ok");
        assert_eq!(check(&[lan, ("origin", "http://192.0.2.7:7700")]), "bad_origin");
        let public = ("host", "desk.example");
        assert_eq!(check(&[public, ("origin", "https://desk.example")]), "ok");
        assert_eq!(check(&[public, ("origin", "https://192.0.2.7:7700")]), "bad_origin");
        assert_eq!(
            check(&[("host", "other.example"), ("origin", "https://other.example")]),
            "bad_host"
        );
    }
}
