//! Reading the files people give bulletin: present, a file, not huge, and UTF-8 text
//! where text is wanted; what is wrong goes into the report, in their terms.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::diag::{Problem, Report};

/// Larger files are refused before they are read: no issue comes near this.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads `path`; if it is missing, not a file or over [`MAX_FILE_BYTES`], a problem goes
/// into `report` and the result is `None`. Only a failure while reading is an error.
pub fn read_bytes(path: &Path, report: &mut Report) -> Result<Option<Vec<u8>>> {
    let problem = match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() <= MAX_FILE_BYTES => {
            let bytes =
                fs::read(path).with_context(|| format!("failed to read `{}`", path.display()))?;
            return Ok(Some(bytes));
        }
        Ok(meta) if meta.is_file() => Problem::general(format!(
            "`{}` is {} bytes, more than the {MAX_FILE_BYTES} an input file may have",
            path.display(),
            meta.len()
        ))
        .hint("is this the right file?"),
        Ok(_) => Problem::general(format!("`{}` is not a file", path.display())),
        Err(err) => Problem::general(format!("cannot read `{}`: {err}", path.display()))
            .hint("check that the file exists and the path is spelt right"),
    };
    report.push(problem);
    Ok(None)
}

/// `bytes`, read from `path`, as UTF-8 text; otherwise a problem naming the line of the
/// first invalid byte, with `hint`, goes into `report` and the result is `None`.
pub fn utf8_text(path: &Path, bytes: Vec<u8>, hint: &str, report: &mut Report) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            report.push(
                Problem::general(format!(
                    "`{}` is not UTF-8 text (an invalid byte on line {line}, byte {at})",
                    path.display()
                ))
                .hint(hint),
            );
            None
        }
    }
}
