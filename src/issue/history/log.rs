//! The history's files (the versions, the review): one JSON record a line, appended under an exclusive lock and
//! flushed to the disk before a save is acknowledged; a line cut short by a crash is
//! ignored when read and cut off before the next record is written.

use std::fs::{File, OpenOptions};
use std::io::{Read as _, Seek as _, SeekFrom, Write as _};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use super::changes::Change;
use super::delta::Op;
use crate::diag::{Text, TextContext};

/// How a version came about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Via {
    /// The file as it was when its history began.
    Start,
    /// Saved in the desk.
    Desk,
    /// A Word file imported in the desk.
    Word,
    /// An earlier version brought back (`of` names it).
    Restore,
    /// The changes of a version taken back (`of` names it).
    Undo,
    /// The file changed outside the desk: a text editor, another program.
    Outside,
}

/// One line of the versions file.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(crate) struct Record {
    /// Its number, counting from 1.
    pub n: u64,
    /// When, RFC 3339 with the local offset.
    pub at: String,
    /// Who: an account's name, or the user of this computer.
    pub by: String,
    pub via: Via,
    /// The revision of the text (as the desk names revisions).
    pub revision: String,
    /// The version a restore brought back or an undo took back.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub of: Option<u64>,
    /// What changed since the version before, article by article.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
    /// The whole text, every so often.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Otherwise: the version the delta applies to, and the delta.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delta: Option<Vec<Op>>,
}

/// The records of a history file.
#[derive(Debug)]
pub(crate) struct Read<T = Record> {
    pub records: Vec<T>,
    /// Lines that could not be read (damaged by hand or by a failing disk): skipped.
    pub damaged: usize,
    /// The length of the file up to its last whole line.
    pub whole: u64,
}

impl<T> Default for Read<T> {
    fn default() -> Self {
        Self { records: Vec::new(), damaged: 0, whole: 0 }
    }
}

/// Reads the records of the file at `path`; a missing file has none.
pub(crate) fn read<T: DeserializeOwned>(path: &Path) -> Result<Read<T>> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Read::default()),
        Err(err) => {
            return Err(err)
                .text_context(|| Text::new("read-failed").arg("path", path.display().to_string()));
        }
    };
    Ok(parse(&bytes))
}

fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Read<T> {
    let whole = bytes.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
    let mut read = Read { whole: whole as u64, ..Read::default() };
    for line in bytes[..whole].split(|&b| b == b'\n') {
        if line.is_empty() {
            continue;
        }
        match serde_json::from_slice::<T>(line) {
            Ok(record) => read.records.push(record),
            Err(_) => read.damaged += 1,
        }
    }
    read
}

/// A history file, held under an exclusive lock (other processes writing the same
/// history wait) until dropped.
pub(crate) struct Locked {
    file: File,
    path: PathBuf,
}

impl Locked {
    /// Opens (creating it and its folder) and locks the file at `path`; a line a crash
    /// cut short is cut off.
    /// Neither the folder nor the file may be a link: the history is written only where
    /// it is, never through a link to somewhere else.
    pub(crate) fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            if std::fs::symlink_metadata(dir).is_ok_and(|meta| meta.file_type().is_symlink()) {
                anyhow::bail!(
                    "`{}` is a link: the history is not written through it",
                    dir.display()
                );
            }
            std::fs::create_dir_all(dir).text_context(|| {
                Text::new("folder-uncreatable").arg("dir", dir.display().to_string())
            })?;
        }
        let mut options = OpenOptions::new();
        options.read(true).append(true).create(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
        let file = options.open(path).text_context(|| {
            Text::new("open-link-failed").arg("path", path.display().to_string())
        })?;
        lock(&file)
            .text_context(|| Text::new("lock-failed").arg("path", path.display().to_string()))?;
        let mut locked = Self { file, path: path.to_owned() };
        locked.cut_torn_line()?;
        Ok(locked)
    }

    /// The file's length.
    pub(crate) fn len(&self) -> Result<u64> {
        Ok(self.file.metadata().with_context(|| self.failed())?.len())
    }

    /// Every record, read through the held lock.
    pub(crate) fn read<T: DeserializeOwned>(&mut self) -> Result<Read<T>> {
        let mut bytes = Vec::new();
        self.file.seek(SeekFrom::Start(0)).with_context(|| self.failed())?;
        self.file.read_to_end(&mut bytes).with_context(|| self.failed())?;
        Ok(parse(&bytes))
    }

    /// Appends `record` and waits until it is on the disk.
    pub(crate) fn append<T: Serialize>(&mut self, record: &T) -> Result<()> {
        let mut line = serde_json::to_vec(record).context("failed to write a record")?;
        line.push(b'\n');
        self.file.write_all(&line).with_context(|| self.failed())?;
        self.file.sync_data().with_context(|| self.failed())
    }

    fn cut_torn_line(&mut self) -> Result<()> {
        let len = self.len()?;
        if len == 0 {
            return Ok(());
        }
        let mut last = [0u8];
        self.file.seek(SeekFrom::Start(len - 1)).with_context(|| self.failed())?;
        self.file.read_exact(&mut last).with_context(|| self.failed())?;
        if last[0] == b'\n' {
            return Ok(());
        }
        let whole = self.read::<serde::de::IgnoredAny>()?.whole;
        self.file.set_len(whole).with_context(|| self.failed())
    }

    fn failed(&self) -> String {
        format!("failed to write the history file `{}`", self.path.display())
    }
}

#[cfg(unix)]
fn lock(file: &File) -> std::io::Result<()> {
    use std::os::fd::AsRawFd as _;
    // SAFETY: flock on a descriptor this function borrows; the lock ends when it closes.
    if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(unix))]
fn lock(_file: &File) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(n: u64) -> Record {
        Record {
            n,
            at: "2026-01-01T00:00:00+08:00".into(),
            by: "编辑".into(),
            via: Via::Desk,
            revision: format!("{n:016x}"),
            of: None,
            changes: Vec::new(),
            text: Some(format!("text {n}\n")),
            base: None,
            delta: None,
        }
    }

    #[test]
    fn a_line_cut_short_is_ignored_then_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("h").join("versions.jsonl");
        Locked::open(&path).unwrap().append(&record(1)).unwrap();
        let mut bytes = std::fs::read(&path).unwrap();
        bytes.extend_from_slice(br#"{"n":2,"at":"#);
        std::fs::write(&path, &bytes).unwrap();
        let read = read::<Record>(&path).unwrap();
        assert_eq!(read.records.len(), 1);
        assert_eq!(read.damaged, 0);
        let mut locked = Locked::open(&path).unwrap();
        locked.append(&record(2)).unwrap();
        drop(locked);
        let read = super::read::<Record>(&path).unwrap();
        assert_eq!(read.records.iter().map(|r| r.n).collect::<Vec<_>>(), [1, 2]);
    }

    #[test]
    fn a_damaged_line_is_counted_and_skipped() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("versions.jsonl");
        let mut text = serde_json::to_string(&record(1)).unwrap();
        text.push_str("\nnot json\n");
        text.push_str(&serde_json::to_string(&record(2)).unwrap());
        text.push('\n');
        std::fs::write(&path, text).unwrap();
        let read = read::<Record>(&path).unwrap();
        assert_eq!(read.records.len(), 2);
        assert_eq!(read.damaged, 1);
    }
}
