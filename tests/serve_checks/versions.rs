//! Versions in the desk: every save kept with who and how, a version's changes article by
//! article, restore and undo (also after the page is reloaded: they live on the server),
//! saves on earlier revisions merged with conflicts named, and the history whole after the
//! server is killed in the middle of two editors' saves.

use std::collections::HashSet;
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::Desk;
use super::client::send;
use crate::support::bulletin;

fn versions(desk: &Desk) -> Vec<Value> {
    let response = desk.get("/api/issues/2023-08/versions");
    assert_eq!(response.status, 200, "{}", response.text());
    response.json()["versions"].as_array().unwrap().clone()
}

fn post(desk: &Desk, path: &str, body: &Value) -> Value {
    let response = desk.json("POST", path, body);
    assert_eq!(response.status, 200, "{path}: {}", response.text());
    response.json()
}

fn titles(issue: &Value) -> Vec<String> {
    issue["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap().iter())
        .map(|a| a["title"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn every_save_is_a_version_and_any_can_be_restored_or_undone() {
    let desk = Desk::start("serve-versions");
    let (first, issue) = desk.document();
    let start = versions(&desk);
    assert_eq!(start.len(), 1, "{start:?}");
    assert_eq!(start[0]["via"], "start");
    assert_eq!(start[0]["revision"], first.as_str());

    // An article deleted by mistake, then a title changed.
    let mut edited = issue.clone();
    let deleted = edited["sections"][1]["articles"].as_array_mut().unwrap().remove(0);
    let deleted_title = deleted["title"].as_str().unwrap().to_owned();
    let second = desk.save(&first, &edited);
    edited["sections"][0]["articles"][0]["title"] = json!("改过的标题");
    let third = desk.save(&second, &edited);
    let list = versions(&desk);
    assert_eq!(list.len(), 3);
    assert_eq!((list[0]["n"].as_u64(), list[0]["via"].as_str()), (Some(3), Some("desk")));
    assert!(!list[0]["by"].as_str().unwrap().is_empty(), "who saved is recorded");
    assert_eq!(
        list[1]["changes"],
        json!([{
            "section": issue["sections"][1]["name"], "title": deleted_title, "what": ["removed"]
        }])
    );
    assert_eq!(list[0]["changes"][0]["what"], json!(["retitled"]));

    // Version 2 in detail: the article it removed, paragraph by paragraph.
    let two = desk.get("/api/issues/2023-08/versions/2").json();
    let paragraphs = two["changes"][0]["paragraphs"].as_array().unwrap();
    assert_eq!(paragraphs.len(), deleted["paragraphs"].as_array().unwrap().len());
    assert_eq!(paragraphs[0]["before"], deleted["paragraphs"][0]);
    assert!(titles(&two["issue"]).iter().all(|t| *t != deleted_title));

    // Undo takes back the latest change first, then the deletion.
    let undone = post(&desk, "/api/issues/2023-08/undo", &json!({ "base_revision": third }));
    assert_eq!(undone["undone"], 3);
    let (fourth, now) = desk.document();
    assert_eq!(fourth, second, "the title is back: the text of version 2");
    let undone = post(&desk, "/api/issues/2023-08/undo", &json!({ "base_revision": fourth }));
    assert_eq!(undone["undone"], 2);
    let (fifth, now_back) = desk.document();
    assert_eq!(fifth, first, "the deleted article is back");
    assert!(titles(&now_back).contains(&deleted_title));
    assert!(!titles(&now).contains(&deleted_title));
    let nothing = desk.json("POST", "/api/issues/2023-08/undo", &json!({ "base_revision": fifth }));
    assert_eq!((nothing.status, nothing.code()), (409, "nothing_to_undo".into()));

    // Restoring version 3 is a new version of its own, which can be undone too.
    let restored =
        post(&desk, "/api/issues/2023-08/versions/3/restore", &json!({ "base_revision": fifth }));
    assert_eq!(restored["revision"], third.as_str());
    let list = versions(&desk);
    assert_eq!((list[0]["via"].as_str(), list[0]["of"].as_u64()), (Some("restore"), Some(3)));
    let undone = post(&desk, "/api/issues/2023-08/undo", &json!({ "base_revision": third }));
    assert_eq!(desk.document().0, first, "{undone}");

    // A restore on a stale revision is refused; an unknown version is not found.
    let stale = desk.json(
        "POST",
        "/api/issues/2023-08/versions/2/restore",
        &json!({ "base_revision": third }),
    );
    assert_eq!((stale.status, stale.code()), (409, "stale_revision".into()));
    assert_eq!(desk.get("/api/issues/2023-08/versions/99").status, 404);

    // The command line reads the same history, and restores from it.
    let issue_dir = desk.root.join("issues/2023-08");
    let listed = bulletin().args(["--lang", "zh", "history"]).arg(&issue_dir).assert().success();
    let listed = String::from_utf8_lossy(&listed.get_output().stdout).into_owned();
    assert!(listed.contains(&format!("《{deleted_title}》删除")), "{listed}");
    assert!(listed.contains("撤销第 3 版") && listed.contains("恢复第 3 版"), "{listed}");
    let changes = bulletin().args(["history", "--changes", "2"]).arg(&issue_dir).assert().success();
    let changes = String::from_utf8_lossy(&changes.get_output().stdout).into_owned();
    assert!(changes.contains(&format!("  - {}", deleted["paragraphs"][0].as_str().unwrap())));
    bulletin().args(["history", "--restore", "2"]).arg(&issue_dir).assert().success();
    let shown = bulletin().args(["history", "--show", "2"]).arg(&issue_dir).assert().success();
    assert_eq!(String::from_utf8_lossy(&shown.get_output().stdout), desk.issue_text());
}

#[test]
fn saves_on_earlier_revisions_are_merged_and_the_same_field_is_a_conflict_with_both_texts() {
    let desk = Desk::start("serve-merge");
    let (first, issue) = desk.document();
    // Editor A retitles the first article.
    let mut a = issue.clone();
    a["sections"][0]["articles"][0]["title"] = json!("甲改的标题");
    desk.save(&first, &a);
    // Editor B, still on the first revision, adds to a paragraph of the second article.
    let mut b = issue.clone();
    let paragraph =
        format!("{}（乙补充）", b["sections"][0]["articles"][1]["paragraphs"][0].as_str().unwrap());
    b["sections"][0]["articles"][1]["paragraphs"][0] = json!(paragraph);
    let body = json!({ "base_revision": first, "client": "b", "issue": b });
    let merged = desk.json("PUT", "/api/issues/2023-08", &body).json();
    assert_eq!((merged["merged"].as_bool(), merged["conflicts"].clone()), (Some(true), json!([])));
    let text = desk.issue_text();
    assert!(
        text.contains("甲改的标题") && text.contains("（乙补充）"),
        "both edits are in the file"
    );
    assert_eq!(merged["issue"]["sections"][0]["articles"][0]["title"], "甲改的标题");
    // Editor C, also on the first revision, retitles the same article: a conflict, with
    // both texts; A's title stays, C's other change (a deleted article) is made.
    let mut c = issue.clone();
    c["sections"][0]["articles"][0]["title"] = json!("丙改的标题");
    let removed = c["sections"][2]["articles"].as_array_mut().unwrap().remove(0);
    let body = json!({ "base_revision": first, "client": "c", "issue": c });
    let answer = desk.json("PUT", "/api/issues/2023-08", &body).json();
    assert_eq!(answer["conflicts"].as_array().unwrap().len(), 1, "{answer}");
    let conflict = &answer["conflicts"][0];
    assert_eq!(conflict["field"], "title");
    assert_eq!(conflict["current"], json!(["甲改的标题"]));
    assert_eq!(conflict["incoming"], json!(["丙改的标题"]));
    assert_eq!(conflict["id"], issue["sections"][0]["articles"][0]["key"]);
    let text = desk.issue_text();
    assert!(
        text.contains("甲改的标题") && !text.contains("丙改的标题") && text.contains("（乙补充）")
    );
    assert!(!text.contains(&format!("title = \"{}\"", removed["title"].as_str().unwrap())));
}

/// The revision of a text, as the desk names it.
fn revision_of(text: &str) -> String {
    Sha256::digest(text.as_bytes())[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The revisions the versions file records (a line cut short by the kill is not one).
fn recorded(desk: &Desk) -> Vec<(u64, String)> {
    let text = std::fs::read_to_string(desk.root.join("issues/2023-08/.history/versions.jsonl"))
        .unwrap_or_default();
    let whole = text.rfind('\n').map_or("", |end| &text[..=end]);
    whole
        .lines()
        .map(|line| {
            let record: Value = serde_json::from_str(line).expect("every whole line is a record");
            (record["n"].as_u64().unwrap(), record["revision"].as_str().unwrap().to_owned())
        })
        .collect()
}

#[test]
fn killed_during_two_editors_saves_the_file_is_a_saved_version_and_every_acknowledged_save_is_kept()
{
    for round in 0..10u64 {
        let mut desk = Desk::start(&format!("serve-kill-{round}"));
        let (first, issue) = desk.document();
        let (addr, host, origin) = (desk.addr, desk.host(), desk.origin());
        let editors: Vec<_> = (0..2usize)
            .map(|editor| {
                let (issue, first, host, origin) =
                    (issue.clone(), first.clone(), host.clone(), origin.clone());
                std::thread::spawn(move || {
                    let mut acknowledged = Vec::new();
                    let mut base = first;
                    // The document as this editor's tab holds it: a merged save's answer
                    // replaces it, as the desk's page does.
                    let mut mine = issue;
                    for i in 0.. {
                        mine["sections"][0]["articles"][editor]["title"] =
                            json!(format!("编辑{editor}的第{i}次保存"));
                        let body =
                            json!({ "base_revision": base, "client": format!("e{editor}"), "issue": mine });
                        let headers = [
                            ("Host", host.as_str()),
                            ("Origin", origin.as_str()),
                            ("Content-Type", "application/json"),
                        ];
                        let sent = std::panic::catch_unwind(|| {
                            send(addr, "PUT", "/api/issues/2023-08", &headers, body.to_string().as_bytes())
                        });
                        match sent {
                            Ok(response) if response.status == 200 => {
                                let answer = response.json();
                                base = answer["revision"].as_str().unwrap().to_owned();
                                if answer["merged"] == true {
                                    assert_eq!(answer["conflicts"], json!([]), "different articles");
                                    mine = answer["issue"].clone();
                                }
                                acknowledged.push((i, base.clone()));
                            }
                            Ok(response) => panic!("a save failed: {}", response.text()),
                            Err(_) => break, // the server is gone
                        }
                    }
                    acknowledged
                })
            })
            .collect();
        std::thread::sleep(Duration::from_millis(400 + 97 * round));
        desk.kill_now();
        let acknowledged: Vec<Vec<(usize, String)>> =
            editors.into_iter().map(|e| e.join().unwrap()).collect();
        let versions = recorded(&desk);
        let revisions: HashSet<&str> = versions.iter().map(|(_, r)| r.as_str()).collect();
        let text = desk.issue_text();
        assert!(
            revisions.contains(revision_of(&text).as_str()),
            "round {round}: the issue file is not one of the {} recorded versions",
            versions.len()
        );
        for (editor, saves) in acknowledged.iter().enumerate() {
            assert!(!saves.is_empty(), "round {round}: editor {editor} saved nothing");
            for (i, revision) in saves {
                assert!(
                    revisions.contains(revision.as_str()),
                    "round {round}: editor {editor}'s save {i} ({revision}) was acknowledged but not kept"
                );
            }
            // Their last acknowledged title is in the file, or the one they sent after it.
            let last = saves.last().unwrap().0;
            let title = |i: usize| format!("title = \"编辑{editor}的第{i}次保存\"");
            assert!(
                text.contains(&title(last)) || text.contains(&title(last + 1)),
                "round {round}: editor {editor}'s save {last} is lost"
            );
        }
        // The command line rebuilds the file's version from the history.
        let n = versions.iter().rev().find(|(_, r)| *r == revision_of(&text)).unwrap().0;
        let issue_dir = desk.root.join("issues/2023-08");
        let shown = bulletin()
            .args(["history", "--show", &n.to_string()])
            .arg(&issue_dir)
            .assert()
            .success();
        assert_eq!(String::from_utf8_lossy(&shown.get_output().stdout), text, "round {round}");
        let started = Instant::now();
        assert!(started.elapsed() < Duration::from_secs(30));
    }
}

#[test]
fn a_versions_pages_are_typeset_and_compared_with_the_pages_now() {
    let desk = Desk::start("serve-version-pages");
    let (first, mut issue) = desk.document();
    issue["sections"][0]["articles"][0]["title"] = json!("改过的标题，排出来的页面不同");
    desk.save(&first, &issue);
    let text = desk.issue_text();
    let compared = post(&desk, "/api/issues/2023-08/versions/1/compare", &json!({}));
    assert_eq!(compared["identical"], false, "{compared}");
    assert!(!compared["pages"].as_array().unwrap().is_empty(), "{compared}");
    assert_eq!(compared["base"]["version"]["n"], 1);
    assert_eq!(desk.issue_text(), text, "the file on disk is not touched");
    let same = post(&desk, "/api/issues/2023-08/versions/2/compare", &json!({}));
    assert_eq!(same["identical"], true, "{same}");
    let none = desk.json("POST", "/api/issues/2023-08/versions/9/compare", &json!({}));
    assert_eq!(none.status, 404);
}
