//! An issue's worker: the one thread that owns its engine. It rebuilds from the saved file
//! whenever asked (a request that arrives during a rebuild stops it, and the newest file
//! is built instead), then fingerprints and places the pages; and it exports, so that the
//! desk's PDF is the one `bulletin build` writes. A panic inside Typst or the renderer is
//! caught: the request that met it gets an error, and the engine is opened afresh.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Arc;
use std::time::Instant;

use axum::http::StatusCode;

use crate::diag::{Report, report_of};
use crate::issue::history::revision_of;
use crate::issue::model::Profile;
use crate::serve::desk::{Desk, DeskEvent};
use crate::serve::error::ApiError;
use crate::serve::exports::write_export;
use crate::serve::placement::{fingerprinted, place};
use crate::serve::queue::{Job, Task};
use crate::serve::status::{Placed, Status};
use crate::typeset::engine::{Build, Engine, EngineOptions, Lifetime};
use crate::typeset::interrupt::Superseded;
use crate::typeset::memory::give_back_freed;
use crate::typeset::options::OutputOptions;

/// How many changed pages are drawn right after a rebuild, before anybody asks.
const DRAWN_AHEAD: usize = 6;

/// Starts a worker for `desk` on a thread of its own, and asks for a first build. It
/// ends when the desk's queue tells it to ([`Task::Stop`]), dropping its engine.
pub(crate) fn start(desk: Arc<Desk>) -> std::io::Result<()> {
    let generation = desk.work.generation();
    desk.work.rebuild();
    std::thread::Builder::new().name(format!("desk-{}", desk.id)).spawn(move || {
        let mut worker = Worker::new(desk);
        loop {
            match worker.desk.work.next(generation) {
                Task::Stop => break,
                Task::Rebuild => {
                    let _ = worker.guarded(|worker| {
                        worker.rebuild();
                        Ok(())
                    });
                    give_back_freed(false);
                }
                Task::Job(job) => worker.job(job),
            }
        }
        // The engine and its share of Typst's cache go now, and with them their memory.
        drop(worker);
        give_back_freed(true);
    })?;
    Ok(())
}

struct Worker {
    engine: Result<Engine, String>,
    options: EngineOptions,
    /// The last build that typeset, with its revision.
    last: Option<(String, Build)>,
    /// The previous build's page fingerprints.
    fingerprints: Vec<String>,
    /// Dropped last: once the desk is gone, so is everything its worker held.
    desk: Arc<Desk>,
}

impl Worker {
    fn new(desk: Arc<Desk>) -> Self {
        let options = desk.site.engine.clone();
        let engine = open_engine(&desk, &options);
        Self { desk, engine, options, last: None, fingerprints: Vec::new() }
    }

    /// Runs `task`; a panic inside it becomes an error for the request, and the engine,
    /// whose state it may have left half-changed, is replaced by a fresh one.
    fn guarded<T>(
        &mut self,
        task: impl FnOnce(&mut Self) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        match catch_unwind(AssertUnwindSafe(|| task(self))) {
            Ok(result) => result,
            Err(payload) => {
                let message = panic_message(payload.as_ref());
                eprintln!(
                    "error: issue {}: typesetting stopped on an internal error ({message}); its engine was restarted",
                    self.desk.id
                );
                self.engine = open_engine(&self.desk, &self.options);
                self.last = None;
                self.fingerprints.clear();
                let (revision, _) = self.desk.snapshot();
                let failure = format!("internal error: {message}");
                let status = self.failed(&revision, 0, Report::default(), Some(failure));
                self.desk.set_status(status);
                Err(ApiError::new(StatusCode::INTERNAL_SERVER_ERROR, "internal")
                    .arg("detail", message.clone())
                    .with("detail", message))
            }
        }
    }

    /// Rebuilds from the file as it is, and publishes the status unless the file changed
    /// meanwhile (a newer rebuild is then on its way) or a newer rebuild stopped this one.
    /// What is only housekeeping (dropping the build before last, trimming Typst's cache)
    /// waits until the changed pages are published and drawn.
    fn rebuild(&mut self) {
        drop(self.rebuild_and_publish());
        if let Ok(engine) = &self.engine {
            engine.trim_cache();
        }
    }

    /// [`Worker::rebuild`] up to the housekeeping; gives the build it replaced.
    fn rebuild_and_publish(&mut self) -> Option<(String, Build)> {
        // A save being written is built from its text at once; anything else from the file.
        let ahead = self.desk.take_ahead().filter(|_| self.engine.is_ok());
        let (revision, keys) = match &ahead {
            Some(ahead) => (ahead.revision.clone(), None),
            None => {
                let (revision, keys) = self.desk.snapshot();
                (revision, Some(keys))
            }
        };
        self.desk.publish(DeskEvent::Building { revision: revision.clone() });
        let start = Instant::now();
        if let Err(message) = &self.engine {
            let status = self.failed(&revision, 0, Report::default(), Some(message.clone()));
            self.desk.set_status(status);
            return None;
        }
        let Ok(engine) = &mut self.engine else { return None };
        fail::fail_point!("desk-rebuild");
        let result = match ahead {
            Some(ahead) => {
                engine.set_issue_text(Some(ahead.text));
                let result = engine.rebuild_untrimmed();
                engine.set_issue_text(None);
                result
            }
            None => engine.rebuild_untrimmed(),
        };
        self.desk.set_inputs(engine.inputs());
        if result.as_ref().is_err_and(|err| err.is::<Superseded>()) || self.desk.work.superseded() {
            // A newer change arrived: its rebuild comes next.
            return None;
        }
        let keys = match keys {
            Some(keys) => keys,
            None => {
                // The save has gone through, or failed, once the desk's lock is free.
                let (now, keys) = self.desk.snapshot();
                if now != revision {
                    // It failed: what was built never became the issue. The file is next.
                    self.desk.work.rebuild();
                    return None;
                }
                keys
            }
        };
        let on_disk = self.desk.site.read_issue_file(&self.desk.dir).map(|text| revision_of(&text));
        if on_disk.as_ref().is_ok_and(|on_disk| *on_disk != revision) {
            // Saved or changed meanwhile: what was built is not `revision`.
            self.desk.reload_from_disk();
            self.desk.work.rebuild();
            return None;
        }
        let build = match result {
            Ok(build) => build,
            Err(err) => {
                let build_ms = start.elapsed().as_millis() as u64;
                let status = match report_of(&err) {
                    Some(report) => self.failed(&revision, build_ms, report.clone(), None),
                    None => self.failed(
                        &revision,
                        build_ms,
                        Report::default(),
                        Some(format!("{err:#}")),
                    ),
                };
                self.desk.set_status(status);
                return self.last.take();
            }
        };
        let pages = fingerprinted(&build.document);
        let fingerprints: Vec<String> = pages.iter().map(|p| p.fingerprint.clone()).collect();
        let changed_pages = fingerprints
            .iter()
            .enumerate()
            .filter(|(i, fp)| self.fingerprints.get(*i) != Some(*fp))
            .map(|(i, _)| i + 1)
            .collect::<Vec<_>>();
        self.desk.images.add_build(
            fingerprints.iter().cloned().zip(build.document.pages().iter().cloned()).collect(),
        );
        let to_draw: Vec<String> = changed_pages
            .iter()
            .take(DRAWN_AHEAD)
            .filter_map(|&n| fingerprints.get(n - 1).cloned())
            .collect();
        self.fingerprints = fingerprints;
        let ppi = self.desk.images.preferred_ppi();
        let desk = &*self.desk;
        let draw = |fp: &str| {
            if !desk.work.superseded() {
                let _ = desk.images.png(fp, ppi, false);
            }
        };
        // The changed pages are drawn on the thread pool while the rest of the placement
        // is found, so that a client told of the build finds each being drawn already
        // when it asks.
        rayon::in_place_scope(|scope| {
            for fp in &to_draw {
                scope.spawn(move |_| draw(fp));
            }
            let layout = place(&build.document, &build.issue, pages);
            desk.set_status(Status {
                revision: revision.clone(),
                typeset: true,
                build_ms: start.elapsed().as_millis() as u64,
                placed: Some(Arc::new(Placed { layout, keys })),
                changed_pages,
                report: Arc::new(build.report.clone()),
                failure: None,
            });
        });
        self.last.replace((revision, build))
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
                let result = self.guarded(|worker| {
                    fail::fail_point!("desk-export");
                    let (bytes, build_pages) = worker.pdf(profile, Some(&revision))?;
                    let desk = &worker.desk;
                    let info = write_export(
                        &desk.site,
                        &desk.id,
                        profile,
                        &revision,
                        &bytes,
                        build_pages,
                    )?;
                    desk.set_export(slot(profile), info.clone());
                    Ok(info)
                });
                let _ = reply.send(result);
            }
            Job::Pdf { profile, reply } => {
                let result =
                    self.guarded(|worker| worker.pdf(profile, None).map(|(bytes, _)| bytes));
                let _ = reply.send(result);
            }
            Job::VersionPdf { text, reply } => {
                let result = self.guarded(|worker| worker.version_pdf(text));
                let _ = reply.send(result);
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
        let now = self.desk.revision();
        if now != current {
            // Saved while it was built: the revision asked for is gone.
            return Err(ApiError::stale(&now));
        }
        let status = self.desk.status();
        let ready = status.as_ref().is_some_and(|s| s.revision == current && s.ready());
        let Some((_, build)) = self.last.as_ref().filter(|(built, _)| *built == current && ready)
        else {
            let errors = status.map_or(1, |s| s.errors().max(1));
            return Err(ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_ready")
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
        let mut engine = Engine::open(&self.desk.dir, &options, Lifetime::OneShotInServer)?;
        let build = engine.rebuild()?;
        let bytes = engine.export_verified_pdf(&build)?;
        Ok((bytes, build.document.pages().len()))
    }

    /// The print PDF of `text` typeset as the issue file, by a fresh engine as `bulletin
    /// build` would use; `422 not_ready` when the checks refuse it.
    fn version_pdf(&mut self, text: String) -> Result<Vec<u8>, ApiError> {
        let options = EngineOptions {
            output: OutputOptions { profile: Some(Profile::Print), ..OutputOptions::default() },
            ..self.options.clone()
        };
        let mut engine = Engine::open(&self.desk.dir, &options, Lifetime::OneShotInServer)?;
        engine.set_issue_text(Some(text));
        let build = engine.rebuild().map_err(|err| {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "not_ready")
                .arg("errors", 1)
                .with("errors", 1)
                .with("detail", format!("{err:#}"))
        })?;
        Ok(engine.export_verified_pdf(&build)?)
    }
}

/// A long-lived engine for `desk`, stopped by its queue's interrupt; the reason when the
/// issue's folder or project cannot be opened.
fn open_engine(desk: &Desk, options: &EngineOptions) -> Result<Engine, String> {
    let mut engine =
        Engine::open(&desk.dir, options, Lifetime::LongLived).map_err(|err| format!("{err:#}"))?;
    engine.set_interrupt(desk.work.interrupt());
    Ok(engine)
}

/// What a panic said, when it said it in words.
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_owned())
}

/// The place of `profile` among a desk's exports: print, screen.
pub(crate) fn slot(profile: Profile) -> usize {
    match profile {
        Profile::Print => 0,
        Profile::Screen => 1,
    }
}
