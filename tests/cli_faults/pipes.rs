//! A reader that goes away (`bulletin data … | head`) ends the command quietly, killed by
//! SIGPIPE as Unix tools are, with no panic; the desk alone keeps ignoring the signal, so
//! that it outlives clients that go away.

use std::io::{BufRead, BufReader};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{Fonts, Sandbox, repo_root};

/// Runs `bulletin args` with its standard output a pipe whose reading end is closed before
/// it starts: (the exit status, standard error).
fn into_closed_pipe(args: &[&str]) -> (std::process::ExitStatus, String) {
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .current_dir(repo_root())
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(writer)
        .stderr(Stdio::piped())
        .output()
        .expect("bulletin runs");
    (output.status, String::from_utf8_lossy(&output.stderr).into_owned())
}

#[test]
fn commands_whose_reader_went_away_end_quietly() {
    let sandbox = Sandbox::new("cli-faults-pipes");
    let pdf = sandbox.path("sample.pdf").display().to_string();
    let commands: [&[&str]; 4] = [
        &["data", "issues/2023-08"],
        &["preflight", "tests/fixtures/preflight/cairo-colophon.pdf", "--json"],
        &["check", "issues/2023-08", "--format", "json"],
        &["build", "issues/2023-08", "-o", &pdf, "--format", "json"],
    ];
    for args in commands {
        let (status, stderr) = into_closed_pipe(args);
        assert!(!stderr.contains("panicked"), "{args:?} panicked:\n{stderr}");
        assert_ne!(status.code(), Some(101), "{args:?}: {status}\n{stderr}");
        assert_eq!(status.signal(), Some(libc::SIGPIPE), "{args:?}: {status}\n{stderr}");
    }
}

/// Whether the process `pid` ignores SIGPIPE, from its /proc status.
fn ignores_sigpipe(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let mask = status.lines().find_map(|line| line.strip_prefix("SigIgn:")).unwrap().trim();
    let mask = u64::from_str_radix(mask, 16).unwrap();
    mask & (1 << (libc::SIGPIPE - 1)) != 0
}

/// Starts `bulletin args` on a copy of the project, waits for its first line, and gives
/// whether it ignores SIGPIPE then.
fn long_running_ignores_sigpipe(sandbox: &Sandbox, args: &[&str]) -> bool {
    let root = sandbox.project("project", Fonts::Linked { except: &[] });
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(args)
        .arg(root.join("issues/2023-08"))
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(!first.is_empty(), "{args:?} printed nothing");
    let ignores = ignores_sigpipe(child.id());
    child.kill().unwrap();
    child.wait().unwrap();
    ignores
}

#[test]
fn the_desk_alone_keeps_ignoring_sigpipe() {
    assert!(Path::new("/proc/self/status").exists(), "needs Linux's /proc");
    let sandbox = Sandbox::new("cli-faults-sigpipe-serve");
    assert!(long_running_ignores_sigpipe(&sandbox, &["serve"]), "the desk would die with a client");
    let sandbox = Sandbox::new("cli-faults-sigpipe-watch");
    assert!(!long_running_ignores_sigpipe(&sandbox, &["watch"]), "watch ignores SIGPIPE");
}
