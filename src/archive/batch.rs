//! Building many issues at once: in parallel across cores, each failure kept to its issue.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};

use crate::diag::{Lang, Text, TextContext};

/// How one issue of a batch went.
pub(crate) struct Outcome<T> {
    /// The issue folder.
    pub issue: PathBuf,
    /// What the work gave, or why it failed (with its findings, when the checks failed).
    pub result: Result<T>,
    /// How long the issue took.
    pub elapsed: Duration,
}

/// Some issues of a batch failed; the summary has said which and why.
#[derive(Debug, thiserror::Error)]
#[error("{failed} of {total} issues failed")]
pub(crate) struct BatchFailed {
    /// How many failed.
    pub failed: usize,
    /// How many there were.
    pub total: usize,
}

/// Runs `work` on every issue with `jobs` threads, calling `done` as each one ends.
/// Results come back in the order of `issues`; an error or even a crash on one issue does
/// not stop the others.
///
/// Each worker takes the next issue when it is free. With one worker, Typst's own parallel
/// work inside an issue goes to the shared pool, on every core. With more, each worker
/// does its issue's parallel work itself ([`own_pool`]): the workers already keep the
/// cores busy, and handing work to a shared pool and waiting for it left them idle
/// between the hand-offs.
pub(crate) fn run_all<T: Send>(
    issues: &[PathBuf],
    jobs: usize,
    work: impl Fn(&Path) -> Result<T> + Sync,
    done: impl Fn(&Outcome<T>) + Sync,
) -> Result<Vec<Outcome<T>>> {
    let next = AtomicUsize::new(0);
    let slots: Vec<Mutex<Option<Outcome<T>>>> = issues.iter().map(|_| Mutex::new(None)).collect();
    let each = || loop {
        let index = next.fetch_add(1, Ordering::SeqCst);
        let Some(issue) = issues.get(index) else { break };
        let outcome = run_one(issue, &work);
        done(&outcome);
        *slots[index].lock().unwrap_or_else(PoisonError::into_inner) = Some(outcome);
    };
    let workers = jobs.clamp(1, issues.len().max(1));
    let worker = || match own_pool(workers) {
        Some(pool) => pool.install(each),
        None => each(),
    };
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            std::thread::Builder::new()
                .name("bulletin-build".into())
                .stack_size(WORKER_STACK)
                .spawn_scoped(scope, worker)
                .text_context(|| Text::new("build-thread-failed"))?;
        }
        Ok(())
    })?;
    Ok(slots
        .into_iter()
        .map(|slot| {
            slot.into_inner().unwrap_or_else(PoisonError::into_inner).expect("every issue ran")
        })
        .collect())
}

/// With more than one worker, the calling worker's own pool of one thread, itself:
/// Typst's and the export's parallel work for an issue then runs on the worker that builds
/// it, in order. Rayon keeps a pool that a thread joined like this until the process
/// ends (a few kilobytes per worker of a batch), and the thread stays its member: the
/// worker threads are the batch's own and end with it, so nothing else runs on them.
/// The bytes written are the same: nothing written depends on the number of threads.
fn own_pool(workers: usize) -> Option<rayon::ThreadPool> {
    if workers < 2 {
        return None;
    }
    rayon::ThreadPoolBuilder::new().num_threads(1).use_current_thread().build().ok()
}

/// Stack of each build thread: deep layouts recurse further than a default thread allows.
const WORKER_STACK: usize = 16 * 1024 * 1024;

/// Runs `work` on one issue, turning a crash into an error.
fn run_one<T>(issue: &Path, work: &impl Fn(&Path) -> Result<T>) -> Outcome<T> {
    let start = Instant::now();
    let result = match catch_unwind(AssertUnwindSafe(|| work(issue))) {
        Ok(result) => result,
        Err(_) => Err(anyhow!(Text::new("batch-crashed"))),
    };
    Outcome { issue: issue.to_path_buf(), result, elapsed: start.elapsed() }
}

/// The closing lines: how many were built, which failed and why (each failure as
/// `failure` words it, in full), and the time taken.
pub(crate) fn summary<T>(
    outcomes: &[Outcome<T>],
    elapsed: Duration,
    jobs: usize,
    failure: impl Fn(&anyhow::Error) -> String,
    lang: Lang,
) -> String {
    let failed: Vec<&Outcome<T>> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    let built = outcomes.len() - failed.len();
    let mut text = Text::new("batch-summary")
        .arg("built", built)
        .arg("total", outcomes.len())
        .arg("seconds", format!("{:.2}", elapsed.as_secs_f64()))
        .arg("jobs", jobs)
        .render(lang);
    if failed.is_empty() {
        text.push('\n');
        return text;
    }
    text.push_str(&Text::new("batch-failed").arg("count", failed.len()).render(lang));
    text.push('\n');
    for outcome in failed {
        let Err(err) = &outcome.result else { continue };
        text.push_str(&format!("\n{}:\n", outcome.issue.display()));
        for line in failure(err).trim_end().lines() {
            text.push_str(&format!("    {line}\n"));
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_failure_does_not_stop_the_others() {
        for jobs in [1, 2] {
            let issues: Vec<PathBuf> = ["a", "bad", "c", "panics", "e"].map(PathBuf::from).into();
            let finished = AtomicUsize::new(0);
            let outcomes = run_all(
                &issues,
                jobs,
                |issue| match issue.to_str() {
                    Some("bad") => anyhow::bail!("no issue.toml here"),
                    Some("panics") => panic!("deliberately"),
                    Some(name) => Ok(name.to_uppercase()),
                    None => unreachable!(),
                },
                |_| {
                    finished.fetch_add(1, Ordering::SeqCst);
                },
            )
            .unwrap();
            assert_eq!(finished.load(Ordering::SeqCst), 5);
            let results: Vec<Result<String, String>> = outcomes
                .iter()
                .map(|o| o.result.as_ref().map(Clone::clone).map_err(|e| e.to_string()))
                .collect();
            assert_eq!(results[0], Ok("A".to_owned()));
            assert_eq!(results[1], Err("no issue.toml here".to_owned()));
            assert_eq!(results[2], Ok("C".to_owned()));
            assert!(results[3].as_ref().unwrap_err().contains("crashed"));
            assert_eq!(results[4], Ok("E".to_owned()));
            let summary = summary(
                &outcomes,
                Duration::from_secs(1),
                jobs,
                |err| format!("{err:#}"),
                Lang::En,
            );
            let head = format!("built 3 of 5 issues in 1.00 s ({jobs} at a time); 2 failed:");
            assert!(summary.starts_with(&head), "{summary}");
            assert!(summary.contains("bad:\n    no issue.toml here\n"), "{summary}");
        }
    }
}
