//! Where the desk works: the project, its archive of issues, the issue named on the
//! command line; and the one way a name from a URL becomes a file inside the project.

use std::path::{Component, Path, PathBuf};

use anyhow::{Context, Result, bail};
use axum::http::StatusCode;

use crate::diag::{Text, TextContext};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::files::MAX_FILE_BYTES;
use crate::issue::load::issue_folder;
use crate::issue::project::Project;
use crate::serve::error::ApiError;
use crate::typeset::engine::EngineOptions;

/// The project and archive the desk serves.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    /// The project folder (layouts/, fonts/), canonical: nothing outside it is read or written.
    pub(crate) root: PathBuf,
    /// The folder of issue folders, canonical, inside `root`.
    pub(crate) archive: PathBuf,
    /// The issue named on the command line, opened first.
    pub(crate) open_issue: Option<String>,
    /// How engines are opened: the project root and the fonts.
    pub(crate) engine: EngineOptions,
}

impl Site {
    /// The site for `target`: an issue folder (or its `issue.toml`), a folder of issues,
    /// or nothing (the project's `issues/` above the current folder).
    pub(crate) fn locate(target: Option<&Path>, engine: &EngineOptions) -> Result<Self> {
        let (archive, open_issue) = match target {
            Some(path) if is_issue(path) => {
                let dir = std::fs::canonicalize(issue_folder(path)?)?;
                let name = dir.file_name().map(|n| n.to_string_lossy().into_owned());
                let parent = dir.parent().map(Path::to_path_buf).unwrap_or_else(|| dir.clone());
                (parent, name)
            }
            Some(path) => (
                std::fs::canonicalize(path).with_context(|| {
                    format!(
                        "there is no folder `{}`: name an issue or the issues folder",
                        path.display()
                    )
                })?,
                None,
            ),
            None => {
                let here = std::env::current_dir()
                    .text_context(|| Text::new("current-folder-unreadable"))?;
                let project = Project::locate(engine.root.as_deref(), &here)?;
                (
                    std::fs::canonicalize(project.root.join("issues")).with_context(|| {
                        format!("the project `{}` has no issues/ folder", project.root.display())
                    })?,
                    None,
                )
            }
        };
        let root = Project::locate(engine.root.as_deref(), &archive)?.root;
        if !archive.starts_with(&root) {
            bail!(
                "`{}` is outside the project `{}`: the desk works inside one project",
                archive.display(),
                root.display()
            );
        }
        if let Some(id) = &open_issue
            && !valid_id(id)
        {
            bail!(Text::new("desk-bad-issue-name").arg("id", id.as_str()));
        }
        let engine = EngineOptions { root: Some(root.clone()), ..engine.clone() };
        Ok(Self { root, archive, open_issue, engine })
    }

    /// The folder of issue `id`, which must exist inside the project and hold an
    /// `issue.toml` that lies inside it too (links leading out are refused).
    pub(crate) fn issue_dir(&self, id: &str) -> Result<PathBuf, ApiError> {
        if !valid_id(id) {
            return Err(ApiError::not_found());
        }
        let dir = self.archive.join(id);
        let Ok(real) = std::fs::canonicalize(&dir) else { return Err(ApiError::not_found()) };
        if !real.starts_with(&self.root) {
            return Err(ApiError::outside());
        }
        let file = real.join(ISSUE_FILE);
        if !real.is_dir() || std::fs::symlink_metadata(&file).is_err() {
            return Err(ApiError::not_found());
        }
        self.inside(&file)?;
        Ok(real)
    }

    /// The text of the issue file in `dir`, read only if it lies inside the project.
    pub(crate) fn read_issue_file(&self, dir: &Path) -> Result<String, ApiError> {
        let path = dir.join(ISSUE_FILE);
        let real = self.inside(&path)?;
        let meta = std::fs::metadata(&real).map_err(|_| ApiError::not_found())?;
        if !meta.is_file() {
            return Err(ApiError::not_found());
        }
        if meta.len() > MAX_FILE_BYTES {
            return Err(ApiError::new(StatusCode::PAYLOAD_TOO_LARGE, "too_large"));
        }
        let bytes = std::fs::read(&real).map_err(|err| ApiError::internal(&err.into()))?;
        String::from_utf8(bytes).map_err(|_| {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "unreadable")
                .arg("detail", "issue.toml is not UTF-8 text.")
        })
    }

    /// `path` with links resolved, if that lies inside the project; `outside_project`
    /// otherwise, `not_found` if it does not exist.
    pub(crate) fn inside(&self, path: &Path) -> Result<PathBuf, ApiError> {
        let real = std::fs::canonicalize(path).map_err(|_| ApiError::not_found())?;
        if real.starts_with(&self.root) { Ok(real) } else { Err(ApiError::outside()) }
    }

    /// `path` relative to the project, `..` resolved, as messages name files.
    pub(crate) fn relative(&self, path: &Path) -> String {
        let mut parts: Vec<Component<'_>> = Vec::new();
        for component in path.components() {
            match component {
                Component::ParentDir if matches!(parts.last(), Some(Component::Normal(_))) => {
                    parts.pop();
                }
                Component::CurDir => {}
                other => parts.push(other),
            }
        }
        let clean: PathBuf = parts.iter().collect();
        clean.strip_prefix(&self.root).unwrap_or(&clean).display().to_string()
    }

    /// The names of the issue folders of the archive: those holding an `issue.toml`, both
    /// inside the project.
    pub(crate) fn issue_ids(&self) -> Vec<String> {
        let Ok(entries) = std::fs::read_dir(&self.archive) else { return Vec::new() };
        let mut ids: Vec<String> = entries
            .filter_map(|entry| entry.ok())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| self.issue_dir(name).is_ok())
            .collect();
        ids.sort();
        ids
    }
}

/// Whether `path` names an issue folder or its `issue.toml`.
fn is_issue(path: &Path) -> bool {
    path.join(ISSUE_FILE).is_file() || path.file_name().is_some_and(|name| name == ISSUE_FILE)
}

/// A name the desk serves: letters, digits, `-`, `_` and `.` (not first), at most 64
/// bytes, so that `..`, `/`, `\`, `%2e%2e` and absolute paths never reach the disk.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && !id.starts_with('.')
        && !id.contains("..")
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_could_leave_the_archive_are_refused() {
        for good in ["2023-08", "2023-08-extra", "v1.2"] {
            assert!(valid_id(good), "{good}");
        }
        for bad in ["", "..", "../etc", "/etc", "a/b", "a\\b", ".hidden", "a..b", "%2e%2e", "期"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn relative_names_resolve_parent_folders() {
        let site = Site {
            root: PathBuf::from("/p"),
            archive: PathBuf::from("/p/issues"),
            open_issue: None,
            engine: EngineOptions::default(),
        };
        assert_eq!(
            site.relative(Path::new("/p/issues/2023-08/../publication.toml")),
            "issues/publication.toml"
        );
        assert_eq!(site.relative(Path::new("/elsewhere/x.typ")), "/elsewhere/x.typ");
    }
}
