//! The server's shared state: the site, the issues open in it (one desk each, opened on
//! first use; its worker and watcher run while somebody has it open, and are put to
//! sleep, with its engine and page images, once nobody has had it open for a while),
//! the archive's event channel and the reports.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use serde_json::Value;
use tokio::sync::broadcast;

use crate::serve::compare::Reports;
use crate::serve::desk::Desk;
use crate::serve::error::ApiError;
use crate::serve::site::Site;
use crate::serve::{disk, worker};

/// How long an issue stays awake after its last tab closed and its last request, unless
/// `BULLETIN_DESK_IDLE_SECS` says otherwise.
const IDLE: Duration = Duration::from_secs(30);

/// What every request handler shares.
pub(crate) struct App {
    pub(crate) site: Arc<Site>,
    desks: Mutex<HashMap<String, Arc<Desk>>>,
    /// Random per process: a client that sees another knows the keys changed.
    pub(crate) instance: String,
    /// `archive` events, for every stream.
    pub(crate) archive_events: broadcast::Sender<Value>,
    pub(crate) reports: Reports,
    /// How long an issue nobody has open stays awake.
    pub(crate) idle: Duration,
}

impl App {
    /// The state for `site`.
    pub(crate) fn new(site: Site) -> std::io::Result<Self> {
        let idle = std::env::var("BULLETIN_DESK_IDLE_SECS")
            .ok()
            .and_then(|secs| secs.parse::<f64>().ok())
            .filter(|secs| secs.is_finite() && *secs >= 0.0)
            .map_or(IDLE, Duration::from_secs_f64);
        Ok(Self {
            site: Arc::new(site),
            desks: Mutex::default(),
            instance: format!("{:08x}", fastrand::u32(..)),
            archive_events: broadcast::channel(16).0,
            reports: Reports::new()?,
            idle,
        })
    }

    /// The desk of issue `id`, opened if need be and awake (its worker and watcher
    /// running), its use noted. Blocks while the file is read: call it off the async
    /// threads.
    pub(crate) fn desk(&self, id: &str) -> Result<Arc<Desk>, ApiError> {
        let desk = {
            let mut desks = self.desks.lock().unwrap_or_else(|p| p.into_inner());
            match desks.get(id) {
                Some(desk) => desk.clone(),
                None => {
                    let desk = Arc::new(Desk::open(self.site.clone(), id)?);
                    desks.insert(id.to_owned(), desk.clone());
                    desk
                }
            }
        };
        desk.presence.touch();
        wake(&desk)?;
        Ok(desk)
    }

    /// The desk of issue `id` if it is open.
    pub(crate) fn opened(&self, id: &str) -> Option<Arc<Desk>> {
        self.desks.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned()
    }

    /// Puts to sleep every issue nobody has had open for [`App::idle`]: its worker ends
    /// and drops its engine (and with it Typst's cached results for it), its watcher
    /// stops and its page images are forgotten. Its text, revision and keys stay, so a
    /// tab that comes back goes on where it was. Returns how many were put to sleep.
    pub(crate) fn release_idle(&self) -> usize {
        let desks: Vec<Arc<Desk>> =
            self.desks.lock().unwrap_or_else(|p| p.into_inner()).values().cloned().collect();
        desks.iter().filter(|desk| sleep_if_idle(desk, self.idle)).count()
    }
}

/// Starts the worker and the watcher of `desk` unless they run; a desk woken from sleep
/// reads its file again, since nobody watched it meanwhile.
fn wake(desk: &Arc<Desk>) -> Result<(), ApiError> {
    let mut awake = desk.awake.lock().unwrap_or_else(|p| p.into_inner());
    if awake.is_some() {
        return Ok(());
    }
    worker::start(desk.clone()).map_err(|err| ApiError::internal(&err.into()))?;
    let stop = Arc::new(AtomicBool::new(false));
    if let Err(err) = disk::watch(desk.clone(), stop.clone()) {
        eprintln!("warning: changes to issue {} on disk will not be noticed: {err:#}", desk.id);
    }
    *awake = Some(stop);
    drop(awake);
    desk.reload_from_disk();
    Ok(())
}

/// Puts `desk` to sleep if nobody has had it open for `idle` and its worker has nothing
/// to do; whether it did.
fn sleep_if_idle(desk: &Desk, idle: Duration) -> bool {
    let mut awake = desk.awake.lock().unwrap_or_else(|p| p.into_inner());
    if awake.is_none() || desk.presence.idle_for().is_none_or(|for_| for_ < idle) {
        return false;
    }
    if !desk.work.stop_if_idle() {
        return false;
    }
    if let Some(stop) = awake.take() {
        stop.store(true, Ordering::SeqCst);
    }
    desk.images.clear();
    true
}
