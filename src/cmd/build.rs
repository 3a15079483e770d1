//! `bulletin build`: typeset issues and write their PDFs, one or a whole archive at a time.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Result, bail};

use crate::archive::collect;
use crate::batch::{BatchFailed, run_all, summary};
use crate::cli::{BuildArgs, PdfArgs};
use crate::export::pdf::{default_path, export_pdf_as, file_name};
use crate::export::write::write_atomically;
use crate::model::Profile;
use crate::pipeline::{Typeset, typeset_with};

/// Builds the PDF of each issue named and prints where each went; several issues are
/// built in parallel and summed up at the end.
pub fn run(args: &BuildArgs) -> Result<()> {
    let targets = collect(&args.issues)?;
    if !targets.is_batch() {
        let built = build_issue(&targets.issues[0], args)?;
        println!("wrote {built}");
        return Ok(());
    }
    if args.output.is_some() {
        bail!("-o names the PDF of one issue; for several issues give the folder with --out-dir");
    }
    let jobs = match args.jobs {
        Some(jobs) => usize::from(jobs),
        None => std::thread::available_parallelism().map_or(1, usize::from),
    }
    .min(targets.issues.len());
    let start = Instant::now();
    let build = |issue: &Path| {
        let built = build_issue(issue, args);
        // Typst's caches would otherwise keep every issue's pages: keep what the issues
        // being built now still use (the layouts, the fonts), drop the rest.
        typst::comemo::evict(CACHE_AGE);
        built
    };
    let outcomes = run_all(&targets.issues, jobs, build, |b| b.to_string())?;
    print!("{}", summary(&outcomes, start.elapsed(), jobs));
    let failed = outcomes.iter().filter(|outcome| outcome.result.is_err()).count();
    if failed > 0 {
        return Err(BatchFailed { failed, total: outcomes.len() }.into());
    }
    Ok(())
}

/// How many issues' builds an unused cache entry survives in an archive build.
const CACHE_AGE: usize = 2;

/// What one build wrote, as its line of output says it.
pub struct Built {
    /// Where the PDF went.
    pub path: PathBuf,
    /// How many pages it has.
    pub pages: usize,
    /// The profile and print extras.
    pub description: String,
}

impl std::fmt::Display for Built {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} ({} pages, {})", self.path.display(), self.pages, self.description)
    }
}

/// Typesets the issue in `issue_dir` and writes its PDF where `args` say.
pub fn build_issue(issue_dir: &Path, args: &BuildArgs) -> Result<Built> {
    let typeset = typeset_with(issue_dir, &args.setup, &args.pdf.output_options())?;
    let bytes = export_pdf_as(
        &typeset.document,
        &typeset.issue,
        typeset.profile,
        &args.pdf.output_options(),
    )?;
    if typeset.profile == Profile::Print {
        let level =
            crate::export::pdf::pdfx_options(&typeset.issue, &args.pdf.output_options()).level;
        crate::export::pdfx::verify(&bytes, level)?;
    }
    let path = match (&args.output, &args.out_dir) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.join(file_name(&typeset.issue.id, typeset.profile)),
        (None, None) => default_path(&typeset.project.root, &typeset.issue.id, typeset.profile)?,
    };
    write_atomically(&path, &bytes)?;
    let description = describe(&typeset, &args.pdf);
    Ok(Built { path, pages: typeset.document.pages().len(), description })
}

/// The profile and print extras, as the summary line names them.
fn describe(typeset: &Typeset, pdf: &PdfArgs) -> String {
    let mut parts = vec![match typeset.profile {
        Profile::Print => format!(
            "print profile, {}",
            crate::export::pdf::pdfx_options(&typeset.issue, &pdf.output_options()).level
        ),
        Profile::Screen => "screen profile, PDF/A-2b, PDF/UA-1".to_owned(),
    }];
    if let Some(bleed) = pdf.bleed.filter(|bleed| !bleed.is_zero()) {
        parts.push(format!("{bleed} bleed"));
    }
    if pdf.marks {
        parts.push("crop marks".to_owned());
    }
    if typeset.blank_pages > 0 {
        parts.push(format!("{} blank before the last", typeset.blank_pages));
    }
    parts.join(", ")
}
