//! Whole-archive builds: every issue in parallel, failures kept to their issue, a summary.

use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Sandbox, run};

/// A small issue `2023-<month>` inside `archive`, with `extra` lines after the date.
fn issue(archive: &Path, month: u32, extra: &str) -> PathBuf {
    let publication = crate::support::repo_root().join("issues/publication.toml");
    let text = format!(
        "publication = {publication:?}\nyear = 2023\nnumber = {month}\ndate = 2023-{month:02}-10\n\
         {extra}\n[[section]]\nname = \"行业资讯\"\n\n[[section.article]]\ntitle = \"第{month}期的文章\"\n\
         listed = true\nparagraphs = [\"本期第一段，共{month}个字。\"]\n\
         attribution = {{ compiler = \"《电子商务动态》编辑部\", date = 2023-{month:02}-01 }}\n"
    );
    let dir = archive.join(format!("2023-{month:02}"));
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("issue.toml"), text).unwrap();
    dir
}

#[test]
fn an_archive_builds_every_issue_and_names_the_failures() {
    let sandbox = Sandbox::new("archive-build");
    let archive = sandbox.path("issues");
    let september = issue(&archive, 9, "");
    let october = issue(&archive, 10, "");
    let broken = issue(&archive, 11, "colour = \"red\"");
    let out = sandbox.path("out");
    fs::create_dir_all(&out).unwrap();
    let build = Path::new("build");
    let (code, stdout, stderr) =
        run(&[build, &archive, Path::new("--out-dir"), &out, Path::new("--jobs"), Path::new("2")]);
    assert_eq!(code, 1, "{stdout}\n{stderr}");
    assert!(stdout.contains("[3/3] "), "a line for each issue: {stdout}");
    assert!(stdout.contains("built 2 of 3 issues in "), "{stdout}");
    assert!(stdout.contains("(2 at a time); 1 failed:"), "{stdout}");
    assert!(stdout.contains(&format!("failed {}", broken.display())), "{stdout}");
    assert!(stdout.contains("unknown key `colour`"), "the reason is given: {stdout}");
    assert!(stdout.contains("2023-11/issue.toml:5:1"), "the place is given: {stdout}");
    assert!(!stdout.contains('\x1b'), "no terminal codes when not on a terminal: {stdout}");
    assert!(stderr.contains("1 of 3 issues failed"), "{stderr}");
    assert!(!out.join("2023-11.pdf").exists(), "nothing written for the broken issue");

    // Built side by side, each PDF is the one a build of that issue alone gives.
    for dir in [&september, &october] {
        let name = format!("{}.pdf", dir.file_name().unwrap().to_str().unwrap());
        let alone = sandbox.path(&format!("alone-{name}"));
        let (code, _, stderr) = run(&[build, dir, Path::new("-o"), &alone]);
        assert_eq!(code, 0, "{stderr}");
        assert!(fs::read(out.join(&name)).unwrap() == fs::read(&alone).unwrap(), "{name} differs");
    }

    issue(&archive, 11, "");
    let (code, stdout, stderr) = run(&[build, &archive, Path::new("--out-dir"), &out]);
    assert_eq!(code, 0, "{stdout}\n{stderr}");
    assert!(stdout.contains("built 3 of 3 issues in "), "{stdout}");
    assert!(out.join("2023-11.pdf").exists());
}

#[test]
fn several_issues_take_an_output_folder_not_a_file() {
    let sandbox = Sandbox::new("archive-output");
    let archive = sandbox.path("issues");
    issue(&archive, 9, "");
    let (code, _, stderr) =
        run(&[Path::new("build"), &archive, Path::new("-o"), &sandbox.path("one.pdf")]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("for several issues give the folder with --out-dir"), "{stderr}");
}

#[test]
fn a_folder_without_issues_is_refused() {
    let sandbox = Sandbox::new("archive-empty");
    let empty = sandbox.path("nothing");
    fs::create_dir_all(&empty).unwrap();
    let (code, _, stderr) = run(&[Path::new("build"), &empty]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("holds no issue.toml and no issue folders"), "{stderr}");
}
