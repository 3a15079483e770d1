//! The issues the benchmark builds: the sample, 24 varied issues derived from it, a
//! synthetic issue ten times its size, and one with a single very long paragraph.

use std::fs;
use std::path::{Path, PathBuf};

use bulletin::issue::load::load_issue;
use bulletin::issue::model::{Block, Date, Issue};
use bulletin::issue::save::issue_toml;

/// Writes `issue` as `<archive>/<id>/issue.toml` next to a copy of the publication file.
fn write_issue(archive: &Path, issue: &Issue, publication: &Path) -> PathBuf {
    let dir = archive.join(&issue.id);
    fs::create_dir_all(&dir).expect("issue folder created");
    fs::copy(publication, archive.join("publication.toml")).expect("publication copied");
    fs::write(dir.join("issue.toml"), issue_toml(issue, None).expect("issue written as TOML"))
        .expect("issue.toml written");
    dir
}

/// The sample issue moved to `year`-`month`: numbers, dates and the folder name follow.
fn moved(sample: &Issue, year: i32, month: u8) -> Issue {
    let mut issue = sample.clone();
    issue.year = year;
    issue.number = u32::from(month);
    issue.running_number = None;
    issue.id = format!("{year:04}-{month:02}");
    issue.date = Date { year, month, day: 10 };
    for section in &mut issue.sections {
        for article in &mut section.articles {
            article.attribution.date =
                Date { year, month, day: article.attribution.date.day.min(9) };
        }
    }
    issue
}

/// 24 monthly issues of 2022 and 2023, each the sample's articles in another order, some
/// with their paragraphs reversed, every paragraph opening with the issue's own words:
/// no two issues typeset alike, and no paragraph is typeset twice.
pub fn archive(root: &Path, sample_dir: &Path) -> Vec<PathBuf> {
    let sample = load_issue(sample_dir).expect("the sample issue loads");
    let archive = root.join("issues");
    let _ = fs::remove_dir_all(&archive);
    let publication = sample_dir.join("..").join("publication.toml");
    (0..24)
        .map(|k| {
            let mut issue = moved(&sample, 2022 + k / 12, u8::try_from(k % 12).unwrap() + 1);
            let turn = usize::try_from(k).unwrap();
            for section in &mut issue.sections {
                let len = section.articles.len();
                section.articles.rotate_left(turn % len);
                for (i, article) in section.articles.iter_mut().enumerate() {
                    if (i + turn) % 3 == 0 {
                        article.paragraphs.reverse();
                    }
                    for block in &mut article.paragraphs {
                        if let Block::Paragraph(paragraph) = block {
                            *paragraph =
                                format!("本刊{}年第{}期讯：{paragraph}", issue.year, issue.number);
                        }
                    }
                }
            }
            write_issue(&archive, &issue, &publication)
        })
        .collect()
}

/// An issue `times` the size of the sample: every article repeated with a numbered title.
pub fn scaled(root: &Path, sample_dir: &Path, times: usize) -> PathBuf {
    let sample = load_issue(sample_dir).expect("the sample issue loads");
    let mut issue = sample.clone();
    for section in &mut issue.sections {
        let originals = section.articles.clone();
        for copy in 2..=times {
            section.articles.extend(originals.iter().cloned().map(|mut article| {
                article.title = format!("{}（{copy}）", article.title);
                article.listed = false;
                article
            }));
        }
    }
    let publication = sample_dir.join("..").join("publication.toml");
    write_issue(&root.join(format!("scaled-{times}")), &issue, &publication)
}

/// An issue of one article whose one paragraph is `chars` Chinese characters without a
/// mark between them (the sample's own, in turn): the line breaker's longest kind of run.
pub fn long_paragraph(root: &Path, sample_dir: &Path, chars: usize) -> PathBuf {
    let sample = load_issue(sample_dir).expect("the sample issue loads");
    let han: Vec<char> = sample
        .articles()
        .flat_map(|article| &article.paragraphs)
        .filter_map(|block| match block {
            Block::Paragraph(text) => Some(text),
            _ => None,
        })
        .flat_map(|text| text.chars())
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .collect();
    let mut issue = moved(&sample, 2023, 9);
    issue.sections.truncate(1);
    let section = &mut issue.sections[0];
    section.articles.truncate(1);
    section.articles[0].paragraphs =
        vec![Block::Paragraph(han.iter().cycle().take(chars).collect())];
    let publication = sample_dir.join("..").join("publication.toml");
    write_issue(&root.join("long-paragraph"), &issue, &publication)
}
