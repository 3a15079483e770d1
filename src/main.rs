//! Entry point: parse the arguments, run the command, print its failure, set the exit code
//! (0 done, 1 the checks found problems or the versions differ, 2 an error).

use std::process::ExitCode;

use clap::Parser;

use bulletin::cli::Cli;
use bulletin::cmd;

/// Typesetting allocates and frees many small objects; mimalloc does that faster than the
/// system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    ExitCode::from(cmd::run(&Cli::parse()))
}
