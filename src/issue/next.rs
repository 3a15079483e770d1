//! Starting the next issue from the latest one: numbers advanced, the same sections, no
//! articles, a commented example article to show the format.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

use crate::diag::{Text, TextContext};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::calendar::{folder_id, latest_issue, next_issue, parse_id};
use crate::issue::load::load_issue;
use crate::issue::model::{Date, Issue, Section};
use crate::issue::save::new_issue_toml;

/// The issue file a new issue was started in, and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Started {
    /// The new `issue.toml`.
    pub path: PathBuf,
    /// The new issue's folder name (`2023-09`).
    pub id: String,
    /// Its year.
    pub year: i32,
    /// Its number within the year.
    pub number: u32,
    /// The folder name of the issue it was started from.
    pub from: String,
}

/// Writes `<archive>/<id>/issue.toml` for the issue after the latest one in `archive`;
/// `id` is the new folder's name, by default the month after the latest issue's.
///
/// Nothing is overwritten: an existing folder is an error.
pub(crate) fn start_next_issue(archive: &Path, id: Option<&str>) -> Result<Started> {
    if let Some(id) = id
        && archive.join(id).exists()
    {
        bail!(Text::new("new-exists").arg("path", archive.join(id).display().to_string()));
    }
    let latest_dir = latest_issue(archive, None)
        .text_context(|| {
            Text::new("new-issues-unreadable").arg("dir", archive.display().to_string())
        })?
        .ok_or_else(|| Text::new("new-no-latest").arg("dir", archive.display().to_string()))?;
    let latest = load_issue(&latest_dir).text_context(|| {
        Text::new("new-latest-unclean").arg("dir", latest_dir.display().to_string())
    })?;
    let next = next_issue(&latest);
    let id = match id {
        Some(id) => id.to_owned(),
        None => folder_id(next.date.year, next.date.month),
    };
    let Some((year, month)) = parse_id(&id) else {
        bail!(Text::new("issue-name-invalid").arg("id", id.as_str()));
    };
    if year != next.year {
        bail!(
            Text::new("new-wrong-year")
                .arg("id", id.as_str())
                .arg("year", year.to_string())
                .arg("latest", latest.id.as_str())
                .arg("number", next.number.to_string())
                .arg("next", next.year.to_string())
        );
    }
    let dir = archive.join(&id);
    if dir.exists() {
        bail!(Text::new("new-exists").arg("path", dir.display().to_string()));
    }
    let issue = Issue {
        id: id.clone(),
        year: next.year,
        number: next.number,
        running_number: next.running_number,
        date: Date { year, month, day: latest.date.day.min(28) },
        sections: latest
            .sections
            .iter()
            .map(|section| Section { name: section.name.clone(), articles: Vec::new() })
            .collect(),
        ..latest.clone()
    };
    fs::create_dir_all(&dir)
        .text_context(|| Text::new("create-failed").arg("path", dir.display().to_string()))?;
    let path = dir.join(ISSUE_FILE);
    let text = new_issue_toml(&issue, EXAMPLE_ARTICLE);
    crate::issue::files::write_atomically(&path, text.as_bytes())?;
    Ok(Started { path, id, year: issue.year, number: issue.number, from: latest.id })
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

    fn archive_with(latest: &str) -> tempfile::TempDir {
        let temp = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        fs::copy(root.join("issues/publication.toml"), temp.path().join("publication.toml"))
            .unwrap();
        fs::create_dir(temp.path().join("2023-08")).unwrap();
        fs::write(temp.path().join("2023-08").join(ISSUE_FILE), latest).unwrap();
        temp
    }

    const LATEST: &str = "publication = \"../publication.toml\"\nyear = 2023\nnumber = 8\n\
        running_number = 185\ndate = 2023-08-10\n\n[[section]]\nname = \"行业资讯\"\n\n\
        [[section.article]]\ntitle = \"甲\"\nparagraphs = [\"一。\"]\n\
        attribution = { compiler = \"编辑部\", date = 2023-08-01 }\n\n[[section]]\nname = \"政策法规\"\n\n\
        [[section.article]]\ntitle = \"乙\"\nparagraphs = [\"二。\"]\n\
        attribution = { compiler = \"编辑部\", date = 2023-08-01 }\n";

    #[test]
    fn the_new_file_keeps_the_sections_and_shows_an_example_in_comments() {
        let archive = archive_with(LATEST);
        let started = start_next_issue(archive.path(), None).unwrap();
        assert_eq!(
            (started.id.as_str(), started.number, started.from.as_str()),
            ("2023-09", 9, "2023-08")
        );
        let text = fs::read_to_string(&started.path).unwrap();
        let table: toml::Table = text.parse().expect("valid TOML");
        assert_eq!(table["number"].as_integer(), Some(9));
        assert_eq!(table["running_number"].as_integer(), Some(186));
        assert_eq!(table["date"].to_string(), "2023-09-10");
        let sections = table["section"].as_array().unwrap();
        assert_eq!(sections.len(), 2);
        assert!(sections.iter().all(|s| s.get("article").is_none()), "articles were carried over");
        let example = text.find("# [[section.article]]").expect("the example is there");
        assert!(
            example < text.find("name = \"政策法规\"").unwrap(),
            "the example is under the first section"
        );
        let again = start_next_issue(archive.path(), Some("2023-09")).unwrap_err().to_string();
        assert!(again.contains("exists already"), "{again}");
    }

    #[test]
    fn the_ninth_follows_the_eighth_and_the_first_follows_the_twelfth() {
        let archive = archive_with(&LATEST.replace("number = 8", "number = 12"));
        let err = start_next_issue(archive.path(), Some("2023-09")).unwrap_err().to_string();
        assert!(err.contains("第1期 of 2024"), "{err}");
    }
}
