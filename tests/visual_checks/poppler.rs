//! A second opinion: poppler, the renderer behind many PDF readers, draws the sample PDF
//! as the reference pages show it.

use std::process::Command;

use bulletin::export::pdf::export_pdf;
use bulletin::export::png::decode_png;

use super::{REFERENCE_PPI, accepted_pages};
use crate::support::{Sandbox, sample_typeset};

/// Set to 1 (as CI does) to fail instead of skipping when pdftoppm is not installed.
const REQUIRE_VARIABLE: &str = "BULLETIN_REQUIRE_POPPLER";

#[test]
fn poppler_draws_the_pdf_as_the_reference_pages_show_it() {
    let sandbox = Sandbox::new("poppler");
    let pdf = sandbox.path("sample.pdf");
    let typeset = sample_typeset();
    std::fs::write(&pdf, export_pdf(&typeset.document, &typeset.issue).unwrap()).unwrap();
    let prefix = sandbox.path("poppler");
    let run = Command::new("pdftoppm")
        .args(["-png", "-r", &REFERENCE_PPI.to_string()])
        .arg(&pdf)
        .arg(&prefix)
        .status();
    match run {
        Ok(status) => assert!(status.success(), "pdftoppm failed: {status}"),
        Err(err) if std::env::var(REQUIRE_VARIABLE).is_ok_and(|v| v == "1") => {
            panic!("pdftoppm (poppler-utils) is required but could not run: {err}")
        }
        Err(err) => {
            eprintln!("skipped: pdftoppm (poppler-utils) could not run: {err}");
            return;
        }
    }
    let references = accepted_pages();
    for (i, reference) in references.iter().enumerate() {
        let path = sandbox.path(&format!("poppler-{:02}.png", i + 1));
        let poppler = decode_png(&std::fs::read(&path).unwrap()).unwrap();
        let (w, h) =
            (poppler.width().min(reference.width()), poppler.height().min(reference.height()));
        let mut nb = [0u64; 3];
        for y in 1..h - 1 {
            for x in 1..w - 1 {
                let a = poppler.get_pixel(x, y);
                for (k, t) in [32u8, 64, 128].iter().enumerate() {
                    let mut ok = false;
                    'outer: for dy in 0..3 {
                        for dx in 0..3 {
                            let b = reference.get_pixel(x + dx - 1, y + dy - 1);
                            if a.0.iter().zip(b.0).all(|(&p, q)| p.abs_diff(q) <= *t) { ok = true; break 'outer; }
                        }
                    }
                    nb[k] += u64::from(!ok);
                }
            }
        }
        let total = f64::from(w * h);
        let mut blocks = String::new();
        for size in [4u32, 8, 12, 16, 24] {
            let mut max = 0f64;
            let mut over = [0u32; 3];
            for by in 0..h / size {
                for bx in 0..w / size {
                    let mut d = [0i64; 3];
                    for y in by * size..(by + 1) * size {
                        for x in bx * size..(bx + 1) * size {
                            let a = poppler.get_pixel(x, y);
                            let b = reference.get_pixel(x, y);
                            for c in 0..3 { d[c] += i64::from(a[c]) - i64::from(b[c]); }
                        }
                    }
                    let m = d.iter().map(|v| v.abs() as f64 / f64::from(size * size)).fold(0f64, f64::max);
                    max = max.max(m);
                    for (k, t) in [8.0, 16.0, 32.0].iter().enumerate() { over[k] += u32::from(m > *t); }
                }
            }
            blocks += &format!(" b{size}: max {max:.1} >8:{} >16:{} >32:{};", over[0], over[1], over[2]);
        }
        eprintln!("page {:02}: nb>32 {:.3}% nb>64 {:.3}% nb>128 {:.4}% |{blocks}", i + 1,
            nb[0] as f64 / total * 100.0, nb[1] as f64 / total * 100.0, nb[2] as f64 / total * 100.0);
    }
}
