//! The files people give bulletin and the files it gives back: reads that refuse what is
//! missing, huge or not text, in the reader's terms; writes that never leave half a file.

use std::fs;
use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use crate::diag::{Diagnostic, Kind, Report, Text};

/// Larger files are refused before they are read: no issue comes near this.
pub(crate) const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads `path`; if it is missing, not a file or over [`MAX_FILE_BYTES`], a problem goes
/// into `report` and the result is `None`. Only a failure while reading is an error.
pub(crate) fn read_bytes(path: &Path, report: &mut Report) -> Result<Option<Vec<u8>>> {
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
pub(crate) fn utf8_text(
    path: &Path,
    bytes: Vec<u8>,
    hint: Text,
    report: &mut Report,
) -> Option<String> {
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

/// Replaces `path` with `bytes` so that readers see either the old or the new file, never half.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => {}
        Ok(_) => {
            anyhow::bail!("cannot write `{}`: `{}` is not a folder", path.display(), dir.display())
        }
        Err(_) => anyhow::bail!(
            "cannot write `{}`: the folder `{}` does not exist; create it first or choose another -o",
            path.display(),
            dir.display()
        ),
    }
    let mut file = tempfile::Builder::new()
        .prefix(".bulletin-")
        .suffix(".part")
        .tempfile_in(dir)
        .with_context(|| {
        format!("cannot write into `{}`: is the folder read-only?", dir.display())
    })?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .with_context(|| format!("failed to write into `{}`", dir.display()))?;
    // Temporary files are private (0600); the finished file is for the print shop too.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .with_context(|| format!("failed to set the permissions of `{}`", path.display()))?;
    }
    file.persist(path).with_context(|| format!("failed to write `{}`", path.display()))?;
    Ok(())
}

/// Removes the files in `dir` (not its subfolders) whose names `remove` accepts, such as
/// page images an earlier, longer run left behind.
pub(crate) fn remove_files_named(dir: &Path, remove: impl Fn(&str) -> bool) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))?;
    for entry in entries {
        let path = entry.with_context(|| format!("failed to list `{}`", dir.display()))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_file() && remove(name) {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_replaces_the_old_file_and_is_readable_by_others() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("issue.pdf");
        std::fs::write(&path, b"old").unwrap();
        write_atomically(&path, b"new").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644);
        }
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "a temporary file was left behind");
    }
}
