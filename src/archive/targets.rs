//! Finding the issues a build names: issue folders, their issue.toml, or archive folders.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::diag::{Text, TextContext};
use crate::issue::calendar::ISSUE_FILE;

/// The issue folders that `paths` name, in the order given, archives in name order.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Targets {
    /// Every issue folder, each once.
    pub issues: Vec<PathBuf>,
    /// Whether any path was an archive folder (a folder of issue folders).
    pub archive: bool,
}

impl Targets {
    /// Whether this is more than the one issue folder of a plain build.
    pub(crate) fn is_batch(&self) -> bool {
        self.archive || self.issues.len() > 1
    }
}

/// Resolves each path: an issue folder (holding issue.toml), an issue.toml, or an archive
/// folder whose subfolders hold issue.toml. A path that does not exist is kept as an
/// issue folder, so that loading it reports the problem in the usual words.
pub(crate) fn collect(paths: &[PathBuf]) -> Result<Targets> {
    let mut targets = Targets::default();
    let mut seen = HashSet::new();
    let mut add = |dir: PathBuf, targets: &mut Targets| {
        let key = fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        if seen.insert(key) {
            targets.issues.push(dir);
        }
    };
    for path in paths {
        if path.file_name().is_some_and(|name| name == ISSUE_FILE) && path.is_file() {
            let folder = path.parent().map_or_else(|| PathBuf::from("."), Path::to_path_buf);
            add(folder, &mut targets);
            continue;
        }
        if !path.is_dir() || path.join(ISSUE_FILE).is_file() {
            add(path.clone(), &mut targets);
            continue;
        }
        let found = issue_folders_in(path)?;
        if found.is_empty() {
            bail!(Text::new("targets-nothing").arg("path", path.display().to_string()));
        }
        targets.archive = true;
        for dir in found {
            add(dir, &mut targets);
        }
    }
    Ok(targets)
}

/// The subfolders of `archive` that hold an issue.toml, sorted by name.
fn issue_folders_in(archive: &Path) -> Result<Vec<PathBuf>> {
    let entries = fs::read_dir(archive).text_context(|| {
        Text::new("folder-unreadable").arg("dir", archive.display().to_string())
    })?;
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.text_context(|| {
            Text::new("folder-unreadable").arg("dir", archive.display().to_string())
        })?;
        let dir = entry.path();
        if dir.join(ISSUE_FILE).is_file() {
            found.push(dir);
        }
    }
    found.sort();
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn issue(root: &Path, name: &str) -> PathBuf {
        let dir = root.join(name);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join(ISSUE_FILE), "").unwrap();
        dir
    }

    #[test]
    fn an_issue_folder_is_one_issue() {
        let temp = tempfile::tempdir().unwrap();
        let dir = issue(temp.path(), "2023-08");
        let targets = collect(std::slice::from_ref(&dir)).unwrap();
        assert_eq!(targets, Targets { issues: vec![dir], archive: false });
        assert!(!targets.is_batch());
    }

    #[test]
    fn an_archive_gives_its_issue_folders_in_name_order() {
        let temp = tempfile::tempdir().unwrap();
        let late = issue(temp.path(), "2023-10");
        let early = issue(temp.path(), "2023-09");
        fs::create_dir(temp.path().join("images")).unwrap();
        fs::write(temp.path().join("publication.toml"), "").unwrap();
        let targets = collect(&[temp.path().to_path_buf()]).unwrap();
        assert_eq!(targets.issues, vec![early, late]);
        assert!(targets.is_batch());
    }

    #[test]
    fn an_issue_named_twice_is_built_once() {
        let temp = tempfile::tempdir().unwrap();
        let dir = issue(temp.path(), "2023-08");
        let targets = collect(&[dir.clone(), temp.path().to_path_buf()]).unwrap();
        assert_eq!(targets.issues, vec![dir]);
    }

    #[test]
    fn an_issue_file_stands_for_its_folder() {
        let temp = tempfile::tempdir().unwrap();
        let dir = issue(temp.path(), "2023-08");
        let targets = collect(&[dir.join(ISSUE_FILE), dir.clone()]).unwrap();
        assert_eq!(targets, Targets { issues: vec![dir], archive: false });
    }

    #[test]
    fn a_folder_without_issues_is_an_error() {
        let temp = tempfile::tempdir().unwrap();
        let err = collect(&[temp.path().to_path_buf()]).unwrap_err().to_string();
        assert!(err.contains("holds no issue.toml and no issue folders"), "{err}");
    }

    #[test]
    fn a_missing_path_is_left_for_loading_to_report() {
        let missing = PathBuf::from("no/such/issue");
        let targets = collect(std::slice::from_ref(&missing)).unwrap();
        assert_eq!(targets.issues, vec![missing]);
    }
}
