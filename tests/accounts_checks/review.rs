//! Review and sign-off on the office's desk: who may hand in, mark, approve and sign
//! off; the print PDF only from a signed-off issue; a change after the sign-off reopens
//! it, and the review says who did what.

use serde_json::{Value, json};

use super::{Desk, add_user, code, project};

const ISSUE: &str = "/api/issues/2023-08";

struct Office {
    root: std::path::PathBuf,
    desk: Desk,
    editor: String,
    proofreader: String,
    chief: String,
}

impl Office {
    fn start(name: &str) -> (crate::support::Sandbox, Self) {
        let (sandbox, root) = project(name);
        add_user(&root, "张编辑", "editor", "editor-password");
        add_user(&root, "李校对", "proofreader", "proofreader-password");
        add_user(&root, "王主编", "chief", "chief-password");
        let desk = Desk::start(&root, &["--require-login"]);
        let root = root.clone();
        let editor = desk.session("张编辑", "editor-password");
        let proofreader = desk.session("李校对", "proofreader-password");
        let chief = desk.session("王主编", "chief-password");
        (sandbox, Self { root, desk, editor, proofreader, chief })
    }

    fn post(&self, who: &str, path: &str, body: Value) -> super::Response {
        self.desk.request("POST", &format!("{ISSUE}{path}"), Some(who), &body.to_string())
    }

    fn review(&self, who: &str) -> Value {
        let response = self.desk.request("GET", &format!("{ISSUE}/review"), Some(who), "");
        assert_eq!(response.status, 200, "{}", response.text());
        response.json()
    }

    fn document(&self, who: &str) -> Value {
        self.desk.request("GET", ISSUE, Some(who), "").json()
    }

    fn export(&self, who: &str, kind: &str) -> super::Response {
        let revision = self.document(who)["revision"].clone();
        self.post(who, "/exports", json!({ "kind": kind, "revision": revision }))
    }
}

fn keys(document: &Value) -> Vec<String> {
    document["issue"]["sections"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["articles"].as_array().unwrap().iter())
        .map(|a| a["key"].as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_chief_signs_off_before_the_print_pdf_and_a_change_reopens_it() {
    let (_sandbox, office) = Office::start("review-office");
    let document = office.document(&office.editor);
    let revision = document["revision"].clone();
    let articles = keys(&document);
    let first = articles[0].clone();

    let review = office.review(&office.editor);
    assert!(review["articles"].as_array().unwrap().iter().all(|a| a["state"] == "draft"));
    assert_eq!(review["may"]["approve"], false);
    assert_eq!(review["may"]["sign_off"], false);
    assert_eq!(review["sign_off"]["state"], "none");
    assert_eq!(office.review(&office.chief)["may"]["sign_off"], true);

    // On the office's desk the print PDF waits for the sign-off; the screen PDF does not.
    let print = office.export(&office.editor, "print");
    assert_eq!((print.status, code(&print)), (409, "not_signed_off".into()), "{}", print.text());
    assert_eq!(office.export(&office.editor, "screen").status, 201);

    // The proofreader marks a paragraph; an editor may comment but not mark.
    let mark = json!({ "article": first, "paragraph": 0, "text": "“的”应为“地”", "mark": true });
    let marked = office.post(&office.proofreader, "/review/comments", mark.clone());
    assert_eq!(marked.status, 200, "{}", marked.text());
    let comment = marked.json()["comments"][0].clone();
    assert_eq!((comment["by"].as_str(), comment["mark"].as_bool()), (Some("李校对"), Some(true)));
    let refused = office.post(&office.editor, "/review/comments", mark.clone());
    assert_eq!((refused.status, code(&refused)), (403, "forbidden_role".into()));
    assert_eq!(refused.json()["error"]["message"], "您的角色不能做这件事，只有校对、主编可以。");
    // The roles that may are named in the reader's language.
    let refused = office.post(&office.editor, "/review/comments?lang=en", mark);
    let message = &refused.json()["error"]["message"];
    assert_eq!(message, "Your role cannot do this: only the proofreader or chief editor can.");

    // The editor hands the article in; only the chief approves and signs off.
    let submit = json!({ "base_revision": revision, "action": "submit" });
    let submitted = office.post(&office.editor, &format!("/review/articles/{first}"), submit);
    assert_eq!(submitted.status, 200, "{}", submitted.text());
    let approve = json!({ "base_revision": revision, "action": "approve" });
    for who in [&office.editor, &office.proofreader] {
        let refused = office.post(who, &format!("/review/articles/{first}"), approve.clone());
        assert_eq!((refused.status, code(&refused)), (403, "forbidden_role".into()));
        let refused = office.post(who, "/review/sign-off", json!({ "base_revision": revision }));
        assert_eq!((refused.status, code(&refused)), (403, "forbidden_role".into()));
        assert_eq!(refused.json()["error"]["roles"], json!(["chief"]));
    }
    let early =
        office.post(&office.chief, "/review/sign-off", json!({ "base_revision": revision }));
    assert_eq!((early.status, code(&early)), (409, "not_ready_to_sign".into()));
    assert_eq!(early.json()["error"]["unapproved"].as_array().unwrap().len(), articles.len());

    for key in &articles {
        let approved =
            office.post(&office.chief, &format!("/review/articles/{key}"), approve.clone());
        assert_eq!(approved.status, 200, "{}", approved.text());
    }
    // An open mark still holds the sign-off.
    let held = office.post(&office.chief, "/review/sign-off", json!({ "base_revision": revision }));
    assert_eq!(
        (code(&held), held.json()["error"]["open"].clone()),
        ("not_ready_to_sign".into(), json!(1))
    );
    let id = comment["id"].as_u64().unwrap();
    let replied = office.post(
        &office.editor,
        &format!("/review/comments/{id}/replies"),
        json!({ "text": "已改" }),
    );
    assert_eq!(replied.status, 200, "{}", replied.text());
    let resolved =
        office.post(&office.editor, &format!("/review/comments/{id}/resolve"), json!({}));
    assert_eq!(resolved.status, 200, "{}", resolved.text());
    let signed =
        office.post(&office.chief, "/review/sign-off", json!({ "base_revision": revision }));
    assert_eq!(signed.status, 200, "{}", signed.text());
    assert_eq!(signed.json()["sign_off"]["state"], "signed");
    assert_eq!(signed.json()["sign_off"]["by"], "王主编");
    let print = office.export(&office.editor, "print");
    assert_eq!(print.status, 201, "signed off, the print PDF is made: {}", print.text());

    // A change after the sign-off reopens it, and the changed article.
    let mut issue = document["issue"].clone();
    issue["sections"][0]["articles"][0]["paragraphs"][0] = json!("签发后改过的段落。");
    let body = json!({ "base_revision": revision, "client": "t", "issue": issue });
    let saved = office.desk.request("PUT", ISSUE, Some(&office.editor), &body.to_string());
    assert_eq!(saved.status, 200, "{}", saved.text());
    let review = office.review(&office.chief);
    assert_eq!(review["sign_off"]["state"], "lapsed", "{}", review["sign_off"]);
    assert_eq!(review["sign_off"]["changed_by"], "张编辑");
    assert_eq!(review["articles"][0]["state"], "submitted");
    assert_eq!(review["articles"][1]["state"], "approved", "articles not changed stay approved");
    let print = office.export(&office.editor, "print");
    assert_eq!((print.status, code(&print)), (409, "not_signed_off".into()));

    // Who did what, newest first.
    let trail: Vec<(String, String)> = review["trail"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["act"].as_str().unwrap().to_owned(), e["by"].as_str().unwrap().to_owned()))
        .collect();
    for expected in [
        ("lapsed", "张编辑"),
        ("reopened", "张编辑"),
        ("signed_off", "王主编"),
        ("resolved", "张编辑"),
        ("replied", "张编辑"),
        ("approved", "王主编"),
        ("submitted", "张编辑"),
        ("commented", "李校对"),
    ] {
        assert!(
            trail.iter().any(|(act, by)| (act.as_str(), by.as_str()) == expected),
            "{expected:?} missing from {trail:?}"
        );
    }
    assert_eq!(trail.last().unwrap().0, "commented");

    // `bulletin build` writes the print PDF all the same, and says it is not signed off.
    let build = |office: &Office| {
        let output = crate::support::bulletin()
            .current_dir(&office.root)
            .args(["build", "issues/2023-08", "--format", "json", "-o", "out/cli.pdf"])
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(build(&office).contains("\"not-signed-off\""), "the build does not say so");
    let revision = office.document(&office.chief)["revision"].clone();
    for key in &articles {
        office.post(
            &office.chief,
            &format!("/review/articles/{key}"),
            json!({ "base_revision": revision, "action": "approve" }),
        );
    }
    let signed =
        office.post(&office.chief, "/review/sign-off", json!({ "base_revision": revision }));
    assert_eq!(signed.status, 200, "{}", signed.text());
    assert!(!build(&office).contains("not-signed-off"), "signed off again, the build is quiet");
}
