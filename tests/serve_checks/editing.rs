//! Saving: every edit written at once through the one writer (the file is what the
//! library writes for the same edit), stale revisions refused, rejected data kept and
//! reported beside its field, in Chinese or English.

use serde_json::{Value, json};

use bulletin::issue::load::load_issue;
use bulletin::issue::save::issue_toml;

use super::Desk;

/// The issue of the sandbox's project, loaded by the library.
fn model(desk: &Desk) -> bulletin::issue::model::Issue {
    load_issue(&desk.root.join("issues/2023-08")).unwrap()
}

#[test]
fn edits_are_saved_as_the_library_writes_them_and_unknown_revisions_are_refused() {
    let desk = Desk::start("serve-editing");
    let (first, mut issue) = desk.document();
    assert_eq!(first.len(), 16);
    let keys: Vec<String> = issue["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            s["articles"].as_array().unwrap().iter().map(|a| a["key"].as_str().unwrap().to_owned())
        })
        .collect();
    assert_eq!(keys.len(), 42);

    // A new title.
    let before = desk.issue_text();
    let mut expected = model(&desk);
    expected.sections[0].articles[0].title = "商务部：上半年网络零售市场呈现五大特点".into();
    issue["sections"][0]["articles"][0]["title"] = json!("商务部：上半年网络零售市场呈现五大特点");
    let second = desk.save(&first, &issue);
    assert_ne!(second, first);
    assert_eq!(desk.issue_text(), issue_toml(&expected, Some(&before)).unwrap(), "the title edit");

    // Two articles swapped, one moved to another section, a paragraph added.
    let before = desk.issue_text();
    let mut expected = model(&desk);
    expected.sections[0].articles.swap(0, 1);
    let moved = expected.sections[0].articles.remove(3);
    expected.sections[1].articles.insert(0, moved);
    expected.sections[2].articles[1].paragraphs.push("新加的一段。".into());
    let articles = issue["sections"][0]["articles"].as_array_mut().unwrap();
    articles.swap(0, 1);
    let moved = articles.remove(3);
    issue["sections"][1]["articles"].as_array_mut().unwrap().insert(0, moved);
    issue["sections"][2]["articles"][1]["paragraphs"]
        .as_array_mut()
        .unwrap()
        .push(json!("新加的一段。"));
    let third = desk.save(&second, &issue);
    assert_eq!(desk.issue_text(), issue_toml(&expected, Some(&before)).unwrap(), "the moves");
    let (now, reread) = desk.document();
    assert_eq!(now, third);
    assert_eq!(reread, issue, "the keys of the client's document are kept");

    // The same document again: nothing written, the same revision.
    let modified =
        std::fs::metadata(desk.root.join("issues/2023-08/issue.toml")).unwrap().modified().unwrap();
    assert_eq!(desk.save(&third, &issue), third);
    assert_eq!(
        std::fs::metadata(desk.root.join("issues/2023-08/issue.toml")).unwrap().modified().unwrap(),
        modified
    );

    // A save based on a revision the desk does not know is refused and writes nothing
    // (saves based on earlier revisions it knows are merged: tests/serve_checks/versions.rs).
    let text = desk.issue_text();
    let mut other = issue.clone();
    other["sections"][0]["articles"][0]["title"] = json!("另一个窗口的标题");
    let body = json!({ "base_revision": "0123456789abcdef", "client": "other", "issue": other });
    let refused = desk.json("PUT", "/api/issues/2023-08", &body);
    assert_eq!(refused.status, 409, "{}", refused.text());
    let error = &refused.json()["error"];
    assert_eq!(
        (error["code"].as_str(), error["current_revision"].as_str()),
        (Some("stale_revision"), Some(third.as_str()))
    );
    assert!(error["message"].as_str().unwrap().contains("重新载入"), "{error}");
    assert_eq!(desk.issue_text(), text);
}

#[test]
fn a_save_the_checks_reject_is_kept_and_its_problems_are_named_beside_their_fields() {
    let desk = Desk::start("serve-rejected");
    let (first, mut issue) = desk.document();
    let good = desk.status_of(&first, "zh-CN");
    assert_eq!((good["ready"].as_bool(), good["typeset"].as_bool()), (Some(true), Some(true)));
    let pages = good["pages"].clone();

    let original_title = issue["sections"][0]["articles"][1]["title"].clone();
    issue["sections"][0]["articles"][1]["title"] = json!("");
    issue["date"] = json!("");
    issue["number"] = Value::Null;
    let rejected = desk.save(&first, &issue);
    let text = desk.issue_text();
    assert!(
        text.contains("title = \"\"\n")
            && text.contains("date = \"\"\n")
            && !text.contains("number ="),
        "{text}"
    );

    let status = desk.status_of(&rejected, "zh-CN");
    assert_eq!(
        (status["ready"].as_bool(), status["typeset"].as_bool()),
        (Some(false), Some(false))
    );
    assert_eq!(status["pages"], pages, "the last pages that typeset are still shown");
    let diagnostics = status["diagnostics"].as_array().unwrap();
    let title = diagnostics
        .iter()
        .find(|d| d["location"]["field"] == "title")
        .unwrap_or_else(|| panic!("no finding about the title: {diagnostics:?}"));
    assert_eq!(
        title["location"],
        json!({ "section": 0, "article": 1, "paragraph": null, "field": "title" })
    );
    assert_eq!(
        (title["severity"].as_str(), title["code"].as_str()),
        (Some("error"), Some("empty_text"))
    );
    assert_eq!(title["file"], "issues/2023-08/issue.toml");
    assert!(title["line"].as_u64().unwrap() > 1);
    assert!(title["message"].as_str().unwrap().contains("标题"), "{title}");
    for field in ["date", "number"] {
        assert!(
            diagnostics.iter().any(|d| d["location"]["field"] == field),
            "nothing about the {field}: {diagnostics:?}"
        );
    }
    assert_eq!(
        status["counts"]["errors"].as_u64().unwrap() as usize,
        diagnostics.iter().filter(|d| d["severity"] == "error").count()
    );
    let english = desk.status_of(&rejected, "en");
    let title = english["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["location"]["field"] == "title")
        .unwrap()
        .clone();
    assert!(title["message"].as_str().unwrap().contains("title"), "{title}");

    // Exporting is refused while the checks find errors.
    let refused = desk.json(
        "POST",
        "/api/issues/2023-08/exports",
        &json!({ "kind": "print", "revision": rejected }),
    );
    assert_eq!((refused.status, refused.code()), (422, "not_ready".into()), "{}", refused.text());

    // Typed again, the values are valid data once more: a TOML date, a number.
    issue["sections"][0]["articles"][1]["title"] = original_title;
    issue["date"] = json!("2023-08-10");
    issue["number"] = json!(8);
    let mended = desk.save(&rejected, &issue);
    let text = desk.issue_text();
    assert!(text.contains("date = 2023-08-10\n") && text.contains("number = 8\n"), "{text}");
    let status = desk.status_of(&mended, "zh-CN");
    assert_eq!(status["ready"], true, "{status}");
}

#[test]
fn sections_are_added_renamed_reordered_and_removed_as_the_library_writes_them() {
    let desk = Desk::start("serve-sections");
    let (first, mut issue) = desk.document();
    let before = desk.issue_text();
    let mut expected = model(&desk);
    expected.sections[1].name = "政策与法规".into();
    expected.sections.swap(2, 3);
    expected
        .sections
        .push(bulletin::issue::model::Section { name: "新栏目".into(), articles: vec![] });
    issue["sections"][1]["name"] = json!("政策与法规");
    issue["sections"].as_array_mut().unwrap().swap(2, 3);
    issue["sections"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "key": "c-new", "name": "新栏目", "articles": [] }));
    let second = desk.save(&first, &issue);
    assert_eq!(desk.issue_text(), issue_toml(&expected, Some(&before)).unwrap());
    let (_, reread) = desk.document();
    assert_eq!(reread["sections"][4]["key"], "c-new", "the client's key of a new section is kept");

    // The empty section goes again, and the order and name come back: the file is as it was.
    issue["sections"].as_array_mut().unwrap().pop();
    issue["sections"].as_array_mut().unwrap().swap(2, 3);
    issue["sections"][1]["name"] = json!("政策法规");
    desk.save(&second, &issue);
    assert_eq!(desk.issue_text(), before, "comments and layout survive the round trip");
}

#[test]
fn a_file_the_desk_cannot_edit_is_refused_with_a_reason_and_left_alone() {
    let broken = "year = 2023\nnumber = 7\ndate = 2023-07-10\n[[section]\nname = \"行业资讯\"\n";
    let desk = Desk::start_with("serve-unreadable", |root| {
        std::fs::create_dir(root.join("issues/2023-07")).unwrap();
        std::fs::write(root.join("issues/2023-07/issue.toml"), broken).unwrap();
    });
    let response = desk.get("/api/issues/2023-07?lang=en");
    assert_eq!(
        (response.status, response.code()),
        (422, "unreadable".into()),
        "{}",
        response.text()
    );
    assert!(response.json()["error"]["message"].as_str().unwrap().contains("text editor"));
    assert_eq!(
        std::fs::read_to_string(desk.root.join("issues/2023-07/issue.toml")).unwrap(),
        broken
    );
    let listing = desk.get("/api/issues").json();
    let entry = listing["issues"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == "2023-08")
        .unwrap()
        .clone();
    assert_eq!(entry["number"], 8, "the other issues are listed as ever");
}
