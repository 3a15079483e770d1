//! Stopping a rebuild nobody wants any more: a newer change arrived while it ran. The
//! world checks the flag whenever Typst asks it for a font or a file, which layout does
//! all the time, and unwinds out of Typst; the engine turns that into [`Superseded`].

use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A flag another thread raises to stop the rebuild running now.
#[derive(Debug, Clone, Default)]
pub struct Interrupt(Arc<AtomicBool>);

impl Interrupt {
    /// Asks the rebuild running now, if any, to stop.
    pub fn raise(&self) {
        self.0.store(true, Ordering::SeqCst);
    }

    /// Lets the next rebuild run to its end unless raised again.
    pub fn clear(&self) {
        self.0.store(false, Ordering::SeqCst);
    }

    /// Whether a newer change asked the running rebuild to stop.
    pub fn raised(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }

    /// Unwinds out of Typst if the flag is raised (without the panic hook's message).
    pub(crate) fn check(&self) {
        if self.raised() {
            resume_unwind(Box::new(Superseded));
        }
    }
}

/// A rebuild stopped because a newer change arrived: its result would be thrown away.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Superseded;

impl std::fmt::Display for Superseded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the rebuild was stopped: a newer change arrived")
    }
}

impl std::error::Error for Superseded {}

/// Runs `f`, turning an unwinding [`Interrupt::check`] into `Err(Superseded)`; any other
/// panic goes on unwinding.
pub(crate) fn stoppable<T>(f: impl FnOnce() -> T) -> Result<T, Superseded> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(value) => Ok(value),
        Err(payload) if payload.is::<Superseded>() => Err(Superseded),
        Err(payload) => resume_unwind(payload),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_raised_flag_stops_the_work_and_other_panics_go_on() {
        let interrupt = Interrupt::default();
        assert_eq!(stoppable(|| 1), Ok(1));
        interrupt.raise();
        assert_eq!(stoppable(|| interrupt.check()), Err(Superseded));
        interrupt.clear();
        assert_eq!(stoppable(|| interrupt.check()), Ok(()));
        let other = catch_unwind(|| stoppable(|| resume_unwind(Box::new("boom"))));
        assert!(other.is_err(), "a real panic is not taken for an interrupt");
    }
}
