//! The desk's sessions, in memory: a random id (32 bytes from the operating system, in
//! hex) for each login, ended by logging out, by 12 hours without a request, or by
//! 24 hours after the login, whichever comes first. A restart ends them all.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::Result;

use crate::accounts::password::random_bytes;

/// How long a session lasts without a request.
pub(crate) const IDLE: Duration = Duration::from_secs(12 * 3600);

/// How long a session lasts at most.
pub(crate) const LIFETIME: Duration = Duration::from_secs(24 * 3600);

/// Who a session is for.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    /// The account's name.
    pub(crate) name: String,
    /// The account's password hash at the login: a new password ends the session.
    pub(crate) hash: String,
    started: Instant,
    seen: Instant,
}

impl Session {
    fn alive(&self, now: Instant) -> bool {
        now.duration_since(self.seen) < IDLE && now.duration_since(self.started) < LIFETIME
    }
}

/// Every open session, by id.
#[derive(Debug, Default)]
pub(crate) struct Sessions {
    table: Mutex<HashMap<String, Session>>,
}

impl Sessions {
    /// A new session for the account `name`, whose password hash is `hash`: its id.
    pub(crate) fn open(&self, name: &str, hash: &str) -> Result<String> {
        let id: String = random_bytes::<32>()?.iter().map(|b| format!("{b:02x}")).collect();
        let now = Instant::now();
        let session =
            Session { name: name.to_owned(), hash: hash.to_owned(), started: now, seen: now };
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        table.retain(|_, session| session.alive(now));
        table.insert(id.clone(), session);
        Ok(id)
    }

    /// The session `id`, if it is open and alive; its use noted.
    pub(crate) fn find(&self, id: &str) -> Option<Session> {
        let now = Instant::now();
        let mut table = self.table.lock().unwrap_or_else(|p| p.into_inner());
        let session = table.get_mut(id)?;
        if !session.alive(now) {
            table.remove(id);
            return None;
        }
        session.seen = now;
        Some(session.clone())
    }

    /// Ends the session `id`.
    pub(crate) fn close(&self, id: &str) {
        self.table.lock().unwrap_or_else(|p| p.into_inner()).remove(id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sessions_have_random_ids_and_end() {
        let sessions = Sessions::default();
        let first = sessions.open("wang", "h1").unwrap();
        let second = sessions.open("wang", "h1").unwrap();
        assert_eq!(first.len(), 64);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(first, second);
        assert_eq!(sessions.find(&first).unwrap().name, "wang");
        sessions.close(&first);
        assert!(sessions.find(&first).is_none());
        assert!(sessions.find(&second).is_some());
        assert!(sessions.find("").is_none());
    }

    #[test]
    fn idle_and_old_sessions_are_dead() {
        let now = Instant::now();
        let Some(long_ago) = now.checked_sub(LIFETIME + Duration::from_secs(1)) else { return };
        let old = Session { name: "a".into(), hash: "h".into(), started: long_ago, seen: now };
        assert!(!old.alive(now));
        let idle = Session { name: "a".into(), hash: "h".into(), started: now, seen: now };
        assert!(idle.alive(now));
        assert!(!idle.alive(now + IDLE));
    }
}
