//! An issue's worker: the one thread that owns its engine. It rebuilds from the saved file
//! whenever asked (requests that arrive during a rebuild make one more rebuild, of the
//! newest file; a running one is never cancelled), then fingerprints and places the
//! pages; and it exports, so that the desk's PDF is the one `bulletin build` writes.

use std::sync::Arc;
use std::time::Instant;

use crate::diag::{Report, report_of};
use crate::issue::model::Profile;
use crate::serve::desk::{Desk, DeskEvent, revision_of};
use crate::serve::error::ApiError;
use crate::serve::exports::write_export;
use crate::serve::placement::place;
use crate::serve::queue::{Job, Task};
use crate::serve::status::{Placed, Status};
use crate::typeset::engine::{Build, Engine, EngineOptions, Lifetime};
use crate::typeset::options::OutputOptions;

/// How many changed pages are drawn right after a rebuild, before anybody asks.
const DRAWN_AHEAD: usize = 6;

/// Starts the worker of `desk` on a thread of its own, and asks for the first build.
pub(crate) fn start(desk: Arc<Desk>) -> std::io::Result<()> {
    desk.work.rebuild();
    std::thread::Builder::new().name(format!("desk-{}", desk.id)).spawn(move || {
        let options = desk.site.engine.clone();
        let engine = Engine::open(&desk.dir, &options, Lifetime::LongLived)
            .map_err(|err| format!("{err:#}"));
        let mut worker = Worker { desk, engine, options, last: None, fingerprints: Vec::new() };
        loop {
            match worker.desk.work.next() {
                Task::Rebuild => worker.rebuild(),
                Task::Job(job) => worker.job(job),
            }
        }
    })?;
    Ok(())
}

struct Worker {
    desk: Arc<Desk>,
    engine: Result<Engine, String>,
    options: EngineOptions,
    /// The last build that typeset, with its revision.
    last: Option<(String, Build)>,
    /// The previous build's page fingerprints.
    fingerprints: Vec<String>,
}

impl Worker {
    /// Rebuilds from the file as it is, and publishes the status unless the file changed
    /// meanwhile (a newer rebuild is then on its way).
    fn rebuild(&mut self) {
        let (revision, keys) = self.desk.snapshot();
        self.desk.publish(DeskEvent::Building { revision: revision.clone() });
        let start = Instant::now();
        if let Err(message) = &self.engine {
            let status = self.failed(&revision, 0, Report::default(), Some(message.clone()));
            self.desk.set_status(status);
            return;
        }
        let Ok(engine) = &mut self.engine else { return };
        let result = engine.rebuild();
        let on_disk = self.desk.site.read_issue_file(&self.desk.dir).map(|text| revision_of(&text));
        if on_disk.as_ref().is_ok_and(|on_disk| *on_disk != revision) {
            // Saved or changed meanwhile: what was built is not `revision`.
            self.desk.reload_from_disk();
            self.desk.work.rebuild();
            return;
        }
        let status = match result {
            Ok(build) => {
                let layout = place(&build.document, &build.issue);
                let build_ms = start.elapsed().as_millis() as u64;
                let fingerprints: Vec<String> =
                    layout.pages.iter().map(|p| p.fingerprint.clone()).collect();
                let changed_pages = fingerprints
                    .iter()
                    .enumerate()
                    .filter(|(i, fp)| self.fingerprints.get(*i) != Some(*fp))
                    .map(|(i, _)| i + 1)
                    .collect::<Vec<_>>();
                let pages = fingerprints
                    .iter()
                    .cloned()
                    .zip(build.document.pages().iter().cloned())
                    .collect();
                self.desk.images.add_build(pages);
                self.fingerprints = fingerprints;
                let status = Status {
                    revision: revision.clone(),
                    typeset: true,
                    build_ms,
                    placed: Some(Arc::new(Placed { layout, keys })),
                    changed_pages,
                    report: Arc::new(build.report.clone()),
                    failure: None,
                };
                self.last = Some((revision, build));
                status
            }
            Err(err) => {
                let build_ms = start.elapsed().as_millis() as u64;
                self.last = None;
                match report_of(&err) {
                    Some(report) => self.failed(&revision, build_ms, report.clone(), None),
                    None => self.failed(
                        &revision,
                        build_ms,
                        Report::default(),
                        Some(format!("{err:#}")),
                    ),
                }
            }
        };
        let ahead: Vec<String> = status
            .changed_pages
            .iter()
            .take(DRAWN_AHEAD)
            .filter_map(|&n| self.fingerprints.get(n - 1).cloned())
            .collect();
        self.desk.set_status(status);
        let ppi = self.desk.images.preferred_ppi();
        for fp in ahead {
            let _ = self.desk.images.png(&fp, ppi, false);
        }
    }

    /// The status of a rebuild that typeset nothing: the last good pages, marked so.
    fn failed(
        &self,
        revision: &str,
        build_ms: u64,
        report: Report,
        failure: Option<String>,
    ) -> Status {
        Status {
            revision: revision.to_owned(),
            typeset: false,
            build_ms,
            placed: self.desk.last_good(),
            changed_pages: Vec::new(),
            report: Arc::new(report),
            failure,
        }
    }

    fn job(&mut self, job: Job) {
        match job {
            Job::Export { profile, revision, reply } => {
                let result = self.pdf(profile, Some(&revision)).and_then(|(bytes, build_pages)| {
                    let info = write_export(
                        &self.desk.site,
                        &self.desk.id,
                        profile,
                        &revision,
                        &bytes,
                        build_pages,
                    )?;
                    self.desk.set_export(slot(profile), info.clone());
                    Ok(info)
                });
                let _ = reply.send(result);
            }
            Job::Pdf { profile, reply } => {
                let _ = reply.send(self.pdf(profile, None).map(|(bytes, _)| bytes));
            }
        }
    }

    /// The PDF of `profile` for the current revision (which must be `revision` when
    /// given), as `bulletin build --profile` writes it, and its page count.
    fn pdf(
        &mut self,
        profile: Profile,
        revision: Option<&str>,
    ) -> Result<(Vec<u8>, usize), ApiError> {
        let current = self.desk.revision();
        if revision.is_some_and(|revision| revision != current) {
            return Err(ApiError::stale(&current));
        }
        if self.last.as_ref().is_none_or(|(built, _)| *built != current) {
            self.rebuild();
        }
        let status = self.desk.status();
        let ready = status.as_ref().is_some_and(|s| s.revision == current && s.ready());
        let Some((_, build)) = self.last.as_ref().filter(|(built, _)| *built == current && ready)
        else {
            let errors = status.map_or(1, |s| s.errors().max(1));
            return Err(ApiError::new(axum::http::StatusCode::UNPROCESSABLE_ENTITY, "not_ready")
                .arg("errors", errors)
                .with("errors", errors));
        };
        if build.profile == profile {
            let bytes = self
                .engine
                .as_ref()
                .map_err(|m| anyhow::anyhow!("{m}"))?
                .export_verified_pdf(build)?;
            return Ok((bytes, build.document.pages().len()));
        }
        // The other profile: a fresh engine, as `bulletin build --profile` would use.
        let options = EngineOptions {
            output: OutputOptions { profile: Some(profile), ..OutputOptions::default() },
            ..self.options.clone()
        };
        let mut engine = Engine::open(&self.desk.dir, &options, Lifetime::OneShot)?;
        let build = engine.rebuild()?;
        let bytes = engine.export_verified_pdf(&build)?;
        Ok((bytes, build.document.pages().len()))
    }
}

/// The place of `profile` among a desk's exports: print, screen.
pub(crate) fn slot(profile: Profile) -> usize {
    match profile {
        Profile::Print => 0,
        Profile::Screen => 1,
    }
}
