//! An issue file or an issue folder that is a link to somewhere outside the project is
//! refused by every command that reads an issue, in the same words, and nothing of what
//! lies outside reaches the output.

use std::fs;
use std::path::Path;

use crate::support::{ArticleText, IssueText, Sandbox, run};

/// Lines of a file outside the project; none of them is TOML, so a reader that opened it
/// would quote them in its syntax errors.
const OUTSIDE_FILE: &str = "root:x:0:0:outside-line-one:/root:/bin/bash\n\
                            daemon:x:1:1:outside-line-two:/usr/sbin:/usr/sbin/nologin\n";

/// The title of the only article of the issue outside the project.
const OUTSIDE_TITLE: &str = "只在项目外的标题 outside-title";

/// Runs every command that reads an issue on `issue`: each must refuse it, naming `file`,
/// and show nothing of `outside` (the text of the file the link leads to) nor `marker`.
fn assert_refused_everywhere(
    sandbox: &Sandbox,
    issue: &Path,
    file: &Path,
    outside: &str,
    marker: &str,
) {
    let issue = issue.display().to_string();
    let pdf = sandbox.path("refused.pdf").display().to_string();
    let pages = sandbox.path("refused-pages").display().to_string();
    let commands: [&[&str]; 4] = [
        &["data", &issue],
        &["check", &issue],
        &["build", &issue, "-o", &pdf],
        &["render", &issue, "-o", &pages],
    ];
    let refusal = format!("`{}` leads outside the project folder and is not read", file.display());
    for args in commands {
        let (code, stdout, stderr) = run(args);
        let output = format!("{stdout}{stderr}");
        assert_eq!(code, 1, "{args:?} did not refuse:\n{output}");
        assert!(stderr.contains(&refusal), "{args:?} does not say {refusal:?}:\n{stderr}");
        for line in outside.lines().map(str::trim).filter(|line| !line.is_empty()) {
            assert!(!output.contains(line), "{args:?} showed {line:?} from outside:\n{output}");
        }
        assert!(!output.contains(marker), "{args:?} showed {marker:?} from outside:\n{output}");
    }
    assert!(!Path::new(&pdf).exists(), "a PDF was written");
}

#[test]
fn an_issue_file_linked_to_a_file_outside_the_project_is_refused_by_every_command() {
    let sandbox = Sandbox::new("cli-faults-file-link");
    let outside = tempfile::tempdir().unwrap();
    let target = outside.path().join("passwd");
    fs::write(&target, OUTSIDE_FILE).unwrap();
    let folder = sandbox.path("2023-09");
    fs::create_dir_all(&folder).unwrap();
    let file = folder.join("issue.toml");
    std::os::unix::fs::symlink(&target, &file).unwrap();
    // The issue named by its folder and by its file.
    for issue in [&folder, &file] {
        assert_refused_everywhere(&sandbox, issue, &file, OUTSIDE_FILE, "outside-line-one");
    }
}

#[test]
fn an_issue_folder_linked_to_a_folder_outside_the_project_is_refused_by_every_command() {
    let sandbox = Sandbox::new("cli-faults-folder-link");
    // A whole, valid issue outside, with the publication file beside it as in a project.
    let outside = tempfile::tempdir().unwrap();
    fs::copy(
        crate::support::repo_root().join("issues/publication.toml"),
        outside.path().join("publication.toml"),
    )
    .unwrap();
    let text = IssueText::new()
        .publication("../publication.toml")
        .article(ArticleText::new(OUTSIDE_TITLE))
        .text();
    let real = outside.path().join("2023-09");
    fs::create_dir_all(&real).unwrap();
    fs::write(real.join("issue.toml"), &text).unwrap();
    let folder = sandbox.path("2023-09");
    std::os::unix::fs::symlink(&real, &folder).unwrap();
    let file = folder.join("issue.toml");
    for issue in [&folder, &file] {
        assert_refused_everywhere(&sandbox, issue, &file, &text, OUTSIDE_TITLE);
    }
}
