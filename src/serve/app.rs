//! The server's shared state: the site, the issues open in it (one desk each, with its
//! worker and watcher, opened on first use and put to sleep, all of it released, once
//! nobody has had it open for a while), the archive's event channel and the reports.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::time::Duration;

use tokio::sync::broadcast;

use crate::serve::compare::Reports;
use crate::serve::desk::Desk;
use crate::serve::error::ApiError;
use crate::serve::protocol::ArchiveAnswer;
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
    pub(crate) archive_events: broadcast::Sender<ArchiveAnswer>,
    pub(crate) reports: Reports,
    /// How long an issue nobody has open stays awake.
    idle: Duration,
    /// How many times issues were opened: each opening has its own keys.
    openings: AtomicU64,
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
            openings: AtomicU64::new(0),
        })
    }

    /// The desk of issue `id`, opened (its worker and watcher started) if need be, its
    /// use noted. Blocks while the file is read: call it off the async threads.
    pub(crate) fn desk(&self, id: &str) -> Result<Arc<Desk>, ApiError> {
        let mut desks = self.desks.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(desk) = desks.get(id) {
            desk.presence.touch();
            return Ok(desk.clone());
        }
        let opening = self.openings.fetch_add(1, Ordering::SeqCst) + 1;
        let desk = Arc::new(Desk::open(self.site.clone(), id, opening)?);
        worker::start(desk.clone()).map_err(|err| ApiError::internal(&err.into()))?;
        if let Err(err) = disk::watch(desk.clone(), desk.asleep.clone()) {
            eprintln!("warning: changes to issue {id} on disk will not be noticed: {err:#}");
        }
        desks.insert(id.to_owned(), desk.clone());
        Ok(desk)
    }

    /// The desk of issue `id` if it is open.
    pub(crate) fn opened(&self, id: &str) -> Option<Arc<Desk>> {
        self.desks.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned()
    }

    /// Puts to sleep every issue nobody has had open for [`App::idle`] and whose worker
    /// has nothing to do: its worker ends and drops its engine (and with it Typst's cached
    /// results for it), its watcher stops, and the desk is forgotten with its pages and
    /// images. The next request opens the issue afresh, from its file; a tab that comes
    /// back sees another opening in `hello` and fetches the document again. Returns the
    /// desks put to sleep, held weakly: each goes with the last reference to it (its
    /// worker's, its watcher's, a request's).
    pub(crate) fn release_idle(&self) -> Vec<Weak<Desk>> {
        let mut desks = self.desks.lock().unwrap_or_else(|p| p.into_inner());
        let mut released = Vec::new();
        desks.retain(|_, desk| {
            let idle = desk.presence.idle_for().is_some_and(|for_| for_ >= self.idle);
            if !idle || !desk.work.stop_if_idle() {
                return true;
            }
            desk.asleep.store(true, Ordering::SeqCst);
            released.push(Arc::downgrade(desk));
            false
        });
        released
    }
}

/// Desks put to sleep (or anything else held weakly), watched until they are gone with
/// all they held.
pub(crate) struct Departing<T> {
    /// Each one, and whether it had gone at the last look.
    held: Vec<(Weak<T>, bool)>,
}

impl<T> Default for Departing<T> {
    fn default() -> Self {
        Self { held: Vec::new() }
    }
}

impl<T> Departing<T> {
    /// Watches `these` go too.
    pub(crate) fn add(&mut self, these: Vec<Weak<T>>) {
        self.held.extend(these.into_iter().map(|one| (one, false)));
    }

    /// Whether some had already gone at the last look (one whose last reference has just
    /// gone may still be dropping what it held): those are forgotten. Look at regular
    /// intervals.
    pub(crate) fn settled(&mut self) -> bool {
        let before = self.held.len();
        self.held.retain(|(_, gone)| !gone);
        for (one, gone) in &mut self.held {
            *gone = one.strong_count() == 0;
        }
        self.held.len() < before
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::Departing;

    /// One that went is settled at the look after the one that saw it gone, once; one
    /// still held keeps nothing else from settling.
    #[test]
    fn departing_settles_a_look_after_it_went() {
        let (kept, going) = (Arc::new(1), Arc::new(2));
        let mut departing = Departing::default();
        departing.add(vec![Arc::downgrade(&kept), Arc::downgrade(&going)]);
        assert!(!departing.settled());
        drop(going);
        assert!(!departing.settled());
        assert!(departing.settled());
        assert!(!departing.settled());
        drop(kept);
        assert!(!departing.settled());
        assert!(departing.settled());
        assert!(!departing.settled());
    }
}
