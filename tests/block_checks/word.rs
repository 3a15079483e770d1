//! Word files with a picture, a table, a subheading and a byline, made here, imported into
//! an issue: the picture lands beside issue.toml under a stable name, the rest as blocks.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::support::{Sandbox, bulletin, copy_dir, repo_root, stderr};

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// A paragraph of `text`, in style `style` if given.
fn para(style: Option<&str>, text: &str) -> String {
    let style =
        style.map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>")).unwrap_or_default();
    format!("<w:p>{style}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>")
}

/// A paragraph holding the picture of relationship `rId9`, as Word writes it (DrawingML).
fn picture() -> String {
    "<w:p><w:r><w:drawing><wp:inline><a:graphic><a:graphicData><pic:pic><pic:blipFill>\
     <a:blip r:embed=\"rId9\"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>\
     </wp:inline></w:drawing></w:r></w:p>"
        .to_owned()
}

/// A table of `rows`, each cell one paragraph.
fn table(rows: &[&[&str]]) -> String {
    let rows: String = rows
        .iter()
        .map(|row| {
            let cells: String =
                row.iter().map(|c| format!("<w:tc>{}</w:tc>", para(None, c))).collect();
            format!("<w:tr>{cells}</w:tr>")
        })
        .collect();
    format!("<w:tbl>{rows}</w:tbl>")
}

/// A .docx with `body` and the PNG `png` as word/media/image1.png.
fn docx(body: &str, png: &[u8]) -> Vec<u8> {
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"{W}\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
         xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
         xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
         xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <w:body>{body}<w:sectPr/></w:body></w:document>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\">\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"a\"><w:name w:val=\"Normal\"/></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"1\"><w:name w:val=\"heading 1\"/><w:pPr><w:outlineLvl w:val=\"0\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"2\"><w:name w:val=\"heading 2\"/><w:pPr><w:outlineLvl w:val=\"1\"/></w:pPr></w:style>\
         <w:style w:type=\"paragraph\" w:styleId=\"cap\"><w:name w:val=\"caption\"/></w:style>\
         </w:styles>"
    );
    let rels = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
        <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
        <Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
        <Relationship Id=\"rId9\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/image1.png\"/>\
        </Relationships>";
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    for (name, bytes) in [
        ("word/document.xml", document.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/media/image1.png", png),
    ] {
        zip.start_file(name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A chart-like PNG of 1500 × 750 px.
pub(crate) fn chart() -> Vec<u8> {
    let picture = image::RgbImage::from_fn(1500, 750, |x, _| {
        if x % 300 < 150 { image::Rgb([30, 90, 170]) } else { image::Rgb([255, 255, 255]) }
    });
    let mut bytes = Vec::new();
    picture.write_to(&mut std::io::Cursor::new(&mut bytes), image::ImageFormat::Png).unwrap();
    bytes
}

/// A Word file with a picture, a table, a subheading and a byline, written into `sandbox`.
pub(crate) fn article_docx(sandbox: &Sandbox, png: &[u8]) -> PathBuf {
    let body = [
        para(Some("1"), "带图表的文章"),
        para(None, "第一段正文。"),
        para(Some("2"), "一、增速领先"),
        para(None, "第二段正文。"),
        picture(),
        para(Some("cap"), "图1 各地区增速"),
        para(None, "表1 各地区增速对照"),
        table(&[&["地区", "增速"], &["东部地区", "13%"], &["中部地区", "16.1%"]]),
        para(None, "最后一段正文。"),
        para(None, "（作者：张三）"),
        para(None, "来源：《经济日报》 2023年9月4日"),
    ]
    .concat();
    let path = sandbox.path("chart-article.docx");
    fs::write(&path, docx(&body, png)).unwrap();
    path
}

fn import(docx: &Path, target: &Path) -> assert_cmd::assert::Assert {
    bulletin().arg("import").arg(docx).args(["--section", "数据观察", "-o"]).arg(target).assert()
}

#[test]
fn a_word_file_brings_its_picture_table_subheading_and_byline() {
    let sandbox = Sandbox::new("blocks-word").with_publication();
    copy_dir(&repo_root().join("issues/2023-08"), &sandbox.path("2023-08"));
    bulletin().args(["new", "--issues"]).arg(sandbox.path("")).assert().success();
    let target = sandbox.path("2023-09/issue.toml");
    let png = chart();
    let docx = article_docx(&sandbox, &png);
    import(&docx, &target).success();
    let folder = target.parent().unwrap();
    assert_eq!(fs::read(folder.join("chart-article-1.png")).unwrap(), png);
    let text = fs::read_to_string(&target).unwrap();
    assert!(
        // Text from Word is tidied as paragraphs are: no space between figures and Chinese.
        text.contains("{ figure = \"chart-article-1.png\", caption = \"图1各地区增速\" }"),
        "{text}"
    );
    // The other sections have no articles yet: the file is read as TOML.
    let table: toml::Table = text.parse().unwrap();
    let article = table["section"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s.get("article").and_then(|a| a.as_array()).cloned().unwrap_or_default())
        .find(|a| a["title"].as_str() == Some("带图表的文章"))
        .unwrap();
    let blocks = article["paragraphs"].as_array().unwrap();
    let kinds: Vec<&str> = blocks
        .iter()
        .map(|b| match b.as_table() {
            None => "paragraph",
            Some(t) => ["subheading", "byline", "figure", "table"]
                .into_iter()
                .find(|k| t.contains_key(*k))
                .unwrap(),
        })
        .collect();
    assert_eq!(
        kinds,
        ["paragraph", "subheading", "paragraph", "figure", "table", "paragraph", "byline"]
    );
    assert_eq!(blocks[1]["subheading"].as_str(), Some("一、增速领先"));
    assert_eq!(blocks[4]["caption"].as_str(), Some("表1各地区增速对照"));
    let rows: Vec<Vec<&str>> = blocks[4]["table"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect())
        .collect();
    assert_eq!(rows, [["地区", "增速"], ["东部地区", "13%"], ["中部地区", "16.1%"]]);
    assert_eq!(blocks[6]["byline"].as_str(), Some("（作者：张三）"));
    // The picture and table pass every check the issue's own blocks do.
    let assert = bulletin().arg("check").arg(folder).assert().code(1);
    let report = stderr(&assert);
    assert!(report.contains("has no articles") && !report.contains("chart-article"), "{report}");

    // The same file again: its title is taken by now, so nothing is written; its picture
    // is the one already there, and nothing is added beside it.
    let assert = import(&docx, &target).code(1);
    assert!(stderr(&assert).contains("repeats"), "{}", stderr(&assert));
    let pictures = |dir: &Path| {
        let mut names: Vec<String> = fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".png"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(pictures(folder), ["chart-article-1.png"]);
    // Another picture under the same name never replaces the file; as this import fails
    // too, the picture it wrote beside it is removed again.
    let other = image::RgbImage::from_pixel(1500, 750, image::Rgb([200, 30, 40]));
    let mut other_png = Vec::new();
    other.write_to(&mut std::io::Cursor::new(&mut other_png), image::ImageFormat::Png).unwrap();
    let docx = article_docx(&sandbox, &other_png);
    import(&docx, &target).code(1);
    assert_eq!(pictures(folder), ["chart-article-1.png"]);
    assert_eq!(fs::read(folder.join("chart-article-1.png")).unwrap(), png);
}

#[test]
fn a_second_word_file_with_another_picture_gets_a_name_of_its_own() {
    let sandbox = Sandbox::new("blocks-word-names").with_publication();
    copy_dir(&repo_root().join("issues/2023-08"), &sandbox.path("2023-08"));
    bulletin().args(["new", "--issues"]).arg(sandbox.path("")).assert().success();
    let target = sandbox.path("2023-09/issue.toml");
    let folder = target.parent().unwrap().to_path_buf();
    let first = chart();
    fs::write(folder.join("chart-article-1.png"), b"not this picture").unwrap();
    import(&article_docx(&sandbox, &first), &target).success();
    assert_eq!(fs::read(folder.join("chart-article-1.png")).unwrap(), b"not this picture");
    assert_eq!(fs::read(folder.join("chart-article-1-2.png")).unwrap(), first);
    let text = fs::read_to_string(&target).unwrap();
    assert!(text.contains("figure = \"chart-article-1-2.png\""), "{text}");
}
