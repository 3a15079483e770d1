//! `bulletin init`: a new project, its layouts and fonts copied from the installed copy,
//! the publication's settings and a first issue to fill.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use toml_edit::{DocumentMut, Item, Value};

use crate::diag::{Text, TextContext};
use crate::install::installed::{Found, Installed};
use crate::install::record::{RECORD_FILE, Record};
use crate::install::tree;
use crate::issue::calendar::{ISSUE_FILE, folder_id, issue_folders};

/// The first issue's text before its year, number and dates are filled in.
const FIRST_ISSUE: &str = include_str!("first-issue.toml");

/// What a new project gets, besides its layouts and fonts.
#[derive(Debug, Clone)]
pub struct InitOptions {
    /// The folder to make the project in; made if missing.
    pub dir: PathBuf,
    /// The month of the first issue: `(2026, 12)`.
    pub month: (i32, u8),
    /// The day the project is made, for the record: `2026-12-05`.
    pub today: String,
    /// Also copy the installed sample issue, for trying the tools on a real issue.
    pub sample: bool,
}

/// The project made.
#[derive(Debug, Clone)]
pub struct Made {
    /// The project folder, canonical.
    pub root: PathBuf,
    /// The first issue's year and month.
    pub month: (i32, u8),
    /// The first issue's folder name, `2026-12`.
    pub first_issue: String,
    /// The sample issue's folder name, when it was copied.
    pub sample: Option<String>,
}

/// The names a project holds; none of them may exist before `init`.
const PROJECT_NAMES: [&str; 4] = ["layouts", "fonts", "issues", RECORD_FILE];

/// Makes a project in `options.dir` from `installed`. Nothing is overwritten, and on
/// failure nothing is left behind: the project is put together in a hidden folder inside
/// `dir` and moved into place whole.
pub fn init(installed: &Installed, options: &InitOptions) -> Result<Made> {
    let dir = &options.dir;
    fs::create_dir_all(dir)
        .text_context(|| Text::new("folder-unmakeable").arg("dir", dir.display().to_string()))?;
    let root = dir
        .canonicalize()
        .text_context(|| Text::new("path-unopenable").arg("path", dir.display().to_string()))?;
    let taken: Vec<&str> = PROJECT_NAMES
        .into_iter()
        .filter(|name| root.join(name).symlink_metadata().is_ok())
        .collect();
    if !taken.is_empty() {
        bail!(
            Text::new("init-taken")
                .arg("dir", root.display().to_string())
                .arg("taken", taken.join(", "))
                .arg("record", RECORD_FILE)
        );
    }
    // A checkout's own target/ may hold test projects; a package's folder may not.
    if installed.found != Found::Checkout && root.starts_with(&installed.dir) {
        bail!(
            Text::new("init-inside-installed")
                .arg("dir", root.display().to_string())
                .arg("installed", installed.dir.display().to_string())
        );
    }
    let staging = tempfile::Builder::new()
        .prefix(".bulletin-init-")
        .tempdir_in(&root)
        .text_context(|| Text::new("write-in-failed").arg("dir", root.display().to_string()))?;
    let (first_issue, sample) = assemble(installed, options, staging.path())?;
    move_into_place(staging.path(), &root)?;
    Ok(Made { root, month: options.month, first_issue, sample })
}

/// Writes the whole project into `into`; gives the first issue's and the sample's names.
fn assemble(
    installed: &Installed,
    options: &InitOptions,
    into: &Path,
) -> Result<(String, Option<String>)> {
    let copy = |from: &Path, name: &str| -> Result<Vec<(String, String)>> {
        tree::copy(from, &into.join(name))
            .text_context(|| Text::new("init-copy-failed").arg("path", from.display().to_string()))
    };
    let mut files = BTreeMap::new();
    for (from, name) in [(installed.layouts(), "layouts"), (installed.fonts(), "fonts")] {
        for (relative, fingerprint) in copy(&from, name)? {
            files.insert(format!("{name}/{relative}"), fingerprint);
        }
    }
    let issues = into.join("issues");
    fs::create_dir_all(&issues)?;
    fs::copy(installed.publication(), issues.join("publication.toml")).with_context(|| {
        format!("failed to copy the publication settings `{}`", installed.publication().display())
    })?;
    let (year, month) = options.month;
    let first_issue = folder_id(year, month);
    fs::create_dir_all(issues.join(&first_issue))?;
    fs::write(issues.join(&first_issue).join(ISSUE_FILE), first_issue_toml(year, month)?)?;
    let sample = if options.sample {
        let installed_issues = installed.dir.join("issues");
        let (_, folder) = issue_folders(&installed_issues)
            .ok()
            .and_then(|folders| folders.into_iter().next())
            .with_context(|| {
                format!("the installed copy `{}` holds no sample issue", installed_issues.display())
            })?;
        let name = folder.file_name().unwrap_or_default().to_string_lossy().into_owned();
        if name == first_issue {
            bail!(Text::new("init-sample-month").arg("name", name.to_string()));
        }
        copy(&folder, &format!("issues/{name}"))?;
        Some(name)
    } else {
        None
    };
    let record = Record {
        made_by: format!("bulletin {}", env!("CARGO_PKG_VERSION")),
        made_on: options.today.clone(),
        copied_from: installed.dir.display().to_string(),
        files,
    };
    fs::write(into.join(RECORD_FILE), record.to_toml()?)?;
    Ok((first_issue, sample))
}

/// Moves each of the project's names from `staging` into `root`; if one move fails, the
/// ones already moved go back, so the folder is as it was.
fn move_into_place(staging: &Path, root: &Path) -> Result<()> {
    let mut moved = Vec::new();
    for name in PROJECT_NAMES {
        if let Err(err) = fs::rename(staging.join(name), root.join(name)) {
            for name in moved.into_iter().rev() {
                let _ = fs::rename(root.join(name), staging.join(name));
            }
            return Err(err).text_context(|| {
                Text::new("file-unwritable").arg("path", root.join(name).display().to_string())
            });
        }
        moved.push(name);
    }
    Ok(())
}

/// The first issue's `issue.toml`: issue `month` of `year` (a monthly bulletin's number is
/// its month), dated the 10th, its example articles compiled on the 1st.
fn first_issue_toml(year: i32, month: u8) -> Result<String> {
    let mut document: DocumentMut = FIRST_ISSUE.parse().context("the first issue's template")?;
    let date = |day: u8| -> Result<Value> {
        Ok(Value::from(
            format!("{}-{day:02}", folder_id(year, month)).parse::<toml_edit::Datetime>()?,
        ))
    };
    keep_decor(&mut document["year"], Value::from(i64::from(year)));
    keep_decor(&mut document["number"], Value::from(i64::from(month)));
    keep_decor(&mut document["date"], date(10)?);
    let first = date(1)?;
    if let Some(sections) = document["section"].as_array_of_tables_mut() {
        for section in sections.iter_mut() {
            let Some(articles) = section.get_mut("article").and_then(Item::as_array_of_tables_mut)
            else {
                continue;
            };
            for article in articles.iter_mut() {
                if let Some(attribution) =
                    article.get_mut("attribution").and_then(Item::as_inline_table_mut)
                    && let Some(value) = attribution.get_mut("date")
                {
                    let decor = value.decor().clone();
                    *value = first.clone();
                    *value.decor_mut() = decor;
                }
            }
        }
    }
    let mut text = document.to_string();
    let heading = format!("# 《电子商务动态》 {year}年第{month}期\n");
    text.insert_str(0, &heading);
    Ok(text)
}

/// Puts `value` in `item`, keeping the comment written after the old value.
fn keep_decor(item: &mut Item, value: Value) {
    let decor = item.as_value().map(|old| old.decor().clone());
    *item = Item::Value(value);
    if let (Some(decor), Some(value)) = (decor, item.as_value_mut()) {
        *value.decor_mut() = decor;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_issue_is_dated_in_its_month() {
        let text = first_issue_toml(2026, 12).unwrap();
        assert!(text.starts_with("# 《电子商务动态》 2026年第12期\n"), "{text}");
        assert!(text.contains("year = 2026\n"), "{text}");
        assert!(text.contains("number = 12               # 第几期"), "{text}");
        assert!(text.contains("date = 2026-12-10        # 出版日期"), "{text}");
        assert!(text.contains("date = 2026-12-01 }"), "{text}");
        assert!(!text.contains("2023"), "{text}");
    }
}
