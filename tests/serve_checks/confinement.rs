//! The desk stays on this computer and inside its project: Host and Origin checks, no
//! CORS, paths and links that lead out refused, bodies bounded, bad requests answered
//! with a 4xx and the server still standing.

use serde_json::json;

use super::Desk;
use super::client::send;

#[test]
fn only_the_desks_own_pages_may_talk_to_it() {
    let desk = Desk::start("serve-hosts");
    let port = desk.addr.port();
    let (host, origin) = (desk.host(), desk.origin());
    let get = |path: &str, headers: &[(&str, &str)]| send(desk.addr, "GET", path, headers, b"");

    // DNS rebinding: a foreign name for this address, on the app and on the API.
    for bad in
        ["evil.example", "rebind.example:80", &format!("127.0.0.1:{}", port + 1), "127.0.0.1"]
    {
        for path in ["/", "/api/session"] {
            let response = get(path, &[("Host", bad)]);
            assert_eq!(
                (response.status, response.code()),
                (403, "bad_host".into()),
                "{bad} {path}"
            );
        }
    }
    assert_eq!(send(desk.addr, "GET", "/api/session", &[], b"").status, 403, "no Host at all");
    for good in [host.clone(), format!("localhost:{port}"), format!("[::1]:{port}")] {
        assert_eq!(get("/api/session", &[("Host", &good)]).status, 200, "{good}");
    }

    // Writes need the desk's Origin; reads of the API may not come from another site.
    let body = json!({ "base_revision": "x", "issue": {} }).to_string();
    for origin in
        [None, Some("http://evil.example"), Some("null"), Some(&format!("http://localhost:{port}"))]
    {
        let mut headers = vec![("Host", host.as_str()), ("Content-Type", "application/json")];
        headers.extend(origin.map(|o| ("Origin", o)));
        let response = send(desk.addr, "PUT", "/api/issues/2023-08", &headers, body.as_bytes());
        assert_eq!((response.status, response.code()), (403, "bad_origin".into()), "{origin:?}");
        let response = send(desk.addr, "POST", "/api/issues", &headers, b"{}");
        assert_eq!(response.status, 403, "create with {origin:?}");
    }
    let cross = get("/api/session", &[("Host", &host), ("Origin", "http://evil.example")]);
    assert_eq!(cross.code(), "bad_origin");
    let cross = get("/api/issues/2023-08", &[("Host", &host), ("Sec-Fetch-Site", "cross-site")]);
    assert_eq!(cross.code(), "bad_origin");
    assert_eq!(get("/api/session", &[("Host", &host), ("Origin", &origin)]).status, 200);

    // No CORS, no preflight; the same security headers on every answer.
    let options =
        send(desk.addr, "OPTIONS", "/api/session", &[("Host", &host), ("Origin", &origin)], b"");
    assert_eq!((options.status, options.code()), (405, "method_not_allowed".into()));
    for response in
        [get("/", &[("Host", &host)]), desk.get("/api/session"), desk.get("/api/nothing"), options]
    {
        assert!(
            response.headers.iter().all(|(name, _)| !name.starts_with("access-control-")),
            "a CORS header: {:?}",
            response.headers
        );
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(response.header("referrer-policy"), Some("no-referrer"));
        assert_eq!(response.header("x-frame-options"), Some("SAMEORIGIN"));
    }
    let index = desk.get("/");
    assert!(index.header("content-security-policy").unwrap().contains("script-src 'self'"));

    // Error messages in the reader's language.
    let zh = send(
        desk.addr,
        "GET",
        "/api/issues/2099-01",
        &[("Host", &host), ("Accept-Language", "zh-CN,zh;q=0.9")],
        b"",
    );
    assert_eq!(
        (zh.status, zh.json()["error"]["message"].as_str()),
        (404, Some("找不到所要的内容。"))
    );
    let en = desk.get("/api/issues/2099-01?lang=en");
    assert_eq!(en.json()["error"]["message"], "Not found.");
}

#[test]
fn names_and_links_that_lead_out_of_the_project_are_refused() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(outside.path().join("2023-07")).unwrap();
    std::fs::write(outside.path().join("2023-07/issue.toml"), "# secret outside\nyear = 2023\n")
        .unwrap();
    std::fs::write(outside.path().join("secret.toml"), "root:x:0:0:secret\n").unwrap();
    let outer = outside.path().to_path_buf();
    let desk = Desk::start_with("serve-paths", move |root| {
        let issues = root.join("issues");
        std::os::unix::fs::symlink(outer.join("2023-07"), issues.join("2023-07")).unwrap();
        std::fs::create_dir(issues.join("2023-06")).unwrap();
        std::os::unix::fs::symlink(outer.join("secret.toml"), issues.join("2023-06/issue.toml"))
            .unwrap();
        std::fs::create_dir(issues.join("2023-05")).unwrap();
        std::os::unix::fs::symlink("/etc/passwd", issues.join("2023-05/issue.toml")).unwrap();
    });
    for id in ["2023-07", "2023-06", "2023-05"] {
        for path in [
            format!("/api/issues/{id}"),
            format!("/api/issues/{id}/events"),
            format!("/api/issues/{id}/status"),
        ] {
            let response = desk.get(&path);
            assert_eq!(
                (response.status, response.code()),
                (403, "outside_project".into()),
                "{path}"
            );
            assert!(
                !response.text().contains("secret") && !response.text().contains("root:"),
                "{path}"
            );
        }
    }
    let listing = desk.get("/api/issues").json();
    let ids: Vec<&str> =
        listing["issues"].as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["2023-08"], "links out of the project are not listed");

    for path in [
        "/api/issues/..",
        "/api/issues/%2e%2e",
        "/api/issues/%2E%2E/status",
        "/api/issues/..%2F..%2Fetc",
        "/api/issues/..%2f2023-08",
        "/api/issues/%2Fetc%2Fpasswd",
        "/api/issues/.hidden",
        "/api/issues/2023-08/exports/..%2F..%2Fissue.toml",
        "/api/issues/2023-08/reports/..%2F..%2F/issue.toml",
        "/api/issues/2023-08/reports/0000/..%2Fissue.toml",
        "/../Cargo.toml",
        "/%2e%2e/Cargo.toml",
        "/..%2fCargo.toml",
        "/issues/2023-08/issue.toml",
        "/layouts/main.typ",
    ] {
        let response = desk.get(path);
        assert_eq!(response.status, 404, "{path}: {}", response.text());
        assert!(!response.text().contains("[[section]]"), "{path} leaked the issue file");
    }
    let page = desk.get("/api/issues/2023-08/pages/..%2F..%2Fissue.toml?fp=x");
    assert_eq!(page.status, 400);
    assert_eq!(desk.get("/api/session").status, 200, "the server stands");
}

/// A bad request: method, path, content type, body, and the status and code expected.
type Case<'a> = (&'a str, &'a str, &'a str, Vec<u8>, u16, &'a str);

#[test]
fn bad_requests_get_a_4xx_and_bodies_are_bounded() {
    let desk = Desk::start("serve-bad-requests");
    let (host, origin) = (desk.host(), desk.origin());
    let raw = |method: &str, path: &str, content_type: &str, body: &[u8]| {
        let headers =
            [("Host", host.as_str()), ("Origin", origin.as_str()), ("Content-Type", content_type)];
        send(desk.addr, method, path, &headers, body)
    };
    let (revision, issue) = desk.document();

    let huge = vec![b' '; 33 * 1024 * 1024];
    let response = raw("PUT", "/api/issues/2023-08", "application/json", &huge);
    assert_eq!((response.status, response.code()), (413, "too_large".into()));
    let docx = "/api/issues/2023-08/sections/s1/docx?base_revision=x&name=a.docx";
    let response = raw("POST", docx, "application/octet-stream", &huge);
    assert_eq!(response.status, 413);

    let cases: Vec<Case> = vec![
        ("PUT", "/api/issues/2023-08", "application/json", b"{not json".to_vec(), 400, "bad_request"),
        ("PUT", "/api/issues/2023-08", "application/json", b"[1, 2]".to_vec(), 400, "bad_request"),
        ("PUT", "/api/issues/2023-08", "text/plain", b"{}".to_vec(), 415, "bad_content_type"),
        ("PUT", "/api/issues/2023-08", "application/x-www-form-urlencoded", b"a=b".to_vec(), 415, "bad_content_type"),
        ("PUT", "/api/issues/2023-08", "application/json", b"{}".to_vec(), 400, "bad_request"),
        (
            "PUT",
            "/api/issues/2023-08",
            "application/json",
            json!({ "base_revision": revision, "issue": { "sections": "none" } }).to_string().into_bytes(),
            422,
            "invalid_document",
        ),
        (
            "PUT",
            "/api/issues/2023-08",
            "application/json",
            json!({ "base_revision": revision, "issue": { "sections": [{ "key": "s", "name": 3, "articles": [] }] } })
                .to_string()
                .into_bytes(),
            422,
            "invalid_document",
        ),
        ("POST", "/api/issues/2023-08/split", "application/json", br#"{"text": " \n "}"#.to_vec(), 422, "import_failed"),
        ("POST", "/api/issues/2023-08/split", "application/json", br#"{"html": "<p>"}"#.to_vec(), 400, "bad_request"),
        ("POST", "/api/issues/2023-08/exports", "application/json", br#"{"kind": "poster", "revision": "x"}"#.to_vec(), 400, "bad_request"),
        ("POST", "/api/issues/2023-08/compare", "application/json", br#"{"kind": "print"}"#.to_vec(), 404, "not_found"),
        ("POST", "/api/issues", "application/json", br#"{"id": "../2023-09"}"#.to_vec(), 400, "bad_request"),
        ("POST", "/api/issues/2023-08/sections/s1/docx?base_revision=x", "text/plain", b"x".to_vec(), 415, "bad_content_type"),
        (
            "POST",
            "/api/issues/2023-08/sections/s1/docx?base_revision=x",
            "multipart/form-data; boundary=b",
            b"--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nx\r\n--b--".to_vec(),
            415,
            "bad_content_type",
        ),
        ("POST", "/api/issues/2023-08/split", "multipart/form-data; boundary=b", b"--b--".to_vec(), 415, "bad_content_type"),
        ("DELETE", "/api/issues/2023-08", "application/json", b"{}".to_vec(), 405, "method_not_allowed"),
        ("POST", "/api/session", "application/json", b"{}".to_vec(), 405, "method_not_allowed"),
    ];
    for (method, path, content_type, body, status, code) in cases {
        let response = raw(method, path, content_type, &body);
        assert_eq!(
            (response.status, response.code()),
            (status, code.to_owned()),
            "{method} {path}: {}",
            response.text()
        );
    }
    let section = issue["sections"][0]["key"].as_str().unwrap();
    let garbage = raw(
        "POST",
        &format!(
            "/api/issues/2023-08/sections/{section}/docx?base_revision={revision}&name=x.docx"
        ),
        "application/octet-stream",
        b"PK not a zip",
    );
    assert_eq!(
        (garbage.status, garbage.code()),
        (422, "import_failed".into()),
        "{}",
        garbage.text()
    );
    assert!(!garbage.json()["error"]["diagnostics"].as_array().unwrap().is_empty());
    for path in [
        "/api/issues/2023-08/pages/x.png?fp=1",
        "/api/issues/2023-08/pages/0.png?fp=1",
        "/api/issues/2023-08/pages/1.png",
    ] {
        assert_eq!(desk.get(path).status, 400, "{path}");
    }
    let stale = desk.get("/api/issues/2023-08/pages/1.png?fp=0123456789abcdef");
    assert_eq!((stale.status, stale.code()), (404, "stale_page".into()));
    assert_eq!(
        desk.issue_text(),
        std::fs::read_to_string(crate::support::repo_root().join("issues/2023-08/issue.toml"))
            .unwrap(),
        "a refused request wrote"
    );
    assert_eq!(desk.get("/api/session").status, 200, "the server stands");
    assert!(!desk.stderr().contains("panicked"), "{}", desk.stderr());
}
