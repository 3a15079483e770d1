//! The result checked by the project's loader before anything is written.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::diag::{Level, Problem, ProblemsFound, Report};
use crate::issue::load::{ISSUE_FILE, load_issue_in};
use crate::issue::project::Project;

use super::target::{self, parse_id};

/// What the loader had to say about an import's result that passed.
#[derive(Debug, Default)]
pub struct Checked {
    /// Warnings, placed in the output file.
    pub report: Report,
    /// Sections that still have no articles (allowed while an issue is filled from Word files).
    pub empty_sections: Vec<String>,
}

/// Loads `text` as the issue file `output` would be, with every check `bulletin check` makes
/// on the data, and fails with the problems found (placed in `output`).
///
/// The text is written to a temporary folder beside the issue's folder, so that the
/// publication file it names is found where it will be. With `allow_empty_sections`,
/// sections without articles are not an error but listed in [`Checked::empty_sections`].
pub fn check(output: &Path, text: &str, allow_empty_sections: bool) -> Result<Checked> {
    let folder = target::folder(output);
    let parent = match folder.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let scratch =
        tempfile::Builder::new().prefix(".bulletin-import-").tempdir_in(&parent).with_context(
            || format!("cannot check the result: `{}` cannot be written", parent.display()),
        )?;
    fs::write(scratch.path().join(ISSUE_FILE), text)
        .with_context(|| format!("cannot check the result in `{}`", scratch.path().display()))?;
    let boundary = Project::locate(None, scratch.path())
        .map(|project| project.root)
        .or_else(|_| fs::canonicalize(&parent))
        .with_context(|| format!("cannot open `{}`", parent.display()))?;
    let found = match load_issue_in(scratch.path(), &boundary) {
        Ok(loaded) => {
            let mut folder_check = Report::default();
            check_folder_name(output, &loaded.issue, &mut folder_check);
            let mut report = loaded.report;
            report.merge(folder_check);
            report
        }
        Err(err) => match err.downcast::<ProblemsFound>() {
            Ok(ProblemsFound(report)) => report,
            Err(err) => return Err(err),
        },
    };
    let mut checked = Checked::default();
    checked.report.add_source(output, text);
    for problem in found.problems() {
        if allow_empty_sections
            && problem.level == Level::Error
            && let Some(name) = empty_section(&problem.message)
        {
            checked.empty_sections.push(name);
            continue;
        }
        let mut problem = problem.clone();
        if let Some((path, _)) = &mut problem.place
            && let Ok(rest) = path.strip_prefix(scratch.path())
        {
            *path = if rest == Path::new(ISSUE_FILE) {
                output.to_path_buf()
            } else {
                folder.join(rest)
            };
            if *path != output
                && let Ok(source) = fs::read_to_string(&*path)
            {
                checked.report.add_source(path, &source);
            }
        }
        checked.report.push(problem);
    }
    if checked.report.errors() > 0 {
        return Err(ProblemsFound(checked.report).into());
    }
    Ok(checked)
}

/// The section named by the loader's “section N “name” has no articles”.
fn empty_section(message: &str) -> Option<String> {
    let rest = message.strip_prefix("section ")?.strip_suffix("” has no articles")?;
    let (_, name) = rest.split_once('“')?;
    Some(name.to_owned())
}

/// An issue in a folder named like `2023-08` must be of that year and month.
fn check_folder_name(output: &Path, issue: &crate::issue::model::Issue, report: &mut Report) {
    let folder = target::folder(output);
    let Some(name) = folder.file_name().map(|n| n.to_string_lossy().into_owned()) else { return };
    let Some((year, month)) = parse_id(&name) else { return };
    if issue.year != year || issue.date.month != month {
        report.push(Problem::general(format!(
            "the folder `{name}` is for {year}-{month:02}, but the issue is of {} dated {}",
            issue.year, issue.date
        )));
    }
}

#[cfg(test)]
mod tests {
    use super::empty_section;

    #[test]
    fn the_loaders_message_about_an_empty_section_is_recognised() {
        assert_eq!(
            empty_section("section 2 “政策法规” has no articles").as_deref(),
            Some("政策法规")
        );
        assert_eq!(empty_section("the title of article 1 is empty"), None);
    }
}
