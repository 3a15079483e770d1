//! The guard proven: small changes to the data or to the layouts fail the reference check
//! on exactly the pages they touch.

use std::fs;
use std::path::PathBuf;

use bulletin::export::png::rasterize_all;
use bulletin::typeset::engine::{Build, EngineOptions};
use bulletin::typeset::fonts::FontOptions;
use bulletin::typeset::inspect::{page_lines, squeeze};

use super::{REFERENCE_PPI, check_against_references};
use crate::support::{Fonts, Sandbox, repo_root, sample_typeset, typeset_dir, typeset_with};

/// Whether `c` is a CJK unified ideograph.
fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Runs the reference check on `pages`, which must fail, and returns the failing pages.
fn failing_pages(pages: &[image::RgbImage], label: &str) -> Vec<usize> {
    let mismatch = check_against_references(pages, label)
        .expect_err("the changed rendering passed the reference check");
    for file in &mismatch.files {
        assert!(file.is_file(), "{} was not written", file.display());
    }
    eprintln!("{label}: {}", mismatch.message);
    mismatch.page_numbers()
}

/// The sample issue with one character of one article changed, typeset.
pub struct OneCharacterChanged {
    _sandbox: Sandbox,
    /// The changed issue's folder.
    pub issue: PathBuf,
    /// The changed issue, typeset with the repository's layouts.
    pub typeset: Build,
    /// The page on which the change stands.
    pub page: usize,
}

/// Changes one character of an article in the middle of the sample issue.
///
/// An ideograph is swapped for another: all are one em wide, so nothing reflows and
/// only the page holding it may change.
pub fn one_character_changed(label: &str) -> OneCharacterChanged {
    let sample = sample_typeset();
    let article = sample.issue.articles().nth(20).expect("the sample has 42 articles");
    let paragraph = article.paragraphs[0].as_paragraph().expect("a paragraph opens the article");
    let mut chars: Vec<char> = paragraph.chars().collect();
    let at = (30..chars.len() - 6).find(|&i| is_han(chars[i])).expect("an ideograph to change");
    chars[at] = if chars[at] == '中' { '国' } else { '中' };
    let changed: String = chars.iter().collect();
    let path = repo_root().join("issues/2023-08/issue.toml");
    let text = fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(paragraph).count(), 1, "the paragraph is written once");
    let sandbox = Sandbox::new(label).with_publication();
    let issue = sandbox.issue_with_text("2023-08", &text.replace(paragraph, &changed));
    let typeset = typeset_dir(&issue);
    // The page holding the change is the one where the changed words stand.
    let snippet = squeeze(&chars[at - 3..=at + 3].iter().collect::<String>());
    let pages: Vec<usize> = page_lines(&typeset.document)
        .iter()
        .enumerate()
        .filter(|(_, lines)| {
            squeeze(&lines.iter().map(|l| l.text.as_str()).collect::<String>()).contains(&snippet)
        })
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(pages.len(), 1, "“{snippet}” should stand on one page: {pages:?}");
    OneCharacterChanged { _sandbox: sandbox, issue, typeset, page: pages[0] }
}

#[test]
fn a_one_character_change_in_one_article_fails_on_its_page() {
    let changed = one_character_changed("guard-one-character");
    let pages = rasterize_all(&changed.typeset.document, REFERENCE_PPI);
    assert_eq!(failing_pages(&pages, "guard-one-character"), [changed.page]);
}

#[test]
fn a_changed_masthead_colour_fails_on_the_cover_only() {
    let project =
        ScratchProject::new("guard-masthead", "masthead-red", |red| format!("({red}).darken(10%)"));
    let pages = rasterize_all(&project.typeset().document, REFERENCE_PPI);
    assert_eq!(failing_pages(&pages, "guard-masthead"), [1]);
}

#[test]
fn a_moved_footer_fails_on_every_page_with_a_footer() {
    // Half a millimetre, under a pixel and a half at the reference resolution.
    let project = ScratchProject::new("guard-footer", "footer-descent", |descent| {
        format!("{descent} - 0.5mm")
    });
    let pages = rasterize_all(&project.typeset().document, REFERENCE_PPI);
    let with_footer: Vec<usize> = (2..=pages.len()).collect();
    assert_eq!(failing_pages(&pages, "guard-footer"), with_footer);
}

/// A copy of the project's layouts and sample issue in which one design value of
/// layouts/theme.typ is changed; fonts still come from the repository.
pub(super) struct ScratchProject {
    _sandbox: Sandbox,
    root: PathBuf,
}

impl ScratchProject {
    /// Copies the project and rewrites `#let name = value` as `#let name = change(value)`.
    pub(super) fn new(label: &str, name: &str, change: impl FnOnce(&str) -> String) -> Self {
        let sandbox = Sandbox::new(label);
        let root = sandbox.project("project", Fonts::Repository);
        let theme_path = root.join("layouts/theme.typ");
        let theme = fs::read_to_string(&theme_path).unwrap();
        let prefix = format!("#let {name} = ");
        let line = theme
            .lines()
            .find(|line| line.starts_with(&prefix))
            .unwrap_or_else(|| panic!("layouts/theme.typ no longer defines `{name}`"));
        let value = line[prefix.len()..].trim();
        let changed = theme.replacen(line, &format!("{prefix}{}", change(value)), 1);
        fs::write(&theme_path, changed).unwrap();
        Self { _sandbox: sandbox, root }
    }

    /// The sample issue typeset with the changed layouts.
    pub(super) fn typeset(&self) -> Build {
        let options = EngineOptions {
            root: Some(self.root.clone()),
            fonts: FontOptions {
                extra_paths: vec![repo_root().join("fonts")],
                system_fonts: false,
            },
            ..EngineOptions::default()
        };
        typeset_with(&self.root.join("issues/2023-08"), options)
    }
}
