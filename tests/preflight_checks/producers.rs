//! `bulletin preflight` on the command line, on PDFs made by other programs, and next to
//! poppler's `pdffonts` as a second opinion.

use std::path::{Path, PathBuf};
use std::process::Command;

use bulletin::pdf::colour_space::ColourSpace;
use bulletin::preflight::{Rules, Severity, preflight_file};

use super::{TestPdf, font_resources, for_print, messages, simple_font};
use crate::support::{Sandbox, bulletin, repo_root, run};

/// Set to 1 to fail instead of skipping when poppler-utils are missing (the same switch as
/// the visual checks use).
const REQUIRE_VARIABLE: &str = "BULLETIN_REQUIRE_POPPLER";

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/preflight").join(name)
}

#[test]
fn preflight_exits_1_when_the_press_would_stop_and_0_when_ready() {
    let sandbox = Sandbox::new("preflight-cli");
    let write = |name: &str, embedded: bool| {
        let mut pdf = TestPdf::new();
        let font = simple_font(&mut pdf, "Type1", "Helvetica", embedded);
        pdf.page("BT 0 0 0 1 k /F1 12 Tf 72 720 Td (Press) Tj ET", font_resources(font));
        let path = sandbox.path(name);
        std::fs::write(&path, pdf.bytes()).unwrap();
        path.display().to_string()
    };
    let (bad, good) = (write("bad.pdf", false), write("good.pdf", true));
    let (code, stdout, stderr) = run(&["preflight", &bad, "--for", "print"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("Helvetica  Type 1  no        no      1"), "{stdout}");
    assert!(stdout.contains("error  page 1  font Helvetica (Type 1) is not embedded"), "{stdout}");
    assert!(stdout.contains("Result: 1 error(s), 0 warning(s): the press would stop"), "{stdout}");
    assert!(stderr.contains("preflight found 1 error(s)"), "{stderr}");

    let (code, stdout, _) = run(&["preflight", &good, "--for", "print", "--multiple", "1"]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("text in K only  every page"), "{stdout}");
    assert!(stdout.contains("ready for press"), "{stdout}");
}

#[test]
fn preflight_json_carries_the_same_findings() {
    let path = fixture("ghostscript-unembedded.pdf");
    let (code, stdout, _) = run(&["preflight", "--json", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let json: serde_json::Value = serde_json::from_str(&stdout).expect("JSON on stdout");
    assert_eq!(json["fonts"][0]["name"], "Helvetica");
    assert_eq!(json["fonts"][0]["embedded"], false);
    assert_eq!(json["findings"][0]["severity"], "error");
    assert_eq!(json["pages"][0]["text"], "black_only");
}

#[test]
fn files_that_are_not_pdfs_are_refused_with_a_reason() {
    let (code, _, stderr) = run(&["preflight", "README.md"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("`README.md` could not be inspected: it is not a PDF file"),
        "{stderr}"
    );
    let (code, _, stderr) = run(&["preflight", "no-such.pdf"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("failed to read `no-such.pdf`"), "{stderr}");
}

#[test]
fn a_pdf_rewritten_by_cairo_is_rgb_with_embedded_fonts() {
    let report = preflight_file(&fixture("cairo-colophon.pdf"), &for_print()).unwrap();
    assert_eq!(report.document.version, "1.5");
    assert!(report.document.producer.as_deref().unwrap_or_default().starts_with("cairo"));
    let fonts: Vec<(&str, &str, bool, bool)> = report
        .fonts
        .iter()
        .map(|f| (f.name.as_str(), f.kind.as_str(), f.embedded, f.subset))
        .collect();
    // As `pdffonts` lists them.
    assert_eq!(
        fonts,
        [
            ("ALMNGN+NotoSerifSC-Regular", "CID TrueType", true, true),
            ("TZXQDU+LiberationSerif", "TrueType", true, true),
        ]
    );
    assert_eq!(report.pages[0].colour_spaces, [ColourSpace::DeviceRgb]);
    let errors = messages(&report, Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("RGB colour (DeviceRGB) on page 1"), "{errors:?}");
}

#[test]
fn a_pdf_from_libreoffice_is_rgb_and_no_pdfx_for_its_own_reasons() {
    let path = fixture("libreoffice-article.pdf");
    let bytes = std::fs::read(&path).unwrap();
    let report = preflight_file(&path, &for_print()).unwrap();
    assert_eq!(report.document.version, "1.6");
    assert!(report.document.producer.as_deref().unwrap_or_default().starts_with("LibreOffice"));
    assert_eq!(report.pages[0].colour_spaces, [ColourSpace::DeviceRgb]);
    let errors = messages(&report, Severity::Error);
    assert!(errors.len() == 1 && errors[0].starts_with("RGB colour (DeviceRGB)"), "{errors:?}");
    // As PDF/X-4: refused by exactly the rules a plain export breaks, each finding naming
    // its rule; fonts (embedded, as LibreOffice does) and the version pass.
    let x4 = bulletin::preflight::preflight_for(
        &bytes,
        "libreoffice-article.pdf",
        &Rules::default(),
        Some(bulletin::export::pdfx::PdfxLevel::X4),
    )
    .unwrap();
    let mut rules: Vec<&str> = x4
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.rule.expect("a PDF/X error names its rule"))
        .collect();
    rules.dedup();
    assert_eq!(rules, ["pdfx.output-intent", "pdfx.info", "pdfx.xmp", "pdfx.boxes", "pdfx.colour"]);
}

#[test]
fn a_pdf_from_ghostscript_with_an_unembedded_font_stops_the_press() {
    let report = preflight_file(&fixture("ghostscript-unembedded.pdf"), &Rules::default()).unwrap();
    assert_eq!(report.document.version, "1.4");
    assert_eq!(report.fonts.len(), 1);
    assert_eq!((report.fonts[0].name.as_str(), report.fonts[0].embedded), ("Helvetica", false));
    let errors = messages(&report, Severity::Error);
    assert!(errors.len() == 1 && errors[0].contains("not embedded"), "{errors:?}");
    assert_eq!(report.black_text_pages(), [1], "grey and K-only CMYK text is black ink");
}

/// The fonts `pdffonts` lists: (name, type, embedded, subset), or `None` when poppler is
/// not installed and not required.
fn pdffonts(path: &Path) -> Option<Vec<(String, String, bool, bool)>> {
    let output = match Command::new("pdffonts").arg(path).output() {
        Ok(output) => output,
        Err(err) if std::env::var(REQUIRE_VARIABLE).is_ok_and(|v| v == "1") => {
            panic!("pdffonts (poppler-utils) is required but could not run: {err}")
        }
        Err(err) => {
            eprintln!("skipped: pdffonts (poppler-utils) could not run: {err}");
            return None;
        }
    };
    assert!(output.status.success(), "pdffonts failed on {}", path.display());
    let text = String::from_utf8_lossy(&output.stdout).into_owned();
    // Fixed columns: name 37, type 18, encoding 17, then emb, sub, uni.
    let fonts = text
        .lines()
        .skip(2)
        .map(|line| {
            let cell = |from: usize, to: usize| {
                line.get(from..to.min(line.len())).unwrap_or("").trim().to_owned()
            };
            // From the right: object number, generation, uni, sub, emb.
            let flags: Vec<&str> = line.split_whitespace().rev().collect();
            (cell(0, 36), cell(37, 54), flags.get(4) == Some(&"yes"), flags.get(3) == Some(&"yes"))
        })
        .collect();
    Some(fonts)
}

#[test]
fn preflight_lists_the_fonts_pdffonts_lists() {
    let sandbox = Sandbox::new("preflight-pdffonts");
    let sample = sandbox.path("sample.pdf");
    bulletin().args(["build", "issues/2023-08", "-o"]).arg(&sample).assert().success();
    let others = ["cairo-colophon.pdf", "ghostscript-unembedded.pdf", "libreoffice-article.pdf"];
    for path in [sample].into_iter().chain(others.map(fixture)) {
        let Some(expected) = pdffonts(&path) else { return };
        let report = preflight_file(&path, &Rules::default()).unwrap();
        let actual: Vec<(String, String, bool, bool)> = report
            .fonts
            .iter()
            .map(|f| (f.name.clone(), f.kind.clone(), f.embedded, f.subset))
            .collect();
        assert_eq!(actual, expected, "{}", path.display());
    }
}
