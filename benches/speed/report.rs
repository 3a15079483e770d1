//! The printed table: one row per measurement, with the target where there is one.

use std::fmt;
use std::path::Path;

use crate::measure::Stats;

/// Rows of results, printed at the end.
pub struct Table {
    lines: Vec<String>,
}

/// The date, the machine's cores and memory, for the heading.
pub fn machine() -> String {
    let date = std::process::Command::new("date")
        .args(["-u", "+%Y-%m-%d"])
        .output()
        .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_owned())
        .unwrap_or_default();
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|line| line.starts_with("MemTotal:"))?.to_owned();
            let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
            Some(format!("{:.0} GiB", kib / 1048576.0))
        })
        .unwrap_or_else(|| "unknown memory".to_owned());
    format!("{date}, {cores} cores, {memory}, release build")
}

/// The page count of a PDF file.
pub fn pdf_pages(path: &Path) -> usize {
    lopdf::Document::load(path).expect("the PDF parses").get_pages().len()
}

fn verdict(met: bool) -> &'static str {
    if met { "met" } else { "NOT MET" }
}

impl Table {
    /// An empty table about this machine.
    pub fn new(machine: &str) -> Self {
        Self {
            lines: vec![
                format!("bulletin speed benchmark: {machine}"),
                format!(
                    "{:<64} {:>9} {:>9} {:>9} {:>5}  target",
                    "", "median", "min", "max", "runs"
                ),
            ],
        }
    }

    /// A line naming the group of rows below it.
    pub fn heading(&mut self, text: &str) {
        self.lines.push(text.to_owned());
    }

    /// A remark printed as it is.
    pub fn note(&mut self, text: &str) {
        self.lines.push(format!("  ({text})"));
    }

    /// A row of times in seconds, with a target of at most `target` seconds if given.
    pub fn seconds(&mut self, what: &str, stats: Stats, target: Option<f64>) {
        let target = target.map_or(String::new(), |t| {
            format!("≤ {:.0} ms: {}", t * 1000.0, verdict(stats.median <= t))
        });
        self.row(what, stats, |v| format!("{:.3} s", v), &target);
    }

    /// A row of ratios, with a target of at most `limit`.
    pub fn ratio(&mut self, what: &str, stats: Stats, target: &str, limit: f64) {
        let target = format!("{target}: {}", verdict(stats.median <= limit));
        self.row(what, stats, |v| format!("{v:.2}×"), &target);
    }

    /// A row of sizes in MiB, with a target of at most `limit`.
    pub fn mebibytes(&mut self, what: &str, stats: Stats, target: &str, limit: f64) {
        let target = format!("{target} MiB: {}", verdict(stats.max <= limit));
        self.row(what, stats, |v| format!("{v:.0} MiB"), &target);
    }

    /// A single size in MiB, with a target of at most `limit`.
    pub fn single_mebibytes(&mut self, what: &str, value: f64, limit: f64) {
        let target = format!("≤ {limit} MiB: {}", verdict(value <= limit));
        self.lines.push(format!("{what:<64} {:>9}  {target}", format!("{value:.2} MiB")));
    }

    /// A single ratio, with a target of at least (`at_least`) or at most `limit`.
    pub fn single_ratio(
        &mut self,
        what: &str,
        value: f64,
        target: &str,
        limit: f64,
        at_least: bool,
    ) {
        let met = if at_least { value >= limit } else { value <= limit };
        self.lines.push(format!(
            "{what:<64} {:>9}  {target}: {}",
            format!("{value:.2}×"),
            verdict(met)
        ));
    }

    fn row(&mut self, what: &str, stats: Stats, show: impl Fn(f64) -> String, target: &str) {
        self.lines.push(format!(
            "{what:<64} {:>9} {:>9} {:>9} {:>5}  {target}",
            show(stats.median),
            show(stats.min),
            show(stats.max),
            stats.count
        ));
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for line in &self.lines {
            writeln!(f, "{line}")?;
        }
        Ok(())
    }
}
