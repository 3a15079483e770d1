//! PDF/X: the print PDF is PDF/X-4 (or X-1a:2003), byte for byte reproducible; every
//! PDF/X preflight rule refuses a copy of the good file broken in just that way; X-1a
//! converts RGB and masked images.

mod build;
mod images;
mod output_rules;
mod rules;
mod standards;

pub use crate::preflight_checks::messages;
use std::sync::OnceLock;

use bulletin::export::pdfx::PdfxLevel;
use bulletin::preflight::{Preflight, Rules, Severity, preflight_for};
use lopdf::Document;

use crate::support::{Sandbox, bulletin};

/// The sample issue built for the print shop (3mm bleed, crop marks) at `level`.
pub fn good(level: PdfxLevel) -> &'static [u8] {
    static X4: OnceLock<Vec<u8>> = OnceLock::new();
    static X1A: OnceLock<Vec<u8>> = OnceLock::new();
    let cell = match level {
        PdfxLevel::X4 => &X4,
        PdfxLevel::X1a => &X1A,
    };
    cell.get_or_init(|| build_sample(level, &["--bleed", "3mm", "--marks"], "good"))
}

/// Builds the sample issue at `level` with `extra` options; returns the PDF's bytes.
pub fn build_sample(level: PdfxLevel, extra: &[&str], tag: &str) -> Vec<u8> {
    let sandbox = Sandbox::new(&format!("pdfx-{}-{tag}", level.name()));
    let output = sandbox.path("sample.pdf");
    bulletin()
        .args(["build", "issues/2023-08", "--pdfx", level.name()])
        .args(extra)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    std::fs::read(&output).expect("the PDF was written")
}

/// Preflights `bytes` for `level`.
pub fn check(bytes: &[u8], level: PdfxLevel) -> Preflight {
    preflight_for(bytes, "test.pdf", &Rules::default(), Some(level)).expect("the PDF is inspected")
}

/// The PDF/X requirements `preflight` found not met (resolution and the like aside).
pub fn unmet(preflight: &Preflight) -> Vec<String> {
    let report = preflight.pdfx.as_ref().expect("the PDF/X requirements were checked");
    report
        .checks
        .iter()
        .filter(|c| matches!(c.outcome, bulletin::preflight::pdfx::Outcome::Failed(_)))
        .map(|c| format!("{}: {}", c.requirement, c.outcome))
        .collect()
}

/// The good file at `level`, changed by `change` and written again.
pub fn broken(level: PdfxLevel, change: impl FnOnce(&mut Document)) -> Vec<u8> {
    let mut doc = Document::load_mem(good(level)).expect("the good file parses");
    change(&mut doc);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("the broken file is written");
    bytes
}

/// Where every variant `refuses` and `allows` make is written, with what preflight must
/// say of it, for the validators of others to read too (tests/pdfx_corpus/compare.py).
pub fn corpus_dir() -> std::path::PathBuf {
    crate::support::repo_root().join("target").join("pdfx-corpus")
}

/// Writes a variant into the corpus: `<level>-<verdict>-<reason>.pdf`, and beside it a
/// `.expect` file of one line: level, verdict (refused or allowed) and the reason.
pub fn keep(level: PdfxLevel, verdict: &str, reason: &str, bytes: &[u8]) {
    let slug: String = reason
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let slug: String = slug.chars().take(60).collect();
    let dir = corpus_dir();
    std::fs::create_dir_all(&dir).unwrap();
    let name = format!("x{}-{verdict}-{slug}", level.name());
    std::fs::write(dir.join(format!("{name}.pdf")), bytes).unwrap();
    let expect = format!("{}\t{verdict}\t{reason}\n", level.name());
    std::fs::write(dir.join(format!("{name}.expect")), expect).unwrap();
}

/// Asserts that the file `change` makes of the good one at `level` passes (the standard
/// allows it), and keeps it in the corpus as `allowed` for `reason`.
pub fn allows(level: PdfxLevel, reason: &str, change: impl FnOnce(&mut Document)) {
    let bytes = broken(level, change);
    let report = check(&bytes, level);
    assert!(messages(&report, Severity::Error).is_empty(), "{reason}: {:?}", report.findings);
    keep(level, "allowed", reason, &bytes);
}

/// Asserts that the good file passes at `level`, and that the one `change` breaks fails
/// with an error containing `needle`; keeps it in the corpus as `refused` for `needle`.
pub fn refuses(level: PdfxLevel, needle: &str, change: impl FnOnce(&mut Document)) {
    let good = check(good(level), level);
    assert!(messages(&good, Severity::Error).is_empty(), "{:?}", good.findings);
    let bytes = broken(level, change);
    keep(level, "refused", needle, &bytes);
    let bad = check(&bytes, level);
    let errors = messages(&bad, Severity::Error);
    assert!(
        errors.iter().any(|e| e.contains(needle)),
        "no error containing “{needle}” in {errors:?}"
    );
    // The finding names the rule that made it, and that rule's row shows the reason.
    let rules: Vec<&str> = bad
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.message.contains(needle))
        .filter_map(|f| f.rule)
        .collect();
    assert!(!rules.is_empty(), "the error “{needle}” names no rule");
    let report = bad.pdfx.expect("the PDF/X requirements were checked");
    assert!(
        report
            .checks
            .iter()
            .any(|c| rules.contains(&c.rule) && c.outcome.to_string().contains(needle)),
        "the requirements table does not show “{needle}” under rule {rules:?}"
    );
}
