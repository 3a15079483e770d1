//! The server's shared state: the site, the issues open in it (one desk, worker and
//! watcher each, opened on first use), the archive's event channel and the reports.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use serde_json::Value;
use tokio::sync::broadcast;

use crate::serve::compare::Reports;
use crate::serve::desk::Desk;
use crate::serve::error::ApiError;
use crate::serve::site::Site;
use crate::serve::{disk, worker};

/// What every request handler shares.
pub(crate) struct App {
    pub(crate) site: Arc<Site>,
    desks: Mutex<HashMap<String, Arc<Desk>>>,
    /// Random per process: a client that sees another knows the keys changed.
    pub(crate) instance: String,
    /// `archive` events, for every stream.
    pub(crate) archive_events: broadcast::Sender<Value>,
    pub(crate) reports: Reports,
}

impl App {
    /// The state for `site`.
    pub(crate) fn new(site: Site) -> std::io::Result<Self> {
        Ok(Self {
            site: Arc::new(site),
            desks: Mutex::default(),
            instance: format!("{:08x}", fastrand::u32(..)),
            archive_events: broadcast::channel(16).0,
            reports: Reports::new()?,
        })
    }

    /// The desk of issue `id`, opened (its worker and watcher started) if need be. Blocks
    /// while the file is read: call it off the async threads.
    pub(crate) fn desk(&self, id: &str) -> Result<Arc<Desk>, ApiError> {
        let mut desks = self.desks.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(desk) = desks.get(id) {
            return Ok(desk.clone());
        }
        let desk = Arc::new(Desk::open(self.site.clone(), id)?);
        worker::start(desk.clone()).map_err(|err| ApiError::internal(&err.into()))?;
        if let Err(err) = disk::watch(desk.clone()) {
            eprintln!("warning: changes to issue {id} on disk will not be noticed: {err:#}");
        }
        desks.insert(id.to_owned(), desk.clone());
        Ok(desk)
    }

    /// The desk of issue `id` if it is open.
    pub(crate) fn opened(&self, id: &str) -> Option<Arc<Desk>> {
        self.desks.lock().unwrap_or_else(|p| p.into_inner()).get(id).cloned()
    }
}
