//! What the material does not say: the issue's year, number, date and publication file.
//!
//! They come from the existing output file if there is one, else from the output folder's
//! name (`2023-08`), `--date`, and the latest issue beside it, as `bulletin new` would.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::issue::calendar::{latest_issue, next_issue, parse_id};
use crate::issue::load::{load_issue, load_publication};
use crate::issue::model::{Date, Issue, Publication, Section};

/// The issue-level fields of the file to write.
#[derive(Debug, Clone)]
pub(crate) struct Frame {
    /// The publication file as the issue names it, relative to the issue folder.
    pub publication_file: PathBuf,
    /// The publication settings it holds.
    pub publication: Publication,
    /// Year of the issue.
    pub year: i32,
    /// Number within the year.
    pub number: u32,
    /// Running number, when known.
    pub running_number: Option<u32>,
    /// The issue's date.
    pub date: Date,
    /// The sections of the latest issue, for an issue started from Word files.
    pub sections: Vec<String>,
}

impl Frame {
    /// The issue to be written to `output`, holding `sections`.
    pub(crate) fn issue(self, output: &Path, sections: Vec<Section>) -> Issue {
        Issue {
            publication: self.publication,
            publication_file: self.publication_file,
            id: folder(output)
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default(),
            year: self.year,
            number: self.number,
            running_number: self.running_number,
            date: self.date,
            sections,
        }
    }
}

/// Issue fields read leniently from an existing issue file (which may not pass its checks,
/// such as one just made by `bulletin new`, whose sections have no articles yet).
#[derive(Debug, Clone, Default)]
pub(crate) struct Existing {
    /// `publication = …`.
    pub publication: Option<String>,
    /// `year = …`.
    pub year: Option<i32>,
    /// `number = …`.
    pub number: Option<u32>,
    /// `running_number = …`.
    pub running_number: Option<u32>,
    /// `date = …`.
    pub date: Option<Date>,
    /// How many articles the file holds.
    pub articles: usize,
}

impl Existing {
    /// Reads what it can of `text`; `None` if it is not TOML at all.
    pub(crate) fn read(text: &str) -> Option<Self> {
        let table: toml::Table = text.parse().ok()?;
        let int = |key: &str| table.get(key).and_then(toml::Value::as_integer);
        let date = table.get("date").and_then(toml::Value::as_datetime).and_then(|d| {
            let date = d.date?;
            Some(Date { year: i32::from(date.year), month: date.month, day: date.day })
        });
        let articles = table
            .get("section")
            .and_then(toml::Value::as_array)
            .map(|sections| {
                sections
                    .iter()
                    .filter_map(|s| s.get("article").and_then(toml::Value::as_array))
                    .map(Vec::len)
                    .sum()
            })
            .unwrap_or(0);
        Some(Self {
            publication: table.get("publication").and_then(|v| v.as_str()).map(str::to_owned),
            year: int("year").and_then(|n| i32::try_from(n).ok()),
            number: int("number").and_then(|n| u32::try_from(n).ok()),
            running_number: int("running_number").and_then(|n| u32::try_from(n).ok()),
            date,
            articles,
        })
    }
}

/// The folder the output file goes in (`.` for a bare file name).
pub(crate) fn folder(output: &Path) -> PathBuf {
    match output.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// The folder's name read as an issue id.
fn folder_id(output: &Path) -> Option<(i32, u8)> {
    let folder = folder(output);
    let name = folder.file_name().map(|n| n.to_string_lossy().into_owned()).or_else(|| {
        fs::canonicalize(&folder).ok()?.file_name().map(|n| n.to_string_lossy().into_owned())
    })?;
    parse_id(&name)
}

/// The latest issue (by folder name) among the siblings of the output's folder, not
/// counting the output's own folder.
fn latest_sibling(output: &Path) -> Option<Issue> {
    let folder = folder(output);
    let parent = fs::canonicalize(&folder)
        .ok()
        .and_then(|own| own.parent().map(Path::to_path_buf))
        .or_else(|| {
            let parent = folder.parent()?;
            Some(if parent.as_os_str().is_empty() {
                PathBuf::from(".")
            } else {
                parent.to_path_buf()
            })
        })?;
    let latest = latest_issue(&parent, Some(&folder)).ok()??;
    load_issue(&latest).ok()
}

/// Reads the publication file `name`, relative to the output's folder, with the checks an
/// issue's publication gets.
pub(crate) fn read_publication(output: &Path, name: &str) -> Result<Publication> {
    load_publication(&beside(&folder(output), name))
}

/// `name` relative to `folder`, `..` taken off by hand: the folder may not exist yet.
fn beside(folder: &Path, name: &str) -> PathBuf {
    let mut path = folder.to_path_buf();
    for part in Path::new(name).components() {
        match part {
            std::path::Component::ParentDir
                if matches!(
                    path.components().next_back(),
                    Some(std::path::Component::Normal(_))
                ) =>
            {
                path.pop();
            }
            other => path.push(other),
        }
    }
    path
}

/// Decides the issue fields for `output`, from `existing` (its current content), `date`
/// (`--date`), the folder's name and the latest issue beside it.
pub(crate) fn frame(
    output: &Path,
    date: Option<Date>,
    existing: Option<&Existing>,
) -> Result<Frame> {
    let id = folder_id(output);
    if let (Some((year, month)), Some(date)) = (id, date)
        && (date.year, date.month) != (year, month)
    {
        bail!(
            "--date {date} is not in {year}-{month:02}, the month the folder `{}` is named for",
            folder(output).display()
        );
    }
    let latest = latest_sibling(output);
    let existing = existing.cloned().unwrap_or_default();
    let (year, month) = match (id, date, existing.date) {
        (Some(id), _, _) => id,
        (None, Some(date), _) | (None, None, Some(date)) => (date.year, date.month),
        (None, None, None) => bail!(
            "cannot tell which issue this is: write into a folder named for its month \
             (such as issues/2023-09/issue.toml) or give --date"
        ),
    };
    let next = latest
        .as_ref()
        .map(next_issue)
        .filter(|next| (next.date.year, next.date.month) == (year, month));
    let date = match date.or(existing.date) {
        Some(date) => date,
        None => match &latest {
            Some(latest) => Date { year, month, day: latest.date.day.min(28) },
            None => bail!(
                "the text does not carry the issue's date: give it with --date, such as --date {year}-{month:02}-10"
            ),
        },
    };
    let number =
        existing.number.or(next.as_ref().map(|next| next.number)).unwrap_or(u32::from(month));
    let running_number =
        existing.running_number.or(next.as_ref().and_then(|next| next.running_number));
    let publication_file = match (&existing.publication, &latest) {
        (Some(name), _) => PathBuf::from(name),
        (None, Some(latest)) => latest.publication_file.clone(),
        (None, None) => PathBuf::from("../publication.toml"),
    };
    let publication = read_publication(output, &publication_file.to_string_lossy())?;
    let sections = latest
        .map(|latest| latest.sections.into_iter().map(|s| s.name).collect())
        .unwrap_or_default();
    Ok(Frame {
        publication_file,
        publication,
        year: existing.year.unwrap_or(year),
        number,
        running_number,
        date,
        sections,
    })
}
