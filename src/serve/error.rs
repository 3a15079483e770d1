//! The API's errors (docs/desk-api.md §3): a status, a code the client branches on, and a
//! message in the request's language, put into words by one middleware.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use serde_json::{Map, Value};

use crate::diag::Lang;
use crate::serve::messages::{language, server};

/// An error answer of the API.
#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    status: StatusCode,
    code: &'static str,
    /// Values for the message (`detail`, `errors`, `id`).
    args: Vec<(&'static str, String)>,
    /// Values for the message that are words of the catalog (by their message ids),
    /// put in the reader's language and listed as it lists.
    words: Vec<(&'static str, Vec<String>)>,
    /// Fields of the error object besides `code` and `message`.
    extra: Map<String, Value>,
}

impl ApiError {
    /// An error of `status` with `code`.
    pub(crate) fn new(status: StatusCode, code: &'static str) -> Self {
        Self { status, code, args: Vec::new(), words: Vec::new(), extra: Map::new() }
    }

    /// `400 bad_request`, `detail` saying what for developers.
    pub(crate) fn bad_request(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Self::new(StatusCode::BAD_REQUEST, "bad_request")
            .arg("detail", &detail)
            .with("detail", detail)
    }

    /// `404 not_found`.
    pub(crate) fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found")
    }

    /// `409 stale_revision`, naming the revision that is current.
    pub(crate) fn stale(current: &str) -> Self {
        Self::new(StatusCode::CONFLICT, "stale_revision").with("current_revision", current)
    }

    /// `422 invalid_document`: the client sent a document of the wrong shape.
    pub(crate) fn invalid_document(detail: impl Into<String>) -> Self {
        let detail = detail.into();
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_document")
            .arg("detail", &detail)
            .with("detail", detail)
    }

    /// `403 outside_project`: a path that leads out of the project.
    pub(crate) fn outside() -> Self {
        Self::new(StatusCode::FORBIDDEN, "outside_project")
    }

    /// `500 internal`, logged on the server's standard error.
    pub(crate) fn internal(err: &anyhow::Error) -> Self {
        let detail = format!("{err:#}");
        eprintln!("desk: internal error: {detail}");
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
            .arg("detail", &detail)
            .with("detail", detail)
    }

    /// The same error with a value for its message.
    pub(crate) fn arg(mut self, name: &'static str, value: impl ToString) -> Self {
        self.args.push((name, value.to_string()));
        self
    }

    /// The same error with a value for its message that is a list of the catalog's words,
    /// `ids` their message ids (`role-chief`): the reader reads them in their language.
    pub(crate) fn arg_words(mut self, name: &'static str, ids: Vec<String>) -> Self {
        self.words.push((name, ids));
        self
    }

    /// The same error with a field of its own in the error object.
    pub(crate) fn with(mut self, key: &str, value: impl Into<Value>) -> Self {
        self.extra.insert(key.to_owned(), value.into());
        self
    }

    /// Its code.
    #[cfg(test)]
    pub(crate) fn code(&self) -> &'static str {
        self.code
    }

    /// The error object in `lang`.
    fn body(&self, lang: Lang) -> ErrorBody {
        let separator = server(lang, "list-separator", &[]);
        let words: Vec<(&str, String)> = self
            .words
            .iter()
            .map(|(name, ids)| {
                let words: Vec<String> = ids.iter().map(|id| server(lang, id, &[])).collect();
                (*name, words.join(&separator))
            })
            .collect();
        let mut args: Vec<(&str, &str)> = self.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        args.extend(words.iter().map(|(k, v)| (*k, v.as_str())));
        let message = server(lang, &format!("error-{}", self.code), &args);
        ErrorBody { error: ErrorObject { code: self.code, message, extra: self.extra.clone() } }
    }
}

/// The body of every error answer (docs/desk-api.md §3).
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorBody {
    pub(crate) error: ErrorObject,
}

/// The error: its code, its message in the request's language, and fields of its own
/// (`detail`, `current_revision`, `diagnostics`, …) beside them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ErrorObject {
    pub(crate) code: &'static str,
    pub(crate) message: String,
    #[serde(flatten)]
    pub(crate) extra: Map<String, Value>,
}

impl IntoResponse for ApiError {
    /// The status and the error itself: [`localize`] writes the body in the request's
    /// language.
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

impl From<anyhow::Error> for ApiError {
    fn from(err: anyhow::Error) -> Self {
        ApiError::internal(&err)
    }
}

/// The language of a request: its `lang` parameter, else its `Accept-Language`, else
/// Simplified Chinese.
pub(crate) fn request_lang(request: &Request) -> Lang {
    lang_of(request.uri(), request.headers())
}

/// The language a URI's `lang` parameter or the `Accept-Language` header names, else
/// Simplified Chinese.
pub(crate) fn lang_of(uri: &Uri, headers: &HeaderMap) -> Lang {
    let query = uri.query().unwrap_or_default();
    let from_query = form_pairs(query).find(|(k, _)| k == "lang").and_then(|(_, v)| language(&v));
    let from_header = || {
        headers
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .and_then(language)
    };
    from_query.or_else(from_header).unwrap_or(Lang::Zh)
}

/// The request's language, as an extractor.
pub(crate) struct LangOf(pub(crate) Lang);

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for LangOf {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(LangOf(lang_of(&parts.uri, &parts.headers)))
    }
}

/// The `key=value` pairs of a query string, decoded.
pub(crate) fn form_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    form_urlencoded::parse(query.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

/// Middleware: every error answer under `/api/` gets the JSON body of §3 in the request's
/// language, also those axum and tower-http give (unknown routes, methods, large bodies).
pub(crate) async fn localize(request: Request, next: Next) -> Response {
    let lang = request_lang(&request);
    let api = request.uri().path().starts_with("/api/");
    let response = next.run(request).await;
    let error = match response.extensions().get::<ApiError>() {
        Some(error) => error.clone(),
        None if api
            && (response.status().is_client_error() || response.status().is_server_error()) =>
        {
            from_status(response.status())
        }
        None => return response,
    };
    let (mut parts, _) = response.into_parts();
    let body = serde_json::to_vec(&error.body(lang)).unwrap_or_default();
    parts
        .headers
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json; charset=utf-8"));
    parts.headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, axum::body::Body::from(body))
}

/// The error of §3 for a status some layer answered with.
fn from_status(status: StatusCode) -> ApiError {
    let code = match status {
        StatusCode::NOT_FOUND => "not_found",
        StatusCode::METHOD_NOT_ALLOWED => "method_not_allowed",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "bad_content_type",
        status if status.is_client_error() => {
            return ApiError::bad_request(status.canonical_reason().unwrap_or("bad request"))
                .with_status(status);
        }
        _ => "internal",
    };
    let error = ApiError::new(status, code);
    if code == "internal" { error.arg("detail", status) } else { error }
}

impl ApiError {
    fn with_status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }
}
