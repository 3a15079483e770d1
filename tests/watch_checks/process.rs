//! `bulletin watch` as a process: it builds, rebuilds on a save, survives broken data.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Sandbox, bulletin};

use super::{edit_paragraph, fresh_build, project, replace_in};

/// How long a rebuild may take to show up on a slow, busy machine.
const PATIENCE: Duration = Duration::from_secs(90);

/// A running `bulletin watch`, killed when dropped, its output in files.
struct Watching {
    child: Child,
    stdout: PathBuf,
    stderr: PathBuf,
}

impl Watching {
    fn start(sandbox: &Sandbox, issue: &Path, options: &[&str]) -> Self {
        let (stdout, stderr) = (sandbox.path("watch.out"), sandbox.path("watch.err"));
        let child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .arg("watch")
            .arg(issue)
            .args(options)
            .stdin(Stdio::null())
            .stdout(std::fs::File::create(&stdout).unwrap())
            .stderr(std::fs::File::create(&stderr).unwrap())
            .spawn()
            .expect("bulletin watch started");
        Self { child, stdout, stderr }
    }

    fn stdout(&self) -> String {
        std::fs::read_to_string(&self.stdout).unwrap_or_default()
    }

    fn stderr(&self) -> String {
        std::fs::read_to_string(&self.stderr).unwrap_or_default()
    }

    /// How many rebuilds have reported success.
    fn rebuilds(&self) -> usize {
        self.stdout().lines().filter(|line| line.starts_with("rebuilt in ")).count()
    }

    /// Waits until `done` holds, failing with the output after `PATIENCE`.
    fn wait_for(&mut self, what: &str, done: impl Fn(&Self) -> bool) {
        let start = Instant::now();
        while !done(self) {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("bulletin watch ended ({status}) waiting for {what}:\n{}", self.logs());
            }
            assert!(start.elapsed() < PATIENCE, "timed out waiting for {what}:\n{}", self.logs());
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn logs(&self) -> String {
        format!("stdout:\n{}\nstderr:\n{}", self.stdout(), self.stderr())
    }
}

impl Drop for Watching {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The files of `dir`, sorted by name, with their bytes.
fn files_in(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&path).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// What `bulletin render` writes for `issue` at 36 ppi.
fn fresh_render(sandbox: &Sandbox, issue: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = sandbox.path("fresh-render");
    let _ = std::fs::remove_dir_all(&dir);
    bulletin().arg("render").arg(issue).args(["--ppi", "36", "-o"]).arg(&dir).assert().success();
    files_in(&dir)
}

#[test]
fn watch_rebuilds_on_save_and_keeps_the_last_good_pdf_through_errors() {
    let (sandbox, issue) = project("watch-process", &[]);
    let pdf = sandbox.path("out/2023-08.pdf");
    let images = sandbox.path("out/2023-08");
    let options = ["--png", "--ppi", "36", "--debounce", "50"];
    let mut watching = Watching::start(&sandbox, &issue, &options);

    watching.wait_for("the first build", |w| w.rebuilds() >= 1);
    let first = std::fs::read(&pdf).unwrap();
    assert!(first == fresh_build(&sandbox, &issue, &[]), "the first PDF differs from a build");
    assert!(files_in(&images) == fresh_render(&sandbox, &issue), "page images differ from render");

    edit_paragraph(&issue, 1);
    watching.wait_for("the rebuild after an edit", |w| w.rebuilds() >= 2);
    let edited = std::fs::read(&pdf).unwrap();
    assert!(edited != first, "the PDF did not change");
    assert!(edited == fresh_build(&sandbox, &issue, &[]), "the rebuilt PDF differs from a build");
    assert!(files_in(&images) == fresh_render(&sandbox, &issue), "stale page images");

    let data = issue.join("issue.toml");
    replace_in(&data, "year = 2023", "year = \"二〇二三\"");
    watching.wait_for("the failed rebuild", |w| w.stderr().contains("rebuild failed"));
    let stderr = watching.stderr();
    assert!(stderr.contains("issue.toml:3:"), "no file and line in:\n{stderr}");
    assert!(std::fs::read(&pdf).unwrap() == edited, "the last good PDF was touched");

    // Saved the way many editors save: a new file renamed over the old one.
    let text = std::fs::read_to_string(&data).unwrap();
    let scratch = issue.join("issue.toml.saving");
    std::fs::write(&scratch, text.replace("year = \"二〇二三\"", "year = 2023")).unwrap();
    std::fs::rename(&scratch, &data).unwrap();
    watching.wait_for("the rebuild after the fix", |w| w.rebuilds() >= 3);
    assert!(std::fs::read(&pdf).unwrap() == edited, "the fixed issue gives another PDF");

    for line in watching.stdout().lines().filter(|line| line.starts_with("rebuilt in ")) {
        assert!(line.contains(" ms") && line.contains("typeset"), "no times in: {line}");
    }
}
