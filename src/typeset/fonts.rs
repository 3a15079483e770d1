//! The fonts an engine uses, and how it holds their files: the project's fonts/ first,
//! then any extra folders, then (if asked) the computer's own.
//!
//! Font files are mapped into memory rather than read: a build touches a fraction of a
//! 15 MB CJK font. A mapped file that someone truncates or rewrites in place would stop
//! the process, so the lifetimes of an engine hold them differently:
//!
//! - a one-shot build ([`FontHolding::Mapped`]) maps the files where they are; the builds
//!   of one process (an archive) share them while the folder stays as it was;
//! - a long-lived engine (`watch`, `serve`; [`FontHolding::Snapshot`]) maps private copies
//!   that nobody else writes, and before every rebuild compares each folder with what it
//!   copied: a font added, removed, replaced or truncated is copied and loaded again. The
//!   desk's one-off builds (`Lifetime::OneShotInServer`) hold their fonts the same way:
//!   the server outlives them.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock, PoisonError, Weak};
use std::time::SystemTime;

use anyhow::Result;
use typst::World;
use typst::foundations::Bytes;
use typst::text::{Font, FontInfo};
use typst_kit::fonts::{FontPath, FontSource, FontStore};

use crate::diag::{Text, TextContext};

/// Where fonts come from besides the project's fonts/.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FontOptions {
    /// Extra folders to search, after the project's own fonts/.
    pub extra_paths: Vec<PathBuf>,
    /// Whether the operating system's fonts are added as a last resort.
    pub system_fonts: bool,
}

/// How an engine holds its font files; see the module's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontHolding {
    /// Mapped where they are, shared by the process's builds: for builds that end at once.
    Mapped,
    /// Private copies, mapped, compared with the folders before every rebuild.
    Snapshot,
}

/// The font folders of one engine and the fonts loaded from them.
pub(crate) struct FontLibrary {
    folders: Vec<PathBuf>,
    system_fonts: bool,
    holding: FontHolding,
    /// Each folder as it was when its fonts were loaded.
    loaded: Vec<FolderState>,
}

impl FontLibrary {
    /// The fonts of `fonts_dir` and the folders `options` adds, held as `holding` says.
    pub(crate) fn new(fonts_dir: &Path, options: &FontOptions, holding: FontHolding) -> Self {
        let mut folders = vec![fonts_dir.to_path_buf()];
        folders.extend(options.extra_paths.iter().cloned());
        Self { folders, system_fonts: options.system_fonts, holding, loaded: Vec::new() }
    }

    /// The font folders, in the order their fonts are searched.
    pub(crate) fn folders(&self) -> &[PathBuf] {
        &self.folders
    }

    /// Loads the fonts as the folders are now.
    ///
    /// Faces are sorted by path within each folder, so that font selection, and with it
    /// the PDF's bytes, does not depend on the order a directory lists.
    pub(crate) fn load(&mut self) -> Result<FontStore> {
        let mut store = FontStore::new();
        self.loaded = self.folders.iter().map(|folder| FolderState::of(folder)).collect();
        match self.holding {
            FontHolding::Mapped => {
                for folder in &self.folders {
                    store.extend(shared_folder(folder));
                }
            }
            FontHolding::Snapshot => {
                for state in &self.loaded {
                    store.extend(snapshot_folder(state)?);
                }
            }
        }
        if self.system_fonts {
            store.extend(sorted(typst_kit::fonts::system().collect()));
        }
        Ok(store)
    }

    /// Whether a font folder changed since the fonts were loaded: a file added, removed,
    /// replaced, grown or cut short.
    pub(crate) fn changed(&self) -> bool {
        self.folders
            .iter()
            .zip(&self.loaded)
            .any(|(folder, state)| FolderState::of(folder) != *state)
            || self.loaded.len() != self.folders.len()
    }
}

/// Loads the first fonts of the world's store (the project's own, which the library puts
/// first) on a thread of their own and fingerprints them, as Typst does with a font
/// before it first uses it. Loading a 15 MB CJK font (mapping it and reading it once for
/// its content hash) takes a few milliseconds; done here, on another core, while the
/// layouts are read and evaluated, typesetting finds the fonts ready. Fonts already
/// loaded cost nothing.
pub(crate) fn prefetch<'a>(scope: &'a std::thread::Scope<'a, '_>, world: &'a impl World) {
    let count = (0..PREFETCH_LIMIT).take_while(|&i| world.book().info(i).is_some()).count();
    let prefetch = move || {
        // A rebuild stopped meanwhile stops this too; typesetting itself reports it.
        let _ = crate::typeset::interrupt::stoppable(|| {
            for index in 0..count {
                if let Some(font) = world.font(index) {
                    typst::utils::hash128(&font);
                }
            }
        });
    };
    // Without the thread, typesetting loads the fonts itself when it needs them.
    let _ = std::thread::Builder::new().name("font-prefetch".into()).spawn_scoped(scope, prefetch);
}

/// How many fonts `prefetch` loads at most: the project's own, not a system's hundreds.
const PREFETCH_LIMIT: usize = 16;

/// Forgets the fonts shared between one-shot builds, so that the next build maps and
/// fingerprints them again, as a fresh process would (for measuring cold builds).
pub fn forget_shared_fonts() {
    SHARED_FOLDERS.lock().unwrap_or_else(PoisonError::into_inner).clear();
}

/// Font folders whose fonts one-shot builds share, with the faces found in each.
type SharedFolders = Vec<(FolderState, Vec<(MappedFont, FontInfo)>)>;
static SHARED_FOLDERS: Mutex<SharedFolders> = Mutex::new(Vec::new());

/// The faces of a font folder, mapped, shared by every build in this process that uses
/// the folder as it is now: an archive's issues load and fingerprint each font once.
fn shared_folder(folder: &Path) -> Vec<(MappedFont, FontInfo)> {
    let state = FolderState::of(folder);
    let mut folders = SHARED_FOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, faces)) = folders.iter().find(|(known, _)| *known == state) {
        return faces.clone();
    }
    let faces = mapped(sorted(scan(folder)), None);
    load_ahead(&faces);
    // A folder that changed is scanned again; its earlier fonts are not kept.
    folders.retain(|(known, _)| known.path != state.path);
    folders.push((state, faces.clone()));
    faces
}

/// Starts loading the first of `faces` (see [`prefetch`]) on a thread of its own at once,
/// before the world they go into exists: a one-shot build's issue is meanwhile read and
/// its layouts evaluated, and its first text finds the fonts it sets loaded sooner.
fn load_ahead(faces: &[(MappedFont, FontInfo)]) {
    let fonts: Vec<MappedFont> =
        faces.iter().take(PREFETCH_LIMIT).map(|(font, _)| font.clone()).collect();
    let load = move || {
        for font in fonts {
            font.load();
        }
    };
    // Without the thread, the fonts are loaded when first used.
    let _ = std::thread::Builder::new().name("font-load-ahead".into()).spawn(load);
}

/// Font folders copied for long-lived engines, with the faces of each copy, held weakly:
/// the copy and its maps go with the last engine using them.
type SnapshotFolders = Vec<(FolderState, Vec<(Weak<MappedFile>, FontInfo)>)>;
static SNAPSHOT_FOLDERS: Mutex<SnapshotFolders> = Mutex::new(Vec::new());

/// The faces of a private copy of the folder `state` describes, mapped. Every long-lived
/// engine of the process whose folder is as it was shares one copy and one map of each
/// file, so that the desk's open issues cost the fonts' memory once, not once each.
fn snapshot_folder(state: &FolderState) -> Result<Vec<(MappedFont, FontInfo)>> {
    let mut folders = SNAPSHOT_FOLDERS.lock().unwrap_or_else(PoisonError::into_inner);
    folders.retain(|(_, faces)| faces.iter().all(|(file, _)| file.strong_count() > 0));
    if let Some((_, faces)) = folders.iter().find(|(known, _)| known == state) {
        let alive: Option<Vec<_>> = faces
            .iter()
            .map(|(file, info)| Some((MappedFont(file.upgrade()?), info.clone())))
            .collect();
        if let Some(alive) = alive {
            return Ok(alive);
        }
    }
    let copies = Arc::new(
        crate::issue::scratch::folder(crate::issue::scratch::Kind::Fonts)
            .text_context(|| Text::new("fonts-copy-failed"))?,
    );
    state.copy_to(copies.path())?;
    // Each font keeps the copies alive: they go with the last font using them.
    let faces = mapped(sorted(scan(copies.path())), Some(&copies));
    let weak = faces.iter().map(|(font, info)| (Arc::downgrade(&font.0), info.clone())).collect();
    folders.retain(|(known, _)| known.path != state.path);
    folders.push((state.clone(), weak));
    Ok(faces)
}

/// A font folder's path and the name, size, modification time and identity of every
/// file in it: fonts are used as loaded only while none of this changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct FolderState {
    path: PathBuf,
    files: Vec<FileState>,
}

/// What tells one version of a file from another without reading it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct FileState {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
    inode: u64,
}

impl FolderState {
    fn of(folder: &Path) -> Self {
        // Listed from its real path, so that every file's path starts with `path` even
        // when the folder is reached through a link.
        let path = std::fs::canonicalize(folder).unwrap_or_else(|_| folder.to_path_buf());
        let mut files = Vec::new();
        let mut pending = vec![path.clone()];
        while let Some(dir) = pending.pop() {
            for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
                let Ok(meta) = entry.metadata() else { continue };
                if meta.is_dir() {
                    pending.push(entry.path());
                } else {
                    files.push(FileState {
                        path: entry.path(),
                        len: meta.len(),
                        modified: meta.modified().ok(),
                        inode: inode(&meta),
                    });
                }
            }
        }
        files.sort();
        Self { path, files }
    }

    /// Copies the folder's files, as listed, below `to`, keeping their relative paths.
    fn copy_to(&self, to: &Path) -> Result<()> {
        std::fs::create_dir_all(to)
            .text_context(|| Text::new("create-failed").arg("path", to.display().to_string()))?;
        for file in &self.files {
            // Never anywhere but below `to`: a copy over the font itself would empty it.
            let Ok(relative) = file.path.strip_prefix(&self.path) else {
                anyhow::bail!("the font `{}` is not in its folder", file.path.display());
            };
            let target = to.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).text_context(|| {
                    Text::new("create-failed").arg("path", parent.display().to_string())
                })?;
            }
            // A file that vanished since the folder was listed is simply not there.
            if std::fs::copy(&file.path, &target).is_err() && file.path.exists() {
                anyhow::bail!("failed to copy the font `{}`", file.path.display());
            }
        }
        Ok(())
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

/// A font file mapped into memory when the font is first used, once for all the stores
/// that share it.
#[derive(Clone)]
struct MappedFont(Arc<MappedFile>);

struct MappedFile {
    path: FontPath,
    font: OnceLock<Option<Font>>,
    /// The folder of private copies the file is in, kept while the font may be mapped.
    _copies: Option<Arc<tempfile::TempDir>>,
}

impl FontSource for MappedFont {
    fn load(&self) -> Option<Font> {
        let file = &*self.0;
        file.font.get_or_init(|| map_font(&file.path)).clone()
    }
}

fn mapped(
    faces: Vec<(FontPath, FontInfo)>,
    copies: Option<&Arc<tempfile::TempDir>>,
) -> Vec<(MappedFont, FontInfo)> {
    faces
        .into_iter()
        .map(|(path, info)| {
            let file = MappedFile { path, font: OnceLock::new(), _copies: copies.cloned() };
            (MappedFont(Arc::new(file)), info)
        })
        .collect()
}

/// Maps the font file into memory, or reads it if it cannot be mapped.
///
/// Typst fingerprints a font before its first use, and its own fingerprint reads every
/// byte: for the project's fonts that was about 50 ms of a cold build's work, and it
/// brought all 55 MB of them into the process's memory. The mapped font carries a content
/// hash read through the file instead (xxh3, 128 bits, about a tenth of the time), so the
/// map's pages are read only where typesetting and the PDF's font subsets need them.
fn map_font(font: &FontPath) -> Option<Font> {
    let mut file = std::fs::File::open(&font.path).ok()?;
    // SAFETY: the map is read-only and lives as long as the font. The file is one of the
    // project's for builds that end at once (FontHolding::Mapped), or a private copy that
    // nothing else writes (FontHolding::Snapshot).
    let Ok(map) = (unsafe { memmap2::Mmap::map(&file) }) else {
        return font.load();
    };
    match content_hash(&mut file) {
        Ok((hash, length)) if length == map.len() as u64 => {
            Font::new(Bytes::with_content_hash(map, hash), font.index)
        }
        // Read short or not at all: Typst fingerprints the map itself.
        _ => Font::new(Bytes::new(map), font.index),
    }
}

/// The 128-bit xxh3 hash of a file's content, read in blocks through the file, and how
/// many bytes it read.
fn content_hash(file: &mut std::fs::File) -> std::io::Result<(u128, u64)> {
    use std::io::Read;
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    let mut block = vec![0; 256 * 1024];
    let mut length = 0;
    loop {
        match file.read(&mut block)? {
            0 => return Ok((hasher.digest128(), length)),
            read => {
                hasher.update(&block[..read]);
                length += read as u64;
            }
        }
    }
}

/// The faces of the font files in `folder` and its subfolders, found as Typst finds them
/// (`typst_kit::fonts::scan`), with what Typst needs to know of each face.
///
/// That knowledge (`FontInfo`: names, styles, the characters covered) takes reading each
/// face's tables, about 4 ms for the project's fonts one after another, most of it the CJK
/// faces' coverage; it is read for every face at once, on every core.
fn scan(folder: &Path) -> Vec<(FontPath, FontInfo)> {
    use rayon::prelude::*;
    let mut db = fontdb::Database::new();
    db.load_fonts_dir(folder);
    let faces: Vec<_> = db.faces().collect();
    faces
        .par_iter()
        .filter_map(|face| {
            let (fontdb::Source::File(path) | fontdb::Source::SharedFile(path, _)) = &face.source
            else {
                return None;
            };
            let info = db.with_face_data(face.id, FontInfo::new)??;
            Some((FontPath { path: path.clone(), index: face.index }, info))
        })
        .collect()
}

fn sorted(mut faces: Vec<(FontPath, FontInfo)>) -> Vec<(FontPath, FontInfo)> {
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

    fn load(folder: &Path, holding: FontHolding) -> FontStore {
        FontLibrary::new(folder, &FontOptions::default(), holding).load().unwrap()
    }

    #[test]
    fn copied_fonts_are_the_fonts_mapped_in_place() {
        let mapped = load(&repo_fonts(), FontHolding::Mapped);
        let copied = load(&repo_fonts(), FontHolding::Snapshot);
        assert_eq!(faces(&mapped), faces(&copied));
        assert!(faces(&mapped).len() >= 6);
        for i in 0..faces(&mapped).len() {
            let (a, b) = (mapped.font(i).unwrap(), copied.font(i).unwrap());
            assert_eq!(a.data().as_slice(), b.data().as_slice(), "font {i}");
        }
    }

    #[test]
    fn mapped_fonts_are_fingerprinted_by_their_content_hash_not_byte_by_byte() {
        let fingerprint = |font: &Font| typst::utils::hash128(font);
        for holding in [FontHolding::Mapped, FontHolding::Snapshot] {
            let store = load(&repo_fonts(), holding);
            for i in 0..faces(&store).len() {
                let font = store.font(i).unwrap();
                let bytes = font.data().as_slice();
                let hash = xxhash_rust::xxh3::xxh3_128(bytes);
                let content_hashed =
                    Font::new(Bytes::with_content_hash(bytes.to_vec(), hash), font.index());
                let read_whole = Font::new(Bytes::new(bytes.to_vec()), font.index());
                assert_eq!(fingerprint(&font), fingerprint(&content_hashed.unwrap()), "{i}");
                assert_ne!(fingerprint(&font), fingerprint(&read_whole.unwrap()), "{i}");
            }
        }
    }

    #[test]
    fn fonts_of_other_content_have_other_fingerprints() {
        let (one, other) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let name = "LiberationSerif-Regular.ttf";
        let mut data = std::fs::read(repo_fonts().join(name)).unwrap();
        std::fs::write(one.path().join(name), &data).unwrap();
        // The last byte changed: the same face, other content.
        let last = data.len() - 1;
        data[last] ^= 1;
        std::fs::write(other.path().join(name), &data).unwrap();
        for holding in [FontHolding::Mapped, FontHolding::Snapshot] {
            let first = load(one.path(), holding).font(0).unwrap();
            let second = load(other.path(), holding).font(0).unwrap();
            assert_ne!(typst::utils::hash128(&first), typst::utils::hash128(&second));
            assert_ne!(first, second);
        }
    }

    #[test]
    fn a_font_folder_that_changed_is_scanned_again() {
        let temp = tempfile::tempdir().unwrap();
        let copy = |name: &str| std::fs::copy(repo_fonts().join(name), temp.path().join(name));
        copy("LiberationSerif-Regular.ttf").unwrap();
        assert_eq!(faces(&load(temp.path(), FontHolding::Mapped)).len(), 1);
        copy("LiberationSerif-Bold.ttf").unwrap();
        let store = load(temp.path(), FontHolding::Mapped);
        assert_eq!(faces(&store).len(), 2, "the new font is found");
        assert!(store.font(1).is_some());
    }

    #[cfg(unix)]
    #[test]
    fn a_font_folder_reached_through_a_link_is_copied_and_left_whole() {
        let temp = tempfile::tempdir().unwrap();
        let real = temp.path().join("real");
        std::fs::create_dir(&real).unwrap();
        let font = real.join("LiberationSerif-Regular.ttf");
        std::fs::copy(repo_fonts().join("LiberationSerif-Regular.ttf"), &font).unwrap();
        let before = std::fs::read(&font).unwrap();
        let link = temp.path().join("fonts");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        let store = load(&link, FontHolding::Snapshot);
        assert_eq!(faces(&store).len(), 1);
        assert_eq!(std::fs::read(&font).unwrap(), before, "the font was written over");
        assert_eq!(store.font(0).unwrap().data().as_slice(), &before[..]);
    }

    #[test]
    fn long_lived_libraries_of_one_folder_share_one_copy() {
        let temp = tempfile::tempdir().unwrap();
        std::fs::copy(
            repo_fonts().join("LiberationSerif-Regular.ttf"),
            temp.path().join("LiberationSerif-Regular.ttf"),
        )
        .unwrap();
        let (first, second) =
            (load(temp.path(), FontHolding::Snapshot), load(temp.path(), FontHolding::Snapshot));
        let (a, b) = (first.font(0).unwrap(), second.font(0).unwrap());
        assert_eq!(a.data().as_slice().as_ptr(), b.data().as_slice().as_ptr(), "two maps");
    }

    #[test]
    fn a_font_cut_short_under_a_long_lived_library_is_noticed_and_harms_nothing() {
        let temp = tempfile::tempdir().unwrap();
        let font = temp.path().join("LiberationSerif-Regular.ttf");
        std::fs::copy(repo_fonts().join("LiberationSerif-Regular.ttf"), &font).unwrap();
        let mut library =
            FontLibrary::new(temp.path(), &FontOptions::default(), FontHolding::Snapshot);
        let store = library.load().unwrap();
        let before = store.font(0).unwrap().data().to_vec();
        assert!(!library.changed());
        // Cut short in place, as an interrupted copy over the file would leave it.
        std::fs::OpenOptions::new().write(true).open(&font).unwrap().set_len(100).unwrap();
        assert!(library.changed(), "the truncation went unnoticed");
        // The fonts loaded before still read whole: they are the library's own copies.
        assert_eq!(store.font(0).unwrap().data().to_vec(), before);
        let reloaded = library.load().unwrap();
        assert!(reloaded.font(0).is_none(), "a 100-byte file is no font");
        assert!(!library.changed());
    }

    /// The patched `Coverage::from_vec` (typst-library, vendored) marks a large set in a
    /// bit set instead of sorting it: the same codepoints come back, in order, from sets
    /// gathered as a font's subtables give them (sorted runs, overlapping) or shuffled.
    #[test]
    fn large_coverages_hold_the_same_codepoints_as_small_ones() {
        use typst::text::Coverage;
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        let mut next = move |below: u32| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % u64::from(below)) as u32
        };
        for round in 0..8 {
            // Four overlapping subtables: the BMP part twice, then everything twice.
            let everything: Vec<u32> = (0..20_000).map(|_| next(0x11_0000)).collect();
            let mut bmp: Vec<u32> = everything.iter().copied().filter(|&c| c < 0x1_0000).collect();
            bmp.sort_unstable();
            let mut sorted = everything.clone();
            sorted.sort_unstable();
            let mut gathered = [bmp.clone(), bmp, sorted.clone(), sorted.clone()].concat();
            if round % 2 == 1 {
                gathered.reverse();
                gathered.extend([0, 1, 2, 0x10_FFFF]);
                sorted.extend([0, 1, 2, 0x10_FFFF]);
                sorted.sort_unstable();
            }
            sorted.dedup();
            let coverage = Coverage::from_vec(gathered);
            assert_eq!(coverage.iter().collect::<Vec<_>>(), sorted, "round {round}");
            for probe in (0..2000).map(|_| next(0x11_0100)) {
                assert_eq!(coverage.contains(probe), sorted.binary_search(&probe).is_ok());
            }
            // A set past Unicode is sorted, as before the patch.
            let beyond = Coverage::from_vec([sorted.clone(), vec![0x20_0000]].concat());
            assert_eq!(beyond.iter().count(), sorted.len() + 1);
        }
    }
}
