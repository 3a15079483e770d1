//! The desk's server over HTTP: `bulletin serve` runs on a scratch project (port 0, its
//! address read from its first line), and every route, the confinement, revisions, the
//! event stream and the files it writes are checked from outside.

mod api_doc;
pub mod client;
mod confinement;
mod editing;
mod faults;
mod files;
mod live;
mod versions;

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::support::{Fonts, Sandbox};
use client::{Response, send};

/// How long a build may take on a slow, busy machine.
const PATIENCE: Duration = Duration::from_secs(120);

/// A running `bulletin serve` on a project of its own, stopped when dropped.
pub struct Desk {
    child: Child,
    pub addr: SocketAddr,
    pub root: PathBuf,
    pub sandbox: Sandbox,
    stderr: PathBuf,
}

impl Desk {
    /// Serves issue 2023-08 of a fresh copy of the project in the sandbox `name`.
    pub fn start(name: &str) -> Self {
        Self::start_with(name, |_| {})
    }

    /// As [`start`](Self::start), `prepare` changing the project first.
    pub fn start_with(name: &str, prepare: impl FnOnce(&Path)) -> Self {
        Self::start_in(name, &[], prepare)
    }

    /// As [`start_with`](Self::start_with), the server's environment with `env` added.
    pub fn start_in(name: &str, env: &[(&str, &str)], prepare: impl FnOnce(&Path)) -> Self {
        let sandbox = Sandbox::new(name);
        let root = sandbox.project("project", Fonts::Linked { except: &[] });
        prepare(&root);
        let stderr = sandbox.path("serve.err");
        let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("serve")
            .arg(root.join("issues/2023-08"))
            .env("LANG", "C.UTF-8")
            .envs(env.iter().copied())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("bulletin serve started");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        let url = first.trim();
        let port: u16 = url
            .strip_prefix("http://127.0.0.1:")
            .and_then(|rest| rest.strip_suffix('/'))
            .and_then(|port| port.parse().ok())
            .unwrap_or_else(|| panic!("the first line is not the desk's address: {first:?}"));
        assert_ne!(port, 0);
        Self { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), root, sandbox, stderr }
    }

    /// `Host: 127.0.0.1:PORT`.
    pub fn host(&self) -> String {
        format!("127.0.0.1:{}", self.addr.port())
    }

    /// The desk's own Origin.
    pub fn origin(&self) -> String {
        format!("http://{}", self.host())
    }

    /// A GET from the desk's own page.
    pub fn get(&self, path: &str) -> Response {
        send(self.addr, "GET", path, &[("Host", &self.host())], b"")
    }

    /// A JSON request from the desk's own page.
    pub fn json(&self, method: &str, path: &str, body: &Value) -> Response {
        let (host, origin) = (self.host(), self.origin());
        let headers = [
            ("Host", host.as_str()),
            ("Origin", origin.as_str()),
            ("Content-Type", "application/json"),
        ];
        send(self.addr, method, path, &headers, body.to_string().as_bytes())
    }

    /// The issue file's text.
    pub fn issue_text(&self) -> String {
        std::fs::read_to_string(self.root.join("issues/2023-08/issue.toml")).unwrap()
    }

    /// `GET /api/issues/2023-08`: (revision, document).
    pub fn document(&self) -> (String, Value) {
        let response = self.get("/api/issues/2023-08");
        assert_eq!(response.status, 200, "{}", response.text());
        let json = response.json();
        (json["revision"].as_str().unwrap().to_owned(), json["issue"].clone())
    }

    /// Saves `issue` based on `base`: the new revision.
    pub fn save(&self, base: &str, issue: &Value) -> String {
        let body =
            json!({ "base_revision": base, "client": "test", "lang": "zh-CN", "issue": issue });
        let response = self.json("PUT", "/api/issues/2023-08", &body);
        assert_eq!(response.status, 200, "{}", response.text());
        response.json()["revision"].as_str().unwrap().to_owned()
    }

    /// The status of `revision`, once built (`?lang=` as given).
    pub fn status_of(&self, revision: &str, lang: &str) -> Value {
        let start = Instant::now();
        loop {
            let response = self.get(&format!("/api/issues/2023-08/status?lang={lang}"));
            assert_eq!(response.status, 200, "{}", response.text());
            let status = response.json();
            if status["revision"] == revision {
                return status;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no build of {revision}: {status}\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Kills the server at once (SIGKILL), as a crash or a power cut would stop it.
    pub fn kill_now(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// The server's process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server wrote on its standard error.
    pub fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// Sends SIGINT (Ctrl-C) and waits for the process to end: its exit status.
    pub fn interrupt(mut self) -> std::process::ExitStatus {
        let pid = libc::pid_t::try_from(self.child.id()).unwrap();
        // SAFETY: signalling the child this test started, by its id.
        assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "the server did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
