//! The front ends on the command line: one module per subcommand, and the terminal's way
//! of showing findings, failures and progress. The only code that sees `cli`.

pub(crate) mod build;
pub(crate) mod check;
pub(crate) mod data;
pub(crate) mod diff;
pub(crate) mod doctor;
pub(crate) mod findings;
pub(crate) mod history;
pub(crate) mod import;
pub(crate) mod init;
pub(crate) mod manual;
pub(crate) mod new;
pub(crate) mod preflight;
pub(crate) mod progress;
pub(crate) mod render;
pub(crate) mod secret;
pub(crate) mod serve;
pub(crate) mod users;
pub mod version;
pub(crate) mod watch;

use crate::cli::{Cli, Command};
use crate::diag::Lang;

/// Whether the command ends when the reader of its output goes away, as Unix tools do:
/// every command but `serve`, which must outlive the browsers that go away.
pub fn ends_with_its_reader(cli: &Cli) -> bool {
    !matches!(cli.command, Command::Serve(_))
}

/// Runs the command `cli` names, prints its failure if it fails, and gives the exit code.
///
/// Fail points for the fault tests (`FAILPOINTS=desk-export=1*panic`,
/// `write-unnamed=sleep(30)`, see docs/testing.md) are read from the environment here,
/// once for the process; there are none otherwise.
pub fn run(cli: &Cli) -> u8 {
    std::mem::forget(fail::FailScenario::setup());
    let lang = cli.lang.unwrap_or_else(Lang::from_environment);
    let result = match &cli.command {
        Command::Build(args) => build::run(args, lang),
        Command::Data(args) => data::run(args),
        Command::Check(args) => check::run(args, lang),
        Command::Render(args) => render::run(args, lang),
        Command::Diff(args) => diff::run(args),
        Command::Preflight(args) => preflight::run(args, lang),
        Command::New(args) => new::run(args, lang),
        Command::Import(args) => import::run(args, lang),
        Command::Watch(args) => watch::run(args, lang),
        Command::Serve(args) => serve::run(args, lang),
        Command::History(args) => history::run(args, lang),
        Command::Init(args) => init::run(args, lang),
        Command::Users(args) => users::run(args, lang),
        Command::Doctor(args) => doctor::run(args, lang),
        Command::Manual(args) => manual::run(args),
    };
    let Err(err) = result else { return 0 };
    // Outcomes already reported in full: only the exit code is left to give.
    if let Some(reported) = err.downcast_ref::<findings::Reported>() {
        return reported.code;
    }
    // The versions differ, as the summary already said: a result, not a failure.
    if err.downcast_ref::<diff::Differs>().is_some() {
        return 1;
    }
    // The report already listed the findings: the verdict goes in the exit code.
    if let Some(failed) = err.downcast_ref::<crate::preflight::PreflightFailed>() {
        eprintln!("{}", failed.words().render(lang));
        return 1;
    }
    // The summary already named the failed issues and why.
    if let Some(failed) = err.downcast_ref::<crate::archive::batch::BatchFailed>() {
        eprintln!("error: {failed}");
        return 1;
    }
    findings::print_failure(&err, lang)
}
