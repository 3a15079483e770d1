//! Whole-archive builds: every issue in parallel, failures kept to their issue, a summary.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{ArticleText, Fonts, IssueText, Sandbox, run};

/// A small issue `2023-<month>` in the sandbox's `issues/`, with `extra` lines after the
/// date.
fn issue(sandbox: &Sandbox, month: u8, extra: &str) -> PathBuf {
    let article = ArticleText::new(&format!("第{month}期的文章"))
        .paragraphs(&[format!("本期第一段，共{month}个字。")]);
    let text = IssueText::new().month(month).extra(extra).article(article);
    sandbox.issue(&format!("issues/2023-{month:02}"), &text)
}

#[test]
fn an_archive_builds_every_issue_and_names_the_failures() {
    let sandbox = Sandbox::new("archive-build");
    let archive = sandbox.path("issues");
    let september = issue(&sandbox, 9, "");
    let october = issue(&sandbox, 10, "");
    let broken = issue(&sandbox, 11, "colour = \"red\"\n");
    let out = sandbox.path("out");
    fs::create_dir_all(&out).unwrap();
    let build = Path::new("build");
    let (code, stdout, stderr) =
        run(&[build, &archive, Path::new("--out-dir"), &out, Path::new("--jobs"), Path::new("2")]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("[3/3] "), "a line for each issue: {stdout}");
    assert!(stdout.contains("built 2 of 3 issues in "), "{stdout}");
    assert!(stdout.contains("(2 at a time); 1 failed:"), "{stdout}");
    assert!(stdout.contains(&format!("failed {}", broken.display())), "{stdout}");
    assert!(stdout.contains("unknown key `colour`"), "the reason is given: {stdout}");
    assert!(stdout.contains("2023-11/issue.toml:5:1"), "the place is given: {stdout}");
    assert!(!stdout.contains('\x1b'), "no terminal codes when not on a terminal: {stdout}");
    assert!(stderr.contains("1 of 3 issues failed"), "{stderr}");
    assert!(!out.join("2023-11.pdf").exists(), "nothing written for the broken issue");

    // Built side by side, each PDF is the one a build of that issue alone gives.
    for dir in [&september, &october] {
        let name = format!("{}.pdf", dir.file_name().unwrap().to_str().unwrap());
        let alone = sandbox.path(&format!("alone-{name}"));
        let (code, _, stderr) = run(&[build, dir, Path::new("-o"), &alone]);
        assert_eq!(code, 0, "{stderr}");
        assert!(fs::read(out.join(&name)).unwrap() == fs::read(&alone).unwrap(), "{name} differs");
    }

    issue(&sandbox, 11, "");
    let (code, stdout, stderr) = run(&[build, &archive, Path::new("--out-dir"), &out]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("built 3 of 3 issues in "), "{stdout}");
    assert!(out.join("2023-11.pdf").exists());
}

#[test]
fn several_issues_take_an_output_folder_not_a_file() {
    let sandbox = Sandbox::new("archive-output");
    let archive = sandbox.path("issues");
    issue(&sandbox, 9, "");
    let (code, _, stderr) =
        run(&[Path::new("build"), &archive, Path::new("-o"), &sandbox.path("one.pdf")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("for several issues give the folder with --out-dir"), "{stderr}");
}

#[test]
fn a_missing_output_folder_is_refused_before_any_issue_is_typeset() {
    let sandbox = Sandbox::new("archive-missing-out");
    let archive = sandbox.path("issues");
    issue(&sandbox, 9, "");
    issue(&sandbox, 10, "");
    let missing = sandbox.path("no-such-folder");
    let (code, stdout, stderr) =
        run(&[Path::new("build"), &archive, Path::new("--out-dir"), &missing]);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("does not exist; create it first"), "{stderr}");
    assert!(!stdout.contains("[1/2]"), "no issue is typeset: {stdout}");
    assert!(!missing.exists());

    // One issue into a file in a folder that does not exist: refused before the issue is
    // read (this one has an error in its data, which is not reached).
    let broken = issue(&sandbox, 11, "colour = \"red\"\n");
    let pdf = missing.join("2023-11.pdf");
    let (code, stdout, stderr) = run(&[Path::new("build"), &broken, Path::new("-o"), &pdf]);
    assert_eq!(code, 2, "{stdout}\n{stderr}");
    assert!(stderr.contains("does not exist; create it first or choose another -o"), "{stderr}");
    assert!(!stderr.contains("unknown key"), "{stderr}");
}

#[test]
fn a_folder_without_issues_is_refused() {
    let sandbox = Sandbox::new("archive-empty");
    let empty = sandbox.path("nothing");
    fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = run(&[Path::new("build"), &empty]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("holds no issue.toml and no issue folders"), "{stderr}");
}

#[test]
fn an_archive_summary_gives_a_layout_error_in_full() {
    let sandbox = Sandbox::new("archive-broken-layout");
    let root = sandbox.project("project", Fonts::Repository);
    let theme = root.join("layouts/theme.typ");
    let text = fs::read_to_string(&theme).unwrap();
    fs::write(&theme, text.replace("#let body-size = 12pt", "#let body-size = 12pt +")).unwrap();
    let archive = root.join("issues");
    let copy = archive.join("2023-09");
    crate::support::copy_dir(&archive.join("2023-08"), &copy);
    let issue = fs::read_to_string(copy.join("issue.toml")).unwrap();
    let moved =
        issue.replace("number = 8", "number = 9").replace("date = 2023-08-10", "date = 2023-09-10");
    fs::write(copy.join("issue.toml"), moved).unwrap();
    let out = sandbox.path("out");
    fs::create_dir_all(&out).unwrap();
    let fonts = crate::support::repo_root().join("fonts");
    let (code, stdout, stderr) = run(&[
        Path::new("build"),
        &archive,
        Path::new("--out-dir"),
        &out,
        Path::new("--font-path"),
        &fonts,
    ]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("built 0 of 2 issues"), "{stdout}");
    for month in ["2023-08", "2023-09"] {
        let failure = &stdout[stdout.find(&format!("{month}:\n")).expect("each issue is named")..];
        assert!(failure.contains("error: expected expression"), "Typst's error in full: {stdout}");
        assert!(failure.contains("the layouts could not be typeset"), "{stdout}");
        assert!(failure.contains("theme.typ:"), "with its file and line: {stdout}");
        assert!(failure.contains("#let body-size = 12pt +"), "and the source line: {stdout}");
    }
}
