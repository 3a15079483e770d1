//! Reading the files people give bulletin: present, a file, not huge, and UTF-8 text
//! where text is wanted; what is wrong goes into the report, in their terms.

use std::fs;
use std::path::Path;

use anyhow::{Context, Result};

use crate::diag::{Diagnostic, Kind, Report, Text};

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
        Ok(meta) if meta.is_file() => Diagnostic::error(
            Kind::FileTooLarge,
            Text::new("file-too-large")
                .arg("path", path.display().to_string())
                .arg("bytes", meta.len())
                .arg("max", MAX_FILE_BYTES),
        )
        .hint(Text::new("hint-right-file")),
        Ok(_) => Diagnostic::error(
            Kind::NotAFile,
            Text::new("not-a-file").arg("path", path.display().to_string()),
        ),
        Err(err) => Diagnostic::error(
            Kind::FileUnreadable,
            Text::new("file-unreadable")
                .arg("path", path.display().to_string())
                .arg("reason", err.to_string()),
        )
        .hint(Text::new("hint-check-path")),
    };
    report.push(problem);
    Ok(None)
}

/// `bytes`, read from `path`, as UTF-8 text; otherwise a problem naming the line of the
/// first invalid byte, with `hint`, goes into `report` and the result is `None`.
pub fn utf8_text(path: &Path, bytes: Vec<u8>, hint: Text, report: &mut Report) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(err) => {
            let at = err.utf8_error().valid_up_to();
            let line = err.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            report.push(
                Diagnostic::error(
                    Kind::NotUtf8,
                    Text::new("not-utf8")
                        .arg("path", path.display().to_string())
                        .arg("line", line)
                        .arg("byte", at),
                )
                .hint(hint),
            );
            None
        }
    }
}
