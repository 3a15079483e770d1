//! The desk that asks for a login: it does not start without accounts, lets nothing but
//! the login through without a session, sets a strict cookie, slows down guessing per
//! account and per address, and ends sessions on logout and when accounts change.

use std::net::IpAddr;
use std::time::Duration;

use super::{Desk, add_user, code, project, session_of};
use crate::support::{bulletin, repo_root, stderr};

#[test]
fn a_desk_asking_for_a_login_does_not_start_without_accounts() {
    let (_sandbox, root) = project("accounts-none");
    for args in [&["--listen", "0.0.0.0"][..], &["--require-login"], &["--listen", "::"]] {
        let assert = bulletin()
            .current_dir(&root)
            .arg("serve")
            .args(args)
            .timeout(Duration::from_secs(60))
            .assert()
            .code(2);
        let message = stderr(&assert);
        assert!(message.contains("bulletin users add"), "{args:?}: {message}");
        assert!(assert.get_output().stdout.is_empty(), "no address printed: {args:?}");
    }
}

/// Every route the server's code declares, `{…}` parameters filled in.
fn declared_routes() -> Vec<String> {
    let mut routes = Vec::new();
    for entry in std::fs::read_dir(repo_root().join("src/serve")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap_or_default();
        for piece in text.split(".route(\"").skip(1) {
            let path = piece.split('"').next().unwrap();
            let filled = path
                .replace("{id}", "2023-08")
                .replace("{page}", "1.png")
                .replace("{section}", "s1")
                .replace("{file}", "print.pdf")
                .replace("{token}", "0000");
            routes.push(filled);
        }
    }
    routes.sort();
    routes
}

#[test]
fn without_a_session_only_the_login_and_its_page_answer() {
    let (_sandbox, root) = project("accounts-closed");
    add_user(&root, "wang", "editor", "a-good-password");
    let desk = Desk::start(&root, &["--require-login"]);
    assert!(desk.url.starts_with("http://127.0.0.1:"), "{}", desk.url);
    let routes = declared_routes();
    assert!(routes.len() >= 15, "{routes:?}");
    let open = ["/api/login", "/api/messages"];
    for path in routes.iter().filter(|path| !open.contains(&path.as_str())) {
        for method in ["GET", "POST", "PUT", "DELETE"] {
            let body = if method == "GET" { "" } else { "{}" };
            let response = desk.request(method, path, None, body);
            assert_eq!(
                (response.status, code(&response)),
                (401, "unauthenticated".into()),
                "{method} {path}"
            );
        }
    }
    let forged = "0123456789abcdef".repeat(4);
    let response = desk.request("GET", "/api/issues", Some(&forged), "");
    assert_eq!(response.status, 401, "a session id the server never gave");
    let english = desk.request("GET", "/api/session?lang=en", None, "");
    assert!(english.json()["error"]["message"].as_str().unwrap().starts_with("Sign in"));
    let chinese = desk.request("GET", "/api/session", None, "");
    assert!(chinese.json()["error"]["message"].as_str().unwrap().contains("请先登录"));

    for page in ["/", "/desk.js", "/index.html", "/login.html"] {
        let response = desk.request("GET", page, None, "");
        assert_eq!((response.status, response.header("location")), (303, Some("/login")), "{page}");
    }
    for (file, kind) in [
        ("/login", "text/html"),
        ("/login.js", "text/javascript"),
        ("/login.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
    ] {
        let response = desk.request("GET", file, None, "");
        assert_eq!(response.status, 200, "{file}");
        assert!(response.header("content-type").unwrap().starts_with(kind), "{file}");
    }
    let page = desk.request("GET", "/login", None, "");
    assert!(page.header("content-security-policy").unwrap().contains("script-src 'self'"));
    assert!(page.text().contains("login.js") && !page.text().contains("<script>"));
    let messages = desk.request("GET", "/api/messages?lang=zh-CN", None, "").json();
    assert_eq!(messages["messages"]["login-name"], "用户名");
    assert_eq!(messages["messages"]["login-password"], "密码");
}

#[test]
fn a_login_opens_the_desk_with_a_strict_cookie_and_a_logout_ends_it() {
    let (_sandbox, root) = project("accounts-login");
    add_user(&root, "王编辑", "proofreader", "a-good-password");
    let desk = Desk::start(&root, &["--require-login"]);

    let wrong = desk.login_from(None, "王编辑", "a-wrong-password");
    assert_eq!((wrong.status, code(&wrong)), (401, "bad_login".into()));
    assert!(wrong.header("set-cookie").is_none());
    let nobody = desk.login_from(None, "nobody", "a-good-password");
    assert_eq!((nobody.status, code(&nobody)), (401, "bad_login".into()));

    let right = desk.login_from(None, "王编辑", "a-good-password");
    assert_eq!(right.status, 200, "{}", right.text());
    assert_eq!(right.json()["user"]["role"], "proofreader");
    let cookie = right.header("set-cookie").unwrap().to_owned();
    let id = session_of(&right);
    assert_eq!(id.len(), 64);
    assert!(id.bytes().all(|b| b.is_ascii_hexdigit()));
    for flag in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age="] {
        assert!(cookie.contains(flag), "{flag} missing: {cookie}");
    }
    assert!(!cookie.contains("Secure"), "no Secure flag over plain HTTP: {cookie}");

    let session = desk.request("GET", "/api/session", Some(&id), "");
    assert_eq!(session.status, 200);
    let user = &session.json()["user"];
    assert_eq!(
        (user["name"].as_str(), user["role"].as_str()),
        (Some("王编辑"), Some("proofreader"))
    );
    assert_eq!(desk.request("GET", "/", Some(&id), "").status, 200);
    assert_eq!(desk.request("GET", "/api/issues", Some(&id), "").status, 200);

    // A valid session does not let another site write.
    let host = desk.host();
    let cookie_header = format!("bulletin_session={id}");
    for origin in [None, Some("http://evil.example")] {
        let mut headers = vec![
            ("Host", host.as_str()),
            ("Cookie", cookie_header.as_str()),
            ("Content-Type", "application/json"),
        ];
        headers.extend(origin.map(|origin| ("Origin", origin)));
        let response =
            crate::serve_checks::client::send(desk.addr, "POST", "/api/issues", &headers, b"{}");
        assert_eq!((response.status, code(&response)), (403, "bad_origin".into()), "{origin:?}");
    }
    let cross = crate::serve_checks::client::send(
        desk.addr,
        "POST",
        "/api/login",
        &[("Host", &host), ("Origin", "http://evil.example"), ("Content-Type", "application/json")],
        r#"{"name":"王编辑","password":"a-good-password"}"#.as_bytes(),
    );
    assert_eq!(code(&cross), "bad_origin", "no login from another site");

    let out = desk.request("POST", "/api/logout", Some(&id), "{}");
    assert_eq!(out.status, 204);
    assert!(out.header("set-cookie").unwrap().contains("Max-Age=0"));
    let after = desk.request("GET", "/api/session", Some(&id), "");
    assert_eq!((after.status, code(&after)), (401, "unauthenticated".into()));
}

#[test]
fn failed_logins_wait_per_account_and_per_address() {
    let (_sandbox, root) = project("accounts-throttle");
    add_user(&root, "wang", "editor", "a-good-password");
    add_user(&root, "li", "chief", "another-good-password");
    let desk = Desk::start(&root, &["--listen", "0.0.0.0"]);
    assert!(desk.url.starts_with("http://0.0.0.0:"), "{}", desk.url);
    let [a, b, c]: [IpAddr; 3] = [[127, 0, 0, 2], [127, 0, 0, 3], [127, 0, 0, 4]].map(IpAddr::from);

    for _ in 0..3 {
        let response = desk.login_from(Some(a), "wang", "a-wrong-password");
        assert_eq!(response.status, 401);
    }
    let waits = desk.login_from(Some(a), "wang", "a-good-password");
    assert_eq!((waits.status, code(&waits)), (429, "too_many_attempts".into()), "{}", waits.text());
    let retry = waits.json()["error"]["retry_after"].as_u64().unwrap();
    assert!((1..=300).contains(&retry), "{retry}");
    assert_eq!(waits.header("retry-after"), Some(retry.to_string().as_str()));
    // The account waits from another address too; the address waits for another account.
    assert_eq!(desk.login_from(Some(b), "wang", "a-good-password").status, 429, "per account");
    assert_eq!(desk.login_from(Some(a), "li", "another-good-password").status, 429, "per address");
    // Another account from another address is not held up.
    assert_eq!(desk.login_from(Some(b), "li", "another-good-password").status, 200);

    // Once the wait is over, the right password goes through and clears the count.
    std::thread::sleep(Duration::from_secs(retry) + Duration::from_millis(200));
    assert_eq!(desk.login_from(Some(a), "wang", "a-good-password").status, 200);
    for _ in 0..2 {
        assert_eq!(desk.login_from(Some(a), "wang", "a-wrong-password").status, 401);
    }
    assert_eq!(desk.login_from(Some(a), "wang", "a-good-password").status, 200, "count cleared");

    // Names that do not exist count against the address as well, and answer alike.
    for name in ["x1", "x2", "x3"] {
        let response = desk.login_from(Some(c), name, "whatever-password");
        assert_eq!((response.status, code(&response)), (401, "bad_login".into()));
    }
    let held = desk.login_from(Some(c), "li", "another-good-password");
    assert_eq!(held.status, 429);
    assert!(held.json()["error"]["message"].as_str().unwrap().contains("秒后再试"));
}

#[test]
fn changed_accounts_take_effect_while_the_desk_runs() {
    let (_sandbox, root) = project("accounts-changes");
    add_user(&root, "wang", "editor", "a-good-password");
    add_user(&root, "li", "chief", "another-good-password");
    let desk = Desk::start(&root, &["--require-login"]);
    let wang = desk.session("wang", "a-good-password");
    let li = desk.session("li", "another-good-password");
    assert_eq!(desk.request("GET", "/api/issues", Some(&wang), "").status, 200);

    bulletin().current_dir(&root).args(["users", "remove", "wang"]).assert().success();
    let removed = desk.request("GET", "/api/issues", Some(&wang), "");
    assert_eq!((removed.status, code(&removed)), (401, "unauthenticated".into()));
    assert_eq!(desk.login_from(None, "wang", "a-good-password").status, 401);

    assert_eq!(desk.request("GET", "/api/issues", Some(&li), "").status, 200);
    bulletin()
        .current_dir(&root)
        .args(["users", "passwd", "li"])
        .write_stdin("a-new-password\n")
        .assert()
        .success();
    assert_eq!(
        desk.request("GET", "/api/issues", Some(&li), "").status,
        401,
        "a new password ends sessions"
    );
    assert_eq!(desk.login_from(None, "li", "another-good-password").status, 401);
    desk.session("li", "a-new-password");

    add_user(&root, "zhao", "proofreader", "a-third-password");
    let zhao = desk.session("zhao", "a-third-password");
    let session = desk.request("GET", "/api/session", Some(&zhao), "").json();
    assert_eq!(session["user"]["role"], "proofreader");
}

#[test]
fn on_this_computer_alone_the_desk_asks_for_nothing() {
    let (_sandbox, root) = project("accounts-local");
    add_user(&root, "wang", "editor", "a-good-password");
    let desk = Desk::start(&root, &[]);
    let session = desk.request("GET", "/api/session", None, "");
    assert_eq!(session.status, 200);
    assert!(session.json()["user"].is_null(), "{}", session.text());
    assert_eq!(desk.request("GET", "/", None, "").status, 200);
    let login = desk.login_from(None, "wang", "a-good-password");
    assert_eq!(login.status, 405, "no login on the desk of one person");
    assert!(login.header("set-cookie").is_none());
}

#[test]
fn the_history_names_the_account_that_saved() {
    let (_sandbox, root) = project("accounts-history");
    add_user(&root, "李编辑", "editor", "a-good-password");
    let desk = Desk::start(&root, &["--require-login"]);
    let id = desk.session("李编辑", "a-good-password");
    let document = desk.request("GET", "/api/issues/2023-08", Some(&id), "").json();
    let mut issue = document["issue"].clone();
    issue["sections"][0]["articles"][0]["title"] = serde_json::json!("李编辑改的标题");
    let body =
        serde_json::json!({ "base_revision": document["revision"], "client": "t", "issue": issue });
    let saved = desk.request("PUT", "/api/issues/2023-08", Some(&id), &body.to_string());
    assert_eq!(saved.status, 200, "{}", saved.text());
    let versions = desk.request("GET", "/api/issues/2023-08/versions", Some(&id), "").json();
    assert_eq!(versions["versions"][0]["by"], "李编辑", "{versions}");
    assert_eq!(versions["versions"][0]["changes"][0]["what"], serde_json::json!(["retitled"]));
}
