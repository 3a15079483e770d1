//! The desk under faults: another program writing the issue file while the desk saves, the
//! file a link out of the project and back, a save that would write a file too large to
//! open again, Word files with pictures, a panic inside a rebuild worker, and issues
//! nobody has open any more.

use std::fs;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::client::{Events, send};
use super::{Desk, PATIENCE};
use crate::block_checks::word::{article_docx, chart};

/// The issue file of the desk's project.
fn issue_file(desk: &Desk) -> PathBuf {
    desk.root.join("issues/2023-08/issue.toml")
}

/// Writes `text` as the issue file as a text editor saves: a new file renamed over it.
fn write_outside(desk: &Desk, text: &str) {
    let file = issue_file(desk);
    let scratch = file.with_file_name("issue.toml.editor");
    fs::write(&scratch, text).unwrap();
    fs::rename(&scratch, &file).unwrap();
}

/// The title of the first article of `issue` (a document as the desk sends it).
fn first_title(issue: &Value) -> String {
    issue["sections"][0]["articles"][0]["title"].as_str().unwrap().to_owned()
}

/// A PUT of `issue` based on `base`, answered as it is.
fn put(desk: &Desk, base: &str, issue: &Value) -> super::client::Response {
    let body = json!({ "base_revision": base, "client": "test", "issue": issue });
    desk.json("PUT", "/api/issues/2023-08", &body)
}

/// A field of the server's /proc status, such as `Threads` or `VmRSS` (in kB).
fn proc_status(desk: &Desk, field: &str) -> u64 {
    let status = fs::read_to_string(format!("/proc/{}/status", desk.pid())).unwrap();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|value| value.split_whitespace().next()?.parse().ok())
        .unwrap_or_else(|| panic!("no {field} in /proc status"))
}

#[test]
fn a_save_racing_an_outside_write_is_refused_and_the_outside_edit_is_kept() {
    let desk = Desk::start("serve-race");
    for round in 0..6 {
        let (revision, mut issue) = desk.document();
        let outside_title = format!("另一个程序改的标题{round}");
        write_outside(&desk, &desk.issue_text().replacen(&first_title(&issue), &outside_title, 1));
        // At once, before any watcher could have noticed: a save on the revision held.
        issue["sections"][0]["articles"][1]["title"] = json!(format!("编辑台改的标题{round}"));
        let response = put(&desk, &revision, &issue);
        assert_eq!(
            (response.status, response.code()),
            (409, "stale_revision".to_owned()),
            "round {round}: {}",
            response.text()
        );
        assert!(
            desk.issue_text().contains(&outside_title),
            "round {round}: the outside edit is lost"
        );
        let current = response.json()["error"]["current_revision"].as_str().unwrap().to_owned();
        let (now, issue) = desk.document();
        assert_eq!((now, first_title(&issue)), (current, outside_title));
    }
}

#[cfg(unix)]
#[test]
fn outside_edits_are_seen_after_the_issue_file_was_a_link_out_of_the_project() {
    let desk = Desk::start("serve-link-swap");
    let (revision, issue) = desk.document();
    let original = desk.issue_text();
    let outside = desk.sandbox.path("outside.toml");
    fs::write(&outside, "# not the desk's\n").unwrap();
    let link = issue_file(&desk).with_file_name("issue.toml.link");
    std::os::unix::fs::symlink(&outside, &link).unwrap();
    fs::rename(&link, issue_file(&desk)).unwrap();
    std::thread::sleep(Duration::from_millis(600));
    // While it leads out, nothing is written through it.
    let mut changed = issue.clone();
    changed["sections"][0]["articles"][1]["title"] = json!("链接指向项目外时保存的标题");
    let refused = put(&desk, &revision, &changed);
    assert_eq!(refused.status, 403, "{}", refused.text());
    assert_eq!(fs::read_to_string(&outside).unwrap(), "# not the desk's\n");

    write_outside(&desk, &original);
    std::thread::sleep(Duration::from_millis(600));
    let edited_title = "链接换回后在文本编辑器里改的标题";
    write_outside(&desk, &original.replacen(&first_title(&issue), edited_title, 1));
    let start = Instant::now();
    while first_title(&desk.document().1) != edited_title {
        assert!(start.elapsed() < Duration::from_secs(20), "the outside edit was never noticed");
        std::thread::sleep(Duration::from_millis(100));
    }
    // The tab still on the first revision changed nothing: merging it keeps the edit.
    let late = put(&desk, &revision, &issue);
    assert_eq!(
        (late.status, late.json()["merged"].as_bool()),
        (200, Some(true)),
        "{}",
        late.text()
    );
    assert!(desk.issue_text().contains(edited_title));
}

#[test]
fn a_save_that_would_write_a_file_too_large_to_open_is_refused_and_nothing_is_written() {
    let desk = Desk::start("serve-too-large");
    let (revision, mut issue) = desk.document();
    let before = desk.issue_text();
    // 6 MiB of U+007F: TOML writes each as \u007F, six bytes, 36 MiB in all.
    issue["sections"][1]["articles"][0]["paragraphs"][0] = json!("\u{7f}".repeat(6 << 20));
    let response = put(&desk, &revision, &issue);
    assert_eq!((response.status, response.code()), (413, "issue_too_large".to_owned()));
    let error = &response.json()["error"];
    let article = issue["sections"][1]["articles"][0]["title"].as_str().unwrap();
    assert_eq!(error["article"], article, "{error}");
    assert!(error["message"].as_str().unwrap().contains(article), "{error}");
    assert_eq!(desk.issue_text(), before, "the file changed");
    assert_eq!(desk.document().0, revision);
}

#[test]
fn a_word_file_dropped_on_the_desk_brings_its_picture_as_bulletin_import_does() {
    let desk = Desk::start("serve-word-picture");
    let (revision, issue) = desk.document();
    let section = issue["sections"][1]["key"].as_str().unwrap().to_owned();
    let png = chart();
    let word = fs::read(article_docx(&desk.sandbox, &png)).unwrap();
    let path = format!(
        "/api/issues/2023-08/sections/{section}/docx?base_revision={revision}&name=chart-article.docx"
    );
    let kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
    let (host, origin) = (desk.host(), desk.origin());
    let headers = [("Host", host.as_str()), ("Origin", origin.as_str()), ("Content-Type", kind)];
    let added = send(desk.addr, "POST", &path, &headers, &word);
    assert_eq!(added.status, 200, "{}", added.text());
    let text = desk.issue_text();
    assert!(text.contains("figure = \"chart-article-1.png\""), "{text}");
    let picture = desk.root.join("issues/2023-08/chart-article-1.png");
    assert_eq!(fs::read(&picture).expect("the picture is written beside issue.toml"), png);
    // The checks find the picture (the article's date, a month after the issue's, is
    // the only thing they say about it).
    let revision = added.json()["revision"].as_str().unwrap().to_owned();
    let status = desk.status_of(&revision, "en");
    let codes: Vec<&str> = status["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["date_after_issue"], "{status}");
}

#[test]
fn a_panic_in_the_worker_is_an_error_for_its_request_and_the_issue_goes_on() {
    let desk = Desk::start_in("serve-panic", &[("FAILPOINTS", "desk-export=1*panic")], |_| {});
    let (revision, _) = desk.document();
    desk.status_of(&revision, "en");
    let body = json!({ "kind": "screen", "revision": revision });
    let failed = desk.json("POST", "/api/issues/2023-08/exports", &body);
    assert_eq!((failed.status, failed.code()), (500, "internal".to_owned()), "{}", failed.text());
    assert!(desk.stderr().contains("desk-export"), "{}", desk.stderr());
    // The worker is there still, with a fresh engine: the same export now works.
    let done = desk.json("POST", "/api/issues/2023-08/exports", &body);
    assert_eq!(done.status, 201, "{}", done.text());
    let (revision, mut issue) = desk.document();
    issue["sections"][0]["articles"][0]["title"] = json!("恐慌之后的标题");
    let saved = desk.save(&revision, &issue);
    assert_eq!(desk.status_of(&saved, "en")["typeset"], true);
}

#[test]
fn a_save_that_fails_while_its_text_is_typeset_shows_nothing_of_it() {
    // The worker starts typesetting a save's text before the save is written; when the
    // write then fails (here, late enough for the worker to have typeset it all), what
    // it typeset never became the issue and must not be shown.
    let fault = [("FAILPOINTS", "desk-write=1*return(1000)")];
    let desk = Desk::start_in("serve-save-fails", &fault, |_| {});
    let (revision, mut issue) = desk.document();
    desk.status_of(&revision, "en");
    let mut events = Events::open(desk.addr, "/api/issues/2023-08/events?lang=en");
    events.wait_for("rebuilt", PATIENCE, |_| true);
    let title = first_title(&issue);
    issue["sections"][0]["articles"][0]["title"] = json!("没有写成的标题");
    let failed = put(&desk, &revision, &issue);
    assert_eq!((failed.status, failed.code()), (500, "internal".to_owned()), "{}", failed.text());
    assert!(desk.issue_text().contains(&title), "the file is as it was");
    // The rebuild that follows is of the file as it was; none of the failed text is shown.
    let rebuilt = events.wait_for("rebuilt", PATIENCE, |_| true);
    assert_eq!(rebuilt.data["revision"], revision.as_str(), "the failed save's pages were shown");
    assert_eq!(rebuilt.data["typeset"], true);
    let (now, _) = desk.document();
    assert_eq!(now, revision);
    // The next save goes through, and its build is shown.
    let saved = desk.save(&revision, &issue);
    let shown = events.wait_for("rebuilt", PATIENCE, |_| true);
    assert_eq!(shown.data["revision"], saved.as_str());
}

#[test]
fn an_issue_nobody_has_open_is_put_to_sleep_and_opened_afresh_when_asked_again() {
    let desk = Desk::start_in("serve-sleep", &[("BULLETIN_DESK_IDLE_SECS", "1")], |_| {});
    let mut events = Events::open(desk.addr, "/api/issues/2023-08/events?lang=en");
    let hello = events.wait_for("hello", PATIENCE, |_| true);
    let (revision, _) = desk.document();
    events.wait_for("rebuilt", PATIENCE, |data| data["revision"] == revision.as_str());
    let awake = proc_status(&desk, "Threads");
    // While the tab is open, the issue stays awake however long nobody saves.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(proc_status(&desk, "Threads"), awake, "an issue with a tab open was put to sleep");
    drop(events);
    let start = Instant::now();
    // Its worker and its watcher end (the stream's end is seen at its next keep-alive).
    while proc_status(&desk, "Threads") + 2 > awake {
        assert!(start.elapsed() < Duration::from_secs(40), "the issue was never put to sleep");
        std::thread::sleep(Duration::from_millis(250));
    }
    // A tab that comes back is told the issue was opened afresh (its keys are new, so it
    // fetches the document), and finds the same revision and its pages again.
    let mut again = Events::open(desk.addr, "/api/issues/2023-08/events?lang=en");
    let hello_again = again.wait_for("hello", PATIENCE, |_| true);
    assert_ne!(hello_again.data["instance"], hello.data["instance"]);
    assert_eq!(hello_again.data["revision"], revision.as_str());
    assert_eq!(desk.status_of(&revision, "en")["typeset"], true);
}
