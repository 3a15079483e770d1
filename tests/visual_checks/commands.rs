//! `bulletin render` and `bulletin diff`, end to end through the binary.

use std::fs;
use std::path::Path;

use bulletin::export::png::{Compression, encode_all, page_file_name, rasterize_all};

use super::guards::one_character_changed;
use crate::support::{Sandbox, bulletin, repo_root, sample_typeset, stdout};

/// A low resolution that keeps the command tests quick; every page still differs visibly.
const QUICK_PPI: &str = "24";

#[test]
fn render_writes_each_page_as_the_typeset_page() {
    let sandbox = Sandbox::new("visual-render");
    let dir = sandbox.path("pages");
    fs::create_dir_all(&dir).unwrap();
    fs::write(dir.join("page-99.png"), b"left by an earlier, longer issue").unwrap();
    fs::write(dir.join("notes.txt"), b"not ours").unwrap();
    let assert = bulletin()
        .args(["render", "issues/2023-08", "--ppi", "36", "-o"])
        .arg(&dir)
        .assert()
        .success();
    let expected = encode_all(&rasterize_all(&sample_typeset().document, 36), Compression::Fast)
        .expect("pages encoded");
    assert!(stdout(&assert).contains(&format!("wrote {} pages", expected.len())));
    for (i, png) in expected.iter().enumerate() {
        let path = dir.join(page_file_name(i + 1, expected.len()));
        let written = fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(&written == png, "{} differs from the typeset page", path.display());
    }
    let decoded = image::load_from_memory(&expected[0]).unwrap();
    assert_eq!((decoded.width(), decoded.height()), (298, 421), "A4 at 36 ppi");
    assert!(!dir.join("page-99.png").exists(), "a stale page image was kept");
    assert!(dir.join("notes.txt").exists(), "a file that is not a page image was removed");
}

#[test]
fn diff_of_an_issue_with_itself_finds_nothing() {
    let sandbox = Sandbox::new("visual-diff-same");
    let report = sandbox.path("report");
    let assert = bulletin()
        .args(["diff", "issues/2023-08", "issues/2023-08", "--ppi", QUICK_PPI, "-o"])
        .arg(&report)
        .assert()
        .code(0);
    let out = stdout(&assert);
    let pages = sample_typeset().document.pages().len();
    assert_eq!(out.matches(": unchanged").count(), pages, "{out}");
    assert!(out.contains("identical"), "{out}");
    assert!(report.join("index.html").is_file());
}

#[test]
fn diff_of_two_issue_folders_names_changed_and_added_pages() {
    let changed = one_character_changed("visual-diff-issues");
    // One more long article at the end of the last section pushes the colophon on.
    let text = fs::read_to_string(changed.issue.join("issue.toml")).unwrap();
    let long = "这是为检验差异报告而添加的文字。".repeat(200);
    let text = format!(
        "{text}\n[[section.article]]\ntitle = \"附加文章\"\nparagraphs = [\"{long}\"]\n\
         attribution = {{ compiler = \"《电子商务动态》编辑部\", date = 2023-08-01 }}\n"
    );
    fs::write(changed.issue.join("issue.toml"), text).unwrap();
    let pages = sample_typeset().document.pages().len();
    let report = changed.issue.parent().unwrap().join("report");
    let assert = bulletin()
        .args(["diff", "issues/2023-08"])
        .arg(&changed.issue)
        .args(["--ppi", QUICK_PPI, "-o"])
        .arg(&report)
        .assert()
        .code(1);
    let out = stdout(&assert);
    let summary: Vec<&str> = out.lines().filter(|l| l.starts_with("page ")).collect();
    let line = |n: usize| summary[n - 1].to_string();
    assert!(line(changed.page).starts_with(&format!("page {:02}: changed (", changed.page)));
    assert!(line(changed.page).ends_with("% of pixels)"), "{out}");
    assert!(line(pages).contains("changed"), "the colophon moved on from the last page: {out}");
    assert!(line(pages + 1).ends_with(": added"), "{out}");
    // Nothing else changed between the two edits.
    for n in (1..pages - 3).filter(|&n| n != changed.page) {
        assert!(line(n).ends_with(": unchanged"), "{out}");
    }
    let added = format!("page-{:02}", pages + 1);
    assert!(report.join(format!("{added}-new.png")).is_file());
    assert!(!report.join(format!("{added}-old.png")).exists());
    let stem = format!("page-{:02}", changed.page);
    for kind in ["old", "new", "diff"] {
        assert!(report.join(format!("{stem}-{kind}.png")).is_file(), "{stem}-{kind}.png");
    }
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains(&format!("{stem}-diff.png")) && html.contains(": added"));

    // The other way round, the extra pages are removed.
    let assert = bulletin()
        .arg("diff")
        .arg(&changed.issue)
        .args(["issues/2023-08", "--ppi", QUICK_PPI, "-o"])
        .arg(&report)
        .assert()
        .code(1);
    assert!(stdout(&assert).contains(&format!("page {:02}: removed", pages + 1)));
    assert!(!report.join(format!("{added}-new.png")).exists(), "images of the earlier report");
}

#[test]
fn diff_of_two_pdfs_names_the_changed_page() {
    let changed = one_character_changed("visual-diff-pdfs");
    let dir = changed.issue.parent().unwrap();
    let (old, new) = (dir.join("old.pdf"), dir.join("new.pdf"));
    bulletin().args(["build", "issues/2023-08", "-o"]).arg(&old).assert().success();
    bulletin().arg("build").arg(&changed.issue).arg("-o").arg(&new).assert().success();
    let report = dir.join("report");
    let diff = |a: &Path, b: &Path| {
        bulletin().arg("diff").args([a, b]).args(["--ppi", QUICK_PPI, "-o"]).arg(&report).assert()
    };
    let out = stdout(&diff(&old, &new).code(1));
    let changed_lines: Vec<&str> = out.lines().filter(|l| l.contains(": changed")).collect();
    assert_eq!(changed_lines.len(), 1, "{out}");
    assert!(changed_lines[0].starts_with(&format!("page {:02}:", changed.page)), "{out}");
    let html = fs::read_to_string(report.join("index.html")).unwrap();
    assert!(html.contains("hayro, from the PDFs"), "PDFs are drawn by hayro");
    diff(&old, &old).code(0);
    // An issue folder against its own PDF: both drawn from PDF, so identical.
    diff(&repo_root().join("issues/2023-08"), &old).code(0);
}

#[test]
fn diff_refuses_what_is_neither_an_issue_nor_a_pdf() {
    let assert = bulletin().args(["diff", "Cargo.toml", "issues/2023-08"]).assert().code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    assert!(stderr.contains("neither an issue folder nor a PDF"), "{stderr}");
}
