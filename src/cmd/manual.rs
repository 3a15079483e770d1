//! `bulletin manual`: writes the manual pages and the shell completions from the command
//! line's own definition, for the package.

use std::fs;

use anyhow::{Context, Result};
use clap::CommandFactory as _;
use clap_complete::Shell;

use crate::cli::{Cli, ManualArgs};
use crate::diag::{Text, TextContext};

/// Writes `man/bulletin.1`, one `man/bulletin-<command>.1` for each command, and
/// `completions/` for bash, zsh and fish.
pub(crate) fn run(args: &ManualArgs) -> Result<()> {
    let man = args.out.join("man");
    let completions = args.out.join("completions");
    for dir in [&man, &completions] {
        fs::create_dir_all(dir)
            .text_context(|| Text::new("make-failed").arg("dir", dir.display().to_string()))?;
    }
    let command = Cli::command();
    clap_mangen::generate_to(command.clone(), &man)
        .text_context(|| Text::new("manual-write-failed").arg("dir", man.display().to_string()))?;
    for shell in [Shell::Bash, Shell::Zsh, Shell::Fish] {
        clap_complete::generate_to(shell, &mut command.clone(), "bulletin", &completions)
            .with_context(|| format!("failed to write the {shell} completions"))?;
    }
    println!("wrote {} and {}", man.display(), completions.display());
    Ok(())
}
