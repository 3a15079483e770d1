//! `bulletin diff`: compare two versions page by page and write a report.

use std::fmt;
use std::path::PathBuf;

use anyhow::Result;

use crate::cli::DiffArgs;
use crate::typeset::options::OutputOptions;
use crate::visual::compare::{CHANNEL_TOLERANCE, compare_pages};
use crate::visual::report::{ReportHeader, summary_lines, write_report};
use crate::visual::versions::{Version, rasterize_pair};

/// The two versions differ; `main` exits with code 1 on this error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Differs {
    /// Pages that changed, were added or were removed.
    pub pages: usize,
    /// Pages of the longer version.
    pub of: usize,
}

impl fmt::Display for Differs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the versions differ on {} of {} pages", self.pages, self.of)
    }
}

impl std::error::Error for Differs {}

/// Prints one line per page, writes the report, and fails with [`Differs`] if any page differs.
pub(crate) fn run(args: &DiffArgs) -> Result<()> {
    let old = Version::recognize(&args.old)?;
    let new = Version::recognize(&args.new)?;
    let options = args.setup.engine_options(OutputOptions::default());
    let pair = rasterize_pair(&old, &new, &options, args.ppi)?;
    let changes = compare_pages(&pair.old, &pair.new, CHANNEL_TOLERANCE);
    for line in summary_lines(&changes) {
        println!("{line}");
    }
    let dir = args.output.clone().unwrap_or_else(|| PathBuf::from("out").join("diff"));
    let header = ReportHeader {
        old: &old.to_string(),
        new: &new.to_string(),
        rendering: &format!("{} at {} ppi", pair.renderer, args.ppi),
        tolerance: CHANNEL_TOLERANCE,
    };
    let index = write_report(&dir, &header, &pair.old, &pair.new, &changes)?;
    println!("report: {}", index.display());
    let differing = changes.iter().filter(|c| !c.is_unchanged()).count();
    if differing > 0 {
        let differs = Differs { pages: differing, of: changes.len() };
        println!("{differs}");
        return Err(differs.into());
    }
    println!("the versions are identical ({} pages)", changes.len());
    Ok(())
}
