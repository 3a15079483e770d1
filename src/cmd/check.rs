//! `bulletin check`: every check an issue must pass, with nothing written.

use anyhow::Result;

use crate::cli::CheckArgs;
use crate::typeset::pipeline::typeset;

/// Checks the data, the fonts and every character, typesets the issue, and prints a summary.
pub fn run(args: &CheckArgs) -> Result<()> {
    let typeset = typeset(&args.issue, &args.setup)?;
    let issue = &typeset.issue;
    println!(
        "{}: {} articles in {} sections, {} pages, {} warning(s): ready to print",
        args.issue.display(),
        issue.articles().count(),
        issue.sections.len(),
        typeset.document.pages().len(),
        typeset.warnings,
    );
    Ok(())
}
