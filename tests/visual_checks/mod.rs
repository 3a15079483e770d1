//! What the pages look like: every page against its accepted reference image, the guard
//! proven by small changes, the render and diff commands, and poppler as a second opinion.

mod commands;
mod guards;
mod poppler;

use std::fmt::Write as _;
use std::fs;
use std::path::PathBuf;
use std::sync::OnceLock;

use bulletin::export::png::{
    Compression, decode_png, encode_all, encode_png, page_file_name, rasterize_all,
};
use bulletin::issue::files::write_atomically;
use bulletin::visual::compare::{CHANNEL_TOLERANCE, PageChange, compare_pages};
use bulletin::visual::report::{ReportHeader, summary_line, write_report};
use image::RgbImage;

use crate::support::{self, blessing, repo_root, sample_typeset};

/// Resolution of the reference pages: two pixels for every three points.
pub const REFERENCE_PPI: u32 = 48;

/// The folder of the sample issue's accepted pages.
fn reference_dir() -> PathBuf {
    repo_root().join("tests/reference/2023-08")
}

/// The sample issue's pages at the reference resolution, rendered once per test run.
pub fn sample_pages() -> &'static [RgbImage] {
    static PAGES: OnceLock<Vec<RgbImage>> = OnceLock::new();
    PAGES.get_or_init(|| rasterize_all(&sample_typeset().document, REFERENCE_PPI))
}

/// The accepted pages: the committed reference images, or while blessing, the pages
/// being written as the new references.
pub fn accepted_pages() -> &'static [RgbImage] {
    static PAGES: OnceLock<Vec<RgbImage>> = OnceLock::new();
    PAGES.get_or_init(|| if blessing() { sample_pages().to_vec() } else { read_references() })
}

/// The committed page images, in page order.
fn read_references() -> Vec<RgbImage> {
    let dir = reference_dir();
    let files = reference_files();
    assert!(
        !files.is_empty(),
        "no reference pages in {}: accept the current rendering with \
         `BULLETIN_BLESS=1 cargo test --release visual`",
        dir.display()
    );
    files
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            decode_png(&bytes).unwrap_or_else(|e| panic!("{}: {e:#}", path.display()))
        })
        .collect()
}

/// The names of the committed page images, `page-NN.png`, sorted.
fn reference_files() -> Vec<String> {
    let Ok(entries) = fs::read_dir(reference_dir()) else { return Vec::new() };
    let mut names: Vec<String> = entries
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("page-") && name.ends_with(".png"))
        .collect();
    names.sort();
    names
}

/// The pages that differ from the accepted ones, and where their images were written.
#[derive(Debug)]
pub struct Mismatch {
    /// 1-based page numbers and what changed.
    pub pages: Vec<(usize, PageChange)>,
    /// The report written under target/: index.html, actual pages and diff images.
    pub files: Vec<PathBuf>,
    /// What to tell the person running the tests.
    pub message: String,
}

impl Mismatch {
    /// The numbers of the pages that differ.
    pub fn page_numbers(&self) -> Vec<usize> {
        self.pages.iter().map(|(number, _)| *number).collect()
    }
}

/// Compares `actual` with the accepted pages; on a mismatch, writes a report of the
/// differing pages under target/visual/`label`/ and describes it.
pub fn check_against_references(actual: &[RgbImage], label: &str) -> Result<(), Mismatch> {
    let accepted = accepted_pages();
    let changes = compare_pages(accepted, actual, CHANNEL_TOLERANCE);
    let pages: Vec<(usize, PageChange)> = changes
        .iter()
        .enumerate()
        .filter(|(_, change)| !change.is_unchanged())
        .map(|(i, change)| (i + 1, *change))
        .collect();
    if pages.is_empty() {
        return Ok(());
    }
    let dir = repo_root().join("target/visual").join(label);
    let reference = reference_dir().display().to_string();
    let header = ReportHeader {
        old: &format!("reference pages {reference}"),
        new: &format!("the current rendering ({label})"),
        rendering: &format!("typst-render at {REFERENCE_PPI} ppi"),
        tolerance: CHANNEL_TOLERANCE,
    };
    let index = write_report(&dir, &header, accepted, actual, &changes).expect("report written");
    let mut files = vec![index.clone()];
    let mut message = format!(
        "{} of {} pages differ from the reference pages in {reference}:\n",
        pages.len(),
        changes.len()
    );
    for (number, change) in &pages {
        let _ = writeln!(message, "  {}", summary_line(*number, changes.len(), change));
        let stem = format!("page-{number:0width$}", width = changes.len().to_string().len().max(2));
        for (kind, name) in [("new", "actual page"), ("diff", "changes")] {
            let path = dir.join(format!("{stem}-{kind}.png"));
            if path.exists() {
                let _ = writeln!(message, "    {name}: {}", path.display());
                files.push(path);
            }
        }
    }
    let _ = write!(
        message,
        "side by side: {}\nIf the change is intended, accept it with \
         `BULLETIN_BLESS=1 cargo test --release visual` and commit tests/reference/.",
        index.display()
    );
    Err(Mismatch { pages, files, message })
}

/// Writes `pages` as the new reference images and removes references of pages that no
/// longer exist.
fn bless(pages: &[RgbImage]) {
    let dir = reference_dir();
    fs::create_dir_all(&dir).expect("reference folder created");
    let names: Vec<String> = (1..=pages.len()).map(|n| page_file_name(n, pages.len())).collect();
    let mut total = 0;
    for (name, page) in names.iter().zip(pages) {
        let bytes = encode_png(page, Compression::Small).expect("PNG encoded");
        total += bytes.len();
        write_atomically(&dir.join(name), &bytes).expect("reference written");
    }
    for stale in reference_files().iter().filter(|name| !names.contains(name)) {
        fs::remove_file(dir.join(stale)).expect("stale reference removed");
    }
    eprintln!(
        "blessed {} reference pages ({} KiB) in {}",
        pages.len(),
        total.div_ceil(1024),
        dir.display()
    );
}

#[test]
fn every_page_matches_its_reference() {
    let pages = sample_pages();
    if blessing() {
        bless(pages);
        return;
    }
    if let Err(mismatch) = check_against_references(pages, "2023-08") {
        panic!("{}", mismatch.message);
    }
}

#[test]
fn rendering_twice_gives_identical_png_bytes() {
    // A second, independent typesetting of the same issue.
    let again = support::typeset_dir(&repo_root().join("issues/2023-08"));
    let first = encode_all(sample_pages(), Compression::Fast).unwrap();
    let second =
        encode_all(&rasterize_all(&again.document, REFERENCE_PPI), Compression::Fast).unwrap();
    assert_eq!(first.len(), second.len());
    for (i, (a, b)) in first.iter().zip(&second).enumerate() {
        assert!(a == b, "page {} encodes to different bytes", i + 1);
    }
}
