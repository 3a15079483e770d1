//! The desk while editors work: the event stream, page images by fingerprint (only
//! changed pages get new ones), a reload when the file changes on disk (and none after
//! the desk's own writes), and a clean stop on Ctrl-C.

use std::time::Duration;

use serde_json::{Value, json};

use super::client::Events;
use super::{Desk, PATIENCE};

/// The fingerprints of a status's pages.
fn fingerprints(status: &Value) -> Vec<String> {
    status["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["fingerprint"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn events_say_what_was_saved_and_rebuilt_and_only_changed_pages_change() {
    let desk = Desk::start("serve-events");
    let mut events = Events::open(desk.addr, "/api/issues/2023-08/events?lang=en");
    let hello = events.wait_for("hello", PATIENCE, |_| true);
    let (first, mut issue) = desk.document();
    assert_eq!(hello.data["revision"], first.as_str());
    assert_eq!(hello.data["issue"], "2023-08");
    let built = events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == first.as_str());
    let before = fingerprints(&built.data);
    assert_eq!(before.len(), 24);
    assert_eq!(built.data["contents"].as_array().unwrap().len(), 16);
    let printed: Vec<u64> = built.data["contents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["page"].as_u64().unwrap())
        .collect();
    assert_eq!(
        printed,
        [2, 3, 3, 4, 7, 8, 14, 14, 17, 17, 18, 18, 20, 20, 20, 22],
        "the cover's numbers"
    );
    let place = &built.data["articles"][4];
    let rect = &place["title_rect"];
    assert_eq!(
        (place["first_page"].as_u64(), rect["page"].as_u64()),
        (Some(4), Some(4)),
        "{place}"
    );
    for key in ["x", "y", "w", "h"] {
        let value = rect[key].as_f64().unwrap();
        assert!(value > 0.0 && value < 1.0, "{key} = {value}");
    }
    assert_eq!(built.data["copyfit"]["pages_to_multiple"], 0, "24 pages: a multiple of 4");

    // One paragraph of the first article changes: its page, and no other, gets a new image.
    let paragraph = &mut issue["sections"][0]["articles"][0]["paragraphs"][1];
    *paragraph = json!(format!("{}（补）", paragraph.as_str().unwrap()));
    let body = json!({ "base_revision": first, "client": "tab-1", "issue": issue });
    let saved = desk.json("PUT", "/api/issues/2023-08", &body);
    assert_eq!(saved.status, 200, "{}", saved.text());
    let second = saved.json()["revision"].as_str().unwrap().to_owned();
    let event = events.wait_for("saved", PATIENCE, |_| true);
    assert_eq!(event.data, json!({ "revision": second, "client": "tab-1" }));
    let rebuilt = events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == second.as_str());
    let after = fingerprints(&rebuilt.data);
    let changed: Vec<usize> =
        (0..after.len()).filter(|&i| before.get(i) != Some(&after[i])).map(|i| i + 1).collect();
    assert_eq!(rebuilt.data["changed_pages"], json!(changed));
    // Page 2 holds the paragraph. The last page ends an element that spans the body, whose
    // location changes with any text in it, but its image does not change.
    assert_eq!(changed, [2], "only the page of the paragraph changes");

    let image = |n: usize, fp: &str, ppi: u32| {
        desk.get(&format!("/api/issues/2023-08/pages/{n}.png?fp={fp}&ppi={ppi}"))
    };
    let n = changed[0];
    let new = image(n, &after[n - 1], 96);
    assert_eq!(new.status, 200);
    assert_eq!(new.header("content-type"), Some("image/png"));
    assert!(new.header("cache-control").unwrap().contains("immutable"));
    assert!(new.body.starts_with(b"\x89PNG"));
    let old = image(n, &before[n - 1], 96);
    assert_eq!(old.status, 200, "the previous build's page is still held");
    assert_ne!(old.body, new.body);
    assert_eq!(
        image(n, &after[n - 1], 100).body,
        new.body,
        "resolutions snap to the offered steps"
    );
    assert!(image(n, &after[n - 1], 48).body.len() < new.body.len());

    // Another save: the first build's pages are forgotten.
    let paragraph = &mut issue["sections"][0]["articles"][0]["paragraphs"][1];
    *paragraph = json!(format!("{}（再补）", paragraph.as_str().unwrap()));
    let third = desk.save(&second, &issue);
    events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == third.as_str());
    let unchanged =
        after.iter().enumerate().find(|(i, fp)| !changed.contains(&(i + 1)) && before[*i] == **fp);
    let (i, fp) = unchanged.expect("an unchanged page");
    assert_eq!(image(i + 1, fp, 72).status, 200);
    let gone = image(n, &before[n - 1], 144);
    assert_eq!((gone.status, gone.code()), (404, "stale_page".into()));
}

#[test]
fn a_change_on_disk_is_reloaded_and_said_but_the_desks_own_writes_are_not() {
    let desk = Desk::start("serve-disk");
    let mut events = Events::open(desk.addr, "/api/issues/2023-08/events");
    let (first, issue) = desk.document();
    events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == first.as_str());

    // The desk's own save: `saved`, and no `reloaded`.
    let mut edited = issue.clone();
    edited["sections"][3]["name"] = json!("专家观点");
    let second = desk.save(&first, &edited);
    events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == second.as_str());
    while let Some(event) = events.next(Duration::from_millis(1500)) {
        assert_ne!(event.name, "reloaded", "the desk's own write was taken for an outside change");
    }

    // A text editor changes a title.
    let path = desk.root.join("issues/2023-08/issue.toml");
    let title = issue["sections"][0]["articles"][0]["title"].as_str().unwrap();
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text.replacen(&format!("title = \"{title}\""), "title = \"在磁盘上改过\"", 1),
    )
    .unwrap();
    let reloaded = events.wait_for("reloaded", PATIENCE, |_| true);
    let (third, after) = desk.document();
    assert_eq!(reloaded.data, json!({ "revision": third, "reason": "disk" }));
    assert_eq!(after["sections"][0]["articles"][0]["title"], "在磁盘上改过");
    // What the outside change left alone keeps its keys, so that tabs on the old revision
    // can be merged with it.
    assert_eq!(after["sections"][0]["key"], issue["sections"][0]["key"]);
    assert_eq!(
        after["sections"][0]["articles"][0]["key"], issue["sections"][0]["articles"][0]["key"],
        "a retitled article keeps its key"
    );
    events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == third.as_str());

    // A tab that still holds the old revision is merged: the outside change stays, the
    // tab's change is made.
    let mut late = edited.clone();
    late["sections"][1]["name"] = json!("旧窗口改的栏目名");
    let body = json!({ "base_revision": second, "issue": late });
    let merged = desk.json("PUT", "/api/issues/2023-08", &body);
    assert_eq!(
        (merged.status, merged.json()["merged"].as_bool()),
        (200, Some(true)),
        "{}",
        merged.text()
    );
    assert_eq!(merged.json()["conflicts"], json!([]));
    let text = desk.issue_text();
    assert!(text.contains("在磁盘上改过") && text.contains("旧窗口改的栏目名"), "{text}");
}

#[test]
fn ctrl_c_stops_the_server_with_a_stream_open() {
    let desk = Desk::start("serve-stop");
    let mut events = Events::open(desk.addr, "/api/issues/2023-08/events");
    events.wait_for("hello", PATIENCE, |_| true);
    let status = desk.interrupt();
    assert!(status.success(), "{status}");
}

#[test]
fn every_tab_hears_who_else_is_in_the_issue_and_in_which_article() {
    let desk = Desk::start("serve-presence");
    let (_, issue) = desk.document();
    let key = issue["sections"][0]["articles"][1]["key"].as_str().unwrap().to_owned();
    let mut a = Events::open(desk.addr, "/api/issues/2023-08/events?client=tab-a");
    a.wait_for("presence", PATIENCE, |data| data["people"].as_array().unwrap().len() == 1);
    let b = Events::open(desk.addr, "/api/issues/2023-08/events?client=tab-b");
    let both =
        a.wait_for("presence", PATIENCE, |data| data["people"].as_array().unwrap().len() == 2);
    assert_eq!(both.data["people"][1]["client"], "tab-b");
    assert!(!both.data["people"][1]["name"].as_str().unwrap().is_empty(), "{}", both.data);
    let told = desk.json(
        "POST",
        "/api/issues/2023-08/presence",
        &json!({ "client": "tab-b", "article": key }),
    );
    assert_eq!(told.status, 204, "{}", told.text());
    a.wait_for("presence", PATIENCE, |data| data["people"][1]["article"] == key.as_str());
    drop(b);
    a.wait_for("presence", PATIENCE, |data| data["people"].as_array().unwrap().len() == 1);
}

#[test]
fn the_desk_rebuilds_for_the_files_the_last_build_read_and_not_for_others() {
    let desk = Desk::start("serve-read-files");
    let mut events = Events::open(desk.addr, "/api/issues/2023-08/events");
    let (first, _) = desk.document();
    events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == first.as_str());
    // The watcher takes the files the build read within half a second of the build.
    std::thread::sleep(Duration::from_millis(1200));

    // A layout file nothing imports, and a file beside the issue nothing names: no rebuild.
    std::fs::write(desk.root.join("layouts/unused.typ"), "// not imported\n").unwrap();
    std::fs::write(desk.root.join("issues/2023-08/notes.txt"), "editor's notes\n").unwrap();
    while let Some(event) = events.next(Duration::from_millis(1500)) {
        assert_ne!(event.name, "building", "a file no build reads started a rebuild");
    }

    // A layout file the build read: rebuilt.
    let theme = desk.root.join("layouts/theme.typ");
    let text = std::fs::read_to_string(&theme).unwrap();
    std::fs::write(&theme, format!("{text}\n// changed\n")).unwrap();
    events.wait_for("building", PATIENCE, |_| true);
    events.wait_for("rebuilt", PATIENCE, |_| true);
}
