//! Entry point: parse arguments, run the command, print errors, set the exit code.

use std::process::ExitCode;

use clap::Parser;

use bulletin::cli::{Cli, Command};
use bulletin::cmd;
use bulletin::diag::ProblemsFound;

/// Typesetting allocates and frees many small objects; mimalloc does that faster than the
/// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Data(args) => cmd::data::run(args),
        Command::Check(args) => cmd::check::run(args),
        Command::Render(args) => cmd::render::run(args),
        Command::Diff(args) => cmd::diff::run(args),
        Command::Preflight(args) => cmd::preflight::run(args),
        Command::New(args) => cmd::new::run(args),
        Command::Import(args) => cmd::import::run(args),
        Command::Watch(args) => cmd::watch::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The checks' own findings are already in the editor's terms: print them as
            // they are, and say so in the exit code.
            if let Some(problems) = err.downcast_ref::<ProblemsFound>() {
                eprintln!("{problems}");
                return ExitCode::from(1);
            }
            // The versions differ, as the summary already said: a result, not a failure.
            if err.downcast_ref::<bulletin::cmd::diff::Differs>().is_some() {
                return ExitCode::from(1);
            }
            // The report already listed the findings: the verdict goes in the exit code.
            if let Some(failed) = err.downcast_ref::<bulletin::preflight::PreflightFailed>() {
                eprintln!("{failed}");
                return ExitCode::from(1);
            }
            // The summary already named the failed issues and why.
            if let Some(failed) = err.downcast_ref::<bulletin::archive::batch::BatchFailed>() {
                eprintln!("error: {failed}");
                return ExitCode::from(1);
            }
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
