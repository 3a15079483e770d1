//! Locating the project: the folder that holds layouts/ and fonts/.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

use crate::diag::{Text, TextContext};

/// The folders a build reads from.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root; Typst can read files only below it.
    pub root: PathBuf,
}

impl Project {
    /// Uses `root` if given, else the nearest folder above `start` that holds
    /// `layouts/main.typ`. The folders above `start` are those of the path as written: a
    /// link in it is not followed, so that a linked folder belongs to the project the link
    /// is in, not to the one it leads to. The root found is canonical.
    pub(crate) fn locate(root: Option<&Path>, start: &Path) -> Result<Self> {
        if let Some(root) = root {
            let root = std::fs::canonicalize(root).text_context(|| {
                Text::new("project-folder-unreadable").arg("dir", root.display().to_string())
            })?;
            if !is_project(&root) {
                bail!(Text::new("project-no-layouts").arg("dir", root.display().to_string()));
            }
            return Ok(Self { root });
        }
        let missing = || Text::new("no-issue-folder").arg("dir", start.display().to_string());
        std::fs::metadata(start).text_context(missing)?;
        let written = as_written(start).text_context(missing)?;
        match written.ancestors().find(|dir| is_project(dir)) {
            Some(root) => Ok(Self {
                root: std::fs::canonicalize(root).text_context(|| {
                    Text::new("path-unopenable").arg("path", root.display().to_string())
                })?,
            }),
            None => bail!(Text::new("project-not-found").arg("dir", written.display().to_string())),
        }
    }

    /// The vendored fonts folder.
    pub fn fonts_dir(&self) -> PathBuf {
        self.root.join("fonts")
    }
}

fn is_project(dir: &Path) -> bool {
    dir.join("layouts").join("main.typ").is_file()
}

/// `path` made absolute without following the links in it: the part up to its last `.`
/// or `..` is resolved as the system does (canonicalised), the names after it are kept.
pub(crate) fn as_written(path: &Path) -> std::io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let components: Vec<Component<'_>> = absolute.components().collect();
    let names_from = components
        .iter()
        .rposition(|c| matches!(c, Component::CurDir | Component::ParentDir))
        .map_or(0, |last| last + 1);
    let mut written = if names_from == 0 {
        PathBuf::new()
    } else {
        std::fs::canonicalize(components[..names_from].iter().collect::<PathBuf>())?
    };
    written.extend(&components[names_from..]);
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_linked_folder_belongs_to_the_project_the_link_is_in() {
        let temp = tempfile::tempdir().unwrap();
        let project = temp.path().join("project");
        std::fs::create_dir_all(project.join("layouts")).unwrap();
        std::fs::write(project.join("layouts/main.typ"), "").unwrap();
        std::fs::create_dir_all(project.join("issues")).unwrap();
        let elsewhere = temp.path().join("elsewhere/2023-09");
        std::fs::create_dir_all(&elsewhere).unwrap();
        let link = project.join("issues/2023-09");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        let root = std::fs::canonicalize(&project).unwrap();
        assert_eq!(Project::locate(None, &link).unwrap().root, root);
        // `..` goes where the system says: from the link, to the folder holding its target.
        let up = link.join("..");
        assert!(Project::locate(None, &up).is_err(), "elsewhere/ is in no project");
        assert_eq!(
            as_written(&up).unwrap(),
            std::fs::canonicalize(temp.path().join("elsewhere")).unwrap()
        );
    }
}
