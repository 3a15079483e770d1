//! Accounts and the login of the desk on the office network: `bulletin users` and the
//! file it keeps, a desk that asks for a login (beyond the loopback, or with
//! `--require-login`), its sessions, throttling and cookies, and HTTPS.

mod desk_login;
mod https;
mod review;
mod users_cli;

use std::io::{BufRead, BufReader};
use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::{Value, json};

pub use crate::serve_checks::client::Response;
use crate::serve_checks::client::{exchange, send};
use crate::support::{Fonts, Sandbox, bulletin};

/// A project of its own in the sandbox `name`: (sandbox, project root).
pub fn project(name: &str) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new(name);
    let root = sandbox.project("project", Fonts::Linked { except: &[] });
    (sandbox, root)
}

/// `bulletin users add NAME --role ROLE` in `root`, the password on standard input.
pub fn add_user(root: &Path, name: &str, role: &str, password: &str) {
    bulletin()
        .current_dir(root)
        .args(["users", "add", name, "--role", role])
        .write_stdin(format!("{password}\n"))
        .assert()
        .success();
}

/// A running `bulletin serve` asking for a login, stopped when dropped.
pub struct Desk {
    child: Child,
    /// Where to connect.
    pub addr: SocketAddr,
    /// The first line it printed.
    pub url: String,
}

impl Desk {
    /// Serves the project at `root` with the extra arguments `args`.
    pub fn start(root: &Path, args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("serve")
            .arg(root.join("issues/2023-08"))
            .args(args)
            .env("LANG", "C.UTF-8")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("bulletin serve started");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let url = first.trim().to_owned();
        let port: u16 = url
            .rsplit_once(':')
            .and_then(|(_, rest)| rest.strip_suffix('/'))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("the first line is not the desk's address: {first:?}"));
        let addr = SocketAddr::from(([127, 0, 0, 1], port));
        Self { child, addr, url }
    }

    /// `Host: 127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// The desk's own Origin over plain HTTP.
    pub fn origin(&self) -> String {
        format!("http://{}", self.host())
    }

    /// A request from the desk's own page, with the session `cookie` if given.
    pub fn request(&self, method: &str, path: &str, cookie: Option<&str>, body: &str) -> Response {
        self.request_from(None, method, path, cookie, body)
    }

    /// As [`request`](Self::request), from the local address `from` (127.0.0.2, say).
    pub fn request_from(
        &self,
        from: Option<IpAddr>,
        method: &str,
        path: &str,
        cookie: Option<&str>,
        body: &str,
    ) -> Response {
        let (host, origin) = (self.host(), self.origin());
        let cookie = cookie.map(|id| format!("bulletin_session={id}"));
        let mut headers = vec![("Host", host.as_str()), ("Origin", origin.as_str())];
        if !body.is_empty() {
            headers.push(("Content-Type", "application/json"));
        }
        if let Some(cookie) = &cookie {
            headers.push(("Cookie", cookie.as_str()));
        }
        match from {
            None => send(self.addr, method, path, &headers, body.as_bytes()),
            Some(from) => {
                let stream = connect_from(from, self.addr);
                exchange(stream, method, path, &headers, body.as_bytes())
            }
        }
    }

    /// `POST /api/login` from `from` (or the usual address).
    pub fn login_from(&self, from: Option<IpAddr>, name: &str, password: &str) -> Response {
        let body = json!({ "name": name, "password": password }).to_string();
        self.request_from(from, "POST", "/api/login", None, &body)
    }

    /// Logs in, which must succeed: the session id of its cookie.
    pub fn session(&self, name: &str, password: &str) -> String {
        let response = self.login_from(None, name, password);
        assert_eq!(response.status, 200, "{}", response.text());
        session_of(&response)
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The session id a login's `Set-Cookie` carries.
pub fn session_of(response: &Response) -> String {
    let cookie = response.header("set-cookie").expect("a Set-Cookie header");
    cookie
        .strip_prefix("bulletin_session=")
        .and_then(|rest| rest.split(';').next())
        .unwrap_or_else(|| panic!("not the session cookie: {cookie}"))
        .to_owned()
}

/// A connection to `to` from the local address `from`.
fn connect_from(from: IpAddr, to: SocketAddr) -> std::net::TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread().enable_io().build().unwrap();
    let stream = runtime
        .block_on(async {
            let socket = tokio::net::TcpSocket::new_v4()?;
            socket.bind(SocketAddr::new(from, 0))?;
            socket.connect(to).await
        })
        .expect("connected from another loopback address");
    let stream = stream.into_std().unwrap();
    stream.set_nonblocking(false).unwrap();
    stream.set_read_timeout(Some(std::time::Duration::from_secs(60))).unwrap();
    stream
}

/// The `error.code` of an answer, or "" when it has none.
pub fn code(response: &Response) -> String {
    serde_json::from_slice::<Value>(&response.body)
        .ok()
        .and_then(|body| body["error"]["code"].as_str().map(str::to_owned))
        .unwrap_or_default()
}
