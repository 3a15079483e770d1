//! Every mistake an editor can make, each with the exact message they must see.
//!
//! Each folder of tests/bad-inputs/ is an issue with one kind of mistake; its
//! `expected.txt` holds the exit code and the exact standard error of
//! `bulletin check`. `BULLETIN_BLESS=1 cargo test --release bad_inputs` rewrites
//! them after a deliberate change of wording; review the diff before committing.

use std::fs;

use crate::support::{ArticleText, Fonts, IssueText, Sandbox, blessing, repo_root, run};

#[test]
fn each_bad_input_gets_its_exact_message() {
    let cases = repo_root().join("tests/bad-inputs");
    let mut names: Vec<String> = fs::read_dir(&cases)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 14, "the bad inputs are missing: {names:?}");
    let bless = blessing();
    let mut failures = Vec::new();
    for name in &names {
        let dir = format!("tests/bad-inputs/{name}");
        let (code, _, stderr) = run(&["check", &dir]);
        let actual = format!("exit {code}\n{stderr}");
        let expected_path = cases.join(name).join("expected.txt");
        if bless {
            fs::write(&expected_path, &actual).unwrap();
            continue;
        }
        let expected = fs::read_to_string(&expected_path).unwrap_or_default();
        if actual != expected {
            failures
                .push(format!("--- {name}: expected\n{expected}\n--- {name}: actual\n{actual}"));
        }
        assert!(!stderr.contains("panicked"), "{name} panicked:\n{stderr}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_missing_issue_folder_is_a_clear_error() {
    let (code, _, stderr) = run(&["check", "issues/1999-13"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("there is no issue folder `issues/1999-13`"), "{stderr}");
}

#[test]
fn a_character_no_font_has_may_be_allowed_as_a_warning() {
    let (code, _, stderr) =
        run(&["check", "tests/bad-inputs/missing-glyph", "--allow-missing-glyphs"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("warning: the character 𠮷 (U+20BB7)"), "{stderr}");
}

/// An issue file in a sandbox, with one article whose title and paragraph are given.
fn sandbox_issue(name: &str, title: &str, paragraph: &str) -> (Sandbox, String) {
    let sandbox = Sandbox::new(name);
    let article = ArticleText::new(title).paragraphs(&[paragraph.to_owned()]);
    let dir = sandbox.issue("issue", &IssueText::new().article(article));
    (sandbox, dir.display().to_string())
}

#[test]
fn a_ten_megabyte_title_is_refused() {
    let (_sandbox, dir) = sandbox_issue("huge-title", &"长".repeat(3_500_000), "正文。");
    let (code, _, stderr) = run(&["check", &dir]);
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(2000)]);
    assert!(stderr.contains("is 3500000 characters long, more than the 200 allowed"));
    assert!(stderr.len() < 10_000, "the message repeats the title");
}

#[test]
fn deeply_nested_toml_is_refused_without_a_crash() {
    let sandbox = Sandbox::new("deep-nesting");
    let text = format!("x = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let dir = sandbox.issue_with_text("issue", &text);
    let (code, _, stderr) = run(&["check", &dir.display().to_string()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("brackets nest more than 64 deep here"), "{stderr}");
}

#[test]
fn a_broken_layout_is_reported_with_file_line_and_column() {
    let sandbox = Sandbox::new("broken-layout");
    let issue = scratch_project(&sandbox);
    let root = sandbox.path("project");
    let theme = root.join("layouts/theme.typ");
    let text = fs::read_to_string(&theme).unwrap();
    fs::write(&theme, text.replace("#let body-size = 12pt", "#let body-size = 12pt +")).unwrap();
    let (code, _, stderr) = run(&["check", &issue, "--font-path", "fonts"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("theme.typ:"), "no file:line:column in:\n{stderr}");
    assert!(stderr.contains("#let body-size = 12pt +"), "no source line in:\n{stderr}");
    assert!(!stderr.contains("SourceDiagnostic"), "a debug dump:\n{stderr}");
}

#[test]
fn a_font_family_no_folder_provides_is_named() {
    let sandbox = Sandbox::new("unknown-family");
    let issue = scratch_project(&sandbox);
    let root = sandbox.path("project");
    let theme = root.join("layouts/theme.typ");
    let text = fs::read_to_string(&theme).unwrap();
    let changed = text.replace("(latin, \"Noto Sans SC\")", "(latin, \"Fangzheng Heiti\")");
    assert_ne!(text, changed, "the theme no longer names Noto Sans SC");
    fs::write(&theme, changed).unwrap();
    let (code, _, stderr) = run(&["check", &issue, "--font-path", "fonts"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("the layouts ask for the font family “fangzheng heiti”"), "{stderr}");
}

#[test]
fn a_failed_build_leaves_the_previous_pdf_untouched() {
    let sandbox = Sandbox::new("keep-last-good").with_publication();
    let output = sandbox.path("issue.pdf");
    fs::write(&output, b"the last good PDF").unwrap();
    let (_keep, dir) = sandbox_issue("keep-last-good-issue", "标题", "正文𠮷。");
    let (code, _, _) = run(&["build", &dir, "-o", &output.display().to_string()]);
    assert_eq!(code, 1);
    assert_eq!(fs::read(&output).unwrap(), b"the last good PDF");
    let files: Vec<_> =
        fs::read_dir(sandbox.path("")).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(files.len(), 2, "something else was written: {files:?}");
}

#[test]
fn writing_into_a_missing_or_read_only_folder_is_a_clear_error() {
    let sandbox = Sandbox::new("unwritable");
    let missing = sandbox.path("no/such/folder/issue.pdf");
    let (code, _, stderr) = run(&["build", "issues/2023-08", "-o", &missing.display().to_string()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("does not exist; create it first"), "{stderr}");
    let (code, _, stderr) = run(&["build", "issues/2023-08", "-o", "/proc/issue.pdf"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot write"), "{stderr}");
}

/// The sample issue of a scratch project in `sandbox` whose fonts stay in the repository.
fn scratch_project(sandbox: &Sandbox) -> String {
    sandbox.project("project", Fonts::Repository).join("issues/2023-08").display().to_string()
}

#[test]
fn an_article_of_200000_characters_builds() {
    let paragraph = "这是一段很长的测试文字，用来检查排版的速度。".repeat(400);
    let paragraphs: Vec<String> = (0..23).map(|_| paragraph.clone()).collect();
    let sandbox = Sandbox::new("long-article");
    let article = ArticleText::new("很长的文章").paragraphs(&paragraphs);
    let dir = sandbox.issue("2023-09", &IssueText::new().article(article));
    let (code, stdout, stderr) = run(&["check", &dir.display().to_string()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(paragraphs.iter().map(|p| p.chars().count()).sum::<usize>() >= 200_000);
    assert!(stdout.contains("1 articles in 1 sections"), "{stdout}");
}
