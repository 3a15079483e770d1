//! A project made with `bulletin init` from an installed copy: it builds the repository's
//! bytes, keeps its own layouts when the installed ones change, and `bulletin doctor` and
//! `--version` say where everything came from. (The Debian package itself is tested by
//! tests/package/run.sh, which needs root.)

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Sandbox, bulletin, copy_dir, link_font, repo_root, stderr, stdout};

/// An installed copy in `dir`, as the package lays it out: layouts, fonts (linked to the
/// repository's), the colour profile, the publication and the sample issue.
fn installed_copy(dir: &Path) -> PathBuf {
    copy_dir(&repo_root().join("layouts"), &dir.join("layouts"));
    fs::create_dir_all(dir.join("fonts")).unwrap();
    for entry in fs::read_dir(repo_root().join("fonts")).unwrap() {
        link_font(&entry.unwrap().file_name().to_string_lossy(), &dir.join("fonts"));
    }
    fs::create_dir_all(dir.join("color")).unwrap();
    fs::copy(
        repo_root().join("color/FOGRA39-bulletin.icc"),
        dir.join("color/FOGRA39-bulletin.icc"),
    )
    .unwrap();
    fs::create_dir_all(dir.join("issues")).unwrap();
    fs::copy(repo_root().join("issues/publication.toml"), dir.join("issues/publication.toml"))
        .unwrap();
    copy_dir(&repo_root().join("issues/2023-08"), &dir.join("issues/2023-08"));
    dir.to_path_buf()
}

/// `bulletin` taking its installed copy from `share`.
fn bulletin_from(share: &Path) -> assert_cmd::Command {
    let mut command = bulletin();
    command.env("BULLETIN_SHARE_DIR", share);
    command
}

/// The only issue folder other than the sample in a new project.
fn first_issue(project: &Path) -> String {
    let mut ids: Vec<String> = fs::read_dir(project.join("issues"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "publication.toml" && name != "2023-08")
        .collect();
    assert_eq!(ids.len(), 1, "{ids:?}");
    ids.remove(0)
}

#[test]
fn a_new_project_builds_the_sample_byte_for_byte_and_its_first_issue_passes_pdfx_4() {
    let sandbox = Sandbox::new("init-sample");
    let project = sandbox.path("office project");
    // No BULLETIN_SHARE_DIR: the program finds the checkout it was built in.
    let assert = bulletin()
        .env_remove("BULLETIN_SHARE_DIR")
        .args(["init", "--sample", "--first", "2026-12"])
        .arg(&project)
        .assert()
        .success();
    let said = stdout(&assert);
    assert!(
        said.contains(&format!("copied from {}", repo_root().canonicalize().unwrap().display())),
        "{said}"
    );
    assert!(said.contains("issues/2026-12/issue.toml (2026年第12期)"), "{said}");
    for name in [
        "layouts/main.typ",
        "fonts/NotoSerifSC_400Regular.ttf",
        "issues/publication.toml",
        "issues/2026-12/issue.toml",
        "issues/2023-08/issue.toml",
        "bulletin-project.toml",
    ] {
        assert!(project.join(name).is_file(), "{name} missing");
    }
    let build = |issue: &Path, name: &str| -> PathBuf {
        let output = sandbox.path(name);
        bulletin().arg("build").arg(issue).arg("-o").arg(&output).assert().success();
        output
    };
    let ours = build(&project.join("issues/2023-08"), "ours.pdf");
    let theirs = build(Path::new("issues/2023-08"), "theirs.pdf");
    assert!(fs::read(&ours).unwrap() == fs::read(&theirs).unwrap(), "the sample's PDF differs");

    let first = build(&project.join("issues/2026-12"), "first.pdf");
    let assert =
        bulletin().arg("preflight").arg(&first).args(["--for", "pdfx-4"]).assert().success();
    assert!(stdout(&assert).contains("every PDF/X requirement checked is met"));
}

#[test]
fn init_refuses_a_folder_that_holds_a_project_part_and_writes_nothing() {
    let sandbox = Sandbox::new("init-refuses");
    let share = installed_copy(&sandbox.path("share"));
    let dir = sandbox.path("taken");
    fs::create_dir_all(dir.join("issues")).unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    let assert = bulletin_from(&share).arg("init").arg(&dir).assert().code(2);
    let said = stderr(&assert);
    assert!(
        said.contains("already holds issues") && said.contains("Nothing was written"),
        "{said}"
    );
    let mut left: Vec<String> = fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    left.sort();
    assert_eq!(left, ["issues", "notes.txt"]);
    assert_eq!(fs::read_dir(dir.join("issues")).unwrap().count(), 0);
}

#[test]
fn a_project_keeps_its_layouts_when_the_installed_ones_change_and_doctor_says_what_changed() {
    let sandbox = Sandbox::new("init-upgrade");
    let share = installed_copy(&sandbox.path("share"));
    let project = sandbox.path("project");
    bulletin_from(&share).arg("init").arg(&project).assert().success();
    let id = first_issue(&project);
    let build = |issue: &Path, name: &str| -> Vec<u8> {
        let output = sandbox.path(name);
        bulletin_from(&share).arg("build").arg(issue).arg("-o").arg(&output).assert().success();
        fs::read(output).unwrap()
    };
    let before = build(&project.join("issues").join(&id), "before.pdf");
    let assert = bulletin_from(&share).arg("doctor").arg(&project).assert().success();
    let said = stdout(&assert);
    assert!(said.contains("layouts: 14 files, the same as the installed copy"), "{said}");
    assert!(said.contains("fonts: every font matches fonts/SHA256SUMS"), "{said}");

    // A newer package: a larger masthead, a new component; and an edit in the project.
    let theme = share.join("layouts/theme.typ");
    let text = fs::read_to_string(&theme).unwrap();
    assert!(text.contains("#let masthead-size = 48pt"));
    fs::write(&theme, text.replace("#let masthead-size = 48pt", "#let masthead-size = 40pt"))
        .unwrap();
    fs::write(share.join("layouts/components/stamp.typ"), "// new\n").unwrap();
    let main = project.join("layouts/main.typ");
    fs::write(&main, fs::read_to_string(&main).unwrap() + "// the office's note\n").unwrap();

    let after = build(&project.join("issues").join(&id), "after.pdf");
    assert!(before == after, "the project's PDF changed with the installed layouts");
    // The same issue under the installed layouts does look different, so the check can fail.
    copy_dir(&project.join("issues").join(&id), &share.join("issues").join(&id));
    let installed_build = build(&share.join("issues").join(&id), "installed.pdf");
    assert!(installed_build != after, "the changed installed layouts made no difference");

    let assert = bulletin_from(&share).args(["doctor", "--diff"]).arg(&project).assert().success();
    let said = stdout(&assert);
    for line in [
        "layouts: 14 files; differing from the installed copy: 3",
        "  components/stamp.typ: only in the installed copy",
        "  main.typ: changed in this project (lines: 1 only here, 0 only in the installed copy)",
        "  theme.typ: newer in the installed copy (lines: 1 only here, 1 only in the installed copy)",
        "newer layouts or fonts are installed (files changed: 2)",
        "+#let masthead-size = 40pt",
    ] {
        assert!(said.contains(line), "`{line}` missing from:\n{said}");
    }
    let assert =
        bulletin_from(&share).args(["--lang", "zh", "doctor"]).arg(&project).assert().success();
    assert!(stdout(&assert).contains("theme.typ：已安装的副本更新"), "{}", stdout(&assert));

    // A damaged font is found, and the exit code says so.
    fs::write(project.join("fonts/LiberationSerif-Bold.ttf"), b"not a font").unwrap();
    let assert = bulletin_from(&share).arg("doctor").arg(&project).assert().code(1);
    assert!(stdout(&assert).contains("LiberationSerif-Bold.ttf missing or changed"));
    assert!(stderr(&assert).contains("copy them again"), "{}", stderr(&assert));
}

#[test]
fn version_names_the_installed_copy_and_the_project_here() {
    let root = repo_root().canonicalize().unwrap();
    let assert = bulletin().env_remove("BULLETIN_SHARE_DIR").arg("--version").assert().success();
    let said = stdout(&assert);
    assert!(said.starts_with(&format!("bulletin {}\n", env!("CARGO_PKG_VERSION"))), "{said}");
    for line in [
        format!("installed copy: {} (the checkout the program was built in)", root.display()),
        format!("project: {}", root.display()),
        "layouts: 14 files: this project is the installed copy".to_owned(),
        "colour profile: FOGRA39".to_owned(),
    ] {
        assert!(said.contains(&line), "`{line}` missing from:\n{said}");
    }
    let assert = bulletin().args(["--lang", "zh", "--version"]).assert().success();
    assert!(stdout(&assert).contains("色彩特性文件：FOGRA39"), "{}", stdout(&assert));
}

#[test]
fn the_manual_pages_and_completions_cover_every_command() {
    let sandbox = Sandbox::new("manual");
    bulletin().args(["manual", "--out"]).arg(sandbox.path("out")).assert().success();
    let page = fs::read_to_string(sandbox.path("out/man/bulletin.1")).unwrap();
    assert!(page.contains(".TH bulletin 1"), "{page}");
    for command in ["build", "check", "serve", "init", "doctor"] {
        assert!(sandbox.path(&format!("out/man/bulletin-{command}.1")).is_file(), "{command}");
    }
    assert!(!sandbox.path("out/man/bulletin-manual.1").exists(), "the hidden command has a page");
    let bash = fs::read_to_string(sandbox.path("out/completions/bulletin.bash")).unwrap();
    assert!(bash.contains("doctor") && bash.contains("--sample"), "bash completions");
    assert!(sandbox.path("out/completions/_bulletin").is_file());
    assert!(sandbox.path("out/completions/bulletin.fish").is_file());
}

/// Starts `bulletin serve` (as the menu entry does: no folder named) in `cwd` with `home`
/// as the home folder and no desktop; gives its address and its messages, and stops it.
fn serve_from_the_menu(cwd: &Path, home: &Path, share: &Path) -> (String, String) {
    use std::io::{BufRead as _, BufReader};
    let errors = home.join("serve.err");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
        .args(["serve", "--port", "0"])
        .current_dir(cwd)
        .env("HOME", home)
        .env("LANG", "C.UTF-8")
        .env("BULLETIN_SHARE_DIR", share)
        .env_remove("XDG_CONFIG_HOME")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(fs::File::create(&errors).unwrap())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    (first.trim().to_owned(), fs::read_to_string(errors).unwrap())
}

#[test]
fn the_desk_from_the_menu_makes_a_project_on_its_first_start_and_remembers_it() {
    let sandbox = Sandbox::new("desk-menu");
    let share = installed_copy(&sandbox.path("share"));
    // Outside the repository, so that no project lies above the current folder.
    let home = tempfile::tempdir().unwrap();
    let project = home.path().join("电子商务动态");
    let (url, said) = serve_from_the_menu(home.path(), home.path(), &share);
    assert!(url.starts_with("http://127.0.0.1:"), "{url} {said}");
    assert!(said.contains(&format!("desk: made the project {}", project.display())), "{said}");
    assert!(
        project.join("layouts/main.typ").is_file()
            && project.join("issues/publication.toml").is_file()
    );
    let remembered = fs::read_to_string(home.path().join(".config/bulletin/desk.toml")).unwrap();
    assert!(remembered.contains(&project.display().to_string()), "{remembered}");
    // The second start opens the same project, and makes nothing.
    let (url, said) = serve_from_the_menu(home.path(), home.path(), &share);
    assert!(url.starts_with("http://127.0.0.1:"), "{url} {said}");
    assert!(!said.contains("made the project"), "{said}");
    assert!(said.contains(&format!("desk: the project {}", project.display())), "{said}");
}

#[test]
fn the_package_copyright_covers_every_font_and_the_colour_profile() {
    let copyright = fs::read_to_string(repo_root().join("packaging/copyright")).unwrap();
    let patterns: Vec<&str> =
        copyright.lines().filter_map(|line| line.strip_prefix("Files: ")).collect();
    let covered = |path: &str| {
        patterns.iter().any(|pattern| match pattern.split_once('*') {
            Some((head, tail)) => pattern != &"*" && path.starts_with(head) && path.ends_with(tail),
            None => *pattern == path,
        })
    };
    let mut files: Vec<String> = fs::read_dir(repo_root().join("fonts"))
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ttf") || name.ends_with(".otf"))
        .map(|name| format!("usr/share/bulletin/fonts/{name}"))
        .collect();
    assert!(files.len() >= 6, "{files:?}");
    files.push("usr/share/bulletin/color/FOGRA39-bulletin.icc".to_owned());
    for file in &files {
        assert!(covered(file), "{file} has no Files: stanza in packaging/copyright");
    }
    for (stanza, text) in [
        ("\nLicense: OFL-1.1\n -----", " SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007"),
        ("\nLicense: Zlib\n The zlib/libpng License", " 3. This notice may not be removed"),
    ] {
        let (_, rest) = copyright.split_once(stanza).unwrap_or_else(|| panic!("no `{stanza}`"));
        assert!(rest.contains(text), "the licence after `{stanza}` is not whole");
    }
}

#[cfg(unix)]
#[test]
fn the_desk_started_again_for_its_project_opens_the_running_one() {
    use std::io::{BufRead as _, BufReader};
    use std::os::unix::fs::PermissionsExt as _;
    let sandbox = Sandbox::new("desk-again");
    let project = sandbox.project("project", crate::support::Fonts::Linked { except: &[] });
    // A browser that notes the addresses it is asked to open.
    let bin = sandbox.path("bin");
    fs::create_dir_all(&bin).unwrap();
    let opened = sandbox.path("opened.txt");
    let browser = bin.join("xdg-open");
    fs::write(&browser, format!("#!/bin/sh\necho \"$1\" >> '{}'\n", opened.display())).unwrap();
    fs::set_permissions(&browser, fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap_or_default());
    let runtime = sandbox.path("runtime");
    fs::create_dir_all(&runtime).unwrap();
    let start = || {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bulletin"))
            .args(["serve", "--open"])
            .arg(project.join("issues"))
            .env("PATH", &path)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("LANG", "C.UTF-8")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap()).read_line(&mut first).unwrap();
        (child, first.trim().to_owned())
    };
    let (mut first, url) = start();
    let (mut again, same) = start();
    assert_eq!(same, url, "the second start names the running desk");
    let status = again.wait().unwrap();
    assert!(status.success(), "the second start ends at once: {status:?}");
    // Killed, the desk leaves its record behind; the next start finds its process gone.
    first.kill().unwrap();
    first.wait().unwrap();
    let (mut third, other) = start();
    assert!(other.starts_with("http://127.0.0.1:") && other != url, "{other} after {url}");
    // The browser is opened after the address is printed, and runs in the background.
    let lines = || fs::read_to_string(&opened).unwrap_or_default().lines().count();
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while lines() < 3 && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    third.kill().unwrap();
    third.wait().unwrap();
    let opened = fs::read_to_string(&opened).unwrap();
    assert_eq!(opened.lines().collect::<Vec<_>>(), [url.as_str(), url.as_str(), other.as_str()]);
}

#[test]
fn init_and_doctor_say_what_is_missing_and_what_to_do() {
    let sandbox = Sandbox::new("init-missing");
    let empty = sandbox.path("no-share");
    fs::create_dir_all(&empty).unwrap();
    let assert = bulletin_from(&empty).arg("init").arg(sandbox.path("project")).assert().code(2);
    let said = stderr(&assert);
    assert!(said.contains("no installed copy of the layouts and fonts was found"), "{said}");
    assert!(said.contains("set BULLETIN_SHARE_DIR"), "{said}");
    assert!(!sandbox.path("project").exists(), "a project was started without layouts");

    let share = installed_copy(&sandbox.path("share"));
    let assert = bulletin_from(&share)
        .args(["init", "--first", "2026-13"])
        .arg(sandbox.path("project"))
        .assert()
        .code(2);
    assert!(stderr(&assert).contains("`2026-13` is not an issue name"), "{}", stderr(&assert));

    let outside = tempfile::tempdir().unwrap();
    let assert = bulletin_from(&share).arg("doctor").arg(outside.path()).assert().code(2);
    assert!(stderr(&assert).contains("make one with `bulletin init`"), "{}", stderr(&assert));
    let assert =
        bulletin_from(&share).args(["--lang", "zh", "doctor"]).arg(outside.path()).assert().code(2);
    assert!(stderr(&assert).contains("请用 `bulletin init` 新建一个"), "{}", stderr(&assert));
}
