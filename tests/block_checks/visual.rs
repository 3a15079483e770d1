//! The blocks' look: the fixture's pages against accepted reference images, one page
//! holding the subheading, the figures and the first table, the next the rest.

use std::fs;
use std::path::PathBuf;

use bulletin::export::png::{Compression, decode_png, encode_png, page_file_name, rasterize_all};
use bulletin::issue::files::write_atomically;
use bulletin::visual::compare::{CHANNEL_TOLERANCE, compare_pages};
use bulletin::visual::report::{ReportHeader, summary_line, write_report};

use super::fixture_dir;
use crate::support::{blessing, repo_root, typeset_dir};
use crate::visual_checks::REFERENCE_PPI;

fn reference_dir() -> PathBuf {
    repo_root().join("tests/reference/blocks")
}

#[test]
fn the_blocks_pages_match_their_references() {
    let build = typeset_dir(&fixture_dir());
    let pages = rasterize_all(&build.document, REFERENCE_PPI);
    let dir = reference_dir();
    let names: Vec<String> = (1..=pages.len()).map(|n| page_file_name(n, pages.len())).collect();
    if blessing() {
        fs::create_dir_all(&dir).unwrap();
        for (name, page) in names.iter().zip(&pages) {
            let bytes = encode_png(page, Compression::Small).unwrap();
            write_atomically(&dir.join(name), &bytes).unwrap();
        }
        return;
    }
    let accepted: Vec<_> = names
        .iter()
        .map(|name| {
            let path = dir.join(name);
            let bytes = fs::read(&path).unwrap_or_else(|e| {
                panic!("{}: {e}; accept the pages with BULLETIN_BLESS=1", path.display())
            });
            decode_png(&bytes).unwrap()
        })
        .collect();
    let changes = compare_pages(&accepted, &pages, CHANNEL_TOLERANCE);
    if changes.iter().all(|change| change.is_unchanged()) {
        return;
    }
    let report = repo_root().join("target/visual/blocks");
    let header = ReportHeader {
        old: &format!("reference pages {}", dir.display()),
        new: "the current rendering of tests/fixtures/blocks/2023-09",
        rendering: &format!("typst-render at {REFERENCE_PPI} ppi"),
        tolerance: CHANNEL_TOLERANCE,
    };
    let index = write_report(&report, &header, &accepted, &pages, &changes).unwrap();
    let lines: Vec<String> = changes
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_unchanged())
        .map(|(i, c)| summary_line(i + 1, changes.len(), c))
        .collect();
    panic!(
        "the blocks' pages differ from {}:\n  {}\nside by side: {}\nIf intended: \
         BULLETIN_BLESS=1 cargo test --release blocks",
        dir.display(),
        lines.join("\n  "),
        index.display()
    );
}
