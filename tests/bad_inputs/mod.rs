//! Every mistake an editor can make, each with the exact message they must see.
//!
//! Each folder of tests/bad-inputs/ is an issue with one kind of mistake; its
//! `expected.txt` holds the exit code and the exact standard error of
//! `bulletin check`. `BULLETIN_BLESS=1 cargo test --release bad_inputs` rewrites
//! them after a deliberate change of wording; review the diff before committing.

mod limits;

use std::fs;

use crate::support::{ArticleText, Fonts, IssueText, Sandbox, blessing, bulletin, repo_root, run};

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
fn a_failure_reads_in_the_language_asked_for() {
    let (code, _, stderr) = run(&["check", "--lang", "zh", "issues/1999-13"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("没有期号文件夹 `issues/1999-13`：请检查路径"), "{stderr}");
    let (code, _, stderr) =
        run(&["build", "--lang", "zh", "issues/2023-08", "--profile", "screen", "--marks"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("--marks 只用于印刷版"), "{stderr}");
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

/// Runs `bulletin` and reads its standard output as the one JSON document it must be.
fn json_of(args: &[&str]) -> (i32, serde_json::Value, String) {
    let (code, stdout, stderr) = run(args);
    let json = serde_json::from_str(&stdout)
        .unwrap_or_else(|err| panic!("stdout is not one JSON document ({err}):\n{stdout}"));
    (code, json, stderr)
}

#[test]
fn check_as_json_gives_each_finding_with_file_line_and_column() {
    let (code, json, stderr) =
        json_of(&["check", "tests/bad-inputs/unknown-key", "--format", "json"]);
    assert_eq!(code, 1, "{json}");
    assert_eq!(stderr, "", "JSON goes to stdout alone");
    assert_eq!((json["ok"].as_bool(), json["exit_code"].as_u64()), (Some(false), Some(1)));
    let first = &json["diagnostics"][0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["kind"], "unknown-key");
    assert_eq!(first["message"], "unknown key `titel` in article 1 of section 1 “行业资讯”");
    assert_eq!(first["hints"][0], "did you mean `title`?");
    assert_eq!(first["file"], "tests/bad-inputs/unknown-key/issue.toml");
    assert_eq!((first["line"].as_u64(), first["column"].as_u64()), (Some(10), Some(1)));
    assert_eq!(
        (first["subject"]["section"].as_u64(), first["subject"]["article"].as_u64()),
        (Some(0), Some(0))
    );
    let second = &json["diagnostics"][1];
    assert_eq!((second["line"].as_u64(), second["column"].as_u64()), (Some(12), Some(62)));
    assert_eq!(second["subject"]["field"], "attribution");
    assert_eq!(json["summary"]["errors"], 2);
}

#[test]
fn check_and_build_as_json_on_a_good_issue_give_the_summary_and_the_output() {
    let (code, json, _) = json_of(&["check", "issues/2023-08", "--format", "json"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["ok"], true);
    assert_eq!(json["summary"]["articles"], 42);
    assert!(json["summary"]["pages"].as_u64().is_some_and(|pages| pages >= 24), "{json}");
    assert_eq!(json["diagnostics"].as_array().map(Vec::len), Some(0));
    let sandbox = Sandbox::new("json-build");
    let output = sandbox.path("issue.pdf").display().to_string();
    let (code, json, _) = json_of(&["build", "issues/2023-08", "-o", &output, "--format", "json"]);
    assert_eq!(code, 0, "{json}");
    assert_eq!(json["output"], output.as_str());
    assert!(std::path::Path::new(&output).is_file());
}

#[test]
fn a_broken_layout_as_json_names_the_typst_error_and_its_place() {
    let sandbox = Sandbox::new("json-broken-layout");
    let issue = scratch_project(&sandbox);
    let theme = sandbox.path("project/layouts/theme.typ");
    let text = fs::read_to_string(&theme).unwrap();
    fs::write(&theme, text.replace("#let body-size = 12pt", "#let body-size = 12pt +")).unwrap();
    let (code, json, _) = json_of(&["check", &issue, "--font-path", "fonts", "--format", "json"]);
    assert_eq!(code, 2, "{json}");
    let layout = &json["diagnostics"][0];
    assert_eq!(layout["kind"], "layout");
    assert_eq!(layout["message"], "expected expression");
    assert!(layout["file"].as_str().is_some_and(|f| f.ends_with("layouts/theme.typ")), "{json}");
    assert!(layout["line"].as_u64().is_some_and(|line| line > 1), "{json}");
    assert!(
        layout["trace"][0]["message"].as_str().is_some_and(|m| m.contains("theme.typ")),
        "{json}"
    );
}

#[test]
fn the_checks_speak_chinese_when_asked() {
    let (code, _, stderr) = run(&["check", "tests/bad-inputs/unknown-key", "--lang", "zh"]);
    assert_eq!(code, 1);
    assert!(stderr.contains("第 1 个栏目“行业资讯”的第 1 篇文章中有未知的键 `titel`"), "{stderr}");
    assert!(stderr.contains("提示：是不是想写 `title`？"), "{stderr}");
    assert!(stderr.contains("2 个错误，0 个警告：未写入任何文件"), "{stderr}");
    let output = bulletin()
        .args(["check", "tests/bad-inputs/unknown-key"])
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("未知的键"),
        "a zh locale chooses Chinese"
    );
}

#[test]
fn a_clean_check_ends_with_its_summary_in_chinese_when_asked() {
    let (code, stdout, _) = run(&["check", "issues/2023-08", "--lang", "zh"]);
    assert_eq!(code, 0);
    let summary = stdout.lines().last().unwrap_or_default();
    assert!(summary.starts_with("issues/2023-08：4 个栏目，"), "{summary}");
    assert!(summary.ends_with("可以付印"), "{summary}");
    assert!(!summary.contains("ready") && !summary.contains("pages"), "{summary}");
    let (_, stdout, _) = run(&["check", "issues/2023-08"]);
    assert!(stdout.trim_end().ends_with("warning(s): ready to print"), "{stdout}");
    // And the line a build ends with.
    let sandbox = Sandbox::new("build-zh");
    let output = sandbox.path("sample.pdf");
    let (code, stdout, _) = run(&[
        "build".as_ref(),
        "issues/2023-08".as_ref(),
        "--bleed".as_ref(),
        "3mm".as_ref(),
        "--lang".as_ref(),
        "zh".as_ref(),
        "-o".as_ref(),
        output.as_os_str(),
    ]);
    assert_eq!(code, 0);
    let expected = format!("已写入 {}（24 页，印刷版，PDF/X-4，出血 3mm）", output.display());
    assert_eq!(stdout.trim_end(), expected);
}

#[test]
fn preflight_reports_in_chinese_when_asked_and_aligns_its_tables() {
    let pdf = "tests/fixtures/preflight/libreoffice-article.pdf";
    let (code, stdout, stderr) = run(&["preflight", pdf, "--for", "print", "--lang", "zh"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.starts_with("印前检查："), "{stdout}");
    for words in ["\n文档\n", "\n字体\n", "  加密  ", "错误    RGB colour"] {
        assert!(stdout.contains(words), "no “{words}” in\n{stdout}");
    }
    assert_eq!(stdout.lines().last(), Some("结果：1 个错误，0 个警告：印刷将无法进行"));
    assert_eq!(stderr.trim_end(), "印前检查发现 1 个会使印刷无法进行的错误");
    // Columns line up on the screen: a Chinese character takes two columns.
    let fonts: Vec<&str> = stdout.lines().skip_while(|l| *l != "字体").skip(1).take(3).collect();
    let column = |line: &str, cell: &str| {
        let at = line.find(cell).unwrap_or_else(|| panic!("{cell} in {line}"));
        unicode_width::UnicodeWidthStr::width(&line[..at])
    };
    assert_eq!(column(fonts[0], "类型"), column(fonts[2], "Type 1"), "{fonts:#?}");
    // English stays as it was.
    let (_, stdout, stderr) = run(&["preflight", pdf, "--for", "print", "--lang", "en"]);
    assert!(stdout.starts_with("Preflight of ") && stdout.contains("\nFonts\n"), "{stdout}");
    assert!(stderr.contains("preflight found 1 error(s) that would stop the press"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn an_issue_file_that_links_outside_the_project_is_not_read() {
    let sandbox = Sandbox::new("link-outside");
    let secret = std::env::temp_dir().join("bulletin-test-secret.toml");
    fs::write(&secret, "year = \"the first line of a file outside the project\"\n").unwrap();
    let dir = sandbox.path("2023-09");
    fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(&secret, dir.join("issue.toml")).unwrap();
    let (code, _, stderr) = run(&["check", &dir.display().to_string()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("leads outside the project folder and is not read"), "{stderr}");
    assert!(!stderr.contains("first line of a file outside"), "its text leaked:\n{stderr}");
}
