//! The calendar of issues: folder names (`2023-08`), the issue after the latest one, and
//! dates as editors type them.

use std::fs;
use std::path::{Path, PathBuf};

use crate::issue::model::{Date, Issue};

/// File name of an issue's data inside its folder.
pub const ISSUE_FILE: &str = "issue.toml";

/// `2023-09` → (2023, 9): the year and month an issue folder's name stands for.
pub(crate) fn parse_id(id: &str) -> Option<(i32, u8)> {
    let (year, month) = id.split_once('-')?;
    if id.len() != 7 || year.len() != 4 || !id.is_ascii() {
        return None;
    }
    let (year, month) = (year.parse().ok()?, month.parse().ok()?);
    (1..=12).contains(&month).then_some((year, month))
}

/// The folder name of the issue of `year`-`month`: `2023-09`.
pub(crate) fn folder_id(year: i32, month: u8) -> String {
    format!("{year:04}-{month:02}")
}

/// `2023-08-10` → a date of the calendar (for `--date` and the desk).
pub(crate) fn parse_date(text: &str) -> Result<Date, String> {
    let parts: Vec<&str> = text.split('-').collect();
    let date = match parts.as_slice() {
        [year, month, day] if year.len() == 4 && month.len() == 2 && day.len() == 2 => {
            match (year.parse(), month.parse(), day.parse()) {
                (Ok(year), Ok(month), Ok(day)) => Some(Date { year, month, day }),
                _ => None,
            }
        }
        _ => None,
    };
    date.filter(Date::is_valid).ok_or_else(|| format!("`{text}` is not a date such as 2023-08-10"))
}

/// The numbers of the issue after another: 第9期 after 第8期, 第1期 of the next year
/// after 第12期.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct NextIssue {
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
pub(crate) fn next_issue(latest: &Issue) -> NextIssue {
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

/// The issue folders in `archive` (subfolders named like `2023-08` holding an issue.toml),
/// latest first.
pub(crate) fn issue_folders(archive: &Path) -> std::io::Result<Vec<((i32, u8), PathBuf)>> {
    let mut folders: Vec<((i32, u8), PathBuf)> = fs::read_dir(archive)?
        .filter_map(|entry| entry.ok())
        .filter(|entry| entry.path().join(ISSUE_FILE).is_file())
        .filter_map(|entry| Some((parse_id(&entry.file_name().to_string_lossy())?, entry.path())))
        .collect();
    folders.sort();
    folders.reverse();
    Ok(folders)
}

/// The latest issue folder in `archive`, leaving `except` out (an issue being written).
pub(crate) fn latest_issue(
    archive: &Path,
    except: Option<&Path>,
) -> std::io::Result<Option<PathBuf>> {
    let except = except.and_then(|path| fs::canonicalize(path).ok());
    Ok(issue_folders(archive)?
        .into_iter()
        .map(|(_, path)| path)
        .find(|path| except.is_none() || fs::canonicalize(path).ok() != except))
}

/// A moment in RFC 3339 with the local offset, to the second: how saves, versions,
/// exports and accounts are dated.
pub(crate) fn rfc3339(time: std::time::SystemTime) -> String {
    chrono::DateTime::<chrono::Local>::from(time)
        .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

/// Now, as [`rfc3339`] writes it.
pub(crate) fn now() -> String {
    rfc3339(std::time::SystemTime::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_year_and_month() {
        assert_eq!(parse_id("2023-09"), Some((2023, 9)));
        assert_eq!(folder_id(2023, 9), "2023-09");
        for bad in ["2023-13", "2023-9", "23-09", "2023_09", "２０２３-09", "2023-00"] {
            assert_eq!(parse_id(bad), None, "{bad}");
        }
    }

    #[test]
    fn dates_must_be_days_of_the_calendar() {
        assert_eq!(parse_date("2023-08-10"), Ok(Date { year: 2023, month: 8, day: 10 }));
        assert!(parse_date("2023-02-30").is_err());
        assert!(parse_date("2023-8-10").is_err());
    }

    #[test]
    fn the_latest_folder_comes_first() {
        let temp = tempfile::tempdir().unwrap();
        for id in ["2023-08", "2023-10", "2023-09", "notes"] {
            fs::create_dir(temp.path().join(id)).unwrap();
            fs::write(temp.path().join(id).join(ISSUE_FILE), "").unwrap();
        }
        let latest = latest_issue(temp.path(), None).unwrap().unwrap();
        assert!(latest.ends_with("2023-10"));
        let before = latest_issue(temp.path(), Some(&latest)).unwrap().unwrap();
        assert!(before.ends_with("2023-09"));
    }
}
