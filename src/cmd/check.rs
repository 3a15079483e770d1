//! `bulletin check`: every check an issue must pass, with nothing written.

use anyhow::Result;
use serde::Serialize;

use crate::cli::{CheckArgs, Format};
use crate::cmd::findings::{
    JsonOutcome, JsonSummary, Reported, exit_code, print_findings, print_json,
};
use crate::diag::{Lang, Text};
use crate::typeset::engine::{Build, Engine, Lifetime};
use crate::typeset::options::OutputOptions;

/// Checks the data, the fonts and every character, typesets the issue, and prints a
/// summary (or, with `--format json`, one JSON document).
pub(crate) fn run(args: &CheckArgs, lang: Lang) -> Result<()> {
    let options = args.setup.engine_options(OutputOptions::default());
    let built = Engine::open(&args.issue, &options, Lifetime::OneShot)
        .and_then(|mut engine| engine.rebuild());
    let issue = args.issue.display().to_string();
    match (args.format, built) {
        (Format::Human, Ok(build)) => {
            print_findings(&build.report, lang);
            let summary = Text::new("check-ready")
                .arg("issue", issue.as_str())
                .arg("articles", build.issue.articles().count())
                .arg("sections", build.issue.sections.len())
                .arg("pages", build.document.pages().len())
                .arg("warnings", build.report.warnings());
            println!("{}", summary.render(lang));
            Ok(())
        }
        (Format::Human, Err(err)) => Err(err),
        (Format::Json, Ok(build)) => {
            let outcome = JsonOutcome::passed(&issue, &build.report, summary(&build), lang);
            print_json(&Checked { command: "check", exit_code: 0, outcome });
            Ok(())
        }
        (Format::Json, Err(err)) => {
            let code = exit_code(&err);
            let outcome = JsonOutcome::failed(&issue, &err, lang);
            print_json(&Checked { command: "check", exit_code: code, outcome });
            Err(Reported { code }.into())
        }
    }
}

/// The counts of a build, for JSON.
pub(crate) fn summary(build: &Build) -> JsonSummary {
    JsonSummary {
        pages: Some(build.document.pages().len()),
        sections: Some(build.issue.sections.len()),
        articles: Some(build.issue.articles().count()),
        ..JsonSummary::default()
    }
}

/// The JSON document of `check` and of a one-issue `build`.
#[derive(Serialize)]
pub(crate) struct Checked {
    /// `check` or `build`.
    pub command: &'static str,
    /// The exit code the command gives.
    pub exit_code: u8,
    /// The issue's outcome.
    #[serde(flatten)]
    pub outcome: JsonOutcome,
}
