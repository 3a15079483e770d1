//! The fonts a build may use: the repository's fonts/ first, then any extra folders.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::SystemTime;

use typst::World;
use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontPath, FontSource, FontStore};

/// Where fonts come from for one build.
#[derive(Debug, Clone, Default)]
pub struct FontOptions {
    /// Extra folders to search, after the project's own fonts/.
    pub extra_paths: Vec<PathBuf>,
    /// Whether the operating system's fonts are added as a last resort.
    pub system_fonts: bool,
    /// How the font files are brought into memory.
    pub files: FontFiles,
}

/// How font files are brought into memory when a font is first used.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum FontFiles {
    /// Read whole: safe when the files may be rewritten while they are in use, as they
    /// may be during `bulletin watch`.
    #[default]
    Read,
    /// Mapped: only the parts a build touches are read, a fraction of a 15 MB CJK font.
    /// For builds that end within seconds; a font file cut short while it is mapped would
    /// stop the process.
    Mapped,
}

/// Builds the font store: `fonts_dir`, the extra folders, then (if asked) system fonts.
///
/// Faces are sorted by path within each origin so that font selection, and
/// with it the PDF's bytes, does not depend on the order a directory lists.
pub fn load_fonts(fonts_dir: &Path, options: &FontOptions) -> FontStore {
    let mut store = FontStore::new();
    let folders =
        std::iter::once(fonts_dir).chain(options.extra_paths.iter().map(PathBuf::as_path));
    for folder in folders {
        match options.files {
            FontFiles::Read => store.extend(sorted(typst_kit::fonts::scan(folder))),
            FontFiles::Mapped => store.extend(mapped_folder(folder)),
        }
    }
    if options.system_fonts {
        store.extend(sorted(typst_kit::fonts::system()));
    }
    store
}

/// Loads the first fonts of the world's store (the project's own, which `load_fonts` puts
/// first) on a thread of their own and fingerprints them, as Typst does with a font
/// before it first uses it. Fingerprinting a 15 MB CJK font takes about 10 ms; done here,
/// on another core, while the layouts are read and evaluated, typesetting finds the
/// fonts ready. Fonts already loaded cost nothing.
pub fn prefetch<'a>(scope: &'a std::thread::Scope<'a, '_>, world: &'a impl World) {
    let count = (0..PREFETCH_LIMIT).take_while(|&i| world.book().info(i).is_some()).count();
    let prefetch = move || {
        for index in 0..count {
            if let Some(font) = world.font(index) {
                typst::utils::hash128(&font);
            }
        }
    };
    // Without the thread, typesetting loads the fonts itself when it needs them.
    let _ = std::thread::Builder::new().name("font-prefetch".into()).spawn_scoped(scope, prefetch);
}

/// How many fonts `prefetch` loads at most: the project's own, not a system's hundreds.
const PREFETCH_LIMIT: usize = 16;

/// Forgets the fonts shared between builds, so that the next build maps and fingerprints
/// them again, as a fresh process would (for measuring cold builds).
pub fn forget_shared_fonts() {
    MAPPED_FOLDERS.lock().unwrap_or_else(PoisonError::into_inner).clear();
}

/// Font folders whose fonts builds share, with the faces found in each.
type SharedFolders = Vec<(FolderState, Vec<(SharedFont, FontInfo)>)>;
static MAPPED_FOLDERS: Mutex<SharedFolders> = Mutex::new(Vec::new());

/// The faces of a font folder, mapped, shared by every build in this process that uses
/// the folder as it is now: an archive's issues load and fingerprint each font once.
fn mapped_folder(folder: &Path) -> Vec<(SharedFont, FontInfo)> {
    let state = FolderState::of(folder);
    let mut folders = MAPPED_FOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, faces)) = folders.iter().find(|(known, _)| *known == state) {
        return faces.clone();
    }
    let faces: Vec<_> = sorted(typst_kit::fonts::scan(folder))
        .into_iter()
        .map(|(path, info)| (SharedFont(Arc::new((path, OnceLock::new()))), info))
        .collect();
    // A folder that changed is scanned again; its earlier fonts are not kept.
    folders.retain(|(known, _)| known.path != state.path);
    folders.push((state, faces.clone()));
    faces
}

/// A font folder's path and the name, size and modification time of every file in it:
/// fonts are shared only while none of this changes.
#[derive(Debug, PartialEq, Eq)]
struct FolderState {
    path: PathBuf,
    files: Vec<(PathBuf, u64, Option<SystemTime>)>,
}

impl FolderState {
    fn of(folder: &Path) -> Self {
        let mut files = Vec::new();
        let mut pending = vec![folder.to_path_buf()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                if meta.is_dir() {
                    pending.push(entry.path());
                } else {
                    files.push((entry.path(), meta.len(), meta.modified().ok()));
                }
            }
        }
        files.sort();
        Self { path: std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf()), files }
    }
}

/// A font file mapped into memory when the font is first used, once for all the stores
/// that share it.
#[derive(Clone)]
struct SharedFont(Arc<(FontPath, OnceLock<Option<Font>>)>);

impl FontSource for SharedFont {
    fn load(&self) -> Option<Font> {
        let (path, font) = &*self.0;
        font.get_or_init(|| map_font(path)).clone()
    }
}

/// Maps the font file into memory, or reads it if it cannot be mapped.
fn map_font(font: &FontPath) -> Option<Font> {
    let file = std::fs::File::open(&font.path).ok()?;
    // SAFETY: the map is read-only and lives as long as the font; the fonts are not
    // rewritten during a build (FontFiles::Mapped is for builds that end at once).
    match unsafe { memmap2::Mmap::map(&file) } {
        Ok(map) => Font::new(Bytes::new(map), font.index),
        Err(_) => font.load(),
    }
}

fn sorted(faces: impl Iterator<Item = (FontPath, FontInfo)>) -> Vec<(FontPath, FontInfo)> {
    let mut faces: Vec<_> = faces.collect();
    faces.sort_by(|(a, _), (b, _)| (&a.path, a.index).cmp(&(&b.path, b.index)));
    faces
}

#[cfg(test)]
mod tests {
    use super::*;

    fn repo_fonts() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts")
    }

    fn faces(store: &FontStore) -> Vec<FontInfo> {
        (0..).map_while(|i| store.book().info(i).cloned()).collect()
    }

    #[test]
    fn mapped_fonts_are_the_fonts_read_whole() {
        let mapped = FontOptions { files: FontFiles::Mapped, ..FontOptions::default() };
        let mapped = load_fonts(&repo_fonts(), &mapped);
        let read = load_fonts(&repo_fonts(), &FontOptions::default());
        assert_eq!(faces(&mapped), faces(&read));
        assert!(faces(&read).len() >= 6);
        for i in 0..faces(&read).len() {
            let (a, b) = (mapped.font(i).unwrap(), read.font(i).unwrap());
            assert_eq!(a.data().as_slice(), b.data().as_slice(), "font {i}");
        }
    }

    #[test]
    fn a_font_folder_that_changed_is_scanned_again() {
        let temp = tempfile::tempdir().unwrap();
        let copy = |name: &str| std::fs::copy(repo_fonts().join(name), temp.path().join(name));
        let options = FontOptions { files: FontFiles::Mapped, ..FontOptions::default() };
        copy("LiberationSerif-Regular.ttf").unwrap();
        assert_eq!(faces(&load_fonts(temp.path(), &options)).len(), 1);
        copy("LiberationSerif-Bold.ttf").unwrap();
        let store = load_fonts(temp.path(), &options);
        assert_eq!(faces(&store).len(), 2, "the new font is found");
        assert!(store.font(1).is_some());
    }
}
