//! The archive (docs/desk-api.md §10): every issue with its number, date, page count and
//! state, newest first, what `bulletin new` would start next, and starting it.

use axum::http::StatusCode;

use crate::issue::calendar::{NextIssue, folder_id, latest_issue, next_issue};
use crate::issue::load::load_issue;
use crate::issue::model::{Date, Profile};
use crate::issue::next::start_next_issue;
use crate::issue::save::read_draft;
use crate::serve::app::App;
use crate::serve::error::ApiError;
use crate::serve::exports::{exported_at, pages_on_disk};
use crate::serve::protocol::{ArchiveAnswer, ArchiveLine, Exported, NextLine};
use crate::serve::site::valid_id;

/// `GET /api/issues`.
pub(crate) fn listing(app: &App) -> ArchiveAnswer {
    let mut ids = app.site.issue_ids();
    ids.reverse();
    let issues = ids.iter().map(|id| entry(app, id)).collect();
    ArchiveAnswer { issues, next: next(app) }
}

/// One issue's line in the archive.
fn entry(app: &App, id: &str) -> ArchiveLine {
    let site = &app.site;
    let draft = site
        .issue_dir(id)
        .and_then(|dir| site.read_issue_file(&dir))
        .ok()
        .and_then(|text| read_draft(&text).ok());
    let status = app.opened(id).and_then(|desk| desk.status());
    let page_count = status
        .as_ref()
        .and_then(|status| status.page_count())
        .or_else(|| pages_on_disk(site, id, Profile::Print));
    ArchiveLine {
        id: id.to_owned(),
        year: draft.as_ref().and_then(|d| d.year),
        number: draft.as_ref().and_then(|d| d.number),
        running_number: draft.as_ref().and_then(|d| d.running_number),
        date: draft.as_ref().map(|d| d.date.clone()),
        page_count,
        ready: status.map(|status| status.ready()),
        exported: Exported {
            print: exported_at(site, id, Profile::Print),
            screen: exported_at(site, id, Profile::Screen),
        },
    }
}

/// What `bulletin new` would start, unless that folder exists or the latest issue does
/// not check cleanly.
fn next(app: &App) -> Option<NextLine> {
    let (id, next, date) = planned(&app.site.archive)?;
    if app.site.archive.join(&id).exists() {
        return None;
    }
    Some(NextLine {
        id,
        year: next.year,
        number: next.number,
        running_number: next.running_number,
        date: date.to_string(),
    })
}

/// The folder name, numbers and date `bulletin new` gives the issue after the latest one.
fn planned(archive: &std::path::Path) -> Option<(String, NextIssue, Date)> {
    let latest = latest_issue(archive, None).ok().flatten()?;
    let latest = load_issue(&latest).ok()?;
    let next = next_issue(&latest);
    let date = Date { day: latest.date.day.min(28), ..next.date };
    Some((folder_id(next.date.year, next.date.month), next, date))
}

/// `POST /api/issues`: starts the issue `id` (by default the next one) as `bulletin new`
/// does, tells every stream, and gives its archive line.
pub(crate) fn create(app: &App, id: Option<&str>) -> Result<ArchiveLine, ApiError> {
    let wanted = match id {
        Some(id) if !valid_id(id) => {
            return Err(ApiError::bad_request(format!(
                "`{id}` is not an issue name such as 2023-09"
            )));
        }
        Some(id) => Some(id.to_owned()),
        None => planned(&app.site.archive).map(|(id, _, _)| id),
    };
    if let Some(wanted) = wanted.filter(|wanted| app.site.archive.join(wanted).exists()) {
        return Err(ApiError::new(StatusCode::CONFLICT, "exists")
            .arg("id", &wanted)
            .with("id", wanted));
    }
    let started = start_next_issue(&app.site.archive, id).map_err(|err| {
        let detail = format!("{err:#}");
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "cannot_start")
            .arg("detail", &detail)
            .with("detail", detail)
    })?;
    let line = entry(app, &started.id);
    let _ = app.archive_events.send(listing(app));
    Ok(line)
}
