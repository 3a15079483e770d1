//! `bulletin new`: start the next issue from the latest one.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::cli::NewArgs;
use crate::load::{ISSUE_FILE, load_issue};
use crate::model::{Date, Issue};

/// Writes `issues/<id>/issue.toml` for the issue after the latest one, and prints its path.
pub fn run(args: &NewArgs) -> Result<()> {
    if let Some(id) = &args.id
        && args.issues.join(id).exists()
    {
        bail!("`{}` exists already: nothing was written", args.issues.join(id).display());
    }
    let latest_dir = latest_issue(&args.issues)?;
    let latest = load_issue(&latest_dir).with_context(|| {
        format!("the latest issue `{}` must check cleanly first", latest_dir.display())
    })?;
    let next = next_issue(&latest);
    let id = match &args.id {
        Some(id) => id.clone(),
        None => format!("{:04}-{:02}", next.date.year, next.date.month),
    };
    let Some((year, month)) = parse_id(&id) else {
        bail!("`{id}` is not an issue name: write the year and month, such as 2023-09");
    };
    let date = Date { year, month, day: latest.date.day.min(28) };
    if year != next.year {
        bail!(
            "issue {id} would be in {year}, but the issue after {} is 第{}期 of {}",
            latest.id,
            next.number,
            next.year
        );
    }
    let dir = args.issues.join(&id);
    if dir.exists() {
        bail!("`{}` exists already: nothing was written", dir.display());
    }
    fs::create_dir_all(&dir).with_context(|| format!("failed to create `{}`", dir.display()))?;
    let path = dir.join(ISSUE_FILE);
    let text = issue_text(&latest, &next, date);
    crate::export::write::write_atomically(&path, text.as_bytes())?;
    println!("wrote {} ({}年第{}期, from {})", path.display(), next.year, next.number, latest.id);
    Ok(())
}

/// The numbers of the issue after `latest`: 第9期 after 第8期, 第1期 of the next year after 第12期.
pub struct NextIssue {
    /// Year of the next issue.
    pub year: i32,
    /// Its number within the year.
    pub number: u32,
    /// Its running number, when the latest had one.
    pub running_number: Option<u32>,
    /// The first day of its month, for naming.
    pub date: Date,
}

/// Advances year, number and running number by one issue.
pub fn next_issue(latest: &Issue) -> NextIssue {
    let (year, number) =
        if latest.number >= 12 { (latest.year + 1, 1) } else { (latest.year, latest.number + 1) };
    let (date_year, date_month) = if latest.date.month >= 12 {
        (latest.date.year + 1, 1)
    } else {
        (latest.date.year, latest.date.month + 1)
    };
    NextIssue {
        year,
        number,
        running_number: latest.running_number.map(|n| n + 1),
        date: Date { year: date_year, month: date_month, day: 1 },
    }
}

/// The issue folder with the latest year and number under `issues`.
fn latest_issue(issues: &Path) -> Result<PathBuf> {
    let entries = fs::read_dir(issues)
        .with_context(|| format!("failed to read the issues folder `{}`", issues.display()))?;
    let mut folders: Vec<(i32, u8, PathBuf)> = entries
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join(ISSUE_FILE).is_file())
        .filter_map(|entry| {
            let (year, month) = parse_id(&entry.file_name().to_string_lossy())?;
            Some((year, month, entry.path()))
        })
        .collect();
    folders.sort();
    match folders.pop() {
        Some((_, _, path)) => Ok(path),
        None => {
            bail!("`{}` holds no issue folder (such as 2023-08) to start from", issues.display())
        }
    }
}

/// `2023-09` → (2023, 9).
fn parse_id(id: &str) -> Option<(i32, u8)> {
    let (year, month) = id.split_once('-')?;
    let (year, month) = (year.parse().ok()?, month.parse().ok()?);
    (id.len() == 7 && (1..=12).contains(&month)).then_some((year, month))
}

/// The new issue file: the latest issue's sections, no articles, a commented example.
fn issue_text(latest: &Issue, next: &NextIssue, date: Date) -> String {
    let quote = |text: &str| toml::Value::String(text.to_owned()).to_string();
    let mut out = format!(
        "# 《{title}》 {year}年第{number}期\npublication = {publication}\nyear = {year}\nnumber = {number}\n",
        title = latest.publication.title,
        year = next.year,
        number = next.number,
        publication = quote(&latest.publication_file.to_string_lossy()),
    );
    if let Some(running) = next.running_number {
        out += &format!("running_number = {running}\n");
    }
    out += &format!("date = {date}\n");
    for (index, section) in latest.sections.iter().enumerate() {
        out += &format!("\n[[section]]\nname = {}\n", quote(&section.name));
        if index == 0 {
            out += EXAMPLE_ARTICLE;
        }
    }
    out
}

/// Shown under the first section so that an editor sees the format; every line a comment.
const EXAMPLE_ARTICLE: &str = r##"
# Each article of this section starts with [[section.article]]. Remove the "# " to use this one.
# [[section.article]]
# title = "文章标题"
# listed = true          # listed in the cover's contents
# paragraphs = [
#   "第一段。",
#   "第二段。",
# ]
# attribution = { source = "《解放日报》", compiler = "《电子商务动态》编辑部", date = 2023-09-01 }
"##;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Colophon, Profile, Publication, Section};

    fn issue(year: i32, number: u32, month: u8, running_number: Option<u32>) -> Issue {
        Issue {
            publication: Publication {
                title: "电子商务动态".into(),
                publisher: "上海市电子商务和消费促进中心".into(),
                language: "zh".into(),
                region: "CN".into(),
                colophon: Colophon {
                    address: vec!["地址".into()],
                    postcode: "200011".into(),
                    phone: "1".into(),
                },
                profile: Profile::default(),
                pdfx: None,
            },
            publication_file: "../publication.toml".into(),
            id: format!("{year}-{month:02}"),
            year,
            number,
            running_number,
            date: Date { year, month, day: 10 },
            sections: vec![Section { name: "行业资讯".into(), articles: vec![] }],
        }
    }

    #[test]
    fn the_ninth_follows_the_eighth_and_the_first_follows_the_twelfth() {
        let next = next_issue(&issue(2023, 8, 8, Some(185)));
        assert_eq!((next.year, next.number, next.running_number), (2023, 9, Some(186)));
        let next = next_issue(&issue(2023, 12, 12, None));
        assert_eq!((next.year, next.number, next.running_number), (2024, 1, None));
        assert_eq!((next.date.year, next.date.month), (2024, 1));
    }

    #[test]
    fn the_new_file_keeps_the_sections_and_shows_an_example_in_comments() {
        let latest = issue(2023, 8, 8, Some(185));
        let text =
            issue_text(&latest, &next_issue(&latest), Date { year: 2023, month: 9, day: 10 });
        let table: toml::Table = text.parse().expect("valid TOML");
        assert_eq!(table["number"].as_integer(), Some(9));
        assert_eq!(table["running_number"].as_integer(), Some(186));
        let sections = table["section"].as_array().unwrap();
        assert_eq!(sections.len(), 1);
        assert!(sections[0].get("article").is_none(), "articles were carried over");
        assert!(text.contains("# [[section.article]]"));
    }
}
