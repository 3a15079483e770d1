//! The press, end to end: the sample issue builds, its contents tell the truth,
//! data stays data, builds are reproducible and the data file loses nothing.

mod accounts_checks;
mod archive_checks;
mod bad_inputs;
mod block_checks;
mod cli_faults;
mod import_checks;
mod install_checks;
mod linebreak_checks;
mod module_graph;
mod pdf_checks;
mod pdfx_checks;
mod preflight_checks;
mod serve_checks;
mod support;
mod visual_checks;
mod watch_checks;

use std::fs;

use bulletin::typeset::inspect::{page_lines, squeeze, title_pages};
use support::{ArticleText, IssueText, Sandbox, bulletin, repo_root, sample_typeset};

/// The page numbers the printed August 2023 issue gives in its contents, in order.
const PRINTED_CONTENTS_PAGES: [usize; 16] =
    [2, 3, 3, 4, 7, 8, 14, 14, 17, 17, 18, 18, 20, 20, 20, 22];

#[test]
fn sample_issue_builds_into_a_pdf() {
    let sandbox = Sandbox::new("build");
    let output = sandbox.path("sample.pdf");
    let assert = bulletin().args(["build", "issues/2023-08", "-o"]).arg(&output).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    let pdf = fs::read(&output).expect("the PDF was written");
    assert!(pdf.starts_with(b"%PDF-"), "not a PDF");
    let pages = lopdf::Document::load_mem(&pdf).expect("the PDF parses").get_pages().len();
    assert!(stdout.contains(&output.display().to_string()), "path missing from: {stdout}");
    assert!(stdout.contains(&format!("{pages} pages")), "page count missing from: {stdout}");
}

#[test]
fn every_contents_number_is_the_page_of_its_title() {
    let typeset = sample_typeset();
    let pages = page_lines(&typeset.document);
    let listed: Vec<String> =
        typeset.issue.articles().filter(|a| a.listed).map(|a| a.title.clone()).collect();
    assert_eq!(listed.len(), 16);
    let printed = contents_numbers(&pages[0], &listed);
    let actual: Vec<usize> =
        title_pages(&pages, &listed).into_iter().map(|p| p.expect("title typeset")).collect();
    assert_eq!(printed, actual, "contents numbers vs pages where the titles stand");
}

#[test]
fn contents_carry_the_page_numbers_the_original_printed() {
    let typeset = sample_typeset();
    let pages = page_lines(&typeset.document);
    let listed: Vec<String> =
        typeset.issue.articles().filter(|a| a.listed).map(|a| a.title.clone()).collect();
    assert_eq!(contents_numbers(&pages[0], &listed), PRINTED_CONTENTS_PAGES);
}

/// Reads each listed title's page number off the cover: the digits ending its line.
fn contents_numbers(
    cover: &[bulletin::typeset::inspect::TextLine],
    titles: &[String],
) -> Vec<usize> {
    titles
        .iter()
        .map(|title| {
            let title = squeeze(title);
            let line = cover
                .iter()
                .map(|line| squeeze(&line.text))
                .find(|text| text.starts_with(&title))
                .unwrap_or_else(|| panic!("{title} is not in the contents"));
            let digits: String = line.chars().rev().take_while(char::is_ascii_digit).collect();
            digits.chars().rev().collect::<String>().parse().expect("a page number ends the line")
        })
        .collect()
}

#[test]
fn markup_in_the_data_prints_literally() {
    let hostile = [
        "#read(\"/etc/passwd\")",
        "$x^2$",
        "*bold*",
        "_x_",
        "@ref",
        "<label>",
        "[",
        "]",
        "\\",
        "//",
    ];
    let sandbox = Sandbox::new("injection");
    let paragraphs: Vec<String> =
        hostile.iter().map(|s| format!("这段文字包含{s}这些字符。")).collect();
    let article = ArticleText::new(&hostile.join("")).paragraphs(&paragraphs);
    let issue_dir = sandbox.issue("2023-09", &IssueText::new().article(article));
    let typeset = support::typeset_dir(&issue_dir);
    let text: String = page_lines(&typeset.document)
        .iter()
        .flatten()
        .map(|line| line.text.clone())
        .collect::<Vec<_>>()
        .join("\n");
    let flat = squeeze(&text);
    for (s, paragraph) in hostile.iter().zip(&paragraphs) {
        assert!(flat.contains(&squeeze(paragraph)), "{s:?} did not print literally:\n{text}");
    }
    assert!(flat.contains(&squeeze(&hostile.join(""))), "the title did not print literally");
    assert!(!text.contains("root:"), "a file was read into the document");
}

#[test]
fn two_builds_give_identical_bytes() {
    let sandbox = Sandbox::new("reproducible");
    let (first, second) = (sandbox.path("first.pdf"), sandbox.path("second.pdf"));
    for output in [&first, &second] {
        bulletin().args(["build", "issues/2023-08", "-o"]).arg(output).assert().success();
    }
    assert!(fs::read(&first).unwrap() == fs::read(&second).unwrap(), "the builds differ");
}

#[test]
fn the_sample_data_file_round_trips_without_loss() {
    let path = repo_root().join("issues/2023-08/issue.toml");
    let text = fs::read_to_string(&path).unwrap();
    let issue = bulletin::issue::load::load_issue(path.parent().unwrap()).unwrap();
    // An independent reading of the same file, as plain TOML.
    let raw: toml::Table = text.parse().unwrap();
    let raw_sections = raw["section"].as_array().unwrap();
    assert_eq!(issue.sections.len(), 4);
    assert_eq!(raw_sections.len(), 4);
    let counts: Vec<usize> = issue.sections.iter().map(|s| s.articles.len()).collect();
    assert_eq!(counts, [26, 4, 10, 2]);
    assert_eq!(issue.articles().count(), 42);
    assert_eq!(issue.articles().filter(|a| a.listed).count(), 16);
    let raw_articles: Vec<&toml::Value> =
        raw_sections.iter().flat_map(|s| s["article"].as_array().unwrap()).collect();
    for (article, raw) in issue.articles().zip(&raw_articles) {
        assert_eq!(article.title, raw["title"].as_str().unwrap());
        assert_eq!(article.paragraphs.len(), raw["paragraphs"].as_array().unwrap().len());
    }
    // Writing the model back as TOML and reading it again gives the same issue.
    let rewritten = bulletin::issue::save::issue_toml(&issue, None).unwrap();
    let sandbox = Sandbox::new("roundtrip").with_publication();
    let copy = sandbox.issue_with_text("2023-08", &rewritten);
    let reread = bulletin::issue::load::load_issue(&copy).unwrap();
    assert_eq!(reread.sections, issue.sections);
    assert_eq!((reread.year, reread.number, reread.date), (issue.year, issue.number, issue.date));
}

#[test]
fn the_sample_text_is_the_reference_text() {
    let typeset = sample_typeset();
    let reference =
        fs::read_to_string(repo_root().join("tests/fixtures/reference-2023-08.txt")).unwrap();
    let reference = squeeze(&reference);
    for article in typeset.issue.articles() {
        for paragraph in article.paragraphs.iter().flat_map(|block| block.texts()) {
            assert!(reference.contains(&squeeze(paragraph)), "not in the reference: {paragraph}");
        }
    }
}

#[test]
fn the_preview_data_matches_what_the_layouts_receive() {
    let assert = bulletin().args(["data", "issues/2023-08"]).assert().success();
    let committed =
        fs::read_to_string(repo_root().join("layouts/preview/sample-issue.json")).unwrap();
    let produced = String::from_utf8_lossy(&assert.get_output().stdout).to_string();
    assert!(
        committed.trim_end() == produced.trim_end(),
        "layouts/preview/sample-issue.json is stale: regenerate it with \
         `cargo run --release -- data issues/2023-08 > layouts/preview/sample-issue.json`"
    );
}
