//! Where the installed copy of the layouts, fonts and sample issue lives.

use std::path::{Path, PathBuf};

/// The environment variable that names the installed copy, before any other place.
pub const SHARE_DIR_VARIABLE: &str = "BULLETIN_SHARE_DIR";

/// The installed copy: a folder holding `layouts/`, `fonts/` and `issues/` as a project does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// The folder, canonical.
    pub dir: PathBuf,
    /// How it was found.
    pub found: Found,
}

/// How the installed copy was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// Named by `BULLETIN_SHARE_DIR`.
    Variable,
    /// Beside the program, as a package installs it: `/usr/bin/bulletin` and
    /// `/usr/share/bulletin`.
    Package,
    /// The checkout of the repository the program was built in (`target/release/bulletin`).
    Checkout,
}

impl Installed {
    /// The installed copy, looked for in `BULLETIN_SHARE_DIR`, then in `../share/bulletin`
    /// beside the program, then in the checkout the program was built in; `None` when
    /// none of them holds `layouts/main.typ` and `fonts/`.
    pub fn locate() -> Option<Installed> {
        if let Some(dir) = std::env::var_os(SHARE_DIR_VARIABLE).filter(|dir| !dir.is_empty()) {
            return Self::at(Path::new(&dir), Found::Variable);
        }
        let program = std::env::current_exe().ok()?.canonicalize().ok()?;
        let bin = program.parent()?;
        if let Some(installed) = bin
            .parent()
            .and_then(|prefix| Self::at(&prefix.join("share").join("bulletin"), Found::Package))
        {
            return Some(installed);
        }
        bin.ancestors()
            .filter(|dir| dir.join("Cargo.toml").is_file())
            .find_map(|dir| Self::at(dir, Found::Checkout))
    }

    /// The places `locate` looks in, in its order, for a message when it finds nothing.
    pub fn places() -> Vec<String> {
        let mut places = vec![format!("${SHARE_DIR_VARIABLE}")];
        let program = std::env::current_exe().ok().and_then(|p| p.canonicalize().ok());
        if let Some(prefix) = program.as_deref().and_then(Path::parent).and_then(Path::parent) {
            places.push(prefix.join("share").join("bulletin").display().to_string());
        }
        places.push("the checkout the program was built in".to_owned());
        places
    }

    fn at(dir: &Path, found: Found) -> Option<Installed> {
        let usable = dir.join("layouts").join("main.typ").is_file() && dir.join("fonts").is_dir();
        let dir = dir.canonicalize().ok().filter(|_| usable)?;
        Some(Installed { dir, found })
    }

    /// The installed layouts.
    pub fn layouts(&self) -> PathBuf {
        self.dir.join("layouts")
    }

    /// The installed fonts.
    pub fn fonts(&self) -> PathBuf {
        self.dir.join("fonts")
    }

    /// The installed publication settings.
    pub fn publication(&self) -> PathBuf {
        self.dir.join("issues").join("publication.toml")
    }

    /// The installed colour profile's file (the program carries its own copy compiled in).
    pub fn colour_profile(&self) -> PathBuf {
        self.dir.join("color").join("FOGRA39-bulletin.icc")
    }
}
