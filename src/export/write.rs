//! Writes output through a temporary file beside the target, renamed on success.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

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
pub fn remove_files_named(dir: &Path, remove: impl Fn(&str) -> bool) -> Result<()> {
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
