//! HTTPS served directly: a self-signed certificate made here, a client that trusts it,
//! the desk's address printed as `https://`, its Origin `https://`, its cookie Secure.

use std::net::TcpStream;
use std::sync::Arc;

use rustls::pki_types::{CertificateDer, ServerName};
use serde_json::json;

use super::{Desk, add_user, code, project, session_of};
use crate::serve_checks::client::{Response, exchange};

/// A TLS connection to the desk that trusts only `certificate`.
fn tls_request(
    desk: &Desk,
    certificate: &CertificateDer<'static>,
    headers: &[(&str, &str)],
    method: &str,
    path: &str,
    body: &str,
) -> Response {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(certificate.clone()).unwrap();
    let config = rustls::ClientConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_root_certificates(roots)
    .with_no_client_auth();
    let name = ServerName::try_from("127.0.0.1").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = TcpStream::connect(desk.addr).unwrap();
    tcp.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    exchange(rustls::StreamOwned::new(connection, tcp), method, path, headers, body.as_bytes())
}

#[test]
fn https_with_a_certificate_of_its_own() {
    let (sandbox, root) = project("accounts-https");
    add_user(&root, "wang", "chief", "a-good-password");
    let made =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned(), "localhost".to_owned()])
            .unwrap();
    let (cert, key) = (sandbox.path("desk.crt"), sandbox.path("desk.key"));
    std::fs::write(&cert, made.cert.pem()).unwrap();
    std::fs::write(&key, made.signing_key.serialize_pem()).unwrap();
    let desk = Desk::start(
        &root,
        &[
            "--require-login",
            "--tls-cert",
            cert.to_str().unwrap(),
            "--tls-key",
            key.to_str().unwrap(),
        ],
    );
    assert_eq!(desk.url, format!("https://127.0.0.1:{}/", desk.addr.port()));
    let certificate = made.cert.der().clone();
    let host = desk.host();
    let origin = format!("https://{host}");
    let body = json!({ "name": "wang", "password": "a-good-password" }).to_string();
    let json_headers = |origin: &str| {
        vec![
            ("Host", host.clone()),
            ("Origin", origin.to_owned()),
            ("Content-Type", "application/json".to_owned()),
        ]
    };
    let send = |headers: Vec<(&'static str, String)>, method: &str, path: &str, body: &str| {
        let refs: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
        tls_request(&desk, &certificate, &refs, method, path, body)
    };

    // Under TLS the desk's own pages have an https:// origin; http:// is another site.
    let plain_origin = send(json_headers(&desk.origin()), "POST", "/api/login", &body);
    assert_eq!(code(&plain_origin), "bad_origin");
    let login = send(json_headers(&origin), "POST", "/api/login", &body);
    assert_eq!(login.status, 200, "{}", login.text());
    let cookie = login.header("set-cookie").unwrap().to_owned();
    assert!(cookie.ends_with("; Secure") && cookie.contains("HttpOnly"), "{cookie}");
    let id = session_of(&login);
    let session = send(
        vec![("Host", host.clone()), ("Cookie", format!("bulletin_session={id}"))],
        "GET",
        "/api/session",
        "",
    );
    assert_eq!(session.json()["user"]["name"], "wang");
    let page = send(vec![("Host", host.clone())], "GET", "/", "");
    assert_eq!((page.status, page.header("location")), (303, Some("/login")));
}
