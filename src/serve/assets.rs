//! The web app's files, compiled into the binary: nothing is read from disk or fetched.

use std::sync::OnceLock;

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// The policy of the app's page: its own scripts and styles only, images from itself
/// (and the blobs it makes), frames of its own reports.
const INDEX_POLICY: &str = "default-src 'self'; img-src 'self' blob:; style-src 'self'; \
    script-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'none'";

/// (name, bytes, content type) of every file of `src/serve/web`.
const FILES: [(&str, &[u8], &str); 14] = [
    ("index.html", include_bytes!("web/index.html"), "text/html; charset=utf-8"),
    ("desk.css", include_bytes!("web/desk.css"), "text/css; charset=utf-8"),
    ("desk.js", include_bytes!("web/desk.js"), "text/javascript; charset=utf-8"),
    ("api.js", include_bytes!("web/api.js"), "text/javascript; charset=utf-8"),
    ("dom.js", include_bytes!("web/dom.js"), "text/javascript; charset=utf-8"),
    ("form.js", include_bytes!("web/form.js"), "text/javascript; charset=utf-8"),
    ("pages.js", include_bytes!("web/pages.js"), "text/javascript; charset=utf-8"),
    ("panels.js", include_bytes!("web/panels.js"), "text/javascript; charset=utf-8"),
    ("versions.js", include_bytes!("web/versions.js"), "text/javascript; charset=utf-8"),
    ("review.js", include_bytes!("web/review.js"), "text/javascript; charset=utf-8"),
    ("favicon.svg", include_bytes!("web/favicon.svg"), "image/svg+xml"),
    ("login.html", include_bytes!("web/login.html"), "text/html; charset=utf-8"),
    ("login.js", include_bytes!("web/login.js"), "text/javascript; charset=utf-8"),
    ("login.css", include_bytes!("web/login.css"), "text/css; charset=utf-8"),
];

/// The file `path` names (`/` is `index.html`, `/login` is `login.html`), with `Cache-Control: no-cache` and an
/// `ETag` of the binary's version and the file's hash; `304` when the browser has it.
pub(crate) fn serve(path: &str, request_headers: &HeaderMap) -> Response {
    let name = match path {
        "/" => "index.html",
        "/login" => "login.html",
        _ => path.trim_start_matches('/'),
    };
    let Some(index) = FILES.iter().position(|(file, _, _)| *file == name) else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let (_, bytes, content_type) = FILES[index];
    let etag = &etags()[index];
    let mut headers = HeaderMap::new();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Ok(value) = HeaderValue::from_str(etag) {
        headers.insert(header::ETAG, value);
    }
    if name.ends_with(".html") {
        headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(INDEX_POLICY));
    }
    let fresh = request_headers
        .get(header::IF_NONE_MATCH)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.split(',').any(|tag| tag.trim() == etag));
    if fresh {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    (StatusCode::OK, headers, bytes).into_response()
}

/// One ETag per file, in the order of [`FILES`].
fn etags() -> &'static [String] {
    static ETAGS: OnceLock<Vec<String>> = OnceLock::new();
    ETAGS.get_or_init(|| {
        FILES
            .iter()
            .map(|(_, bytes, _)| {
                let hash = Sha256::digest(bytes);
                let short: String = hash[..8].iter().map(|b| format!("{b:02x}")).collect();
                format!("\"{}-{short}\"", env!("CARGO_PKG_VERSION"))
            })
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_web_file_is_compiled_in_and_nothing_else_is_served() {
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve/web");
        let mut on_disk: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let mut served: Vec<String> = FILES.iter().map(|(name, _, _)| (*name).to_owned()).collect();
        served.sort();
        assert_eq!(served, on_disk, "src/serve/web and the files compiled in differ");
        let none = HeaderMap::new();
        for path in ["/../Cargo.toml", "/web/desk.js", "/%2e%2e/Cargo.toml", "/index.htm"] {
            assert_eq!(serve(path, &none).status(), StatusCode::NOT_FOUND, "{path}");
        }
        let index = serve("/", &none);
        assert!(
            index.headers()[header::CONTENT_SECURITY_POLICY].to_str().unwrap().contains("'self'")
        );
        let mut again = HeaderMap::new();
        again.insert(header::IF_NONE_MATCH, index.headers()[header::ETAG].clone());
        assert_eq!(serve("/", &again).status(), StatusCode::NOT_MODIFIED);
    }
}
