//! `bulletin build`: typeset issues and write their PDFs, one or a whole archive at a time.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail};
use serde::Serialize;

use crate::archive::batch::{BatchFailed, Outcome, run_all, summary};
use crate::archive::targets::collect;
use crate::cli::{BuildArgs, Format};
use crate::cmd::check::{Checked, summary as counts};
use crate::cmd::findings::{
    JsonOutcome, Reported, exit_code, failure_text, print_findings, print_json,
};
use crate::cmd::progress::Progress;
use crate::diag::{Diagnostic, Kind, Lang, Report, Text};
use crate::export::pdf::{default_path, file_name, pdfx_options};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::files::{folder_of, write_atomically};
use crate::issue::history::revision_of;
use crate::issue::model::Profile;
use crate::issue::review::Review;
use crate::typeset::engine::{Build, Engine, Lifetime};

/// Builds the PDF of each issue named and prints where each went; several issues are
/// built in parallel and summed up at the end.
pub(crate) fn run(args: &BuildArgs, lang: Lang) -> Result<()> {
    let targets = collect(&args.issues)?;
    // Where the PDFs go is checked before any issue is typeset.
    if let Some(dir) = &args.out_dir {
        out_dir_exists(dir)?;
    }
    if let Some(path) = &args.output {
        folder_of(path)?;
    }
    if !targets.is_batch() {
        return build_one(&targets.issues[0], args, lang);
    }
    if args.output.is_some() {
        bail!(Text::new("build-one-output"));
    }
    let jobs = match args.jobs {
        Some(jobs) => usize::from(jobs),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    }
    .min(targets.issues.len());
    let start = Instant::now();
    let human = args.format == Format::Human;
    let progress = human.then(|| Progress::new(targets.issues.len()));
    let build = |issue: &Path| {
        let built = build_issue(issue, args, Then::MoreIssues);
        // Typst's caches would otherwise keep every issue's pages: keep what the issues
        // being built now still use (the layouts, the fonts), drop the rest.
        typst::comemo::evict(CACHE_AGE);
        built
    };
    let done = |outcome: &Outcome<Built>| {
        let Some(progress) = &progress else { return };
        match &outcome.result {
            Ok(built) => {
                print_findings(&built.report, lang);
                let seconds = format!("{:.2}", outcome.elapsed.as_secs_f64());
                let line = Text::new("build-built-in")
                    .arg("built", built.summary(lang))
                    .arg("seconds", seconds);
                progress.finished(&line.render(lang));
            }
            Err(_) => {
                let line = Text::new("build-failed-below")
                    .arg("issue", outcome.issue.display().to_string());
                progress.finished(&line.render(lang))
            }
        }
    };
    let outcomes = run_all(&targets.issues, jobs, build, done)?;
    if let Some(progress) = &progress {
        progress.finish();
    }
    let failed = outcomes.iter().filter(|outcome| outcome.result.is_err()).count();
    if !human {
        let issues = outcomes.iter().map(|outcome| json_outcome(outcome, lang)).collect();
        let code = if failed > 0 { 1 } else { 0 };
        print_json(&Archive {
            command: "build",
            exit_code: code,
            ok: failed == 0,
            built: outcomes.len() - failed,
            total: outcomes.len(),
            seconds: start.elapsed().as_secs_f64(),
            issues,
        });
        return if failed > 0 { Err(Reported { code }.into()) } else { Ok(()) };
    }
    print!("{}", summary(&outcomes, start.elapsed(), jobs, |err| failure_text(err, lang), lang));
    if failed > 0 {
        return Err(BatchFailed { failed, total: outcomes.len() }.into());
    }
    Ok(())
}

/// Fails unless `dir`, given with `--out-dir`, is a folder.
fn out_dir_exists(dir: &Path) -> Result<()> {
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => bail!(Text::new("out-dir-not-folder").arg("dir", dir.display().to_string())),
        Err(_) => bail!(Text::new("out-dir-missing").arg("dir", dir.display().to_string())),
    }
}

/// How many issues' builds an unused cache entry survives in an archive build.
const CACHE_AGE: usize = 2;

/// Builds one issue, reporting as `--format` says.
fn build_one(issue: &Path, args: &BuildArgs, lang: Lang) -> Result<()> {
    let built = build_issue(issue, args, Then::ProcessEnds);
    let shown = issue.display().to_string();
    match (args.format, built) {
        (Format::Human, Ok(built)) => {
            print_findings(&built.report, lang);
            println!("{}", Text::new("build-wrote").arg("built", built.summary(lang)).render(lang));
            Ok(())
        }
        (Format::Human, Err(err)) => Err(err),
        (Format::Json, result) => {
            let code = result.as_ref().err().map_or(0, exit_code);
            let outcome = match &result {
                Ok(built) => built_outcome(&shown, built, lang),
                Err(err) => JsonOutcome::failed(&shown, err, lang),
            };
            print_json(&Checked { command: "build", exit_code: code, outcome });
            if code == 0 { Ok(()) } else { Err(Reported { code }.into()) }
        }
    }
}

/// What one build wrote, as its line of output says it.
pub(crate) struct Built {
    /// Where the PDF went.
    pub path: PathBuf,
    /// How many pages it has.
    pub pages: usize,
    /// The profile and print extras.
    pub description: Vec<Text>,
    /// The warnings found.
    pub report: Report,
    /// The counts for JSON.
    counts: crate::cmd::findings::JsonSummary,
}

impl Built {
    /// The PDF, its pages and what it is, in `lang`: `out/2023-08.pdf (24 pages, print
    /// profile, PDF/X-4)`.
    pub(crate) fn summary(&self, lang: Lang) -> String {
        let separator = Text::new("list-separator").render(lang);
        let description: Vec<String> =
            self.description.iter().map(|part| part.render(lang)).collect();
        Text::new("build-summary")
            .arg("path", self.path.display().to_string())
            .arg("pages", self.pages)
            .arg("description", description.join(&separator))
            .render(lang)
    }
}

/// What follows an issue's build in this process, which decides what the build frees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Then {
    /// More issues (an archive): the issue's engine and pages are freed, Typst's cached
    /// results kept for the next issues, which share the layouts.
    MoreIssues,
    /// Nothing: the process ends, which gives back all of its memory at once. Nothing is
    /// freed before (Typst's cached results, the issue's pages, the engine): freeing
    /// tens of megabytes block by block and handing the pages back to the system one
    /// by one took a one-issue build about 3 ms, for a peak 8 MiB lower.
    ProcessEnds,
}

/// Typesets the issue in `issue_dir` and writes its PDF where `args` say.
pub(crate) fn build_issue(issue_dir: &Path, args: &BuildArgs, then: Then) -> Result<Built> {
    if then == Then::ProcessEnds {
        crate::typeset::memory::keep_freed_memory();
    }
    let options = args.setup.engine_options(args.pdf.output_options());
    let mut engine = Engine::open(issue_dir, &options, Lifetime::OneShot)?;
    let build = engine.rebuild()?;
    let bytes = engine.export_verified_pdf(&build)?;
    let path = match (&args.output, &args.out_dir) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.join(file_name(&build.issue.id, build.profile)),
        (None, None) => default_path(&engine.project().root, &build.issue.id, build.profile)?,
    };
    write_atomically(&path, &bytes)?;
    let mut build = build;
    if build.profile == Profile::Print && !signed_off(issue_dir) {
        let warning = Diagnostic::warning(Kind::NotSignedOff, Text::new("build-not-signed-off"));
        build.report.push(warning);
    }
    let description = describe(&build, args);
    let counts = counts(&build);
    let pages = build.document.pages().len();
    let report = std::mem::take(&mut build.report);
    if then == Then::ProcessEnds {
        // Freed by the process's end (see `Then`); a one-shot engine holds no files or
        // folders of its own to remove.
        std::mem::forget(build);
        std::mem::forget(engine);
    }
    Ok(Built { path, pages, description, report, counts })
}

/// Whether the issue in `issue_dir` is signed off as its file is now, or not under review
/// at all (the desk refuses its print PDF otherwise).
fn signed_off(issue_dir: &Path) -> bool {
    let Ok(ledger) = Review::of(issue_dir).read() else { return false };
    if !ledger.in_use() {
        return true;
    }
    std::fs::read_to_string(issue_dir.join(ISSUE_FILE))
        .is_ok_and(|text| ledger.signed(&revision_of(&text)))
}

/// The profile and print extras, as the summary line names them.
fn describe(build: &Build, args: &BuildArgs) -> Vec<Text> {
    let mut parts = vec![match build.profile {
        Profile::Print => Text::new("build-print-profile")
            .arg("level", pdfx_options(&build.issue, &build.print).level.to_string()),
        Profile::Screen => Text::new("build-screen-profile"),
    }];
    if let Some(bleed) = args.pdf.bleed.filter(|bleed| !bleed.is_zero()) {
        parts.push(Text::new("build-bleed").arg("bleed", bleed.to_string()));
    }
    if args.pdf.marks {
        parts.push(Text::new("build-marks"));
    }
    if build.blank_pages > 0 {
        parts.push(Text::new("build-blank-pages").arg("count", build.blank_pages));
    }
    parts
}

fn built_outcome(issue: &str, built: &Built, lang: Lang) -> JsonOutcome {
    let mut outcome = JsonOutcome::passed(issue, &built.report, built.counts.clone(), lang);
    outcome.output = Some(built.path.display().to_string());
    outcome
}

fn json_outcome(outcome: &Outcome<Built>, lang: Lang) -> JsonOutcome {
    let issue = outcome.issue.display().to_string();
    match &outcome.result {
        Ok(built) => built_outcome(&issue, built, lang),
        Err(err) => JsonOutcome::failed(&issue, err, lang),
    }
}

/// The JSON document of an archive build.
#[derive(Serialize)]
struct Archive {
    command: &'static str,
    exit_code: u8,
    ok: bool,
    built: usize,
    total: usize,
    seconds: f64,
    issues: Vec<JsonOutcome>,
}
