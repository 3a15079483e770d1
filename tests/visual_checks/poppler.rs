//! A second opinion: poppler, the renderer behind many PDF readers, draws the sample PDF
//! as the reference pages show it.

use std::path::Path;
use std::process::Command;

use std::io::Write as _;

use bulletin::typeset::engine::Build;
use bulletin::visual::compare::local_mean_difference;
use image::RgbImage;

use super::{REFERENCE_PPI, accepted_pages};
use crate::support::{Sandbox, pdf_of, sample_typeset};

/// Set to 1 (as CI does) to fail instead of skipping when pdftoppm is not installed.
const REQUIRE_VARIABLE: &str = "BULLETIN_REQUIRE_POPPLER";

/// The side of the square over which colours are averaged: about one em of body text
/// (12 pt is 8 pixels at 48 ppi).
const WINDOW: u32 = 7;

/// How far, in any channel (0–255), the averaged colours may differ.
const TOLERANCE: u8 = 48;

/// The PDF's pages as poppler draws them at the reference resolution, or `None` if
/// pdftoppm is not installed and not required.
pub fn poppler_pages(typeset: &Build, label: &str) -> Option<Vec<RgbImage>> {
    let sandbox = Sandbox::new(label);
    let pdf = sandbox.path("issue.pdf");
    std::fs::write(&pdf, pdf_of(typeset)).unwrap();
    let prefix = sandbox.path("poppler");
    // PPM, not PNG: pdftoppm writes it several times faster.
    let run = Command::new("pdftoppm")
        .args(["-r", &REFERENCE_PPI.to_string()])
        .arg(&pdf)
        .arg(&prefix)
        .status();
    match run {
        Ok(status) => assert!(status.success(), "pdftoppm failed: {status}"),
        Err(err) if std::env::var(REQUIRE_VARIABLE).is_ok_and(|v| v == "1") => {
            panic!("pdftoppm (poppler-utils) is required but could not run: {err}")
        }
        Err(err) => {
            // Straight to stderr, past the test harness's capture: a skipped check must
            // be seen in the test output, not mistaken for a passed one.
            let _ = writeln!(
                std::io::stderr(),
                "SKIPPED {label}: pdftoppm (poppler-utils) could not run ({err}); install \
                 poppler-utils, or set {REQUIRE_VARIABLE}=1 to fail instead"
            );
            return None;
        }
    }
    let count = typeset.document.pages().len();
    let width = count.to_string().len();
    let pages =
        (1..=count).map(|n| read_ppm(&sandbox.path(&format!("poppler-{n:0width$}.ppm")))).collect();
    Some(pages)
}

/// Reads a binary PPM (P6, 8 bits a channel), the format pdftoppm writes by default.
fn read_ppm(path: &Path) -> RgbImage {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    // Header: magic, width, height, maximum value, separated by whitespace; one byte more,
    // then the pixels.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&bytes[start..at]).into_owned());
    }
    assert_eq!((fields[0].as_str(), fields[3].as_str()), ("P6", "255"), "{}", path.display());
    let (width, height): (u32, u32) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = bytes[at + 1..].to_vec();
    RgbImage::from_raw(width, height, pixels).expect("a whole number of pixels")
}

#[test]
fn poppler_draws_the_pdf_as_the_reference_pages_show_it() {
    let Some(pages) = poppler_pages(sample_typeset(), "visual-poppler") else { return };
    let references = accepted_pages();
    assert_eq!(pages.len(), references.len(), "page count");
    let mut worst = (0, 0);
    let mut failures = Vec::new();
    for (i, (page, reference)) in pages.iter().zip(references).enumerate() {
        // pdftoppm rounds the page size up, typst to the nearest pixel.
        let (w, h) =
            (page.width().abs_diff(reference.width()), page.height().abs_diff(reference.height()));
        assert!(
            w <= 1 && h <= 1,
            "page {}: poppler {:?}, reference {:?}",
            i + 1,
            page.dimensions(),
            reference.dimensions()
        );
        let difference = local_mean_difference(page, reference, WINDOW);
        worst = worst.max((difference, i + 1));
        if difference > TOLERANCE {
            failures.push(format!("page {}: {difference}", i + 1));
        }
    }
    eprintln!(
        "poppler vs reference pages at {REFERENCE_PPI} ppi: colours averaged over {WINDOW}×{WINDOW} \
         pixels differ by at most {} of 255 (page {}); tolerance {TOLERANCE}",
        worst.0, worst.1
    );
    assert!(failures.is_empty(), "poppler disagrees beyond {TOLERANCE}: {}", failures.join(", "));
    // The measure tells pages apart: each page against its neighbour's reference fails.
    for (i, page) in pages.iter().enumerate().skip(1).take(references.len() - 2) {
        let difference = local_mean_difference(page, &references[i + 1], WINDOW);
        assert!(difference > TOLERANCE, "page {} passes as page {}: {difference}", i + 1, i + 2);
    }
}
