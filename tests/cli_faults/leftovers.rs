//! Processes killed with SIGKILL leave nothing behind: no temporary file beside the file
//! they were writing, and no temporary folder that the next desk or watcher does not
//! remove.

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::{Fonts, Sandbox, repo_root};

/// How many builds are killed while they write.
const KILLS: usize = 12;

/// Whether the process `pid` has a file open in `dir` (the file it writes, named or not).
fn writes_into(pid: u32, dir: &Path) -> bool {
    let Ok(fds) = fs::read_dir(format!("/proc/{pid}/fd")) else { return false };
    fds.flatten().any(|fd| fs::read_link(fd.path()).is_ok_and(|target| target.starts_with(dir)))
}

/// The names of the temporary files of writes in `dir`.
fn parts_in(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".bulletin-") && name.ends_with(".part"))
        .collect()
}

#[test]
fn a_build_killed_while_it_writes_leaves_no_temporary_file_and_no_half_pdf() {
    assert!(Path::new("/proc/self/fd").exists(), "needs Linux's /proc");
    let sandbox = Sandbox::new("cli-faults-kill-build");
    let out = fs::canonicalize(sandbox.path("")).unwrap().join("out");
    fs::create_dir_all(&out).unwrap();
    let pdf = out.join("issue.pdf");
    let build = || {
        Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(["build", "issues/2023-08", "-o"])
            .arg(&pdf)
            .current_dir(repo_root())
            // The file stays open 30 ms between its last byte and its name, so that a
            // loaded machine still catches the write (it takes about 1 ms otherwise).
            .env("FAILPOINTS", "write-unnamed=sleep(30);write-named=sleep(30)")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    };
    // A whole PDF there first: after each kill, the file is that one or a new whole one.
    assert!(build().wait().unwrap().success());
    let (mut killed, mut finished) = (0, 0);
    while killed < KILLS {
        let mut child = build();
        let start = Instant::now();
        loop {
            if child.try_wait().unwrap().is_some() {
                finished += 1;
                break;
            }
            if writes_into(child.id(), &out) {
                child.kill().unwrap();
                child.wait().unwrap();
                killed += 1;
                break;
            }
            assert!(start.elapsed() < Duration::from_secs(120), "the build hangs");
            // Often enough to catch a write of milliseconds, leaving the build its cores.
            std::thread::sleep(Duration::from_micros(200));
        }
        assert_eq!(parts_in(&out), Vec::<String>::new(), "left after {killed} kill(s)");
        let bytes = fs::read(&pdf).unwrap();
        assert!(bytes.starts_with(b"%PDF-") && bytes.trim_ascii_end().ends_with(b"%%EOF"));
        assert!(finished < 10 * KILLS, "the writes were never caught: {finished} builds finished");
    }
    eprintln!("{killed} builds killed while writing, {finished} finished before they were caught");
}

/// The temporary folders `bulletin-<kind>-<pid>-…` in `temp` made for the process `pid`.
fn folders_of(temp: &Path, kind: &str, pid: u32) -> Vec<PathBuf> {
    let prefix = format!("bulletin-{kind}-{pid}-");
    fs::read_dir(temp)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.file_name().unwrap().to_string_lossy().starts_with(&prefix))
        .collect()
}

/// Starts `bulletin serve` on `root`'s issue 2023-08 with `temp` as its temporary folder,
/// and waits until it gives its address.
fn serve(root: &Path, temp: &Path) -> Child {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .arg("serve")
        .arg(root.join("issues/2023-08"))
        .env("TMPDIR", temp)
        .env("LANG", "C.UTF-8")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    assert!(first.starts_with("http://"), "the desk did not start: {first:?}");
    child
}

#[test]
fn the_desk_removes_the_temporary_folders_of_killed_processes_and_keeps_those_of_running_ones() {
    let sandbox = Sandbox::new("cli-faults-temp-folders");
    let root = sandbox.project("project", Fonts::Linked { except: &[] });
    let temp = sandbox.path("tmp");
    fs::create_dir_all(&temp).unwrap();
    let mut gone = Command::new("true").spawn().unwrap();
    let dead = gone.id();
    gone.wait().unwrap();
    let live = std::process::id();
    let orphans = [format!("bulletin-desk-{dead}-x"), format!("bulletin-fonts-{dead}-y")];
    let kept = [format!("bulletin-desk-{live}-x"), format!("bulletin-fonts-{live}-y")];
    for name in orphans.iter().chain(&kept) {
        fs::create_dir_all(temp.join(name).join("report")).unwrap();
        fs::write(temp.join(name).join("report/index.html"), "<p>report</p>").unwrap();
    }

    let mut first = serve(&root, &temp);
    for name in &orphans {
        assert!(!temp.join(name).exists(), "{name} was left at start-up");
    }
    for name in &kept {
        assert!(temp.join(name).join("report/index.html").exists(), "{name} was removed");
    }
    // The desk's own folder is named after it; killed, it is the next desk's to remove.
    let own = folders_of(&temp, "desk", first.id());
    assert_eq!(own.len(), 1, "{own:?}");
    first.kill().unwrap();
    first.wait().unwrap();
    assert!(own[0].exists(), "SIGKILL removed nothing");

    let mut second = serve(&root, &temp);
    assert!(!own[0].exists(), "the killed desk's folder {} was left", own[0].display());
    for name in &kept {
        assert!(temp.join(name).exists(), "{name} was removed");
    }
    assert_eq!(folders_of(&temp, "desk", second.id()).len(), 1);
    second.kill().unwrap();
    second.wait().unwrap();
}
