//! Entry point: parse the arguments, run the command, print its failure, set the exit code
//! (0 done, 1 the checks found problems or the versions differ, 2 an error).

use std::process::ExitCode;

use clap::{CommandFactory as _, FromArgMatches as _};

use bulletin::cli::Cli;
use bulletin::cmd;

/// Typesetting allocates and frees many small objects; mimalloc does that faster than the
/// system allocator. The desk also has it keep a few large blocks for reuse.
#[global_allocator]
static ALLOCATOR: bulletin::typeset::allocator::Allocator = bulletin::typeset::allocator::Allocator;

fn main() -> ExitCode {
    bulletin::typeset::memory::no_huge_pages();
    // A command whose reader goes away (`bulletin data … | head`) ends there, quietly, as
    // Unix tools do: SIGPIPE ends the process instead of every write failing (and `println!`
    // panicking). The desk keeps Rust's way, the signal ignored: a server outlives clients
    // that go away.
    set_sigpipe(libc::SIG_DFL);
    let cli = parse();
    if !cmd::ends_with_its_reader(&cli) {
        set_sigpipe(libc::SIG_IGN);
    }
    ExitCode::from(cmd::run(&cli))
}

/// The command line, parsed. `--version` says, besides the version, where the layouts and
/// fonts come from: worked out only when asked, as it reads the project's files.
fn parse() -> Cli {
    let mut command = Cli::command();
    if std::env::args_os().skip(1).any(|arg| arg == "--version") {
        let lang = std::env::args()
            .skip_while(|arg| arg != "--lang")
            .nth(1)
            .and_then(|tag| bulletin::diag::Lang::from_tag(&tag))
            .unwrap_or_else(bulletin::diag::Lang::from_environment);
        command = command.long_version(cmd::version::long_version(lang).leak() as &str);
    }
    let matches = command.get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
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
