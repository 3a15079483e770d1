//! The project the desk opens when started from the menu, with no folder named: chosen on
//! the first start and remembered in `~/.config/bulletin/desk.toml`.

use std::path::{Path, PathBuf};

use anyhow::Result;
use serde::{Deserialize, Serialize};

use crate::diag::{Text, TextContext};

/// The remembered choice, as the file holds it.
#[derive(Debug, Serialize, Deserialize)]
struct Remembered {
    /// The project folder.
    project: PathBuf,
}

/// The file that remembers the desk's project: `$XDG_CONFIG_HOME/bulletin/desk.toml`, or
/// `~/.config/bulletin/desk.toml`.
pub fn settings_file() -> Option<PathBuf> {
    let config = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".config")))?;
    Some(config.join("bulletin").join("desk.toml"))
}

/// The remembered project, if there is one and it is still a project.
pub fn remembered_project() -> Option<PathBuf> {
    let text = std::fs::read_to_string(settings_file()?).ok()?;
    let remembered: Remembered = toml::from_str(&text).ok()?;
    remembered.project.join("layouts").join("main.typ").is_file().then_some(remembered.project)
}

/// Remembers `project` for the next start.
pub fn remember_project(project: &Path) -> Result<()> {
    let file = settings_file().ok_or_else(|| Text::new("no-home-to-remember"))?;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)
            .text_context(|| Text::new("make-failed").arg("dir", dir.display().to_string()))?;
    }
    let text = toml::to_string(&Remembered { project: project.to_path_buf() })?;
    crate::issue::files::write_atomically(&file, text.as_bytes())
}

/// The folder a first start proposes: `电子商务动态` in the home folder.
pub fn default_project() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| Path::new(&home).join("电子商务动态"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_project_is_remembered_until_it_is_gone() {
        let temp = tempfile::tempdir().unwrap();
        // SAFETY: this test alone reads or sets XDG_CONFIG_HOME.
        unsafe { std::env::set_var("XDG_CONFIG_HOME", temp.path()) };
        let project = temp.path().join("project");
        std::fs::create_dir_all(project.join("layouts")).unwrap();
        std::fs::write(project.join("layouts/main.typ"), "").unwrap();
        assert_eq!(remembered_project(), None);
        remember_project(&project).unwrap();
        assert_eq!(remembered_project(), Some(project.clone()));
        std::fs::remove_file(project.join("layouts/main.typ")).unwrap();
        assert_eq!(remembered_project(), None);
    }
}
