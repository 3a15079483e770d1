//! `bulletin preflight`: inspect any PDF as a print shop would, and judge it.

use anyhow::Result;

use crate::cli::PreflightArgs;
use crate::preflight::report::{render, render_json};
use crate::preflight::{PreflightFailed, Rules, Severity, preflight_file};

/// Prints the report; fails with [`PreflightFailed`] when an error would stop the press.
pub(crate) fn run(args: &PreflightArgs) -> Result<()> {
    let rules = Rules { intent: args.intent, multiple: args.multiple };
    let preflight = preflight_file(&args.pdf, &rules)?;
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
