//! Reading an issue folder: `issue.toml` plus the publication file it names, every problem reported.

use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};
use toml::Spanned;
use toml::de::DeTable;

use crate::diag::{Diagnostic, Kind, ProblemsFound, Report, Subject, Text, TextContext};
use crate::issue::calendar::ISSUE_FILE;
use crate::issue::files::{MAX_FILE_BYTES, read_bytes, utf8_text};
use crate::issue::model::{Issue, Publication};
use crate::issue::project::{Project, as_written};
use crate::issue::schema::issue::read_issue;
use crate::issue::schema::limits::check_sizes;
use crate::issue::schema::publication::read_publication;

/// An issue that passed every data check, and the warnings found on the way.
#[derive(Debug)]
pub struct Loaded {
    /// The issue.
    pub issue: Issue,
    /// Warnings (no errors) about the data.
    pub report: Report,
}

/// An issue a command named, found: its folder and the folder it is confined to.
#[derive(Debug)]
pub struct Located {
    /// The issue folder as named (the folder of its `issue.toml` if the file was named).
    pub folder: PathBuf,
    /// The canonical folder nothing read for the issue may leave: the project's root, or,
    /// for an issue no project holds, the folder that holds the issue's folder.
    pub boundary: PathBuf,
    /// The project that holds the folder as named, or why there is none.
    pub project: Result<Project>,
}

/// Finds the issue `issue` names (its folder or its `issue.toml`) and the project that
/// holds it as named (`root`, if given), and refuses it if its file or its folder is a link
/// that leads out of there: a [`ProblemsFound`] naming the file, nothing outside read.
///
/// Every command that reads an issue finds it here: `build`, `check`, `render`, `watch`
/// and the desk through [`Engine::open`](crate::typeset::engine::Engine::open), `data`,
/// `new` and `import` through [`load_issue`]; each later reading checks again with
/// `leads_outside`, for links made since.
pub fn locate_issue(issue: &Path, root: Option<&Path>) -> Result<Located> {
    let folder = issue_folder(issue)?;
    // A project named with `root` must be there; one searched for may not be.
    let project = match root {
        Some(root) => Ok(Project::locate(Some(root), &folder)?),
        None => Project::locate(None, &folder),
    };
    let boundary = match &project {
        Ok(project) => project.root.clone(),
        Err(_) => {
            let written = as_written(&folder).with_context(|| {
                format!("failed to open the issue folder `{}`", folder.display())
            })?;
            let above = written.parent().map_or_else(|| written.clone(), Path::to_path_buf);
            fs::canonicalize(&above).text_context(|| {
                Text::new("folder-unopenable").arg("dir", above.display().to_string())
            })?
        }
    };
    if let Some(outside) = leads_outside(&folder, &boundary) {
        let mut report = Report::default();
        report.push(outside);
        return Err(ProblemsFound(report).into());
    }
    Ok(Located { folder, boundary, project })
}

/// Loads the issue in `dir`, refusing files outside the project that holds it.
pub fn load_issue(dir: &Path) -> Result<Issue> {
    let located = locate_issue(dir, None)?;
    Ok(load_issue_in(&located.folder, &located.boundary)?.issue)
}

/// Loads the issue in `dir`; files it names must lie inside `root`.
///
/// Data problems are collected, all of them, into a [`ProblemsFound`] error.
pub fn load_issue_in(dir: &Path, root: &Path) -> Result<Loaded> {
    let dir = issue_folder(dir)?;
    let id = folder_name(&dir);
    load_issue_as(&dir, root, &id, &dir)
}

/// Loads `text` as the issue file of the folder `dir` (an earlier version of it): named,
/// checked and placed as the file there would be.
pub(crate) fn load_issue_text_in(dir: &Path, root: &Path, text: &str) -> Result<Loaded> {
    let dir = issue_folder(dir)?;
    let id = folder_name(&dir);
    load_issue_from(&dir, root, &id, &dir, Some(text))
}

/// Loads the issue in `dir` as the issue named `id` (the folder name it is checked
/// against), for data on its way to the folder `id`; the publication file it names must lie
/// inside `root`, the pictures and tables of its articles inside `files` (where they will
/// be beside it).
pub(crate) fn load_issue_as(dir: &Path, root: &Path, id: &str, files: &Path) -> Result<Loaded> {
    load_issue_from(dir, root, id, files, None)
}

/// [`load_issue_as`], with the issue file's `text` given instead of read when it is.
fn load_issue_from(
    dir: &Path,
    root: &Path,
    id: &str,
    files: &Path,
    text: Option<&str>,
) -> Result<Loaded> {
    let path = dir.join(ISSUE_FILE);
    let mut report = Report::default();
    if let Some(outside) = leads_outside(dir, root) {
        report.push(outside);
        return Err(ProblemsFound(report).into());
    }
    let text = match text {
        Some(text) => {
            report.add_source(&path, text);
            text.to_owned()
        }
        None => read_text(&path, &mut report)?,
    };
    let Some(table) = parse(&path, &text, &mut report) else {
        return Err(ProblemsFound(report).into());
    };
    let fields = read_issue(&path, files, &text, &table, &mut report);
    let id = id.to_owned();
    check_folder_name(&id, &path, &fields, &mut report);
    let publication = fields.publication.as_ref().and_then(|name| {
        let file = resolve_inside(dir, root, name, &path, &mut report)?;
        let text = read_text(&file, &mut report).ok()?;
        let table = parse(&file, &text, &mut report)?;
        read_publication(&file, &text, &table, &mut report)
    });
    if report.errors() > 0 {
        return Err(ProblemsFound(report).into());
    }
    let (Some(publication), Some(year), Some(number), Some(date), Some(name)) =
        (publication, fields.year, fields.number, fields.date, fields.publication)
    else {
        bail!("internal error: the issue passed its checks but a field is missing");
    };
    let issue = Issue {
        publication,
        publication_file: PathBuf::from(name.into_inner()),
        id,
        year,
        number,
        running_number: fields.running_number,
        date: date.into_inner(),
        sections: fields.sections,
    };
    Ok(Loaded { issue, report })
}

/// The publication settings in `path`, checked as an issue's are.
pub fn load_publication(path: &Path) -> Result<Publication> {
    let mut report = Report::default();
    let text = read_text(path, &mut report)?;
    let publication = parse(path, &text, &mut report)
        .and_then(|table| read_publication(path, &text, &table, &mut report));
    match publication {
        Some(publication) if report.errors() == 0 => Ok(publication),
        _ => Err(ProblemsFound(report).into()),
    }
}

/// A finding if the issue folder `dir` or its `issue.toml` is, or lies under, a link that
/// leads outside `root`: nothing outside is read, not even to show its first line in a
/// message. The one check of an issue's place, wherever an issue is read.
pub(crate) fn leads_outside(dir: &Path, root: &Path) -> Option<Diagnostic> {
    let file = dir.join(ISSUE_FILE);
    // The file if it is there (the message names it), else its folder.
    let (path, real) = match fs::canonicalize(&file) {
        Ok(real) => (file, real),
        Err(_) => (dir.to_path_buf(), fs::canonicalize(dir).ok()?),
    };
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    (!real.starts_with(&root)).then(|| {
        Diagnostic::error(
            Kind::OutsideProject,
            Text::new("file-outside-project").arg("path", path.display().to_string()),
        )
        .hint(Text::new("hint-inside-project-file"))
    })
}

/// Checks the text of an issue file on its own (syntax, keys, types, dates, titles),
/// without reading the publication file: for fuzzing and for tools that check as one types.
pub fn check_issue_text(path: &Path, text: &str) -> Report {
    let mut report = Report::default();
    report.add_source(path, text);
    if let Some(table) = parse(path, text, &mut report) {
        let folder = path.parent().unwrap_or(Path::new("."));
        read_issue(path, folder, text, &table, &mut report);
    }
    report
}

/// What the loader would say about the size of `text`, an issue file about to be written
/// as `path`: more bytes than an input file may have, a paragraph too long (a warning
/// above the length of any real paragraph), more articles, blocks or characters than an
/// issue may hold (`issue::limits`); and TOML syntax errors, which leave the rest
/// unmeasured. The loader refuses the file if the report has errors. One parse and one
/// pass over the text, no file read: cheap enough to call before every write.
pub fn check_limits(path: &Path, text: &str) -> Report {
    let mut report = Report::default();
    let bytes = text.len() as u64;
    if bytes > MAX_FILE_BYTES {
        report.push(
            Diagnostic::error(
                Kind::FileTooLarge,
                Text::new("file-too-large")
                    .arg("path", path.display().to_string())
                    .arg("bytes", bytes)
                    .arg("max", MAX_FILE_BYTES),
            )
            .hint(Text::new("hint-right-file")),
        );
        return report;
    }
    report.add_source(path, text);
    if let Some(table) = parse(path, text, &mut report) {
        check_sizes(path, text, table.get_ref(), &mut report);
    }
    report
}

/// The publication file an issue file names, read leniently: `None` if the file cannot
/// be parsed as TOML or names none.
pub(crate) fn named_publication(issue_file: &Path) -> Option<PathBuf> {
    let text = fs::read_to_string(issue_file).ok()?;
    let table: toml::Table = text.parse().ok()?;
    table.get("publication")?.as_str().map(PathBuf::from)
}

/// The issue folder: `dir` itself, or the folder of an `issue.toml` given directly.
pub fn issue_folder(dir: &Path) -> Result<PathBuf> {
    let meta = fs::metadata(dir)
        .text_context(|| Text::new("no-issue-folder").arg("dir", dir.display().to_string()))?;
    if meta.is_dir() {
        return Ok(dir.to_path_buf());
    }
    match (dir.file_name(), dir.parent()) {
        (Some(name), Some(parent)) if name == ISSUE_FILE => Ok(parent.to_path_buf()),
        _ => bail!(Text::new("issue-folder-is-file").arg("path", dir.display().to_string())),
    }
}

/// Reads a data file as UTF-8 text, recording a problem if it is missing, huge or binary.
fn read_text(path: &Path, report: &mut Report) -> Result<String> {
    let hint = Text::new("hint-save-utf8");
    let text = read_bytes(path, report)?.and_then(|bytes| utf8_text(path, bytes, hint, report));
    let Some(text) = text else { return Err(ProblemsFound(std::mem::take(report)).into()) };
    report.add_source(path, &text);
    Ok(text)
}

/// Deepest nesting of brackets accepted, far beyond any issue file.
const MAX_NESTING: usize = 64;

/// Parses TOML, recording every syntax error; `None` if there were any.
fn parse<'t>(path: &Path, text: &'t str, report: &mut Report) -> Option<Spanned<DeTable<'t>>> {
    if let Some(at) = too_deep(text) {
        report.push(
            Diagnostic::error(Kind::TooDeep, Text::new("too-deep").arg("max", MAX_NESTING))
                .at(path, at..at + 1)
                .hint(Text::new("hint-runaway-paste")),
        );
        return None;
    }
    let (table, errors) = DeTable::parse_recoverable(text);
    for error in &errors {
        let span = error.span().unwrap_or(0..0);
        let message = error.message().trim_end();
        let hint = if message.contains("date") { "hint-date-syntax" } else { "hint-toml-syntax" };
        report.push(
            Diagnostic::error(Kind::Syntax, Text::new("toml-syntax").arg("message", message))
                .at(path, span)
                .hint(Text::new(hint)),
        );
    }
    errors.is_empty().then_some(table)
}

/// Byte offset where `[` / `{` nesting outside strings and comments exceeds [`MAX_NESTING`].
fn too_deep(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let (mut depth, mut i) = (0usize, 0usize);
    while i < bytes.len() {
        match bytes[i] {
            b'#' => {
                while i < bytes.len() && bytes[i] != b'\n' {
                    i += 1;
                }
            }
            quote @ (b'"' | b'\'') => {
                let triple = bytes[i..].starts_with(&[quote; 3]);
                let close: &[u8] =
                    if triple { &[quote; 3] } else { std::slice::from_ref(&bytes[i]) };
                i += close.len();
                while i < bytes.len() && !bytes[i..].starts_with(close) {
                    if quote == b'"' && bytes[i] == b'\\' {
                        i += 1;
                    }
                    if !triple && bytes[i.min(bytes.len() - 1)] == b'\n' {
                        break;
                    }
                    i += 1;
                }
                i += close.len() - 1;
            }
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

/// Resolves a file named in the data, refusing anything outside the project.
fn resolve_inside(
    dir: &Path,
    root: &Path,
    name: &Spanned<String>,
    file: &Path,
    report: &mut Report,
) -> Option<PathBuf> {
    let candidate = dir.join(name.get_ref());
    let problem = |kind, message: Text, hint: &'static str| {
        Diagnostic::error(kind, message)
            .at(file, name.span())
            .about(Subject::issue_field("publication"))
            .hint(Text::new(hint))
    };
    let Ok(canonical) = fs::canonicalize(&candidate) else {
        report.push(problem(
            Kind::FileUnreadable,
            Text::new("publication-missing").arg("path", candidate.display().to_string()),
            "hint-publication-path",
        ));
        return None;
    };
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if !canonical.starts_with(&root) {
        report.push(problem(
            Kind::OutsideProject,
            Text::new("publication-outside").arg("path", name.get_ref().as_str()),
            "hint-inside-project",
        ));
        return None;
    }
    // Read through the path as written, so that messages name the file the way the editor does.
    Some(candidate)
}

/// The issue's identifier: its folder's name.
fn folder_name(dir: &Path) -> String {
    fs::canonicalize(dir)
        .ok()
        .and_then(|d| d.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "issue".into())
}

/// A folder named like `2023-08` must hold the issue of that year and month.
fn check_folder_name(
    name: &str,
    path: &Path,
    fields: &crate::issue::schema::issue::IssueFields,
    report: &mut Report,
) {
    let Some((year, month)) = crate::issue::calendar::parse_id(name) else { return };
    if let Some(data_year) = fields.year
        && data_year != year
    {
        let span = fields.date.as_ref().map_or(0..0, Spanned::span);
        report.push(
            Diagnostic::error(
                Kind::FolderMismatch,
                Text::new("folder-year")
                    .arg("folder", name)
                    .arg("year", year)
                    .arg("data_year", data_year),
            )
            .at(path, span)
            .about(Subject::issue_field("year"))
            .hint(Text::new("hint-rename-or-year")),
        );
    }
    if let Some(date) = &fields.date
        && date.get_ref().month != month
    {
        report.push(
            Diagnostic::error(
                Kind::FolderMismatch,
                Text::new("folder-month")
                    .arg("folder", name)
                    .arg("month", month)
                    .arg("date", date.get_ref().to_string()),
            )
            .at(path, date.span())
            .about(Subject::issue_field("date"))
            .hint(Text::new("hint-rename-or-date")),
        );
    }
}
