//! Timing whole processes (wall time and peak memory) and summing samples up.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Wall time and peak resident memory of one finished process.
#[derive(Debug, Clone, Copy)]
pub struct Run {
    /// From start to exit.
    pub wall: Duration,
    /// The largest resident set, in bytes.
    pub peak_rss: u64,
}

/// Runs `program` with `args` in `dir`, silently, and measures it; panics if it fails,
/// since a benchmark of a failing command means nothing.
pub fn run(program: &Path, args: &[&OsStr], dir: &Path) -> Run {
    // Messages go to a file, which cannot fill up and stall the process like a pipe.
    let mut log = tempfile::tempfile().expect("a temporary file for messages");
    let start = Instant::now();
    // Waited for below with wait4, which also gives the child's peak memory.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(program)
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::null())
        .stderr(log.try_clone().expect("the message file"))
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start {}: {err}", program.display()));
    let pid = libc::pid_t::try_from(child.id()).expect("a process id");
    let mut status = 0;
    // SAFETY: rusage is plain data that wait4 fills in; pid is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = start.elapsed();
    assert_eq!(waited, pid, "wait4 failed for {}", program.display());
    if !(libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0) {
        use std::io::{Read as _, Seek as _};
        let mut stderr = String::new();
        let _ = log.rewind().and_then(|()| log.read_to_string(&mut stderr));
        panic!("{} {args:?} failed:\n{stderr}", program.display());
    }
    // ru_maxrss is in kilobytes on Linux.
    Run { wall, peak_rss: u64::try_from(usage.ru_maxrss).unwrap_or_default() * 1024 }
}

/// Median, fastest and slowest of a set of samples.
#[derive(Debug, Clone, Copy)]
pub struct Stats {
    /// The middle sample (the mean of the middle two for an even count).
    pub median: f64,
    /// The smallest sample.
    pub min: f64,
    /// The largest sample.
    pub max: f64,
    /// How many samples.
    pub count: usize,
}

impl Stats {
    /// Sums up `samples`, which must not be empty.
    pub fn of(samples: &[f64]) -> Self {
        assert!(!samples.is_empty(), "no samples");
        let mut sorted = samples.to_vec();
        sorted.sort_by(f64::total_cmp);
        let n = sorted.len();
        let median =
            if n % 2 == 1 { sorted[n / 2] } else { (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0 };
        Self { median, min: sorted[0], max: sorted[n - 1], count: n }
    }

    /// Sums up durations, in seconds.
    pub fn of_durations(samples: &[Duration]) -> Self {
        Self::of(&samples.iter().map(Duration::as_secs_f64).collect::<Vec<_>>())
    }
}
