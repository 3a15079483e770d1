//! Who has an issue open: its event streams (one per browser tab), whose they are and
//! which article each is in, told to every tab as it changes; and when a request last
//! asked for the issue, so that an issue nobody has had open for a while can be put to
//! sleep.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::broadcast;

/// One tab on the issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct Present {
    /// The tab's id.
    pub(crate) client: String,
    /// Who: an account's name, or the user of this computer.
    pub(crate) name: String,
    /// The key of the article the tab is in, if any.
    pub(crate) article: Option<String>,
}

/// The tabs on one issue and its last use.
#[derive(Debug)]
pub(crate) struct Presence {
    inner: Mutex<Inner>,
    /// Told the list of tabs whenever it changes.
    changed: broadcast::Sender<Vec<Present>>,
}

#[derive(Debug)]
struct Inner {
    /// The open streams, by a number of their own.
    streams: BTreeMap<u64, Present>,
    next: u64,
    last_use: Instant,
}

impl Default for Presence {
    fn default() -> Self {
        let (changed, _) = broadcast::channel(64);
        Self {
            inner: Mutex::new(Inner {
                streams: BTreeMap::new(),
                next: 0,
                last_use: Instant::now(),
            }),
            changed,
        }
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

    /// A stream of tab `client`, `name`'s, opened: the issue counts as in use, and the tab
    /// as present, until the guard is dropped.
    pub(crate) fn enter(self: &Arc<Self>, client: Option<String>, name: String) -> Stay {
        let mut inner = self.lock();
        inner.next += 1;
        let id = inner.next;
        let client = client.unwrap_or_else(|| format!("stream-{id}"));
        inner.streams.insert(id, Present { client, name, article: None });
        inner.last_use = Instant::now();
        self.tell(&inner);
        Stay { presence: self.clone(), id }
    }

    /// Tab `client` is now in the article keyed `article` (or in none).
    pub(crate) fn set_article(&self, client: &str, article: Option<String>) {
        let mut inner = self.lock();
        let mut changed = false;
        for present in inner.streams.values_mut().filter(|p| p.client == client) {
            if present.article != article {
                present.article.clone_from(&article);
                changed = true;
            }
        }
        if changed {
            self.tell(&inner);
        }
    }

    /// The tabs on the issue now, in the order they came.
    pub(crate) fn people(&self) -> Vec<Present> {
        self.lock().streams.values().cloned().collect()
    }

    /// Listens for changes of the list.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Vec<Present>> {
        self.changed.subscribe()
    }

    fn tell(&self, inner: &Inner) {
        let _ = self.changed.send(inner.streams.values().cloned().collect());
    }

    /// How long nobody has had the issue open: `None` while a stream is open.
    pub(crate) fn idle_for(&self) -> Option<Duration> {
        let inner = self.lock();
        inner.streams.is_empty().then(|| inner.last_use.elapsed())
    }
}

/// An open stream's hold on its issue.
pub(crate) struct Stay {
    presence: Arc<Presence>,
    id: u64,
}

impl Drop for Stay {
    fn drop(&mut self) {
        let mut inner = self.presence.lock();
        inner.streams.remove(&self.id);
        inner.last_use = Instant::now();
        self.presence.tell(&inner);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_come_tell_their_article_and_go() {
        let presence = Arc::new(Presence::default());
        let mut told = presence.subscribe();
        let a = presence.enter(Some("tab-a".into()), "甲".into());
        let b = presence.enter(Some("tab-b".into()), "乙".into());
        presence.set_article("tab-b", Some("a7".into()));
        assert_eq!(presence.people()[1].article.as_deref(), Some("a7"));
        assert!(presence.idle_for().is_none());
        drop(b);
        assert_eq!(presence.people().len(), 1);
        drop(a);
        assert!(presence.idle_for().is_some());
        let mut last = Vec::new();
        while let Ok(people) = told.try_recv() {
            last = people;
        }
        assert!(last.is_empty(), "the last word is that nobody is there");
    }
}
