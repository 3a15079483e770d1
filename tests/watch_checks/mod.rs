//! Rebuilding while watching: one long-lived engine and the `bulletin watch` command.

mod process;
mod session;

use std::path::{Path, PathBuf};

use crate::support::{Fonts, Sandbox, bulletin};

/// The text of a paragraph of the sample issue that the edits change.
const PARAGRAPH_TEXT: &str = "活跃主播数超270万人";

/// A project of its own in a sandbox: copies of issues/ and layouts/, and fonts/ holding
/// links to the repository's font files (except those named in `without`).
fn project(name: &str, without: &[&str]) -> (Sandbox, PathBuf) {
    let sandbox = Sandbox::new(name);
    let root = sandbox.project(".", Fonts::Linked { except: without });
    (sandbox, root.join("issues/2023-08"))
}

/// Rewrites one paragraph of the issue in `issue_dir`, giving it the number `n`.
fn edit_paragraph(issue_dir: &Path, n: usize) {
    let path = issue_dir.join("issue.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text.find("活跃主播数超").expect("the paragraph to edit is in the issue");
    let end = start + text[start..].find('。').unwrap();
    let edited = format!("{}活跃主播数超{}万人{}", &text[..start], 270 + n, &text[end..]);
    std::fs::write(&path, edited).unwrap();
}

/// Replaces `from` with `to` in the file at `path`, which must contain it.
fn replace_in(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{from} is not in {}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// The PDF `bulletin build` writes for `issue_dir` with the extra `options`.
fn fresh_build(sandbox: &Sandbox, issue_dir: &Path, options: &[&str]) -> Vec<u8> {
    let output = sandbox.path("fresh.pdf");
    bulletin().arg("build").arg(issue_dir).arg("-o").arg(&output).args(options).assert().success();
    std::fs::read(&output).unwrap()
}
