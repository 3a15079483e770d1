//! Word files: built here with the zip crate, imported into a section of an issue.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use bulletin::issue::load::load_issue;

use super::{issue_made_by_new, read_table};
use crate::support::{Sandbox, bulletin, copy_dir, repo_root, stderr};

/// One paragraph of a test document.
#[derive(Clone, Copy, Default)]
struct P {
    /// Paragraph style id (`1` is “heading 1” in styles.xml below, as Chinese Word names it).
    style: Option<&'static str>,
    /// Every run bold.
    bold: bool,
    /// `w:outlineLvl` on the paragraph.
    outline: Option<u8>,
    /// Runs of text.
    runs: &'static [&'static str],
}

fn p(runs: &'static [&'static str]) -> P {
    P { runs, ..P::default() }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A minimal .docx holding `paragraphs`.
fn docx(paragraphs: &[P]) -> Vec<u8> {
    let mut body = String::new();
    for paragraph in paragraphs {
        body.push_str("<w:p>");
        if paragraph.style.is_some() || paragraph.outline.is_some() {
            body.push_str("<w:pPr>");
            if let Some(style) = paragraph.style {
                body.push_str(&format!("<w:pStyle w:val=\"{style}\"/>"));
            }
            if let Some(level) = paragraph.outline {
                body.push_str(&format!("<w:outlineLvl w:val=\"{level}\"/>"));
            }
            body.push_str("</w:pPr>");
        }
        for run in paragraph.runs {
            body.push_str("<w:r>");
            if paragraph.bold {
                body.push_str("<w:rPr><w:b/></w:rPr>");
            }
            body.push_str(&format!("<w:t xml:space=\"preserve\">{}</w:t></w:r>", escape(run)));
        }
        body.push_str("</w:p>");
    }
    package(&body)
}

/// A minimal .docx whose document's body is the WordprocessingML `body`.
pub(super) fn package(body: &str) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W}\"><w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"a\"/>\
         <w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>\
         </w:styles>"
    );
    let content_types = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
        <Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
        <Default Extension=\"xml\" ContentType=\"application/xml\"/>\
        <Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
        <Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
        </Types>";
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
        </Relationships>";
    let document_rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
        </Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, text) in [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", rels),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/document.xml", document.as_str()),
        ("word/styles.xml", styles.as_str()),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Writes a .docx named `name` into the sandbox.
fn save(sandbox: &Sandbox, name: &str, paragraphs: &[P]) -> PathBuf {
    let path = sandbox.path(name);
    fs::write(&path, docx(paragraphs)).unwrap();
    path
}

/// A title in the “heading 1” style, a paragraph in two runs, a 来源 line naming a source only.
fn heading_article(sandbox: &Sandbox) -> PathBuf {
    save(
        sandbox,
        "heading.docx",
        &[
            P { style: Some("1"), ..p(&["标题样式的标题"]) },
            p(&["\u{3000}\u{3000}第一段，", "分成两段文字 2023 年。"]),
            p(&[]),
            p(&["第二段。"]),
            p(&["来源：《解放日报》 2023年9月4日"]),
        ],
    )
}

/// A bold first line as the title and a full attribution.
fn bold_article(sandbox: &Sandbox) -> PathBuf {
    save(
        sandbox,
        "bold.docx",
        &[
            P { bold: true, ..p(&["加粗的第一行"]) },
            p(&["正文只有一段。"]),
            p(&["来源：“东方网” 编选：《电子商务动态》编辑部 2023 年 09 月 05 日"]),
        ],
    )
}

fn articles<'t>(table: &'t toml::Table, section: &str) -> Vec<&'t toml::Value> {
    let sections = table["section"].as_array().unwrap();
    let section = sections.iter().find(|s| s["name"].as_str() == Some(section)).unwrap();
    section.get("article").and_then(|a| a.as_array()).map_or(Vec::new(), |a| a.iter().collect())
}

fn strings(value: &toml::Value) -> Vec<&str> {
    value.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect()
}

fn import(files: &[&Path], section: Option<&str>, output: &Path) -> assert_cmd::assert::Assert {
    let mut command = bulletin();
    command.arg("import").args(files);
    if let Some(section) = section {
        command.args(["--section", section]);
    }
    command.arg("-o").arg(output).assert()
}

#[test]
fn word_files_are_appended_to_a_section_of_an_issue_made_by_new() {
    let sandbox = Sandbox::new("import-word-append").with_publication();
    let target = issue_made_by_new(&sandbox);
    let made = fs::read_to_string(&target).unwrap();
    let (heading, bold) = (heading_article(&sandbox), bold_article(&sandbox));
    let assert = import(&[&heading, &bold], Some("政策法规"), &target).success();
    let note = stderr(&assert);
    assert!(note.contains("no articles yet in “行业资讯”, “数据观察”, “专家视点”"), "{note}");
    let text = fs::read_to_string(&target).unwrap();
    // Everything `new` wrote is still there, comments included.
    let header = made.lines().next().unwrap();
    assert!(text.starts_with(header), "{text}");
    assert!(text.contains("# [[section.article]]"), "the example comment was lost:\n{text}");
    let table = read_table(&target);
    let added = articles(&table, "政策法规");
    assert_eq!(added.len(), 2);
    assert_eq!(added[0]["title"].as_str(), Some("标题样式的标题"));
    assert_eq!(strings(&added[0]["paragraphs"]), ["第一段，分成两段文字2023年。", "第二段。"]);
    let attribution = added[0]["attribution"].as_table().unwrap();
    assert_eq!(attribution["source"].as_str(), Some("《解放日报》"));
    assert_eq!(attribution["compiler"].as_str(), Some("《电子商务动态》编辑部"));
    assert_eq!(attribution["date"].to_string(), "2023-09-04");
    assert_eq!(added[1]["title"].as_str(), Some("加粗的第一行"));
    assert_eq!(strings(&added[1]["paragraphs"]), ["正文只有一段。"]);
    let attribution = added[1]["attribution"].as_table().unwrap();
    assert_eq!(attribution["source"].as_str(), Some("“东方网”"));
    assert_eq!(attribution["date"].to_string(), "2023-09-05");
    assert!(articles(&table, "行业资讯").is_empty());

    // A third file, its title marked by an outline level, its attribution run on.
    let outline = save(
        &sandbox,
        "outline.docx",
        &[
            P { outline: Some(1), ..p(&["大纲级别的标题"]) },
            p(&["最后一句。 来源：《电子商务动态》编辑部 2023年9月6日"]),
        ],
    );
    import(&[&outline], Some("行业资讯"), &target).success();
    let table = read_table(&target);
    let first = articles(&table, "行业资讯");
    assert_eq!(first.len(), 1);
    assert_eq!(first[0]["title"].as_str(), Some("大纲级别的标题"));
    assert_eq!(strings(&first[0]["paragraphs"]), ["最后一句。"]);
    assert!(first[0]["attribution"].get("source").is_none());
    assert_eq!(articles(&table, "政策法规"), added, "the earlier articles changed");

    // With every section filled, the issue passes the loader's checks.
    let one = |name: &str, title: &'static [&'static str]| {
        save(
            &sandbox,
            name,
            &[
                P { bold: true, ..p(title) },
                p(&["正文。"]),
                p(&["来源：《电子商务动态》编辑部 2023年9月7日"]),
            ],
        )
    };
    let data = one("data.docx", &["数据文章"]);
    let view = one("view.docx", &["观点文章"]);
    import(&[&data], Some("数据观察"), &target).success();
    let assert = import(&[&view], Some("专家视点"), &target).success();
    assert!(!stderr(&assert).contains("no articles yet"), "{}", stderr(&assert));
    let issue = load_issue(target.parent().unwrap()).unwrap();
    assert_eq!(issue.articles().count(), 5);
    assert_eq!((issue.year, issue.number), (2023, 9));
}

#[test]
fn word_files_start_an_issue_with_the_latest_issues_sections() {
    let sandbox = Sandbox::new("import-word-fresh").with_publication();
    copy_dir(&repo_root().join("issues/2023-08"), &sandbox.path("2023-08"));
    let target = sandbox.path("2023-09/issue.toml");
    let bold = bold_article(&sandbox);
    import(&[&bold], Some("数据观察"), &target).success();
    let table = read_table(&target);
    let names: Vec<&str> =
        table["section"].as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["行业资讯", "政策法规", "数据观察", "专家视点"]);
    assert_eq!(articles(&table, "数据观察").len(), 1);
    assert_eq!(table["number"].as_integer(), Some(9));
    assert_eq!(table["date"].to_string(), "2023-09-10");
}

#[test]
fn word_files_need_a_section_the_issue_has() {
    let sandbox = Sandbox::new("import-word-section").with_publication();
    let target = issue_made_by_new(&sandbox);
    let before = fs::read(&target).unwrap();
    let bold = bold_article(&sandbox);
    let assert = import(&[&bold], None, &target).code(2);
    assert!(
        stderr(&assert).contains("--section is required with .docx files"),
        "{}",
        stderr(&assert)
    );
    let assert = import(&[&bold], Some("国际动态"), &target).code(2);
    let message = stderr(&assert);
    assert!(message.contains("no section “国际动态”"), "{message}");
    assert!(message.contains("“行业资讯”, “政策法规”, “数据观察”, “专家视点”"), "{message}");
    assert_eq!(fs::read(&target).unwrap(), before, "the issue file changed");
}

#[test]
fn word_files_without_a_title_or_an_attribution_are_reported() {
    let sandbox = Sandbox::new("import-word-bad").with_publication();
    let target = issue_made_by_new(&sandbox);
    let before = fs::read(&target).unwrap();
    let untitled = save(
        &sandbox,
        "untitled.docx",
        &[p(&["普通的第一行"]), p(&["来源：“东方网” 2023年9月5日"])],
    );
    let unsourced = save(
        &sandbox,
        "unsourced.docx",
        &[P { style: Some("1"), ..p(&["有标题"]) }, p(&["没有来源。"])],
    );
    let assert = import(&[&untitled, &unsourced], Some("行业资讯"), &target).code(1);
    let message = stderr(&assert);
    assert!(message.contains("untitled.docx: cannot tell the title"), "{message}");
    assert!(message.contains("unsourced.docx: the article “有标题” has no 来源 line"), "{message}");
    let text = sandbox.path("not-word.docx");
    fs::write(&text, "plain text").unwrap();
    let assert = import(&[&text], Some("行业资讯"), &target).code(1);
    assert!(stderr(&assert).contains("not a Word .docx file"), "{}", stderr(&assert));
    assert_eq!(fs::read(&target).unwrap(), before, "the issue file changed");
}
