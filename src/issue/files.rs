//! The files people give bulletin and the files it gives back: reads that refuse what is
//! missing, huge or not text, in the reader's terms; writes that never leave half a file.

use std::fs;
use std::io::Write;
use std::path::Path;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};

use crate::diag::{Diagnostic, Kind, Report, Text, TextContext};

/// Larger files are refused before they are read: no issue comes near this.
pub(crate) const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

/// Reads `path`; if it is missing, not a file or over [`MAX_FILE_BYTES`], a problem goes
/// into `report` and the result is `None`. Only a failure while reading is an error.
pub(crate) fn read_bytes(path: &Path, report: &mut Report) -> Result<Option<Vec<u8>>> {
    let problem = match fs::metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() <= MAX_FILE_BYTES => {
            let bytes = fs::read(path).text_context(|| {
                Text::new("read-failed").arg("path", path.display().to_string())
            })?;
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

/// Temporary files of writes: `.bulletin-<pid>-XXXX.part`, beside the file they become,
/// named after the writing process so that those of a killed one are known.
const PART_PREFIX: &str = ".bulletin-";
const PART_SUFFIX: &str = ".part";

/// A temporary file left by a write that was killed is removed by the next write into its
/// folder once it is this old (no write keeps one that long).
const STALE_PART: Duration = Duration::from_secs(60);

/// The folder `path` is to be written in; fails, naming both, unless it is an existing
/// folder. [`write_atomically`] checks it first; a command checks it before its work too.
pub fn folder_of(path: &Path) -> Result<&Path> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    match std::fs::metadata(dir) {
        Ok(meta) if meta.is_dir() => Ok(dir),
        Ok(_) => {
            anyhow::bail!(
                Text::new("cannot-write-not-a-folder")
                    .arg("path", path.display().to_string())
                    .arg("dir", dir.display().to_string())
            )
        }
        Err(_) => anyhow::bail!(
            Text::new("cannot-write-no-folder")
                .arg("path", path.display().to_string())
                .arg("dir", dir.display().to_string())
        ),
    }
}

/// Replaces `path` with `bytes` so that readers see either the old or the new file, never
/// half; the finished file is readable by others (0644).
///
/// On Linux the bytes go into a file without a name in the same folder (`O_TMPFILE`),
/// named `.bulletin-<pid>-XXXX.part` only for the instant between linking it and renaming it
/// over `path`: a process killed while writing leaves nothing behind. Elsewhere, or on a
/// file system without unnamed files, the temporary file is named from the start. Either
/// way, the temporary files a killed write left (of a process no longer running, or older
/// than a minute) are removed here.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = folder_of(path)?;
    remove_stale_parts(dir, SystemTime::now() - STALE_PART);
    #[cfg(target_os = "linux")]
    if unnamed::write(dir, path, bytes)? {
        return Ok(());
    }
    let mut file = tempfile::Builder::new()
        .prefix(&part_prefix())
        .suffix(PART_SUFFIX)
        .tempfile_in(dir)
        .with_context(|| read_only(dir))?;
    file.write_all(bytes)
        .and_then(|()| file.as_file().sync_all())
        .text_context(|| Text::new("write-into-failed").arg("dir", dir.display().to_string()))?;
    readable_by_others(file.as_file(), path)?;
    fail::fail_point!("write-named");
    file.persist(path)
        .text_context(|| Text::new("file-unwritable").arg("path", path.display().to_string()))?;
    Ok(())
}

fn read_only(dir: &Path) -> String {
    format!("cannot write into `{}`: is the folder read-only?", dir.display())
}

/// Temporary files are private (0600); the finished file is for the print shop too.
fn readable_by_others(file: &fs::File, path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o644)).text_context(|| {
            Text::new("permissions-failed").arg("path", path.display().to_string())
        })?;
    }
    #[cfg(not(unix))]
    let _ = (file, path);
    Ok(())
}

/// The start of this process's temporary file names: `.bulletin-<pid>-`.
fn part_prefix() -> String {
    format!("{PART_PREFIX}{}-", std::process::id())
}

/// The process that made a temporary file, from its name, if the name is one
/// [`part_prefix`] starts.
fn part_maker(name: &str) -> Option<u32> {
    let rest = name.strip_prefix(PART_PREFIX)?.strip_suffix(PART_SUFFIX)?;
    let (pid, _) = rest.split_once('-')?;
    pid.parse().ok()
}

/// Removes the temporary files in `dir` of writes that were killed: those of a process
/// that is no longer running, and any last changed before `before` (a write links its
/// file only the instant before renaming it, which changes it). What cannot be removed is
/// left.
fn remove_stale_parts(dir: &Path, before: SystemTime) {
    let Ok(entries) = fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(PART_PREFIX) && name.ends_with(PART_SUFFIX)) {
            continue;
        }
        let Ok(meta) = entry.path().symlink_metadata() else { continue };
        let maker_gone = part_maker(name).is_some_and(|pid| !crate::issue::scratch::running(pid));
        if meta.is_file() && (maker_gone || changed_before(&meta, before)) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Removes the temporary files that killed writes left in `dir` (see [`write_atomically`]),
/// for a program that opens the folder to write in it later.
pub fn remove_killed_writes(dir: &Path) {
    remove_stale_parts(dir, SystemTime::now() - STALE_PART);
}

/// Whether the file was last changed (its data, name or permissions) before `time`.
fn changed_before(meta: &fs::Metadata, time: SystemTime) -> bool {
    #[cfg(unix)]
    let changed = {
        use std::os::unix::fs::MetadataExt;
        u64::try_from(meta.ctime()).ok().map(|secs| UNIX_EPOCH + Duration::from_secs(secs))
    };
    #[cfg(not(unix))]
    let changed = meta.modified().ok();
    changed.is_some_and(|changed| changed < time)
}

/// Writes through a file without a name (Linux's `O_TMPFILE`).
#[cfg(target_os = "linux")]
mod unnamed {
    use std::ffi::CString;
    use std::fs::OpenOptions;
    use std::io::Write;
    use std::os::fd::AsRawFd;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::OpenOptionsExt;
    use std::path::Path;

    use anyhow::{Context, Result};

    use crate::diag::{Text, TextContext};

    use super::{PART_SUFFIX, part_prefix, read_only, readable_by_others};

    /// Writes `bytes` into an unnamed file in `dir`, then names it `path`: `false` (and
    /// nothing written) if the folder's file system has no unnamed files or /proc is not
    /// there to name one.
    pub(super) fn write(dir: &Path, path: &Path, bytes: &[u8]) -> Result<bool> {
        let opened =
            OpenOptions::new().write(true).mode(0o600).custom_flags(libc::O_TMPFILE).open(dir);
        let mut file = match opened {
            Ok(file) => file,
            Err(err) if unsupported(&err) => return Ok(false),
            Err(err) => return Err(err).with_context(|| read_only(dir)),
        };
        file.write_all(bytes).and_then(|()| file.sync_all()).text_context(|| {
            Text::new("write-into-failed").arg("dir", dir.display().to_string())
        })?;
        readable_by_others(&file, path)?;
        // The fault tests widen the moment between writing and naming (a kill there must
        // leave nothing): `FAILPOINTS=write-unnamed=sleep(30)`; `write-named` for a named file.
        fail::fail_point!("write-unnamed");
        let source = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))?;
        // The name lives only from here to the rename.
        let part = loop {
            let part =
                dir.join(format!("{}{:016x}{PART_SUFFIX}", part_prefix(), fastrand::u64(..)));
            let target = CString::new(part.as_os_str().as_bytes())?;
            // SAFETY: both strings are NUL-terminated and outlive the call.
            let linked = unsafe {
                libc::linkat(
                    libc::AT_FDCWD,
                    source.as_ptr(),
                    libc::AT_FDCWD,
                    target.as_ptr(),
                    libc::AT_SYMLINK_FOLLOW,
                )
            };
            if linked == 0 {
                break part;
            }
            let err = std::io::Error::last_os_error();
            match err.kind() {
                std::io::ErrorKind::AlreadyExists => continue,
                // No /proc to name the file by: the caller writes a named file instead.
                std::io::ErrorKind::NotFound => return Ok(false),
                _ => return Err(err).with_context(|| read_only(dir)),
            }
        };
        if let Err(err) = std::fs::rename(&part, path) {
            let _ = std::fs::remove_file(&part);
            return Err(err).text_context(|| {
                Text::new("file-unwritable").arg("path", path.display().to_string())
            });
        }
        Ok(true)
    }

    /// Errors that mean the file system (or kernel) makes no unnamed files.
    fn unsupported(err: &std::io::Error) -> bool {
        matches!(err.raw_os_error(), Some(libc::EOPNOTSUPP | libc::EISDIR | libc::EINVAL))
    }
}

/// Removes the files in `dir` (not its subfolders) whose names `remove` accepts, such as
/// page images an earlier, longer run left behind.
pub(crate) fn remove_files_named(dir: &Path, remove: impl Fn(&str) -> bool) -> Result<()> {
    let entries = std::fs::read_dir(dir)
        .text_context(|| Text::new("folder-unlistable").arg("dir", dir.display().to_string()))?;
    for entry in entries {
        let path = entry
            .text_context(|| Text::new("folder-unlistable").arg("dir", dir.display().to_string()))?
            .path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if path.is_file() && remove(name) {
            std::fs::remove_file(&path).text_context(|| {
                Text::new("remove-failed").arg("path", path.display().to_string())
            })?;
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

    #[test]
    fn temporary_files_of_killed_writes_go_when_stale_and_only_then() {
        let dir = tempfile::tempdir().unwrap();
        let part = dir.path().join(".bulletin-0123456789abcdef.part");
        let other = dir.path().join("notes.part");
        std::fs::write(&part, b"half").unwrap();
        std::fs::write(&other, b"mine").unwrap();
        // Fresh: perhaps another write's, at its last instant. Kept.
        write_atomically(&dir.path().join("issue.pdf"), b"new").unwrap();
        assert!(part.exists(), "a fresh temporary file was removed");
        // Stale by the clock given: removed; files not of this tool's making stay.
        remove_stale_parts(dir.path(), SystemTime::now() + Duration::from_secs(2));
        assert!(!part.exists(), "a stale temporary file was kept");
        assert!(other.exists() && dir.path().join("issue.pdf").exists());
    }

    #[test]
    fn temporary_files_of_a_process_that_ended_go_at_once() {
        let dir = tempfile::tempdir().unwrap();
        let ended = crate::issue::scratch::ended_process();
        let killed = dir.path().join(format!(".bulletin-{ended}-0123456789abcdef.part"));
        let ours = dir.path().join(format!("{}0123456789abcdef.part", part_prefix()));
        std::fs::write(&killed, b"half").unwrap();
        std::fs::write(&ours, b"half").unwrap();
        remove_killed_writes(dir.path());
        assert!(!killed.exists(), "the file of a process that ended was kept");
        assert!(ours.exists(), "a fresh file of a running process was removed");
    }
}
