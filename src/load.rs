//! Reading an issue folder: `issue.toml` plus the publication file it names.

use std::fs;
use std::path::Path;

use crate::model::{Article, Attribution, Date, Issue, Publication, Section};
use crate::raw::{RawArticle, RawIssue};
use anyhow::{Context, Result, bail};

/// File name of an issue's data inside its folder.
pub const ISSUE_FILE: &str = "issue.toml";

/// Loads the issue in `dir` (a folder holding `issue.toml`).
pub fn load_issue(dir: &Path) -> Result<Issue> {
    let path = dir.join(ISSUE_FILE);
    let raw: RawIssue = read_toml(&path)?;
    let publication_path = dir.join(&raw.publication);
    let publication: Publication = read_toml(&publication_path)
        .with_context(|| format!("the publication file named in `{}`", path.display()))?;
    let id = issue_id(dir)?;
    let date = to_date(&raw.date).with_context(|| format!("`date` in `{}`", path.display()))?;
    let sections = raw
        .sections
        .into_iter()
        .map(|section| {
            let articles = section
                .articles
                .into_iter()
                .map(|article| to_article(article, &path))
                .collect::<Result<_>>()?;
            Ok(Section { name: section.name, articles })
        })
        .collect::<Result<_>>()?;
    Ok(Issue {
        publication,
        publication_file: raw.publication,
        id,
        year: raw.year,
        number: raw.number,
        running_number: raw.running_number,
        date,
        sections,
    })
}

fn to_article(raw: RawArticle, path: &Path) -> Result<Article> {
    let date = to_date(&raw.attribution.date)
        .with_context(|| format!("attribution date of “{}” in `{}`", raw.title, path.display()))?;
    Ok(Article {
        title: raw.title,
        listed: raw.listed,
        paragraphs: raw.paragraphs,
        attribution: Attribution {
            source: raw.attribution.source,
            compiler: raw.attribution.compiler,
            date,
        },
    })
}

/// The issue's identifier: its folder's name.
fn issue_id(dir: &Path) -> Result<String> {
    let dir = fs::canonicalize(dir)
        .with_context(|| format!("failed to open issue folder `{}`", dir.display()))?;
    match dir.file_name().and_then(|name| name.to_str()) {
        Some(name) => Ok(name.to_owned()),
        None => bail!("the issue folder `{}` has no usable name", dir.display()),
    }
}

/// Reads and deserializes a TOML file, naming the file in every error.
fn read_toml<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T> {
    let text =
        fs::read_to_string(path).with_context(|| format!("failed to read `{}`", path.display()))?;
    toml::from_str(&text).with_context(|| format!("failed to parse `{}`", path.display()))
}

/// Converts a TOML date (`2023-08-04`) into the model's date.
fn to_date(value: &toml::value::Datetime) -> Result<Date> {
    match (value.date, value.time, value.offset) {
        (Some(date), None, None) => {
            Ok(Date { year: i32::from(date.year), month: date.month, day: date.day })
        }
        _ => bail!("expected a plain date such as 2023-08-04, found `{value}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn datetime(text: &str) -> toml::value::Datetime {
        text.parse().expect("a TOML datetime")
    }

    #[test]
    fn plain_dates_convert() {
        let date = to_date(&datetime("2023-08-04")).unwrap();
        assert_eq!(date, Date { year: 2023, month: 8, day: 4 });
    }

    #[test]
    fn dates_with_a_time_are_refused() {
        let err = to_date(&datetime("2023-08-04T10:00:00")).unwrap_err();
        assert!(err.to_string().contains("plain date"), "{err}");
        assert!(to_date(&datetime("10:00:00")).is_err());
    }
}
