//! `bulletin new`: start the next issue from the latest one.

use anyhow::Result;

use crate::cli::NewArgs;
use crate::diag::{Lang, Text};
use crate::issue::next::start_next_issue;

/// Writes `issues/<id>/issue.toml` for the issue after the latest one, and prints its path.
pub(crate) fn run(args: &NewArgs, lang: Lang) -> Result<()> {
    let started = start_next_issue(&args.issues, args.id.as_deref())?;
    let line = Text::new("new-wrote")
        .arg("path", started.path.display().to_string())
        .arg("year", started.year)
        .arg("number", started.number)
        .arg("from", started.from.as_str());
    println!("{}", line.render(lang));
    Ok(())
}
