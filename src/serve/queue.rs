//! An issue worker's queue: a rebuild wanted or not, and the jobs asked of it in order; a
//! rebuild asked for while one runs stops the running one; an idle worker can be told to
//! end, and a new one started later.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::issue::model::Profile;
use crate::serve::error::ApiError;
use crate::serve::exports::ExportInfo;
use crate::typeset::interrupt::Interrupt;

/// What the worker is asked to do besides rebuilding.
pub(crate) enum Job {
    /// Export `profile`'s PDF of `revision` into out/.
    Export {
        profile: Profile,
        revision: String,
        reply: oneshot::Sender<Result<ExportInfo, ApiError>>,
    },
    /// The PDF of `profile` for the current revision, in memory (for comparisons).
    Pdf { profile: Profile, reply: oneshot::Sender<Result<Vec<u8>, ApiError>> },
    /// The print PDF of an earlier version's text, in memory (to compare with the pages now).
    VersionPdf { text: String, reply: oneshot::Sender<Result<Vec<u8>, ApiError>> },
}

/// The worker's queue: a rebuild wanted or not, and jobs in order.
#[derive(Default)]
pub(crate) struct Work {
    pending: Mutex<Pending>,
    ready: Condvar,
    /// Raised when a rebuild is asked for, so that the one running stops.
    interrupt: Interrupt,
}

#[derive(Default)]
struct Pending {
    rebuild: bool,
    jobs: VecDeque<Job>,
    /// Whether the worker is doing a task (not waiting for one).
    busy: bool,
    /// Which worker may take tasks: one whose generation is older ends.
    generation: u64,
}

pub(crate) enum Task {
    Rebuild,
    Job(Job),
    /// This worker is no longer wanted: it ends.
    Stop,
}

impl Work {
    /// Asks for a rebuild of the newest revision; several requests before the worker
    /// gets to it make one, and a rebuild running now is stopped.
    pub(crate) fn rebuild(&self) {
        let mut pending = self.lock();
        pending.rebuild = true;
        self.interrupt.raise();
        drop(pending);
        self.ready.notify_all();
    }

    /// Queues a job.
    pub(crate) fn push(&self, job: Job) {
        self.lock().jobs.push_back(job);
        self.ready.notify_all();
    }

    /// Queues the job `make` builds around its reply channel, and waits for the answer.
    pub(crate) async fn ask<T>(
        &self,
        make: impl FnOnce(oneshot::Sender<Result<T, ApiError>>) -> Job,
    ) -> Result<T, ApiError> {
        let (reply, answer) = oneshot::channel();
        self.push(make(reply));
        answer.await.map_err(|_| ApiError::internal(&anyhow::anyhow!("the worker stopped")))?
    }

    /// The flag that stops the running rebuild, for the worker's engine.
    pub(crate) fn interrupt(&self) -> Interrupt {
        self.interrupt.clone()
    }

    /// Whether a newer rebuild was asked for since the running one started.
    pub(crate) fn superseded(&self) -> bool {
        self.lock().rebuild
    }

    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The generation a new worker takes tasks as.
    pub(crate) fn generation(&self) -> u64 {
        self.lock().generation
    }

    /// Ends the worker if it is waiting with nothing to do: whether it was told to.
    /// Work asked for later waits for the next worker.
    pub(crate) fn stop_if_idle(&self) -> bool {
        let mut pending = self.lock();
        if pending.busy || pending.rebuild || !pending.jobs.is_empty() {
            return false;
        }
        pending.generation += 1;
        drop(pending);
        self.ready.notify_all();
        true
    }

    /// The next task of the worker of `generation`, rebuilds first so that jobs see the
    /// newest revision; blocks.
    pub(crate) fn next(&self, generation: u64) -> Task {
        let mut pending = self.lock();
        pending.busy = false;
        loop {
            if pending.generation != generation {
                return Task::Stop;
            }
            if std::mem::take(&mut pending.rebuild) {
                self.interrupt.clear();
                pending.busy = true;
                return Task::Rebuild;
            }
            if let Some(job) = pending.jobs.pop_front() {
                pending.busy = true;
                return Task::Job(job);
            }
            pending = self.ready.wait(pending).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rebuild_asked_for_stops_the_running_one_and_comes_next() {
        let work = Work::default();
        let generation = work.generation();
        work.rebuild();
        assert!(matches!(work.next(generation), Task::Rebuild));
        assert!(!work.interrupt().raised(), "the rebuild taken starts unstopped");
        work.rebuild();
        assert!(work.interrupt().raised() && work.superseded());
        assert!(!work.stop_if_idle(), "a busy worker is not stopped");
        assert!(matches!(work.next(generation), Task::Rebuild));
    }

    #[test]
    fn an_idle_worker_ends_and_the_next_one_takes_over() {
        let work = Work::default();
        let first = work.generation();
        work.rebuild();
        assert!(matches!(work.next(first), Task::Rebuild));
        // Still busy with that rebuild: not stopped.
        assert!(!work.stop_if_idle());
        std::thread::scope(|scope| {
            let waiting = scope.spawn(|| matches!(work.next(first), Task::Stop));
            while !work.stop_if_idle() {
                std::thread::yield_now();
            }
            assert!(waiting.join().unwrap(), "the old worker ends");
        });
        let second = work.generation();
        assert_ne!(first, second);
        work.rebuild();
        assert!(matches!(work.next(second), Task::Rebuild));
    }
}
