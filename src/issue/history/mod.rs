//! Every version of an issue file, kept beside it in `.history/versions.jsonl`: who saved
//! it, when, how, what changed article by article, and its text (whole every so often,
//! otherwise as the lines changed since the version before). The issue file stays the
//! print data and nothing else; the desk and `bulletin history` read and restore from here.
//!
//! A version is recorded (and on the disk) before the issue file is replaced, so the file
//! is always one of the recorded versions, even after a crash between the two.

pub(crate) mod changes;
pub(crate) mod delta;
pub(crate) mod log;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{Result, bail};
use serde::Serialize;
use sha2::{Digest, Sha256};

pub use log::Via;

use crate::diag::Text;
use changes::Change;
use log::{Locked, Record};

/// The folder beside the issue file that holds its history.
pub const FOLDER: &str = ".history";
/// The versions file in it.
const FILE: &str = "versions.jsonl";
/// A version's whole text is written at least this often, so that rebuilding any text
/// applies at most this many deltas.
const WHOLE_EVERY: u64 = 64;

/// The revision of a file's text: a hash of its bytes, so equal texts are equal revisions.
pub(crate) fn revision_of(text: &str) -> String {
    Sha256::digest(text.as_bytes())[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// Who works on this computer when there are no accounts: its user's login name.
pub(crate) fn local_user() -> String {
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|name| std::env::var(name).ok().filter(|value| !value.trim().is_empty()))
        .unwrap_or_else(|| "本机".to_owned())
}

/// One version, without its text.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Version {
    pub n: u64,
    pub at: String,
    pub by: String,
    pub via: Via,
    pub revision: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub of: Option<u64>,
    pub changes: Vec<Change>,
}

/// The versions of an issue, oldest first.
#[derive(Debug, Default)]
pub(crate) struct Listing {
    pub versions: Vec<Version>,
    /// Lines of the versions file that could not be read.
    pub damaged: usize,
    /// The versions file's size in bytes.
    pub bytes: u64,
}

/// The history of one issue file.
#[derive(Debug)]
pub(crate) struct History {
    path: PathBuf,
    /// The last version, as this process last wrote or read it.
    tail: Mutex<Option<Tail>>,
}

#[derive(Debug, Clone)]
struct Tail {
    /// The file's length when this was the last version.
    len: u64,
    n: u64,
    text: String,
    /// Versions since the last whole text.
    since_whole: u64,
}

/// What recording a text did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Recorded {
    /// The text's version.
    pub n: u64,
    /// Whether it is a new version (else the last one already held this text).
    pub new: bool,
}

impl History {
    /// The history of the issue in folder `issue_dir`.
    pub(crate) fn of(issue_dir: &Path) -> Self {
        Self { path: issue_dir.join(FOLDER).join(FILE), tail: Mutex::new(None) }
    }

    /// The versions file.
    #[cfg(test)]
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Records `text` as the newest version, unless it is the newest already; on the disk
    /// when this returns.
    pub(crate) fn record(
        &self,
        text: &str,
        by: &str,
        via: Via,
        of: Option<u64>,
    ) -> Result<Recorded> {
        self.record_as(text, by, |_| via, of, None)
    }

    /// [`record`](Self::record), with what changed since the text `from` known already
    /// (the caller holds both versions as drafts): used when `from` is the newest version,
    /// so that the texts are not read as issues again.
    pub(crate) fn record_known(
        &self,
        text: &str,
        made: (&str, Via, Option<u64>),
        (from, changes): (&str, Vec<Change>),
    ) -> Result<Recorded> {
        let (by, via, of) = made;
        self.record_as(text, by, |_| via, of, Some((from, changes)))
    }

    /// Records the text an issue file was found with when opened: the start of its
    /// history, or a change made outside while nothing that keeps versions had it open.
    pub(crate) fn found(&self, text: &str) -> Result<Recorded> {
        self.record_as(text, "", |first| if first { Via::Start } else { Via::Outside }, None, None)
    }

    fn record_as(
        &self,
        text: &str,
        by: &str,
        via: impl FnOnce(bool) -> Via,
        of: Option<u64>,
        known: Option<(&str, Vec<Change>)>,
    ) -> Result<Recorded> {
        let mut cached = self.tail.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let mut file = Locked::open(&self.path)?;
        let len = file.len()?;
        let tail = match cached.take() {
            Some(tail) if tail.len == len => Some(tail),
            _ => last_version(&mut file)?,
        };
        if let Some(tail) = &tail
            && tail.text == text
        {
            let n = tail.n;
            *cached = Some(tail.clone());
            return Ok(Recorded { n, new: false });
        }
        let via = via(tail.is_none());
        let n = tail.as_ref().map_or(1, |tail| tail.n + 1);
        let mut record = Record {
            n,
            at: crate::issue::calendar::now(),
            by: by.to_owned(),
            via,
            revision: revision_of(text),
            of,
            changes: Vec::new(),
            text: None,
            base: None,
            delta: None,
        };
        let since_whole = match &tail {
            Some(tail) => {
                record.changes = match known {
                    Some((from, changes)) if from == tail.text => changes,
                    _ => changes_between(&tail.text, text),
                };
                let ops = delta::between(&tail.text, text);
                if tail.since_whole + 1 >= WHOLE_EVERY || delta::weight(&ops) > text.len() / 2 {
                    record.text = Some(text.to_owned());
                    0
                } else {
                    record.base = Some(tail.n);
                    record.delta = Some(ops);
                    tail.since_whole + 1
                }
            }
            None => {
                record.text = Some(text.to_owned());
                0
            }
        };
        file.append(&record)?;
        *cached = Some(Tail { len: file.len()?, n, text: text.to_owned(), since_whole });
        Ok(Recorded { n, new: true })
    }

    /// The versions file, read once: its versions and any version's text.
    pub(crate) fn read(&self) -> Result<Log> {
        let read = log::read::<Record>(&self.path)?;
        let bytes = std::fs::metadata(&self.path).map(|m| m.len()).unwrap_or(0);
        Ok(Log { records: read.records, damaged: read.damaged, bytes })
    }

    /// Every version, oldest first.
    pub(crate) fn versions(&self) -> Result<Listing> {
        Ok(self.read()?.listing())
    }

    /// The text of version `n`.
    pub(crate) fn text(&self, n: u64) -> Result<String> {
        self.read()?.text(n)
    }

    /// The text of the newest version that has revision `revision`, if any.
    pub(crate) fn text_of_revision(&self, revision: &str) -> Result<Option<String>> {
        let log = self.read()?;
        let Some(record) = log.records.iter().rev().find(|r| r.revision == revision) else {
            return Ok(None);
        };
        log.text(record.n).map(Some)
    }

    /// The newest version and its text, if there is one.
    #[cfg(test)]
    pub(crate) fn latest(&self) -> Result<Option<(u64, String)>> {
        let mut file = Locked::open(&self.path)?;
        Ok(last_version(&mut file)?.map(|tail| (tail.n, tail.text)))
    }
}

/// The versions file as read once.
pub(crate) struct Log {
    records: Vec<Record>,
    damaged: usize,
    bytes: u64,
}

impl Log {
    /// Every version, oldest first, without their texts.
    pub(crate) fn listing(&self) -> Listing {
        let versions = self
            .records
            .iter()
            .map(|r| Version {
                n: r.n,
                at: r.at.clone(),
                by: r.by.clone(),
                via: r.via,
                revision: r.revision.clone(),
                of: r.of,
                changes: r.changes.clone(),
            })
            .collect();
        Listing { versions, damaged: self.damaged, bytes: self.bytes }
    }

    /// The text of version `n`.
    pub(crate) fn text(&self, n: u64) -> Result<String> {
        Texts::new(&self.records).text(n)
    }
}

/// Rebuilds texts from records.
struct Texts<'a> {
    by_n: HashMap<u64, &'a Record>,
}

impl<'a> Texts<'a> {
    fn new(records: &'a [Record]) -> Self {
        Self { by_n: records.iter().map(|r| (r.n, r)).collect() }
    }

    fn text(&self, n: u64) -> Result<String> {
        let Some(wanted) = self.by_n.get(&n) else {
            bail!(Text::new("history-version-missing").arg("n", n));
        };
        let mut chain = Vec::new();
        let mut record = *wanted;
        let mut text = loop {
            if let Some(text) = &record.text {
                break text.clone();
            }
            let (Some(base), Some(_)) = (record.base, &record.delta) else {
                bail!(Text::new("history-version-no-content").arg("n", record.n));
            };
            chain.push(record);
            record = self
                .by_n
                .get(&base)
                .copied()
                .filter(|_| chain.len() <= self.by_n.len())
                .ok_or_else(|| {
                    Text::new("history-version-unrebuildable").arg("n", n).arg("base", base)
                })?;
        };
        for record in chain.iter().rev() {
            let ops = record.delta.as_deref().unwrap_or_default();
            text = delta::apply(&text, ops)
                .ok_or_else(|| Text::new("history-version-change-unfit").arg("n", record.n))?;
        }
        if revision_of(&text) != wanted.revision {
            bail!(Text::new("history-version-wrong-text").arg("n", n));
        }
        Ok(text)
    }
}

/// The last version the file holds (rebuilt through the held lock), if any.
fn last_version(file: &mut Locked) -> Result<Option<Tail>> {
    let read = file.read::<Record>()?;
    let Some(last) = read.records.iter().max_by_key(|r| r.n) else {
        return Ok(None);
    };
    let text = Texts::new(&read.records).text(last.n)?;
    let since_whole = read.records.iter().rev().take_while(|r| r.text.is_none()).count() as u64;
    Ok(Some(Tail { len: read.whole, n: last.n, text, since_whole }))
}

/// What changed between two texts, article by article; nothing when either cannot be read
/// as an issue.
fn changes_between(old: &str, new: &str) -> Vec<Change> {
    use crate::issue::save::read_draft;
    match (read_draft(old), read_draft(new)) {
        (Ok(old), Ok(new)) => changes::between(&old, &new),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(i: usize) -> String {
        (0..40)
            .map(|p| if p == i % 40 { format!("line {p} v{i}\n") } else { format!("line {p}\n") })
            .collect()
    }

    #[test]
    fn every_version_comes_back_whole() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::of(dir.path());
        for i in 0..150 {
            let recorded = history.record(&text(i), "编辑", Via::Desk, None).unwrap();
            assert_eq!(recorded, Recorded { n: i as u64 + 1, new: true });
        }
        // The same text again is no new version.
        assert!(!history.record(&text(149), "编辑", Via::Desk, None).unwrap().new);
        for i in [0, 1, 63, 64, 65, 100, 149] {
            assert_eq!(history.text(i as u64 + 1).unwrap(), text(i), "version {}", i + 1);
        }
        let listing = history.versions().unwrap();
        assert_eq!(listing.versions.len(), 150);
        let wholes = log::read::<Record>(history.path())
            .unwrap()
            .records
            .iter()
            .filter(|r| r.text.is_some())
            .count();
        assert!((2..=4).contains(&wholes), "{wholes} whole texts");
        // Another process (a fresh History) goes on where this one stopped.
        let other = History::of(dir.path());
        assert_eq!(other.record(&text(0), "校对", Via::Restore, Some(1)).unwrap().n, 151);
        assert_eq!(history.record(&text(5), "编辑", Via::Desk, None).unwrap().n, 152);
        assert_eq!(other.latest().unwrap().unwrap(), (152, text(5)));
    }

    #[test]
    fn a_damaged_version_is_refused_not_guessed() {
        let dir = tempfile::tempdir().unwrap();
        let history = History::of(dir.path());
        history.record("a\nb\n", "x", Via::Start, None).unwrap();
        history.record("a\nc\n", "x", Via::Desk, None).unwrap();
        let file = std::fs::read_to_string(history.path()).unwrap();
        std::fs::write(history.path(), file.replace("c\\n\"", "d\\n\"")).unwrap();
        let err = History::of(dir.path()).text(2).unwrap_err().to_string();
        assert!(err.contains("damaged"), "{err}");
    }
}

#[cfg(test)]
mod size {
    use super::*;

    /// A month of editing the sample issue (2,000 saves, each changing a paragraph, a few
    /// moving or deleting an article) keeps the history within a few megabytes.
    #[test]
    fn a_month_of_saves_stays_small() {
        let sample = include_str!("../../../issues/2023-08/issue.toml");
        let dir = tempfile::tempdir().unwrap();
        let history = History::of(dir.path());
        let lines: Vec<&str> = sample.split_inclusive('\n').collect();
        let paragraphs: Vec<usize> =
            (0..lines.len()).filter(|&i| lines[i].starts_with("  \"")).collect();
        let mut text: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        let started = std::time::Instant::now();
        for save in 0..2000 {
            let at = paragraphs[(save * 7919) % paragraphs.len()];
            let line = &mut text[at];
            let end = line.rfind('"').unwrap();
            line.insert(end, '改');
            history.record(&text.concat(), "编辑", Via::Desk, None).unwrap();
        }
        let bytes = std::fs::metadata(history.path()).unwrap().len();
        println!(
            "2000 saves of a {} KB issue: {:.1} MB of history, {:.1} s",
            sample.len() / 1024,
            bytes as f64 / 1e6,
            started.elapsed().as_secs_f64()
        );
        assert!(bytes < 20_000_000, "{bytes} bytes");
        assert_eq!(history.text(2000).unwrap(), text.concat());
    }
}
