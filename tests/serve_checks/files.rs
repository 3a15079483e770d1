//! What the desk reads and writes besides edits: pasted text, Word files (appended as
//! `bulletin import` appends them), exported PDFs (the bytes `bulletin build` writes),
//! the comparison with the last export, the archive and the next issue (as `bulletin
//! new` starts it).

use std::io::Write as _;
use std::path::Path;

use serde_json::{Value, json};

use super::client::send;
use super::{Desk, PATIENCE};
use crate::support::{Fonts, Sandbox, bulletin};

/// A Word file: the first paragraph a heading (as its styles say), the rest text.
fn docx(paragraphs: &[&str]) -> Vec<u8> {
    let w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
    let body: String = paragraphs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let style = if i == 0 { r#"<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>"# } else { "" };
            format!("<w:p>{style}<w:r><w:t>{text}</w:t></w:r></w:p>")
        })
        .collect();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    zip.start_file("word/document.xml", options).unwrap();
    write!(zip, r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{w}"><w:body>{body}</w:body></w:document>"#).unwrap();
    zip.start_file("word/styles.xml", options).unwrap();
    write!(zip, r#"<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{w}"><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/></w:style></w:styles>"#).unwrap();
    zip.finish().unwrap().into_inner()
}

/// The same project as `desk`'s before it changed: another copy, for the CLI to work on.
fn twin(name: &str, issue_text: &str) -> (Sandbox, std::path::PathBuf) {
    let sandbox = Sandbox::new(name);
    let root = sandbox.project("project", Fonts::Linked { except: &[] });
    std::fs::write(root.join("issues/2023-08/issue.toml"), issue_text).unwrap();
    (sandbox, root)
}

#[test]
fn pasted_text_and_word_files_become_articles_as_the_importer_makes_them() {
    let desk = Desk::start("serve-import");
    let pasted = "上海启动2023年“五五购物节”夏季消费季活动\n8 月 5 日，上海市商务委员会发布消息。\n活动期间，各大电商平台联动线下商圈。\n来源：《文汇报》 2023年8月6日\n";
    let split = desk.json(
        "POST",
        "/api/issues/2023-08/split",
        &json!({ "text": pasted, "html": "<p>…</p>", "lang": "en" }),
    );
    assert_eq!(split.status, 200, "{}", split.text());
    let split = split.json();
    assert_eq!(
        split["article"],
        json!({
            "title": "上海启动2023年“五五购物节”夏季消费季活动",
            "listed": false,
            "paragraphs": ["8月5日，上海市商务委员会发布消息。", "活动期间，各大电商平台联动线下商圈。"],
            "attribution": { "source": "《文汇报》", "compiler": "《电子商务动态》编辑部", "date": "2023-08-06" },
        })
    );
    assert_eq!(
        split["notes"],
        json!(["No compiler named: “《电子商务动态》编辑部” was filled in."])
    );
    let unplaced =
        desk.json("POST", "/api/issues/2023-08/split", &json!({ "text": "只有标题" })).json();
    assert_eq!(unplaced["notes"].as_array().unwrap().len(), 2, "{unplaced}");
    assert!(unplaced["notes"][0].as_str().unwrap().contains("来源"), "{unplaced}");

    // A Word file dropped on the second section, as `bulletin import --section` adds it.
    let (revision, issue) = desk.document();
    let before = desk.issue_text();
    let section = issue["sections"][1]["key"].as_str().unwrap().to_owned();
    let name = issue["sections"][1]["name"].as_str().unwrap().to_owned();
    let word = docx(&[
        "数字人民币试点场景持续拓展",
        "8月初，多地推出数字人民币消费红包。",
        "来源：《新民晚报》 2023年8月3日",
    ]);
    let path = format!(
        "/api/issues/2023-08/sections/{section}/docx?base_revision={revision}&name=%E7%BA%A2%E5%8C%85.docx&lang=zh-CN"
    );
    let headers = [
        ("Host", desk.host()),
        ("Origin", desk.origin()),
        (
            "Content-Type",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document".to_owned(),
        ),
    ];
    let headers: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let added = send(desk.addr, "POST", &path, &headers, &word);
    assert_eq!(added.status, 200, "{}", added.text());
    let added = added.json();
    let articles = added["issue"]["sections"][1]["articles"].as_array().unwrap();
    let last = articles.last().unwrap();
    assert_eq!(added["added"], json!({ "section": section, "article": last["key"] }));
    assert_eq!(
        (last["title"].as_str(), last["listed"].as_bool()),
        (Some("数字人民币试点场景持续拓展"), Some(false))
    );
    assert_eq!(added["revision"], desk.document().0.as_str());

    let (_twin, root) = twin("serve-import-cli", &before);
    let file = root.join("红包.docx");
    std::fs::write(&file, &word).unwrap();
    let output = root.join("issues/2023-08/issue.toml");
    bulletin()
        .arg("import")
        .arg(&file)
        .arg("--section")
        .arg(&name)
        .arg("-o")
        .arg(&output)
        .assert()
        .success();
    assert_eq!(
        desk.issue_text(),
        std::fs::read_to_string(&output).unwrap(),
        "the desk and `bulletin import` differ"
    );

    // Based on an old revision, a Word file is refused and nothing is written.
    let stale = send(desk.addr, "POST", &path, &headers, &word);
    assert_eq!((stale.status, stale.code()), (409, "stale_revision".into()));
    assert_eq!(desk.issue_text(), std::fs::read_to_string(&output).unwrap());
}

#[test]
fn exports_are_the_pdfs_bulletin_build_writes_and_compare_with_the_issue_now() {
    let desk = Desk::start("serve-export");
    let (revision, mut issue) = desk.document();
    desk.status_of(&revision, "zh-CN");
    assert_eq!(
        desk.get("/api/issues/2023-08/exports").json(),
        json!({ "print": null, "screen": null })
    );

    let mut exported = Vec::new();
    for kind in ["print", "screen"] {
        let response = desk.json(
            "POST",
            "/api/issues/2023-08/exports",
            &json!({ "kind": kind, "revision": revision }),
        );
        assert_eq!(response.status, 201, "{}", response.text());
        let info = response.json();
        let file = if kind == "print" { "2023-08.pdf" } else { "2023-08-screen.pdf" };
        assert_eq!(info["path"], format!("out/{file}"));
        let bytes = std::fs::read(desk.root.join("out").join(file)).unwrap();
        assert_eq!(info["bytes"].as_u64(), Some(bytes.len() as u64));
        assert_eq!(info["page_count"], 24);
        assert_eq!(info["revision"], revision.as_str());
        let built = desk.sandbox.path(&format!("built-{kind}.pdf"));
        bulletin()
            .arg("build")
            .arg(desk.root.join("issues/2023-08"))
            .args(["--profile", kind, "-o"])
            .arg(&built)
            .assert()
            .success();
        assert!(
            std::fs::read(&built).unwrap() == bytes,
            "the desk's {kind} PDF differs from `bulletin build`"
        );

        let download = desk.get(info["url"].as_str().unwrap());
        assert_eq!(download.status, 200);
        assert!(download.body == bytes);
        assert_eq!(download.header("content-type"), Some("application/pdf"));
        assert_eq!(download.header("cache-control"), Some("no-store"));
        let disposition = download.header("content-disposition").unwrap();
        assert!(
            disposition.starts_with(&format!("attachment; filename=\"{file}\"")),
            "{disposition}"
        );
        let encoded: String = format!("电子商务动态-2023-08-{kind}.pdf")
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        assert!(disposition.ends_with(&format!("filename*=UTF-8''{encoded}")), "{disposition}");
        exported.push(info);
    }
    let listed = desk.get("/api/issues/2023-08/exports").json();
    assert_eq!((&listed["print"], &listed["screen"]), (&exported[0], &exported[1]));

    // A stale revision is refused.
    let stale = desk.json(
        "POST",
        "/api/issues/2023-08/exports",
        &json!({ "kind": "print", "revision": "0000000000000000" }),
    );
    assert_eq!((stale.status, stale.code()), (409, "stale_revision".into()));

    // Compared right after the export, then after an edit of the first article.
    let same = desk.json("POST", "/api/issues/2023-08/compare", &json!({ "kind": "print" }));
    assert_eq!(same.status, 200, "{}", same.text());
    let same = same.json();
    assert_eq!(
        (same["identical"].as_bool(), same["base"]["page_count"].as_u64()),
        (Some(true), Some(24)),
        "{same}"
    );
    let title = issue["sections"][0]["articles"][0]["title"].as_str().unwrap().to_owned();
    issue["sections"][0]["articles"][0]["title"] = json!(format!("{title}（修订）"));
    let edited = desk.save(&revision, &issue);
    desk.status_of(&edited, "zh-CN");
    let differs = desk
        .json("POST", "/api/issues/2023-08/compare", &json!({ "kind": "print", "lang": "zh-CN" }))
        .json();
    assert_eq!(differs["identical"], false);
    let pages: Vec<u64> = differs["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["number"].as_u64().unwrap())
        .collect();
    assert!(pages.contains(&1) && pages.contains(&2), "the cover's contents and page 2: {pages:?}");
    assert!(differs["pages"][0]["share"].as_f64().unwrap() > 0.0);
    let report = desk.get(differs["report_url"].as_str().unwrap());
    assert_eq!(report.status, 200);
    assert!(report.header("content-type").unwrap().starts_with("text/html"));
    assert!(report.header("content-security-policy").unwrap().contains("default-src 'none'"));
    let image = report
        .text()
        .split("src=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .map(str::to_owned)
        .unwrap();
    let url = differs["report_url"].as_str().unwrap().replace("index.html", &image);
    let image = desk.get(&url);
    assert_eq!((image.status, image.header("content-type")), (200, Some("image/png")), "{url}");
}

#[test]
fn the_archive_lists_the_issues_and_starts_the_next_as_bulletin_new_does() {
    let desk = Desk::start("serve-archive");
    let listing = desk.get("/api/issues").json();
    let entry = &listing["issues"][0];
    assert_eq!(
        (entry["id"].as_str(), entry["number"].as_i64(), entry["date"].as_str()),
        (Some("2023-08"), Some(8), Some("2023-08-10"))
    );
    assert_eq!(listing["next"]["id"], "2023-09");
    assert_eq!(listing["next"]["number"], 9);
    // Once built, the page count and state are known.
    let (revision, _) = desk.document();
    desk.status_of(&revision, "zh-CN");
    let entry = desk.get("/api/issues").json()["issues"][0].clone();
    assert_eq!(
        (entry["page_count"].as_u64(), entry["ready"].as_bool()),
        (Some(24), Some(true)),
        "{entry}"
    );

    let mut events = super::client::Events::open(desk.addr, "/api/issues/2023-08/events");
    events.wait_for("hello", PATIENCE, |_| true);
    let created = desk.json("POST", "/api/issues", &json!({}));
    assert_eq!(created.status, 201, "{}", created.text());
    assert_eq!(created.json()["id"], "2023-09");
    let archive = events.wait_for("archive", PATIENCE, |_| true);
    assert_eq!(archive.data["issues"][0]["id"], "2023-09");
    // 2023-09 has no articles yet, so it does not check and `bulletin new` could not follow it.
    assert_eq!(archive.data["next"], Value::Null);

    let (_twin, root) = twin("serve-archive-cli", &desk_issue(&desk.root, "2023-08"));
    bulletin().arg("new").arg("--issues").arg(root.join("issues")).assert().success();
    assert_eq!(
        desk_issue(&desk.root, "2023-09"),
        desk_issue(&root, "2023-09"),
        "the desk and `bulletin new` differ"
    );

    let again = desk.json("POST", "/api/issues", &json!({ "id": "2023-09" }));
    assert_eq!((again.status, again.code()), (409, "exists".into()));
    assert_eq!(again.json()["error"]["id"], "2023-09");
    let (next, document) = {
        let response = desk.get("/api/issues/2023-09");
        assert_eq!(response.status, 200, "{}", response.text());
        let json: Value = response.json();
        (json["revision"].as_str().unwrap().to_owned(), json["issue"].clone())
    };
    assert_eq!(next.len(), 16);
    assert_eq!(document["sections"].as_array().unwrap().len(), 4);
}

/// The issue file of `id` in the project `root`.
fn desk_issue(root: &Path, id: &str) -> String {
    std::fs::read_to_string(root.join("issues").join(id).join("issue.toml")).unwrap()
}
