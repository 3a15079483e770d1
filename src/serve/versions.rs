//! The versions of an issue (docs/desk-api.md §10): the list, one version's document and
//! what it changed article by article, its pages beside today's, restoring a version,
//! undoing one's last change.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Json;
use axum::routing::{get, post};

use crate::issue::history::changes::detailed;
use crate::issue::model::Profile;
use crate::issue::save::read_draft;
use crate::serve::document::{Keys, to_json};
use crate::serve::error::ApiError;
use crate::serve::handler::{Shared, blocking, open};
use crate::serve::issue_api::against_now;
use crate::serve::login::{SignedIn, author};
use crate::serve::protocol::{
    self, BasedRequest, CompareAnswer, CompareBase, RestoreAnswer, UndoAnswer, VersionAnswer,
    VersionBase, VersionsAnswer,
};
use crate::serve::queue::Job;

/// The routes under `/api/issues/{id}/versions` and the undo.
pub(crate) fn routes() -> Router<Shared> {
    Router::new()
        .route("/api/issues/{id}/versions", get(list))
        .route("/api/issues/{id}/versions/{n}", get(one))
        .route("/api/issues/{id}/versions/{n}/restore", post(restore))
        .route("/api/issues/{id}/versions/{n}/compare", post(compare))
        .route("/api/issues/{id}/undo", post(undo))
}

fn number(n: &str) -> Result<u64, ApiError> {
    n.parse().map_err(|_| ApiError::not_found())
}

async fn list(
    State(shared): State<Shared>,
    Path(id): Path<String>,
) -> Result<Json<VersionsAnswer>, ApiError> {
    let desk = open(&shared, id).await?;
    blocking(move || {
        let listing = desk.history.versions().map_err(|err| ApiError::internal(&err))?;
        let mut versions = listing.versions;
        versions.reverse();
        Ok(Json(VersionsAnswer {
            revision: desk.revision(),
            versions,
            damaged: listing.damaged,
            bytes: listing.bytes,
        }))
    })
    .await
}

async fn one(
    State(shared): State<Shared>,
    Path((id, n)): Path<(String, String)>,
) -> Result<Json<VersionAnswer>, ApiError> {
    let n = number(&n)?;
    let desk = open(&shared, id).await?;
    blocking(move || {
        let internal = |err: anyhow::Error| ApiError::internal(&err);
        let log = desk.history.read().map_err(internal)?;
        let listing = log.listing();
        let at = listing.versions.iter().position(|v| v.n == n).ok_or_else(ApiError::not_found)?;
        let draft = read_draft(&log.text(n).map_err(internal)?).ok();
        let before = match at.checked_sub(1).map(|i| listing.versions[i].n) {
            Some(previous) => read_draft(&log.text(previous).map_err(internal)?).ok(),
            None => None,
        };
        let changes = match (&before, &draft) {
            (Some(before), Some(draft)) => detailed(before, draft),
            _ => Vec::new(),
        };
        let issue = draft.as_ref().map(|draft| {
            let keys = Keys::fresh(draft, &mut 0);
            to_json(&desk.id, desk.publication().as_ref(), draft, &keys)
        });
        let version = listing.versions[at].clone();
        Ok(Json(VersionAnswer { version, issue, changes }))
    })
    .await
}

async fn restore(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path((id, n)): Path<(String, String)>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<RestoreAnswer>, ApiError> {
    let BasedRequest { base_revision: base, client } = protocol::body(&headers, &body)?;
    let n = number(&n)?;
    let desk = open(&shared, id).await?;
    let by = author(user.as_ref());
    blocking(move || {
        let revision = desk.restore(&base, n, &by, client)?;
        Ok(Json(RestoreAnswer { revision, restored: n }))
    })
    .await
}

async fn undo(
    State(shared): State<Shared>,
    user: Option<SignedIn>,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Json<UndoAnswer>, ApiError> {
    let BasedRequest { base_revision: base, client } = protocol::body(&headers, &body)?;
    let desk = open(&shared, id).await?;
    let by = author(user.as_ref());
    blocking(move || {
        let undone = desk.undo(&base, &by, client)?;
        Ok(Json(UndoAnswer {
            revision: undone.revision,
            undone: undone.version,
            conflicts: undone.conflicts,
        }))
    })
    .await
}

/// Version `n`'s pages beside today's: both typeset for print, compared page by page as
/// `POST …/compare` compares with the last export.
async fn compare(
    State(shared): State<Shared>,
    Path((id, n)): Path<(String, String)>,
) -> Result<Json<CompareAnswer>, ApiError> {
    let n = number(&n)?;
    let desk = open(&shared, id).await?;
    let reader = desk.clone();
    let (text, version) = blocking(move || {
        let log = reader.history.read().map_err(|err| ApiError::internal(&err))?;
        let version = log
            .listing()
            .versions
            .into_iter()
            .find(|v| v.n == n)
            .ok_or_else(ApiError::not_found)?;
        let text = log.text(n).map_err(|err| ApiError::internal(&err))?;
        Ok((text, version))
    })
    .await?;
    let old = desk.work.ask(|reply| Job::VersionPdf { text, reply }).await?;
    let comparison =
        against_now(&shared, &desk, Profile::Print, (old, format!("version {n}"))).await?;
    Ok(Json(CompareAnswer { comparison, base: CompareBase::Version(VersionBase { version }) }))
}
