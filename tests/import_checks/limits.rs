//! `bulletin import` refuses material that would give more than an issue may hold, naming
//! the file and where in it, and writes nothing. The material is made here, not committed.

use std::fmt::Write as _;
use std::fs;

use super::issue_made_by_new;
use super::word::package;
use crate::support::{Sandbox, bulletin, stderr};

/// A Word document: a bold title, `paragraphs` (plain text), and an attribution.
fn word(paragraphs: impl IntoIterator<Item = String>) -> Vec<u8> {
    let mut body = String::from("<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>很长的文档</w:t></w:r></w:p>");
    for text in paragraphs {
        write!(body, "<w:p><w:r><w:t>{text}</w:t></w:r></w:p>").unwrap();
    }
    body.push_str("<w:p><w:r><w:t>来源：《电子商务动态》编辑部 2023年9月4日</w:t></w:r></w:p>");
    package(&body)
}

/// Imports the Word file `name` holding `paragraphs` into `section`: the exit code and
/// the messages; the issue file must be left as it was.
fn import_word(name: &str, paragraphs: impl IntoIterator<Item = String>) -> (String, String) {
    let sandbox = Sandbox::new(&format!("import-limits-{name}")).with_publication();
    let target = issue_made_by_new(&sandbox);
    let before = fs::read(&target).unwrap();
    let file = sandbox.path(&format!("{name}.docx"));
    fs::write(&file, word(paragraphs)).unwrap();
    let assert = bulletin()
        .arg("import")
        .arg(&file)
        .args(["--section", "行业资讯", "-o"])
        .arg(&target)
        .assert()
        .code(1);
    assert_eq!(fs::read(&target).unwrap(), before, "the issue file changed");
    (file.display().to_string(), stderr(&assert))
}

#[test]
fn a_word_file_of_tens_of_thousands_of_paragraphs_is_refused_by_name() {
    let (file, message) = import_word("many", (1..=30_000).map(|n| format!("第{n}段。")));
    let expected = format!(
        "error: {file}: at paragraph 10001 the document passes the 10000 paragraphs, \
         subheadings, bylines, figures and tables an issue may hold: nothing was imported\n"
    );
    assert!(message.starts_with(&expected), "{message}");
    assert!(
        message.contains(
            "= hint: check that this is the right file: an issue has some 30 to 45 articles, \
             150 paragraphs and 20,000 characters; import a large collection in parts, an \
             issue at a time\n"
        ),
        "{message}"
    );
    assert!(message.ends_with("1 error(s), 0 warning(s): nothing was written\n"), "{message}");
}

#[test]
fn a_word_file_with_a_runaway_paragraph_is_refused_by_name() {
    let (file, message) = import_word("long", ["开头。".to_owned(), "长".repeat(100_001)]);
    let expected = format!(
        "error: {file}: paragraph 3 is 100001 characters long, more than the 100000 a \
         paragraph may have\n"
    );
    assert!(message.starts_with(&expected), "{}", &message[..message.len().min(3000)]);
    assert!(
        message.contains(
            "= hint: split it where each paragraph ends (with Enter in Word), and check for text \
             pasted by mistake\n"
        ),
        "{message}"
    );
    assert!(message.len() < 10_000, "the message repeats the paragraph");
}

/// A text export of one section holding `articles` articles of one paragraph each.
fn export(articles: usize) -> String {
    let mut text = String::from(" 【行业资讯】 \n \n\n");
    for n in 1..=articles {
        write!(
            text,
            "标题{n} \n \n\n第{n}篇文章的正文。 \n\n来源：《电子商务动态》编辑部 2023 年 09 月 01 日 \n\n"
        )
        .unwrap();
    }
    text
}

#[test]
fn a_text_export_of_more_articles_than_an_issue_may_hold_is_refused_at_the_first_too_many() {
    let sandbox = Sandbox::new("import-limits-text").with_publication();
    let target = sandbox.path("2023-09/issue.toml");
    let import = |source: &std::path::Path| {
        bulletin()
            .arg("import")
            .arg(source)
            .args(["--date", "2023-09-10", "-o"])
            .arg(&target)
            .assert()
    };
    // The shape is one the importer reads.
    let few = sandbox.path("few.txt");
    fs::write(&few, export(3)).unwrap();
    import(&few).success();
    fs::remove_dir_all(target.parent().unwrap()).unwrap();

    let text = export(1001);
    let source = sandbox.path("many.txt");
    fs::write(&source, &text).unwrap();
    let message = stderr(&import(&source).code(1));
    let line = text[..text.find("标题1001 ").unwrap()].matches('\n').count() + 1;
    let expected = "error: with the article “标题1001”, this file gives more than the 1000 \
                    articles an issue may hold: nothing was imported\n";
    assert!(message.starts_with(expected), "{message}");
    let located = message.lines().nth(1).unwrap_or_default().trim_start();
    assert_eq!(located, format!("┌─ {}:{line}:1", source.display()), "{message}");
    assert!(message.ends_with("1 error(s), 0 warning(s): nothing was written\n"), "{message}");
    assert!(!target.parent().unwrap().exists(), "something was written");
}
