//! Slowing down the guessing of passwords: after 3 failed logins for an account, or from
//! a client address, each further attempt for it waits, 1 second after the third failure,
//! then twice as long after each further one, 5 minutes at most. A login that succeeds
//! clears its account and its address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::time::{Duration, Instant};

/// Failures allowed before attempts must wait.
const FREE: u32 = 3;

/// The first wait, doubled after each further failure.
const FIRST_WAIT: Duration = Duration::from_secs(1);

/// The longest wait.
const LONGEST_WAIT: Duration = Duration::from_secs(300);

/// How long failures are remembered after the last one.
const MEMORY: Duration = Duration::from_secs(3600);

/// The most accounts and addresses remembered; past it, the oldest are forgotten.
const MOST: usize = 10_000;

/// What failures are counted against.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Key {
    /// An account name, as typed (names that do not exist count too).
    Account(String),
    /// A client's address.
    Address(IpAddr),
}

#[derive(Debug, Clone, Copy)]
struct Record {
    failures: u32,
    until: Instant,
    last: Instant,
}

/// Failed logins by account and address.
#[derive(Debug, Default)]
pub(crate) struct Throttle {
    records: HashMap<Key, Record>,
}

impl Throttle {
    /// Lets an attempt for `keys` go ahead, counted as a failure until
    /// [`succeeded`](Self::succeeded) says otherwise (so that attempts made at the same
    /// time are counted too); or, when one of them must wait, how long.
    pub(crate) fn admit(&mut self, keys: &[Key], now: Instant) -> Result<(), Duration> {
        let wait = keys
            .iter()
            .filter_map(|key| self.records.get(key))
            .map(|record| record.until.saturating_duration_since(now))
            .max()
            .unwrap_or_default();
        if !wait.is_zero() {
            return Err(wait);
        }
        self.forget_old(now);
        for key in keys {
            let record = self.records.entry(key.clone()).or_insert(Record {
                failures: 0,
                until: now,
                last: now,
            });
            record.failures += 1;
            record.last = now;
            if record.failures >= FREE {
                let doublings = (record.failures - FREE).min(16);
                record.until = now + (FIRST_WAIT * 2u32.pow(doublings)).min(LONGEST_WAIT);
            }
        }
        Ok(())
    }

    /// The attempt for `keys` succeeded: their failures are forgotten.
    pub(crate) fn succeeded(&mut self, keys: &[Key]) {
        for key in keys {
            self.records.remove(key);
        }
    }

    fn forget_old(&mut self, now: Instant) {
        self.records
            .retain(|_, record| record.until > now || now.duration_since(record.last) < MEMORY);
        if self.records.len() >= MOST {
            let mut lasts: Vec<Instant> = self.records.values().map(|record| record.last).collect();
            lasts.sort_unstable();
            let cut = lasts[lasts.len() - MOST / 2];
            self.records.retain(|_, record| record.last >= cut);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fourth_attempt_waits_and_the_wait_doubles_up_to_a_cap() {
        let mut throttle = Throttle::default();
        let keys = [Key::Account("wang".into()), Key::Address([10, 0, 0, 1].into())];
        let mut now = Instant::now();
        for _ in 0..3 {
            assert_eq!(throttle.admit(&keys, now), Ok(()));
        }
        assert_eq!(throttle.admit(&keys, now), Err(Duration::from_secs(1)));
        // Another account from the same address waits too; so does the account elsewhere.
        let elsewhere = [Key::Account("wang".into()), Key::Address([10, 0, 0, 2].into())];
        assert!(throttle.admit(&elsewhere, now).is_err());
        let other = [Key::Account("li".into()), Key::Address([10, 0, 0, 1].into())];
        assert!(throttle.admit(&other, now).is_err());
        now += Duration::from_secs(1);
        assert_eq!(throttle.admit(&keys, now), Ok(()));
        assert_eq!(throttle.admit(&keys, now), Err(Duration::from_secs(2)));
        for _ in 0..20 {
            now += LONGEST_WAIT;
            assert_eq!(throttle.admit(&keys, now), Ok(()));
        }
        assert_eq!(throttle.admit(&keys, now), Err(LONGEST_WAIT));
        throttle.succeeded(&keys);
        assert_eq!(throttle.admit(&keys, now), Ok(()));
    }
}
