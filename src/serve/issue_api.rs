//! The routes of one issue (docs/desk-api.md §5–§9): the document and its saves, pasted
//! text and Word files, builds, page images, the event stream, exports and comparisons.

use crate::serve::desk::Desk;
use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Json, Response};
use axum::routing::{get, post};

use crate::import::paste::{Note, split};
use crate::issue::calendar::now;
use crate::issue::model::Profile;
use crate::serve::error::{ApiError, LangOf, request_lang};
use crate::serve::exports::{file as export_file, on_disk, profile_of};
use crate::serve::handler::{Shared, blocking, open};
use crate::serve::images::nearest_ppi;
use crate::serve::login::{SignedIn, author};
use crate::serve::messages::{language, server};
use crate::serve::protocol::{
    self, Added, CompareAnswer, CompareBase, CompareRequest, Comparison, DocumentAnswer,
    DocxAnswer, ExportBase, ExportRequest, ExportsAnswer, PastedArticle, PastedAttribution,
    PresenceRequest, Rebuilt, SaveAnswer, SaveRequest, SplitAnswer, SplitRequest,
};
use crate::serve::queue::Job;
use crate::serve::{events, exports};

/// The routes under `/api/issues/{id}`.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/issues/{id}", get(document).put(save))
        .route("/api/issues/{id}/status", get(status))
        .route("/api/issues/{id}/events", get(event_stream))
        .route("/api/issues/{id}/presence", post(presence))
        .route("/api/issues/{id}/pages/{page}", get(page_image))
        .route("/api/issues/{id}/split", post(split_text))
        .route("/api/issues/{id}/sections/{section}/docx", post(docx))
        .route("/api/issues/{id}/exports", get(export_list).post(export))
        .route("/api/issues/{id}/exports/{file}", get(download))
        .route("/api/issues/{id}/compare", post(compare))
        .route("/api/issues/{id}/reports/{token}/{file}", get(report_file))
}

type Query_ = Query<std::collections::HashMap<String, String>>;

async fn document(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Json<DocumentAnswer>, ApiError> {
    let lang = request_lang(&request);
    let desk = open(&shared, id).await?;
    blocking(move || desk.document_answer(lang).map(Json)).await
}

async fn save(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<SaveAnswer>, ApiError> {
    let request: SaveRequest = protocol::body(&headers, &body)?;
    let desk = open(&shared, id).await?;
    let by = author(user.as_ref());
    blocking(move || {
        let saved = desk.save(&request.base_revision, request.issue, request.client, &by)?;
        // Merged with what others saved since: the client takes the merged document.
        let merged = saved.document.is_some().then_some(true);
        Ok(Json(SaveAnswer {
            revision: saved.revision,
            saved_at: now(),
            merged,
            conflicts: saved.conflicts.filter(|_| merged.is_some()),
            issue: saved.document,
        }))
    })
    .await
}

async fn status(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    request: Request,
) -> Result<Json<Option<Rebuilt>>, ApiError> {
    let lang = request_lang(&request);
    let desk = open(&shared, id).await?;
    Ok(Json(desk.status().map(|status| status.answer(lang, &desk.site))))
}

async fn event_stream(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    Query(query): Query_,
    request: Request,
) -> Result<Response, ApiError> {
    let lang = request_lang(&request);
    let desk = open(&shared, id).await?;
    let tab = (query.get("client").cloned(), author(user.as_ref()));
    let mut response =
        events::stream(&shared.app, desk, lang, shared.shutdown.clone(), tab).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A tab says which article it is in: `{ "client": "tab-…", "article": "a7" | null }`.
async fn presence(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<StatusCode, ApiError> {
    let request: PresenceRequest = protocol::body(&headers, &body)?;
    let desk = open(&shared, id).await?;
    desk.presence.set_article(&request.client, request.article);
    Ok(StatusCode::NO_CONTENT)
}

async fn page_image(
    State(shared): State<Shared>,
    Path((id, page)): Path<(String, String)>,
    Query(query): Query_,
) -> Result<Response, ApiError> {
    let number = page.strip_suffix(".png").and_then(|n| n.parse::<usize>().ok()).filter(|&n| n > 0);
    let (Some(_), Some(fp)) = (number, query.get("fp").cloned()) else {
        return Err(ApiError::bad_request("ask for N.png?fp=FINGERPRINT"));
    };
    let ppi = nearest_ppi(query.get("ppi").and_then(|p| p.parse().ok()).unwrap_or(96));
    let desk = open(&shared, id).await?;
    let png = blocking(move || match desk.images.png(&fp, ppi, true) {
        Some(Ok(png)) => Ok(png),
        Some(Err(err)) => Err(ApiError::internal(&anyhow::anyhow!("{err}"))),
        None => Err(ApiError::new(StatusCode::NOT_FOUND, "stale_page")),
    })
    .await?;
    let headers = [
        (header::CONTENT_TYPE, "image/png"),
        (header::CACHE_CONTROL, "private, max-age=31536000, immutable"),
    ];
    Ok((headers, png).into_response())
}

async fn split_text(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    request_lang_: LangOf,
    body: Bytes,
) -> Result<Json<SplitAnswer>, ApiError> {
    let request: SplitRequest = protocol::body(&headers, &body)?;
    let lang = request.lang.as_deref().and_then(language).unwrap_or(request_lang_.0);
    let text = request.text.ok_or_else(|| ApiError::bad_request("`text` is missing"))?;
    let desk = open(&shared, id).await?;
    let office =
        desk.publication().map_or_else(|| "《电子商务动态》编辑部".to_owned(), |p| p.compiler);
    let pasted = split(&text, &office).ok_or_else(|| {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "import_failed")
            .with("diagnostics", Vec::<serde_json::Value>::new())
    })?;
    let notes: Vec<String> = pasted
        .notes
        .iter()
        .map(|note| match note {
            Note::SectionMarker(name) => {
                server(lang, "paste-note-section-marker", &[("name", name)])
            }
            Note::NoAttribution => {
                server(lang, "paste-note-no-attribution", &[("compiler", &pasted.compiler)])
            }
            Note::BadAttribution(line, reason) => server(
                lang,
                "paste-note-bad-attribution",
                &[("line", line), ("reason", &reason.render(lang))],
            ),
            Note::CompilerAssumed => {
                server(lang, "paste-note-compiler-assumed", &[("compiler", &pasted.compiler)])
            }
            Note::AfterAttribution(lines) => {
                server(lang, "paste-note-after-attribution", &[("lines", &lines.join(" / "))])
            }
            Note::NoParagraphs => server(lang, "paste-note-no-paragraphs", &[]),
            Note::TitleLikeParagraph => server(lang, "paste-note-title-like-paragraph", &[]),
        })
        .collect();
    Ok(Json(SplitAnswer {
        article: PastedArticle {
            title: pasted.title,
            listed: false,
            paragraphs: pasted.paragraphs,
            attribution: PastedAttribution {
                source: pasted.source,
                compiler: pasted.compiler,
                date: pasted.date.map(|d| d.to_string()).unwrap_or_default(),
            },
        },
        notes,
    }))
}

async fn docx(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path((id, section)): Path<(String, String)>,
    Query(query): Query_,
    lang: LangOf,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<DocxAnswer>, ApiError> {
    let kind = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let kind = kind.split(';').next().unwrap_or_default().trim();
    if kind != "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        && kind != "application/octet-stream"
    {
        return Err(ApiError::new(StatusCode::UNSUPPORTED_MEDIA_TYPE, "bad_content_type"));
    }
    let base = query
        .get("base_revision")
        .cloned()
        .ok_or_else(|| ApiError::bad_request("`base_revision` is missing"))?;
    let name = query.get("name").cloned().unwrap_or_else(|| "document.docx".to_owned());
    let desk = open(&shared, id).await?;
    let lang = lang.0;
    blocking(move || {
        let (revision, article) =
            desk.import_docx(&base, &section, &name, &body, lang, &author(user.as_ref()))?;
        let document = desk.document_answer(lang)?;
        Ok(Json(DocxAnswer { revision, issue: document.issue, added: Added { section, article } }))
    })
    .await
}

/// The profile a body's `kind` names.
fn kind_of(kind: Option<&str>) -> Result<Profile, ApiError> {
    kind.and_then(profile_of).ok_or_else(|| ApiError::bad_request("`kind` must be print or screen"))
}

async fn export(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ApiError> {
    let request: ExportRequest = protocol::body(&headers, &body)?;
    let profile = kind_of(request.kind.as_deref())?;
    let revision =
        request.revision.ok_or_else(|| ApiError::bad_request("`revision` is missing"))?;
    let desk = open(&shared, id).await?;
    if profile == Profile::Print {
        let reader = desk.clone();
        let asked = revision.clone();
        // The print PDF goes to the print shop: on the office's desk (with accounts), and
        // once an issue is reviewed, only as the chief signed it off.
        let signed = blocking(move || reader.signed_off(&asked)).await?;
        if signed == Some(false) || (user.is_some() && signed.is_none()) {
            return Err(ApiError::new(StatusCode::CONFLICT, "not_signed_off"));
        }
    }
    let info = desk.work.ask(|reply| Job::Export { profile, revision, reply }).await?;
    Ok((StatusCode::CREATED, Json(info)).into_response())
}

async fn export_list(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<ExportsAnswer>, ApiError> {
    let desk = open(&shared, id).await?;
    blocking(move || {
        let made = desk.exports();
        let [print, screen] = [Profile::Print, Profile::Screen].map(|profile| {
            let slot = crate::serve::worker::slot(profile);
            made[slot].clone().or_else(|| on_disk(&desk.site, &desk.id, profile))
        });
        Ok(Json(ExportsAnswer { print, screen }))
    })
    .await
}

async fn download(
    State(shared): State<Shared>,
    Path((id, file)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let profile = file.strip_suffix(".pdf").and_then(profile_of).ok_or_else(ApiError::not_found)?;
    let desk = open(&shared, id).await?;
    let (bytes, ascii) = blocking(move || {
        let path = export_file(&desk.site, &desk.id, profile)?;
        let bytes = std::fs::read(&path).map_err(|_| ApiError::not_found())?;
        let ascii = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let title = desk.publication().map_or_else(|| "bulletin".to_owned(), |p| p.title);
        Ok((bytes, (ascii, format!("{title}-{}-{}.pdf", desk.id, profile.name()))))
    })
    .await?;
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii.0.replace(['"', '\\'], "_"),
        percent_encode(&ascii.1)
    );
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/pdf"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}

/// RFC 5987 encoding: letters, digits and `-._~` as they are, every other byte as %XX.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

async fn compare(
    State(shared): State<Shared>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<CompareAnswer>, ApiError> {
    let request: CompareRequest = protocol::body(&headers, &body)?;
    let profile = match request.kind {
        None => Profile::Print,
        Some(kind) => kind_of(Some(&kind))?,
    };
    let desk = open(&shared, id).await?;
    let base_desk = desk.clone();
    let (base, old) = blocking(move || {
        let base = exports::on_disk(&base_desk.site, &base_desk.id, profile)
            .ok_or_else(ApiError::not_found)?;
        let path = export_file(&base_desk.site, &base_desk.id, profile)?;
        let old = std::fs::read(path).map_err(|_| ApiError::not_found())?;
        Ok((base, old))
    })
    .await?;
    let comparison = against_now(&shared, &desk, profile, (old, "last export".into())).await?;
    let base = ExportBase { exported_at: base.exported_at, page_count: base.page_count };
    Ok(Json(CompareAnswer { comparison, base: CompareBase::Export(base) }))
}

/// The comparison (the `compare` answer without `base`) of the PDF `old`, named `old_name` in the
/// report, against the PDF of `profile` of the issue now.
pub(crate) async fn against_now(
    shared: &Shared,
    desk: &Desk,
    profile: Profile,
    (old, old_name): (Vec<u8>, String),
) -> Result<Comparison, ApiError> {
    let new = desk.work.ask(|reply| Job::Pdf { profile, reply }).await?;
    let app = shared.app.clone();
    let id = desk.id.clone();
    blocking(move || {
        app.reports.compare(&id, (old, &old_name), new).map_err(|err| ApiError::internal(&err))
    })
    .await
}

async fn report_file(
    State(shared): State<Shared>,
    Path((id, token, file)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let app = shared.app.clone();
    let (bytes, kind) = blocking(move || app.reports.file(&id, &token, &file)).await?;
    let headers = [
        (header::CONTENT_TYPE, kind),
        (
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'",
        ),
        (header::CACHE_CONTROL, "no-store"),
    ];
    Ok((headers, bytes).into_response())
}
