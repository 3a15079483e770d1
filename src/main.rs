//! Entry point: parse arguments, run the command, print errors, set the exit code.

use std::process::ExitCode;

use clap::Parser;

use bulletin::cli::{Cli, Command};
use bulletin::cmd;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Build(args) => cmd::build::run(args),
        Command::Data(args) => cmd::data::run(args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(2)
        }
    }
}
