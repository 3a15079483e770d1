//! `bulletin new`: start the next issue from the latest one.

use anyhow::Result;

use crate::cli::NewArgs;
use crate::issue::next::start_next_issue;

/// Writes `issues/<id>/issue.toml` for the issue after the latest one, and prints its path.
pub(crate) fn run(args: &NewArgs) -> Result<()> {
    let started = start_next_issue(&args.issues, args.id.as_deref())?;
    println!(
        "wrote {} ({}年第{}期, from {})",
        started.path.display(),
        started.year,
        started.number,
        started.from
    );
    Ok(())
}
