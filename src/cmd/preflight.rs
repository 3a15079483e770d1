//! `bulletin preflight`: inspect any PDF as a print shop would, and judge it.

use anyhow::Result;

use crate::cli::PreflightArgs;
use crate::diag::Lang;
use crate::preflight::pdfx::Target;
use crate::preflight::report::{render, render_json};
use crate::preflight::{PreflightFailed, Rules, Severity, preflight_file_for};

/// Prints the report in words of `lang` (JSON stays in English, for scripts); fails with [`PreflightFailed`] when an error would stop the press.
pub(crate) fn run(args: &PreflightArgs, lang: Lang) -> Result<()> {
    let (intent, pdfx) = match args.intent {
        Some(Target::Profile(profile)) => (Some(profile), None),
        Some(Target::Pdfx(level)) => (None, Some(level)),
        None => (None, None),
    };
    let rules = Rules { intent, multiple: args.multiple };
    let preflight = preflight_file_for(&args.pdf, &rules, pdfx)?;
    if args.json {
        println!("{}", render_json(&preflight)?);
    } else {
        print!("{}", render(&preflight, lang));
    }
    match preflight.count(Severity::Error) {
        0 => Ok(()),
        errors => Err(PreflightFailed { errors }.into()),
    }
}
