//! How a project's layouts and fonts compare with the installed copy and with what they
//! were when the project was made: what `bulletin doctor` and `--version` report.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::Result;

use crate::diag::{Text, TextContext};
use crate::install::installed::Installed;
use crate::install::record::Record;
use crate::install::tree;

/// A project folder (layouts/ or fonts/) beside the installed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderComparison {
    /// `layouts` or `fonts`.
    pub name: &'static str,
    /// How many files the project's folder holds.
    pub files: usize,
    /// The files that are not the same in both, by path; empty when they are the same.
    pub differences: Vec<Difference>,
}

/// One file that differs between the project and the installed copy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// The path inside the folder: `components/masthead.typ`.
    pub path: String,
    /// How it differs.
    pub change: Change,
    /// Lines added and removed from the project's text to the installed one, for text files
    /// in both.
    pub lines: Option<(usize, usize)>,
}

/// How a file differs, with the project's record to tell who changed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Only the project has it: added here.
    OnlyInProject,
    /// Only the installed copy has it: new since the project was made, or removed here.
    OnlyInstalled,
    /// Changed in the project since it was made; the installed copy is as it was then.
    ChangedHere,
    /// The installed copy is newer; the project's file is as it was when it was made.
    NewerInstalled,
    /// Changed on both sides since the project was made.
    ChangedBoth,
    /// Different, with no record to say which side changed.
    Differs,
}

/// Compares the project's `name` folder (layouts or fonts) with the installed one.
pub fn compare_folder(
    root: &Path,
    installed: &Installed,
    record: Option<&Record>,
    name: &'static str,
) -> Result<FolderComparison> {
    let ours = root.join(name);
    let theirs = installed.dir.join(name);
    let list = |dir: &Path| -> Result<BTreeSet<String>> {
        Ok(tree::files(dir)
            .text_context(|| Text::new("read-failed").arg("path", dir.display().to_string()))?
            .into_iter()
            .collect())
    };
    let (our_files, their_files) = (list(&ours)?, list(&theirs)?);
    let mut differences = Vec::new();
    for path in our_files.union(&their_files) {
        let (a, b) = (ours.join(path), theirs.join(path));
        let change = match (our_files.contains(path), their_files.contains(path)) {
            (true, false) => Change::OnlyInProject,
            (false, true) => Change::OnlyInstalled,
            _ if tree::same_bytes(&a, &b)? => continue,
            _ => who_changed(record, &format!("{name}/{path}"), &a, &b)?,
        };
        let lines = match change {
            Change::OnlyInProject | Change::OnlyInstalled => None,
            _ => changed_lines(&a, &b),
        };
        differences.push(Difference { path: path.clone(), change, lines });
    }
    Ok(FolderComparison { name, files: our_files.len(), differences })
}

/// Which side changed `ours` or `theirs` since the project's record was written.
fn who_changed(record: Option<&Record>, key: &str, ours: &Path, theirs: &Path) -> Result<Change> {
    let Some(then) = record.and_then(|record| record.files.get(key)) else {
        return Ok(Change::Differs);
    };
    let changed_here = tree::fingerprint(ours)? != *then;
    let changed_there = tree::fingerprint(theirs)? != *then;
    Ok(match (changed_here, changed_there) {
        (true, false) => Change::ChangedHere,
        (false, true) => Change::NewerInstalled,
        _ => Change::ChangedBoth,
    })
}

/// Lines added and removed from `ours` to `theirs`, when both are text.
fn changed_lines(ours: &Path, theirs: &Path) -> Option<(usize, usize)> {
    let ours = std::fs::read_to_string(ours).ok()?;
    let theirs = std::fs::read_to_string(theirs).ok()?;
    let diff = similar::TextDiff::from_lines(&ours, &theirs);
    let mut counts = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => counts.0 += 1,
            similar::ChangeTag::Delete => counts.1 += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    Some(counts)
}

/// The unified diff from the project's file to the installed one, when both are text.
pub fn unified_diff(
    root: &Path,
    installed: &Installed,
    folder: &str,
    path: &str,
) -> Option<String> {
    let ours_path: PathBuf = root.join(folder).join(path);
    let theirs_path = installed.dir.join(folder).join(path);
    let ours = std::fs::read_to_string(&ours_path).unwrap_or_default();
    let theirs = std::fs::read_to_string(&theirs_path).unwrap_or_default();
    if ours == theirs {
        return None;
    }
    let diff = similar::TextDiff::from_lines(&ours, &theirs);
    Some(
        diff.unified_diff()
            .context_radius(2)
            .header(&format!("project/{folder}/{path}"), &format!("installed/{folder}/{path}"))
            .to_string(),
    )
}

/// The project's fonts against the fingerprints in its `fonts/SHA256SUMS`: the names of
/// fonts missing or changed, or `None` when the folder has no such list.
pub fn fonts_against_sums(root: &Path) -> Result<Option<Vec<String>>> {
    let fonts = root.join("fonts");
    let Ok(sums) = std::fs::read_to_string(fonts.join("SHA256SUMS")) else {
        return Ok(None);
    };
    let mut wrong = Vec::new();
    for line in sums.lines().filter(|line| !line.trim().is_empty()) {
        let Some((sum, name)) = line.split_once(char::is_whitespace) else {
            continue;
        };
        let name = name.trim_start().trim_start_matches('*');
        match tree::fingerprint(&fonts.join(name)) {
            Ok(actual) if actual == sum => {}
            _ => wrong.push(name.to_owned()),
        }
    }
    Ok(Some(wrong))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::fs;

    use super::*;
    use crate::install::installed::Found;

    fn folder(root: &Path, files: &[(&str, &str)]) {
        for (path, text) in files {
            let path = root.join("layouts").join(path);
            fs::create_dir_all(path.parent().unwrap()).unwrap();
            fs::write(path, text).unwrap();
        }
    }

    #[test]
    fn differences_say_which_side_changed() {
        let temp = tempfile::tempdir().unwrap();
        let (project, share) = (temp.path().join("project"), temp.path().join("share"));
        folder(&project, &[("main.typ", "a\n"), ("theme.typ", "t\nu\n"), ("mine.typ", "m")]);
        folder(&share, &[("main.typ", "a\nb\n"), ("theme.typ", "t\n"), ("new.typ", "n")]);
        let installed = Installed { dir: share.clone(), found: Found::Variable };
        let record = Record {
            made_by: String::new(),
            made_on: String::new(),
            copied_from: String::new(),
            files: BTreeMap::from([
                ("layouts/main.typ".into(), tree::fingerprint_bytes(b"a\n")),
                ("layouts/theme.typ".into(), tree::fingerprint_bytes(b"t\n")),
            ]),
        };
        let compared = compare_folder(&project, &installed, Some(&record), "layouts").unwrap();
        let changes: Vec<_> =
            compared.differences.iter().map(|d| (d.path.as_str(), d.change, d.lines)).collect();
        assert_eq!(
            changes,
            vec![
                ("main.typ", Change::NewerInstalled, Some((1, 0))),
                ("mine.typ", Change::OnlyInProject, None),
                ("new.typ", Change::OnlyInstalled, None),
                ("theme.typ", Change::ChangedHere, Some((0, 1))),
            ]
        );
        let unrecorded = compare_folder(&project, &installed, None, "layouts").unwrap();
        assert_eq!(unrecorded.differences[0].change, Change::Differs);
        let same = compare_folder(&share, &installed, None, "layouts").unwrap();
        assert!(same.differences.is_empty());
        assert_eq!(same.files, 3);
    }
}
