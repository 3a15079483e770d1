//! The result checked by the project's loader before anything is written.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::diag::{Diagnostic, Kind, Place, ProblemsFound, Report, Text, TextContext};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::load::load_issue_as;
use crate::issue::project::Project;

use super::target;

/// What the loader had to say about an import's result that passed.
#[derive(Debug, Default)]
pub(crate) struct Checked {
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
pub(crate) fn check(output: &Path, text: &str, allow_empty_sections: bool) -> Result<Checked> {
    let folder = target::folder(output);
    let parent = match folder.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let scratch =
        tempfile::Builder::new().prefix(".bulletin-import-").tempdir_in(&parent).with_context(
            || format!("cannot check the result: `{}` cannot be written", parent.display()),
        )?;
    fs::write(scratch.path().join(ISSUE_FILE), text).text_context(|| {
        Text::new("import-check-failed").arg("dir", scratch.path().display().to_string())
    })?;
    let boundary = Project::locate(None, scratch.path())
        .map(|project| project.root)
        .or_else(|_| fs::canonicalize(&parent))
        .text_context(|| Text::new("cannot-open").arg("path", parent.display().to_string()))?;
    // Checked as the issue of the folder it is going to, not of the scratch folder.
    let id = folder.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // Pictures and tables are read from the folder the issue goes to.
    let found = match load_issue_as(scratch.path(), &boundary, &id, &folder) {
        Ok(loaded) => loaded.report,
        Err(err) => match err.downcast::<ProblemsFound>() {
            Ok(ProblemsFound(report)) => report,
            Err(err) => return Err(err),
        },
    };
    let mut checked = Checked::default();
    checked.report.add_source(output, text);
    for problem in found.diagnostics() {
        if allow_empty_sections
            && problem.is_error()
            && let Some(name) = empty_section(problem)
        {
            checked.empty_sections.push(name);
            continue;
        }
        let mut problem = problem.clone();
        if let Some(Place { file: path, .. }) = &mut problem.place
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

/// The name of the section a finding says has no articles.
fn empty_section(problem: &Diagnostic) -> Option<String> {
    if problem.kind != Kind::NoArticles {
        return None;
    }
    let section = problem.message.arg_text("table")?;
    section.plain_arg("name").map(str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::empty_section;
    use crate::issue::load::check_issue_text;

    #[test]
    fn the_loaders_finding_of_an_empty_section_names_it() {
        let text = "publication = \"../publication.toml\"\nyear = 2023\nnumber = 9\n\
                    date = 2023-09-10\n\n[[section]]\nname = \"政策法规\"\narticle = []\n";
        let report = check_issue_text(std::path::Path::new("issue.toml"), text);
        let names: Vec<String> = report.diagnostics().iter().filter_map(empty_section).collect();
        assert_eq!(names, ["政策法规"]);
    }
}
