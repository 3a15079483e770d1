//! Watching the inputs' folders and waiting, with a debounce, for a change that matters.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use notify::event::{EventKind, ModifyKind};
use notify::{Event, RecommendedWatcher, RecursiveMode, Watcher as _};

use crate::diag::{Text, TextContext};

/// After the first change, events keep coming for at most this long before a rebuild
/// starts anyway, so that a stream of events cannot hold rebuilds off.
const MAX_BATCH: Duration = Duration::from_secs(2);

/// How often a waiting watcher looks whether it was told to stop.
const STOP_CHECK: Duration = Duration::from_millis(500);

/// What to watch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct WatchList {
    /// Files that matter, watched through their folders (editors often save by writing
    /// a temporary file and renaming it over the old one, which a watch on the file
    /// itself would lose).
    pub files: Vec<PathBuf>,
    /// Folders every file of which matters, subfolders included: the layouts, the fonts.
    pub trees: Vec<PathBuf>,
    /// Paths (files or folders) whose changes never matter: the outputs.
    pub ignored: Vec<PathBuf>,
}

impl WatchList {
    /// Whether a change of `path` (absolute, as the watcher reports it) matters.
    pub(crate) fn matters(&self, path: &Path) -> bool {
        if self.ignored.iter().any(|ignored| path.starts_with(ignored)) {
            return false;
        }
        self.files.iter().any(|file| file == path)
            || (self.trees.iter().any(|tree| path.starts_with(tree)) && !is_scratch(path))
    }

    /// The folders to watch, each with how deep.
    fn folders(&self) -> BTreeMap<PathBuf, RecursiveMode> {
        let mut folders = BTreeMap::new();
        for file in &self.files {
            if let Some(dir) = file.parent() {
                folders.insert(dir.to_path_buf(), RecursiveMode::NonRecursive);
            }
        }
        for tree in &self.trees {
            folders.insert(tree.clone(), RecursiveMode::Recursive);
        }
        folders
    }
}

/// Editors' and tools' scratch files: hidden files (also this tool's `.bulletin-*.part`),
/// backups (`layout.typ~`) and swap files.
fn is_scratch(path: &Path) -> bool {
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
    name.starts_with('.') || name.ends_with('~') || name.ends_with(".swp") || name.ends_with(".swx")
}

/// Watches folders and reports the changes that matter, a burst of events as one.
pub(crate) struct Watcher {
    inner: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    watched: BTreeMap<PathBuf, RecursiveMode>,
    list: WatchList,
    debounce: Duration,
}

impl Watcher {
    /// A watcher that waits until no event came for `debounce` before reporting a change.
    pub(crate) fn new(debounce: Duration) -> Result<Self> {
        let (sender, events) = std::sync::mpsc::channel();
        let inner =
            notify::recommended_watcher(sender).text_context(|| Text::new("watch-setup-failed"))?;
        Ok(Self { inner, events, watched: BTreeMap::new(), list: WatchList::default(), debounce })
    }

    /// Watches what `list` names from now on; folders that do not exist are left out.
    pub(crate) fn watch(&mut self, list: WatchList) -> Result<()> {
        let wanted: BTreeMap<PathBuf, RecursiveMode> =
            list.folders().into_iter().filter(|(dir, _)| dir.is_dir()).collect();
        let stale: Vec<PathBuf> = self
            .watched
            .iter()
            .filter(|(dir, mode)| wanted.get(*dir) != Some(*mode))
            .map(|(dir, _)| dir.clone())
            .collect();
        for dir in stale {
            // A folder that was removed is no longer watched anyway.
            let _ = self.inner.unwatch(&dir);
            self.watched.remove(&dir);
        }
        for (dir, mode) in wanted {
            if !self.watched.contains_key(&dir) {
                self.inner.watch(&dir, mode).text_context(|| {
                    Text::new("watch-folder-failed").arg("dir", dir.display().to_string())
                })?;
                self.watched.insert(dir, mode);
            }
        }
        self.list = list;
        Ok(())
    }

    /// Waits for a change that matters and returns the paths that changed, sorted, once
    /// no event came for the debounce time.
    pub(crate) fn wait(&mut self) -> Result<Vec<PathBuf>> {
        let never = AtomicBool::new(false);
        self.wait_unless(&never, &never).map(Option::unwrap_or_default)
    }

    /// As [`wait`](Self::wait), but gives `None` within [`STOP_CHECK`] of `stop` being
    /// raised while no change is pending, and no change within as long of `refresh`
    /// being raised (lowering it), so that the caller can watch other files.
    pub(crate) fn wait_unless(
        &mut self,
        stop: &AtomicBool,
        refresh: &AtomicBool,
    ) -> Result<Option<Vec<PathBuf>>> {
        let mut changed = BTreeSet::new();
        let mut first: Option<Instant> = None;
        loop {
            let event = match first {
                None => match self.events.recv_timeout(STOP_CHECK) {
                    Ok(event) => event,
                    Err(RecvTimeoutError::Timeout) if stop.load(Ordering::SeqCst) => {
                        return Ok(None);
                    }
                    // What to watch changed: nothing changed, but the caller looks again.
                    Err(RecvTimeoutError::Timeout) if refresh.swap(false, Ordering::SeqCst) => {
                        return Ok(Some(Vec::new()));
                    }
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => {
                        return Err(anyhow!(Text::new("watch-stopped")));
                    }
                },
                Some(started) => {
                    let left = MAX_BATCH.saturating_sub(started.elapsed());
                    match self.events.recv_timeout(self.debounce.min(left)) {
                        Ok(event) => event,
                        Err(RecvTimeoutError::Timeout) => {
                            return Ok(Some(changed.into_iter().collect()));
                        }
                        Err(RecvTimeoutError::Disconnected) => {
                            return Err(anyhow!(Text::new("watch-stopped")));
                        }
                    }
                }
            };
            let before = changed.len();
            self.collect(event, &mut changed);
            if first.is_none() && changed.len() > before {
                first = Some(Instant::now());
            }
        }
    }

    /// Adds the paths of `event` that matter to `changed`.
    fn collect(&self, event: notify::Result<Event>, changed: &mut BTreeSet<PathBuf>) {
        let event = match event {
            Ok(event) => event,
            Err(err) => {
                eprintln!("warning: file watching: {err}");
                return;
            }
        };
        if event.need_rescan() {
            // Events were lost: anything may have changed.
            changed.extend(self.list.files.iter().chain(&self.list.trees).cloned());
            return;
        }
        let relevant = matches!(
            event.kind,
            EventKind::Any
                | EventKind::Create(_)
                | EventKind::Remove(_)
                | EventKind::Other
                | EventKind::Modify(
                    ModifyKind::Any | ModifyKind::Data(_) | ModifyKind::Name(_) | ModifyKind::Other
                )
        );
        if relevant {
            changed.extend(event.paths.into_iter().filter(|path| self.list.matters(path)));
        }
    }
}

/// The file `path` as the watcher reports it: its folder made [`absolute`], its own name
/// kept as it is. A file that is (or becomes) a link is still the name in its folder,
/// where editors and the desk write it; following the link would watch wherever it
/// leads, and changes of the real name would go unnoticed once it is a file again.
pub(crate) fn absolute_file(path: &Path) -> PathBuf {
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => absolute(path),
    }
}

/// `path` made absolute, with links and `..` resolved as far as the path exists, so that
/// it compares equal to the paths the watcher reports.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    if let Ok(path) = std::fs::canonicalize(path) {
        return path;
    }
    match (path.parent(), path.file_name()) {
        (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => absolute(parent).join(name),
        _ => std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list() -> WatchList {
        WatchList {
            files: vec![PathBuf::from("/p/issues/2023-08/issue.toml")],
            trees: vec![PathBuf::from("/p/layouts")],
            ignored: vec![PathBuf::from("/p/layouts/out.pdf")],
        }
    }

    #[test]
    fn only_named_files_and_files_in_trees_matter() {
        let list = list();
        assert!(list.matters(Path::new("/p/issues/2023-08/issue.toml")));
        assert!(!list.matters(Path::new("/p/issues/2023-08/notes.txt")));
        assert!(list.matters(Path::new("/p/layouts/components/article.typ")));
        assert!(!list.matters(Path::new("/p/layouts/.article.typ.swp")));
        assert!(!list.matters(Path::new("/p/layouts/theme.typ~")));
        assert!(!list.matters(Path::new("/p/layouts/out.pdf")));
        assert!(!list.matters(Path::new("/p/out/2023-08.pdf")));
    }

    #[cfg(unix)]
    #[test]
    fn a_file_that_is_a_link_is_watched_under_its_own_name() {
        let dir = tempfile::tempdir().unwrap();
        let folder = absolute(dir.path());
        let outside = folder.join("elsewhere.toml");
        std::fs::write(&outside, "x").unwrap();
        let file = folder.join("issue.toml");
        std::os::unix::fs::symlink(&outside, &file).unwrap();
        assert_eq!(absolute_file(&file), file);
        assert_eq!(absolute(&file), outside, "absolute follows the link");
    }

    #[test]
    fn files_are_watched_through_their_folders() {
        let folders = list().folders();
        assert_eq!(folders.get(Path::new("/p/issues/2023-08")), Some(&RecursiveMode::NonRecursive));
        assert_eq!(folders.get(Path::new("/p/layouts")), Some(&RecursiveMode::Recursive));
        assert_eq!(folders.len(), 2);
    }
}
