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
    // A command whose reader goes away (`bulletin data … | head`) ends there, quietly, as
    // Unix tools do: SIGPIPE ends the process instead of every write failing (and `println!`
    // panicking). The desk keeps Rust's way, the signal ignored: a server outlives clients
    // that go away.
    set_sigpipe(libc::SIG_DFL);
    let cli = Cli::parse();
    if !cmd::ends_with_its_reader(&cli) {
        set_sigpipe(libc::SIG_IGN);
    }
    ExitCode::from(cmd::run(&cli))
}

/// Sets what SIGPIPE does to the process.
fn set_sigpipe(action: libc::sighandler_t) {
    #[cfg(unix)]
    // SAFETY: called on the main thread before any other thread exists; `action` is one of
    // the dispositions the system defines.
    unsafe {
        libc::signal(libc::SIGPIPE, action);
    }
}
