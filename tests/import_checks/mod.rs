//! `bulletin import`: the reference export gives back the sample issue, fixtures give their
//! expected files and messages, Word files are appended to a section of an issue.

mod limits;
mod shapes;
mod word;

use std::fs;
use std::path::Path;

use bulletin::import::spacing::squeeze;
use bulletin::issue::load::load_issue;

use crate::support::{Sandbox, assert_matches_file, bulletin, copy_dir, repo_root, stderr};

const REFERENCE: &str = "tests/fixtures/reference-2023-08.txt";
const FIXTURES: &str = "tests/fixtures/import";

#[test]
fn the_sample_written_back_is_the_committed_file_byte_for_byte() {
    let committed = fs::read_to_string(repo_root().join("issues/2023-08/issue.toml")).unwrap();
    let issue = load_issue(&repo_root().join("issues/2023-08")).unwrap();
    assert_eq!(bulletin::issue::save::issue_toml(&issue, None).unwrap(), committed);
}

#[test]
fn importing_the_reference_over_the_sample_gives_it_back_byte_for_byte() {
    let sandbox = Sandbox::new("import-regenerate").with_publication();
    let committed = fs::read(repo_root().join("issues/2023-08/issue.toml")).unwrap();
    let target = sandbox.path("2023-08/issue.toml");
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::write(&target, &committed).unwrap();
    // Without --force an issue with articles is not replaced.
    let refused = bulletin().args(["import", REFERENCE, "-o"]).arg(&target).assert().code(2);
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(fs::read(&target).unwrap(), committed);
    let assert =
        bulletin().args(["import", REFERENCE, "--force", "-o"]).arg(&target).assert().success();
    let stdout = String::from_utf8_lossy(&assert.get_output().stdout).into_owned();
    assert!(stdout.contains("42 articles in 4 sections, 16 listed"), "{stdout}");
    // Only the one space no rule can see is taken from the file replaced (see below).
    let notes: Vec<String> = stderr(&assert).lines().map(str::to_owned).collect();
    assert_eq!(
        notes,
        [
            "note: spacing kept from the file replaced: “为行业注入新动力 2024上海全球电商产业博览会将于明年2月举行”"
        ]
    );
    assert_eq!(fs::read(&target).unwrap(), committed, "the regenerated sample differs");
    let reread = load_issue(target.parent().unwrap()).unwrap();
    let sample = load_issue(&repo_root().join("issues/2023-08")).unwrap();
    assert_eq!(reread.sections, sample.sections);
    assert_eq!(
        (reread.year, reread.number, reread.date),
        (sample.year, sample.number, sample.date)
    );
}

#[test]
fn the_reference_alone_gives_the_sample_but_for_one_space_no_rule_can_see() {
    let sandbox = Sandbox::new("import-reference").with_publication();
    let target = sandbox.path("2023-08/issue.toml");
    bulletin()
        .args(["import", REFERENCE, "--date", "2023-08-10", "-o"])
        .arg(&target)
        .assert()
        .success();
    let imported = load_issue(target.parent().unwrap()).unwrap();
    let sample = load_issue(&repo_root().join("issues/2023-08")).unwrap();
    assert_eq!(
        (imported.year, imported.number, imported.date),
        (sample.year, sample.number, sample.date)
    );
    assert_eq!(imported.running_number, sample.running_number);
    let names = |issue: &bulletin::issue::model::Issue| -> Vec<String> {
        issue.sections.iter().map(|s| s.name.clone()).collect()
    };
    assert_eq!(names(&imported), names(&sample));
    assert_eq!(imported.articles().count(), 42);
    let mut differing_titles = Vec::new();
    for (got, want) in imported.articles().zip(sample.articles()) {
        assert_eq!(got.paragraphs, want.paragraphs, "paragraphs of “{}”", want.title);
        assert_eq!(got.attribution, want.attribution, "attribution of “{}”", want.title);
        assert_eq!(got.listed, want.listed, "listed flag of “{}”", want.title);
        if got.title != want.title {
            differing_titles.push((got.title.clone(), want.title.clone()));
        }
    }
    // The export sets every figure between Chinese apart with spaces, so it cannot show that
    // the space before “2024” in this headline is the editor's; the committed file keeps it,
    // and importing over the file keeps it (the test above). Every other title is exact.
    assert_eq!(differing_titles.len(), 1, "{differing_titles:?}");
    let (got, want) = &differing_titles[0];
    assert_eq!(squeeze(got), squeeze(want));
    assert_eq!(want.replacen("动力 2024", "动力2024", 1), *got);
}

#[test]
fn wrapped_titles_footers_gaps_and_run_on_attributions_give_the_expected_file() {
    let sandbox = Sandbox::new("import-wrapped").with_publication();
    let target = sandbox.path("2023-09/issue.toml");
    let fixture = format!("{FIXTURES}/wrapped.txt");
    let assert = bulletin()
        .args(["import", &fixture, "--date", "2023-09-10", "-o"])
        .arg(&target)
        .assert()
        .success();
    assert_eq!(stderr(&assert), "", "no warnings expected");
    let written = fs::read_to_string(&target).unwrap();
    assert_matches_file(&written, &format!("{FIXTURES}/wrapped.expected.toml"));
    // It passes the loader's checks.
    let issue = load_issue(target.parent().unwrap()).unwrap();
    assert_eq!(issue.articles().filter(|a| a.listed).count(), 2);
}

#[test]
fn unplaceable_lines_are_reported_with_file_and_line_and_nothing_is_written() {
    let sandbox = Sandbox::new("import-unplaceable").with_publication();
    let target = sandbox.path("2023-09/issue.toml");
    let fixture = format!("{FIXTURES}/unplaceable.txt");
    let assert = bulletin()
        .args(["import", &fixture, "--date", "2023-09-10", "-o"])
        .arg(&target)
        .assert()
        .code(1);
    let stderr = stderr(&assert);
    for place in [":1:1", ":6:1", ":14:1", ":17:2"] {
        assert!(stderr.contains(&format!("{fixture}{place}")), "{place} not reported:\n{stderr}");
    }
    assert_matches_file(&stderr, &format!("{FIXTURES}/unplaceable.expected.txt"));
    assert!(!target.parent().unwrap().exists(), "something was written");
}

#[test]
fn a_colophon_that_differs_from_the_publication_is_a_warning() {
    let sandbox = Sandbox::new("import-colophon").with_publication();
    let text = fs::read_to_string(repo_root().join(FIXTURES).join("wrapped.txt")).unwrap();
    let changed = text.replace("电话：021-63685517", "电话：021-00000000");
    assert_ne!(changed, text);
    let source = sandbox.path("moved.txt");
    fs::write(&source, changed).unwrap();
    let target = sandbox.path("2023-09/issue.toml");
    let assert = bulletin()
        .args(["import", "--date", "2023-09-10", "-o"])
        .arg(&target)
        .arg(&source)
        .assert()
        .success();
    let stderr = stderr(&assert);
    assert!(stderr.contains("warning: the colophon's phone reads “021-00000000”"), "{stderr}");
    assert!(target.is_file());
}

#[test]
fn a_text_export_needs_its_date_and_refuses_section() {
    let sandbox = Sandbox::new("import-date").with_publication();
    let target = sandbox.path("2023-09/issue.toml");
    let fixture = format!("{FIXTURES}/wrapped.txt");
    let assert = bulletin().args(["import", &fixture, "-o"]).arg(&target).assert().code(2);
    assert!(stderr(&assert).contains("--date"), "{}", stderr(&assert));
    let assert = bulletin()
        .args(["import", &fixture, "--date", "2023-10-10", "-o"])
        .arg(&target)
        .assert()
        .code(2);
    assert!(stderr(&assert).contains("is not in 2023-09"), "{}", stderr(&assert));
    let assert = bulletin()
        .args(["import", &fixture, "--date", "2023-09-10", "--section", "行业资讯", "-o"])
        .arg(&target)
        .assert()
        .code(2);
    assert!(stderr(&assert).contains("--section is for .docx files"), "{}", stderr(&assert));
    assert!(!target.parent().unwrap().exists());
}

/// An issue folder `2023-08` (the sample) and `2023-09` made by `bulletin new`, in `sandbox`.
fn issue_made_by_new(sandbox: &Sandbox) -> std::path::PathBuf {
    copy_dir(&repo_root().join("issues/2023-08"), &sandbox.path("2023-08"));
    bulletin().args(["new", "--issues"]).arg(sandbox.path("")).assert().success();
    let made = sandbox.path("2023-09/issue.toml");
    assert!(made.is_file(), "bulletin new made no 2023-09");
    made
}

fn read_table(path: &Path) -> toml::Table {
    fs::read_to_string(path).unwrap().parse().unwrap()
}

#[test]
fn a_text_export_fills_an_issue_made_by_new_without_force() {
    let sandbox = Sandbox::new("import-over-new").with_publication();
    let target = issue_made_by_new(&sandbox);
    let fixture = format!("{FIXTURES}/wrapped.txt");
    bulletin().args(["import", &fixture, "-o"]).arg(&target).assert().success();
    let issue = load_issue(target.parent().unwrap()).unwrap();
    // The date `new` chose is kept: no --date needed.
    assert_eq!(issue.date.to_string(), "2023-09-10");
    assert_eq!(issue.articles().count(), 3);
}
