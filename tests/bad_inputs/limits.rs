//! How much an issue may hold: a paragraph's length, the number of articles, of blocks and
//! of characters, each refused (a long paragraph first warned about) with a message placed
//! in the file before anything is typeset. The huge inputs are made here, not committed.

use std::path::Path;

use bulletin::diag::{Diagnostic, Kind};
use bulletin::issue::load::{check_issue_text, check_limits};

use crate::support::{ArticleText, IssueText, Sandbox, repo_root, run};

/// The line and column (from 1, the column in characters) of byte `at` of `text`.
fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    (line, before[before.rfind('\n').map_or(0, |n| n + 1)..].chars().count() + 1)
}

/// The byte offset of the `n`th (from 1) `needle` in `text`.
fn nth(text: &str, needle: &str, n: usize) -> usize {
    text.match_indices(needle).nth(n - 1).map(|(at, _)| at).expect("the needle occurs")
}

/// `bulletin check` on `issue` in a sandbox: the exit code, the messages, the issue file as
/// the messages name it, and its text.
fn check(name: &str, issue: &IssueText) -> (i32, String, String, String) {
    let sandbox = Sandbox::new(name);
    let dir = sandbox.issue("2023-09", issue);
    let (code, _, stderr) = run(&["check", &dir.display().to_string()]);
    (code, stderr, dir.join("issue.toml").display().to_string(), issue.text())
}

/// Asserts that `stderr` holds the finding whose first line is `first`, placed at `place`
/// of `file`, with `hints`. A terminal cuts long lines short, and gives the column within
/// what it shows: the line is compared, the column is for the JSON.
fn assert_finding(stderr: &str, first: &str, file: &str, place: (usize, usize), hints: &[&str]) {
    let at = stderr
        .find(&format!("{first}\n"))
        .unwrap_or_else(|| panic!("no “{first}” in:\n{}", &stderr[..stderr.len().min(3000)]));
    let rest = &stderr[at + first.len() + 1..];
    let finding = &rest[..rest.find("\n\n").unwrap_or(rest.len())];
    let located = finding.lines().next().unwrap_or_default();
    let line = format!("┌─ {file}:{}:", place.0);
    assert!(located.trim_start().starts_with(&line), "not at {line}\n{finding}");
    let given: Vec<&str> =
        finding.lines().filter_map(|line| line.trim_start().strip_prefix("= hint: ")).collect();
    assert_eq!(given, hints, "{finding}");
}

#[test]
fn a_long_paragraph_is_a_warning_and_a_runaway_one_an_error_each_at_its_place() {
    let paragraphs = ["正文。".to_owned(), "长".repeat(12_000), "短".repeat(100_001)];
    let issue = IssueText::new().article(ArticleText::new("标题").paragraphs(&paragraphs));
    let (code, stderr, file, text) = check("limits-paragraph", &issue);
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    assert_finding(
        &stderr,
        "warning: paragraph 2 of article “标题” (1 of section 1 “行业资讯”) is 12000 characters \
         long: a paragraph of more than 10000 is most likely several paragraphs run together",
        &file,
        line_column(&text, nth(&text, "\"长", 1)),
        &["split it where each paragraph ends, each one a text of its own in `paragraphs`; \
           a paragraph of more than 100000 characters is refused"],
    );
    assert_finding(
        &stderr,
        "error: paragraph 3 of article “标题” (1 of section 1 “行业资讯”) is 100001 characters \
         long, more than the 100000 allowed",
        &file,
        line_column(&text, nth(&text, "\"短", 1)),
        &["split it where each paragraph ends, each one a text of its own in `paragraphs`, \
           and check for text pasted by mistake"],
    );
    assert!(stderr.ends_with("1 error(s), 1 warning(s): nothing was written\n"), "{stderr}");
    assert!(stderr.len() < 10_000, "the messages repeat the paragraphs");

    // For programs: the kinds, and which paragraph each concerns.
    let dir = Path::new(&file).parent().unwrap().display().to_string();
    let (_, stdout, _) = run(&["check", &dir, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let found: Vec<(String, String, u64, (usize, usize))> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let text = |key: &str| d[key].as_str().unwrap_or_default().to_owned();
            let number = |key: &str| d[key].as_u64().unwrap_or_default() as usize;
            let paragraph = d["subject"]["paragraph"].as_u64().unwrap_or(99);
            (text("kind"), text("severity"), paragraph, (number("line"), number("column")))
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "long-paragraph".into(),
                "warning".into(),
                1,
                line_column(&text, nth(&text, "\"长", 1))
            ),
            ("text-too-long".into(), "error".into(), 2, line_column(&text, nth(&text, "\"短", 1)))
        ]
    );
}

#[test]
fn more_articles_than_an_issue_may_hold_are_refused_at_the_first_too_many() {
    let articles = (1..=1001).map(|n| ArticleText::new(&format!("标题{n}"))).collect();
    let (code, stderr, file, text) = check("limits-articles", &IssueText::new().articles(articles));
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    assert_finding(
        &stderr,
        "error: article “标题1001” (1001 of section 1 “行业资讯”) is article 1001 of the issue, \
         more than the 1000 an issue may hold",
        &file,
        line_column(&text, nth(&text, "[[section.article]]", 1001)),
        &[
            "an issue has some 30 to 45 articles: check for articles pasted or imported twice, \
             and keep the rest for another issue",
            "the issue is refused as it is: nothing after this point was checked or typeset",
        ],
    );
    assert!(stderr.ends_with("1 error(s), 0 warning(s): nothing was written\n"), "{stderr}");
}

#[test]
fn more_blocks_than_an_issue_may_hold_are_refused_at_the_first_too_many() {
    // Counted over the whole issue: the 10001st is paragraph 2001 of the third article.
    let articles = (1..=3)
        .map(|a| {
            let paragraphs: Vec<String> = (1..=4000).map(|p| format!("第{a}篇第{p}段。")).collect();
            ArticleText::new(&format!("标题{a}")).paragraphs(&paragraphs)
        })
        .collect();
    let (code, stderr, file, text) = check("limits-blocks", &IssueText::new().articles(articles));
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    assert_finding(
        &stderr,
        "error: paragraph 2001 of article “标题3” (3 of section 1 “行业资讯”) is entry 10001 of \
         the issue's paragraphs, more than the 10000 paragraphs, subheadings, bylines, figures \
         and tables an issue may hold",
        &file,
        line_column(&text, nth(&text, "\"第3篇第2001段。\"", 1)),
        &[
            "an issue has some 150: check for a text split into a paragraph a line, or pasted \
             or imported twice",
            "the issue is refused as it is: nothing after this point was checked or typeset",
        ],
    );
    assert!(stderr.ends_with("1 error(s), 0 warning(s): nothing was written\n"), "{stderr}");
}

#[test]
fn more_text_than_an_issue_may_hold_is_refused_where_it_passes_the_limit() {
    // 9,999 characters a paragraph, under the warning: the 101st passes 1,000,000.
    let paragraphs = vec!["长".repeat(9_999); 60];
    let articles =
        (1..=2).map(|a| ArticleText::new(&format!("标题{a}")).paragraphs(&paragraphs)).collect();
    let (code, stderr, file, text) = check("limits-text", &IssueText::new().articles(articles));
    assert_eq!(code, 1, "{}", &stderr[..stderr.len().min(3000)]);
    assert_finding(
        &stderr,
        "error: with paragraph 41 of article “标题2” (2 of section 1 “行业资讯”) the issue's text \
         passes 1000000 characters, more than an issue may hold",
        &file,
        line_column(&text, nth(&text, "\"长", 101)),
        &[
            "an issue has some 20,000 characters: check for text pasted or imported twice, and \
             keep the rest for another issue",
            "the issue is refused as it is: nothing after this point was checked or typeset",
        ],
    );
    assert!(stderr.ends_with("1 error(s), 0 warning(s): nothing was written\n"), "{stderr}");
}

/// The findings about sizes among `findings`.
fn sizes(findings: &[Diagnostic]) -> Vec<Diagnostic> {
    let kinds = [
        Kind::TextTooLong,
        Kind::LongParagraph,
        Kind::TooManyArticles,
        Kind::TooManyBlocks,
        Kind::TooMuchText,
    ];
    findings.iter().filter(|d| kinds.contains(&d.kind)).cloned().collect()
}

#[test]
fn the_desk_can_learn_before_writing_whether_the_loader_would_refuse_a_text() {
    let path = Path::new("issues/2023-09/issue.toml");
    let sample = std::fs::read_to_string(repo_root().join("issues/2023-08/issue.toml")).unwrap();
    assert!(check_limits(path, &sample).is_empty());

    // At the limits: accepted.
    let many = |count: usize| (1..=count).map(|n| ArticleText::new(&format!("标题{n}"))).collect();
    let full = IssueText::new().articles(many(1000)).text();
    assert!(check_limits(path, &full).is_empty());
    let paragraphs: Vec<String> = (1..=10_000).map(|p| format!("第{p}段。")).collect();
    let full = IssueText::new().article(ArticleText::new("标题").paragraphs(&paragraphs)).text();
    assert!(check_limits(path, &full).is_empty());

    // Beyond them: refused, with the same findings the loader gives.
    let runaway = vec!["\u{7f}".repeat(1_200_000)];
    for text in [
        IssueText::new().articles(many(1001)).text(),
        IssueText::new().article(ArticleText::new("标题").paragraphs(&runaway)).text(),
    ] {
        let report = check_limits(path, &text);
        assert!(report.errors() > 0, "{}", report.render());
        assert_eq!(report.diagnostics(), sizes(check_issue_text(path, &text).diagnostics()));
    }

    // 8.1 MiB of U+007F in one paragraph: written out, more bytes than any input may have.
    let paragraphs = vec!["\u{7f}".repeat(8_493_466)];
    let text = IssueText::new().article(ArticleText::new("标题").paragraphs(&paragraphs)).text();
    let report = check_limits(path, &text);
    let kinds: Vec<Kind> = report.diagnostics().iter().map(|d| d.kind).collect();
    assert_eq!(kinds, [Kind::FileTooLarge]);
    let expected = format!(
        "`issues/2023-09/issue.toml` is {} bytes, more than the 33554432 an input file may have",
        text.len()
    );
    assert!(report.render().contains(&expected), "{}", report.render());
}
