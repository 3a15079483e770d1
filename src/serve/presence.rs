//! Who has an issue open: its event streams (one per browser tab) and when a request last
//! asked for it, so that an issue nobody has had open for a while can be put to sleep.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The tabs on one issue and its last use.
#[derive(Debug)]
pub(crate) struct Presence {
    inner: Mutex<Inner>,
}

#[derive(Debug)]
struct Inner {
    streams: usize,
    last_use: Instant,
}

impl Default for Presence {
    fn default() -> Self {
        Self { inner: Mutex::new(Inner { streams: 0, last_use: Instant::now() }) }
    }
}

impl Presence {
    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A request used the issue now.
    pub(crate) fn touch(&self) {
        self.lock().last_use = Instant::now();
    }

    /// A stream opened: the issue counts as in use until the guard is dropped.
    pub(crate) fn enter(self: &std::sync::Arc<Self>) -> Stay {
        let mut inner = self.lock();
        inner.streams += 1;
        inner.last_use = Instant::now();
        Stay(self.clone())
    }

    /// How long nobody has had the issue open: `None` while a stream is open.
    pub(crate) fn idle_for(&self) -> Option<Duration> {
        let inner = self.lock();
        (inner.streams == 0).then(|| inner.last_use.elapsed())
    }
}

/// An open stream's hold on its issue.
pub(crate) struct Stay(std::sync::Arc<Presence>);

impl Drop for Stay {
    fn drop(&mut self) {
        let mut inner = self.0.lock();
        inner.streams = inner.streams.saturating_sub(1);
        inner.last_use = Instant::now();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;

    #[test]
    fn an_issue_is_idle_only_without_streams() {
        let presence = Arc::new(Presence::default());
        assert!(presence.idle_for().is_some());
        let first = presence.enter();
        let second = presence.enter();
        assert_eq!(presence.idle_for(), None);
        drop(first);
        assert_eq!(presence.idle_for(), None);
        drop(second);
        assert!(presence.idle_for().unwrap() < Duration::from_secs(5));
    }
}
