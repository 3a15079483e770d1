//! `bulletin data`: print the JSON the layouts receive, for designers and for review.

use anyhow::{Context, Result};

use crate::cli::DataArgs;
use crate::issue::load::load_issue;

/// Loads the issue and prints the exact JSON served to the layouts.
pub(crate) fn run(args: &DataArgs) -> Result<()> {
    let issue = load_issue(&args.issue)?;
    let json = serde_json::to_string_pretty(&issue).context("failed to serialize the issue")?;
    println!("{json}");
    Ok(())
}
