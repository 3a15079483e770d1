//! The two output profiles on the sample issue: print is ink only, screen is PDF/A-2b in
//! RGB; bleed, crop marks and padding change the sheet, never the typesetting.

use std::fs;
use std::path::{Path, PathBuf};

use bulletin::issue::model::Profile;
use bulletin::preflight::colours::{Ink, TextInk};
use bulletin::preflight::{Preflight, Rules, Severity, preflight, preflight_file};
use bulletin::typeset::inspect::page_lines;
use bulletin::typeset::options::OutputOptions;

use super::{for_print, messages};
use crate::support::{IssueText, Sandbox, bulletin, pdf_of, repo_root, typeset_for};

/// Builds the sample issue with `args` into the sandbox `label`; returns the PDF's path.
fn build(label: &str, args: &[&str]) -> PathBuf {
    let sandbox = Sandbox::new(label);
    let output = sandbox.path("issue.pdf");
    bulletin().args(["build", "issues/2023-08", "-o"]).arg(&output).args(args).assert().success();
    output
}

fn inspect(path: &Path, rules: Rules) -> Preflight {
    preflight_file(path, &rules).expect("the built PDF is inspected")
}

#[test]
fn the_print_profile_paints_in_ink_only() {
    let pdf = build("profile-print", &["--profile", "print"]);
    let report = inspect(&pdf, Rules { intent: Some(Profile::Print), multiple: None });
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let cover = &report.pages[0];
    assert_eq!(cover.inks, [Ink::Black, Ink::Spot("PANTONE 485 C".into())], "masthead in spot red");
    for page in &report.pages[1..] {
        assert_eq!(page.inks, [Ink::Black], "page {} is not black ink only", page.number);
        assert_eq!(page.text, TextInk::BlackOnly, "page {}", page.number);
    }
    assert!(report.fonts.iter().all(|f| f.embedded && f.subset), "{:?}", report.fonts);
    assert_eq!(report.document.pdfa, None);
    // The same PDF judged for the screen lacks its PDF/A claim: the rule bites.
    let as_screen = inspect(&pdf, Rules { intent: Some(Profile::Screen), multiple: None });
    assert_eq!(messages(&as_screen, Severity::Warning).len(), 1);
}

#[test]
fn the_screen_profile_is_pdfa_2b_in_rgb() {
    let pdf = build("profile-screen", &["--profile", "screen"]);
    let report = inspect(&pdf, Rules { intent: Some(Profile::Screen), multiple: None });
    assert_eq!(report.document.pdfa.as_deref(), Some("PDF/A-2b"));
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    for page in &report.pages {
        assert!(
            page.colour_spaces.iter().all(|s| s.is_rgb()),
            "page {}: {:?}",
            page.number,
            page.colour_spaces
        );
    }
    // Sent to a print shop, the screen PDF is refused: every page is RGB.
    let as_print = inspect(&pdf, for_print());
    let errors = messages(&as_print, Severity::Error);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].starts_with("ICC-based colour (ICC RGB) on pages 1–24"), "{errors:?}");
}

#[test]
fn the_sample_fills_24_pages_so_padding_to_4_adds_none() {
    let options =
        OutputOptions { profile: Some(Profile::Print), pad: Some(4), ..Default::default() };
    let typeset = typeset_for(&repo_root().join("issues/2023-08"), options);
    assert_eq!(typeset.blank_pages, 0, "24 pages are a multiple of 4 already");
    let pages = page_lines(&typeset.document);
    assert_eq!(pages.len(), 24, "as the printed issue");
    let text: Vec<String> = pages[23].iter().map(|l| l.text.clone()).collect();
    let (last, colophon) = (text.join("\n"), text.iter().position(|l| l.contains("电话")));
    assert!(last.contains("- 24 -"), "{last}");
    // The colophon is at the foot of the last page of text, after the last article.
    let colophon = colophon.unwrap_or_else(|| panic!("no colophon on page 24: {last}"));
    assert!(colophon > 3, "the colophon stands alone at the top: {last}");
}

#[test]
fn bleed_marks_and_padding_change_the_sheet_not_the_pages() {
    let options = OutputOptions {
        profile: Some(Profile::Print),
        bleed: Some("3mm".parse().unwrap()),
        marks: true,
        pad: Some(10),
        pdfx: None,
    };
    let typeset = typeset_for(&repo_root().join("issues/2023-08"), options);
    assert_eq!(typeset.blank_pages, 6);
    let pages = page_lines(&typeset.document);
    assert_eq!(pages.len(), 30, "24 pages padded to 30");
    let text =
        |n: usize| pages[n - 1].iter().map(|l| l.text.clone()).collect::<Vec<_>>().join("\n");
    for blank in 24..=29 {
        assert!(pages[blank - 1].is_empty(), "page {blank} is not blank: {}", text(blank));
    }
    assert!(text(23).contains("- 23 -"), "{}", text(23));
    assert!(
        text(30).contains("电话") && text(30).contains("- 30 -"),
        "the colophon ends the issue on page 30: {}",
        text(30)
    );
    // The contents still give the printed issue's numbers.
    let listed: Vec<String> =
        typeset.issue.articles().filter(|a| a.listed).map(|a| a.title.clone()).collect();
    assert_eq!(crate::contents_numbers(&pages[0], &listed), crate::PRINTED_CONTENTS_PAGES);

    let bytes = pdf_of(&typeset);
    let rules = Rules { intent: Some(Profile::Print), multiple: Some(10) };
    let report = preflight(&bytes, "padded.pdf", &rules).unwrap();
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let slug = 8.0 / 25.4 * 72.0; // the 3 mm bleed and 5 mm marks beyond it
    for page in &report.pages {
        assert_eq!(page.size(), "210.0 × 297.0", "page {} is trimmed to A4", page.number);
        let trim = page.trim_box.expect("a TrimBox");
        assert!(
            (trim[0] - slug).abs() < 0.01 && (page.media_box[2] - trim[2] - slug).abs() < 0.01,
            "{trim:?}"
        );
    }
    for blank in &report.pages[23..29] {
        assert_eq!(
            (blank.text.clone(), blank.inks.clone()),
            (TextInk::NoText, vec![Ink::Black]),
            "marks only"
        );
    }
    // Left unpadded, the same check fails.
    let unpadded = build("profile-unpadded", &[]);
    let report = inspect(&unpadded, rules);
    assert!(messages(&report, Severity::Error)[0].starts_with("24 pages is not a multiple of 10"));
}

#[test]
fn bleed_alone_widens_the_sheet_by_the_bleed() {
    let pdf = build("profile-bleed", &["--bleed", "3mm"]);
    let report = inspect(&pdf, for_print());
    let bleed = 3.0 / 25.4 * 72.0;
    let page = &report.pages[3];
    let trim = page.trim_box.expect("a TrimBox");
    assert!((trim[0] - bleed).abs() < 0.01 && (trim[1] - bleed).abs() < 0.01, "{trim:?}");
    assert_eq!(page.size(), "210.0 × 297.0");
    assert_eq!(page.inks, [Ink::Black], "no marks drawn");
    assert_eq!(report.pages.len(), 24);
}

#[test]
fn padded_and_screen_builds_are_reproducible() {
    for (label, args) in [
        ("repro-padded", &["--pad", "4", "--bleed", "3mm", "--marks"][..]),
        ("repro-screen", &["--profile", "screen"][..]),
    ] {
        let first = fs::read(build(&format!("{label}-1"), args)).unwrap();
        let second = fs::read(build(&format!("{label}-2"), args)).unwrap();
        assert!(first == second, "{label}: two builds differ");
    }
}

#[test]
fn print_options_are_refused_for_the_screen() {
    let sandbox = Sandbox::new("profile-refused");
    let assert = bulletin()
        .args([
            "build",
            "issues/2023-08",
            "--profile",
            "screen",
            "--bleed",
            "3mm",
            "--pad",
            "4",
            "-o",
        ])
        .arg(sandbox.path("x.pdf"))
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("--bleed, --pad are for the print profile only"), "{stderr}");
    assert!(!sandbox.path("x.pdf").exists());
}

/// A sandbox with a copy of the publication settings, their `profile` line set to
/// `profile`, and a one-article issue using them.
fn issue_with_profile(label: &str, profile: &str) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new(label).with_publication();
    let settings = sandbox.path("publication.toml");
    let text = fs::read_to_string(&settings).unwrap();
    assert!(text.contains("profile = \"print\""), "the sample settings name their profile");
    fs::write(&settings, text.replace("profile = \"print\"", &format!("profile = {profile:?}")))
        .unwrap();
    let issue = sandbox.issue("2023-09", &IssueText::new().publication("../publication.toml"));
    (sandbox, issue)
}

#[test]
fn the_publication_settings_choose_the_default_profile() {
    let (sandbox, issue) = issue_with_profile("profile-default", "screen");
    let (default, print) = (sandbox.path("default.pdf"), sandbox.path("print.pdf"));
    bulletin().arg("build").arg(&issue).arg("-o").arg(&default).assert().success();
    bulletin()
        .arg("build")
        .arg(&issue)
        .args(["--profile", "print", "-o"])
        .arg(&print)
        .assert()
        .success();
    let claim = |path: &PathBuf| inspect(path, Rules::default()).document.pdfa;
    assert_eq!(claim(&default).as_deref(), Some("PDF/A-2b"), "the settings say screen");
    assert_eq!(claim(&print), None, "--profile overrides the settings");
}

#[test]
fn an_unknown_profile_in_the_settings_is_explained() {
    let (_sandbox, issue) = issue_with_profile("profile-unknown", "cmyk");
    let assert = bulletin().arg("check").arg(&issue).assert().code(1);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).to_string();
    assert!(stderr.contains("unknown profile `cmyk` in the publication"), "{stderr}");
    assert!(stderr.contains("publication.toml:"), "the file and line are named: {stderr}");
    assert!(stderr.contains("profile = \"screen\""), "the hint shows the choices: {stderr}");
}
