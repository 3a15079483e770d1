//! The fonts a build may use: the repository's fonts/ first, then any extra folders.

use std::path::{Path, PathBuf};

use typst::text::FontInfo;
use typst_kit::fonts::{FontPath, FontStore};

/// Where fonts come from for one build.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Extra folders to search, after the project's own fonts/.
    pub extra_paths: Vec<PathBuf>,
    /// Whether the operating system's fonts are added as a last resort.
    pub system_fonts: bool,
}

/// Builds the font store: `fonts_dir`, the extra folders, then (if asked) system fonts.
///
/// Faces are sorted by path within each origin so that font selection, and
/// with it the PDF's bytes, does not depend on the order a directory lists.
pub fn load_fonts(fonts_dir: &Path, options: &FontOptions) -> FontStore {
    let mut store = FontStore::new();
    store.extend(sorted(typst_kit::fonts::scan(fonts_dir)));
    for path in &options.extra_paths {
        store.extend(sorted(typst_kit::fonts::scan(path)));
    }
    if options.system_fonts {
        store.extend(sorted(typst_kit::fonts::system()));
    }
    store
}

fn sorted(faces: impl Iterator<Item = (FontPath, FontInfo)>) -> Vec<(FontPath, FontInfo)> {
    let mut faces: Vec<_> = faces.collect();
    faces.sort_by(|(a, _), (b, _)| (&a.path, a.index).cmp(&(&b.path, b.index)));
    faces
}
