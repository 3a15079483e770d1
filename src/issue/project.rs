//! Locating the project: the folder that holds layouts/ and fonts/.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

/// The folders a build reads from.
#[derive(Debug, Clone)]
pub struct Project {
    /// The project root; Typst can read files only below it.
    pub root: PathBuf,
}

impl Project {
    /// Uses `root` if given, else the nearest folder above `start` that holds `layouts/main.typ`.
    pub(crate) fn locate(root: Option<&Path>, start: &Path) -> Result<Self> {
        if let Some(root) = root {
            let root = std::fs::canonicalize(root)
                .with_context(|| format!("failed to open project folder `{}`", root.display()))?;
            if !is_project(&root) {
                bail!("`{}` holds no layouts/main.typ", root.display());
            }
            return Ok(Self { root });
        }
        let start = std::fs::canonicalize(start).with_context(|| {
            format!(
                "there is no issue folder `{}`: check the path (for example issues/2023-08)",
                start.display()
            )
        })?;
        match start.ancestors().find(|dir| is_project(dir)) {
            Some(root) => Ok(Self { root: root.to_path_buf() }),
            None => bail!(
                "no layouts/main.typ in `{}` or any folder above it; pass --root with the bulletin project folder",
                start.display()
            ),
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
