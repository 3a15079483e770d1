//! An issue worker's queue: a rebuild wanted or not, and the jobs asked of it in order.

use std::collections::VecDeque;
use std::sync::{Condvar, Mutex, MutexGuard};

use tokio::sync::oneshot;

use crate::issue::model::Profile;
use crate::serve::error::ApiError;
use crate::serve::exports::ExportInfo;

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
}

/// The worker's queue: a rebuild wanted or not, and jobs in order.
#[derive(Default)]
pub(crate) struct Work {
    pending: Mutex<Pending>,
    ready: Condvar,
}

#[derive(Default)]
struct Pending {
    rebuild: bool,
    jobs: VecDeque<Job>,
}

pub(crate) enum Task {
    Rebuild,
    Job(Job),
}

impl Work {
    /// Asks for a rebuild of the newest revision; several requests before the worker
    /// gets to it make one.
    pub(crate) fn rebuild(&self) {
        self.lock().rebuild = true;
        self.ready.notify_one();
    }

    /// Queues a job.
    pub(crate) fn push(&self, job: Job) {
        self.lock().jobs.push_back(job);
        self.ready.notify_one();
    }

    fn lock(&self) -> MutexGuard<'_, Pending> {
        self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The next task, rebuilds first so that jobs see the newest revision; blocks.
    pub(crate) fn next(&self) -> Task {
        let mut pending = self.lock();
        loop {
            if std::mem::take(&mut pending.rebuild) {
                return Task::Rebuild;
            }
            if let Some(job) = pending.jobs.pop_front() {
                return Task::Job(job);
            }
            pending = self.ready.wait(pending).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}
