//! `bulletin preflight`: inspect any PDF as a print shop would, and judge it.

use anyhow::Result;

use crate::cli::PreflightArgs;
use crate::preflight::pdfx::Target;
use crate::preflight::report::{render, render_json};
use crate::preflight::{PreflightFailed, Rules, Severity, preflight_file_for};

/// Prints the report; fails with [`PreflightFailed`] when an error would stop the press.
pub(crate) fn run(args: &PreflightArgs) -> Result<()> {
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
        print!("{}", render(&preflight));
    }
    match preflight.count(Severity::Error) {
        0 => Ok(()),
        errors => Err(PreflightFailed { errors }.into()),
    }
}
