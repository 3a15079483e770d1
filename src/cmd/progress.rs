//! Progress of long work: a bar on a terminal, plain numbered lines otherwise.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts finished steps out of a known total and prints one line per step.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
    total: usize,
    done: AtomicUsize,
}

impl Progress {
    /// A bar on stderr when stderr is a terminal; plain lines on stdout in any case.
    pub(crate) fn new(total: usize) -> Self {
        let bar = std::io::stderr().is_terminal().then(|| {
            let bar = ProgressBar::with_draw_target(
                Some(total as u64),
                ProgressDrawTarget::stderr_with_hz(10),
            );
            bar.set_style(
                ProgressStyle::with_template("{bar:40} {pos}/{len} issues, {elapsed} {msg}")
                    .expect("the template is valid"),
            );
            bar.enable_steady_tick(Duration::from_millis(200));
            bar
        });
        Self { bar, total, done: AtomicUsize::new(0) }
    }

    /// Records one finished step and prints `line` after its number, as in `[3/24] …`.
    pub(crate) fn finished(&self, line: &str) {
        let done = self.done.fetch_add(1, Ordering::SeqCst) + 1;
        let text = format!("[{done}/{}] {line}", self.total);
        match &self.bar {
            Some(bar) => {
                bar.suspend(|| println!("{text}"));
                bar.inc(1);
            }
            None => println!("{text}"),
        }
    }

    /// Removes the bar, leaving the printed lines.
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
