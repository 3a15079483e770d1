//! Problems found in an editor's files, shown as file:line:column with the source line.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use codespan_reporting::diagnostic::{Diagnostic, Label, Severity};
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, Config, termcolor::NoColor};

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    /// The issue cannot be printed until this is fixed.
    Error,
    /// Worth a look; the issue still prints.
    Warning,
}

/// One problem in one file, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Error or warning.
    pub level: Level,
    /// What is wrong, in the editor's terms, naming the section and article.
    pub message: String,
    /// Where: a file and a byte range in it, when the problem has a place.
    pub place: Option<(PathBuf, Range<usize>)>,
    /// A note under the source line: what to do.
    pub hint: Option<String>,
}

impl Problem {
    /// An error at `span` of `file`.
    pub fn error(file: &Path, span: Range<usize>, message: impl Into<String>) -> Self {
        Self {
            level: Level::Error,
            message: message.into(),
            place: Some((file.to_path_buf(), span)),
            hint: None,
        }
    }

    /// An error about a whole file or about something without a place in a file.
    pub fn general(message: impl Into<String>) -> Self {
        Self { level: Level::Error, message: message.into(), place: None, hint: None }
    }

    /// The same problem as a warning.
    pub fn warning(mut self) -> Self {
        self.level = Level::Warning;
        self
    }

    /// Adds what the editor should do.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

/// The problems of one run, with the text of the files they point into.
#[derive(Debug, Default)]
pub struct Report {
    problems: Vec<Problem>,
    sources: Vec<(PathBuf, String)>,
}

impl Report {
    /// Remembers a file's text so that problems in it can show their line.
    pub fn add_source(&mut self, path: &Path, text: &str) {
        if !self.sources.iter().any(|(p, _)| p == path) {
            self.sources.push((path.to_path_buf(), text.to_owned()));
        }
    }

    /// Records a problem.
    pub fn push(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    /// The problems recorded so far, in the order of the files.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// How many errors (not warnings) were found.
    pub fn errors(&self) -> usize {
        self.problems.iter().filter(|p| p.level == Level::Error).count()
    }

    /// How many warnings were found.
    pub fn warnings(&self) -> usize {
        self.problems.len() - self.errors()
    }

    /// Moves the problems of `other` into this report.
    pub fn merge(&mut self, other: Report) {
        for (path, text) in &other.sources {
            self.add_source(path, text);
        }
        self.problems.extend(other.problems);
    }

    /// Renders every problem, sorted by file and position, as plain text.
    pub fn render(&self) -> String {
        let mut files = SimpleFiles::new();
        let shown: Vec<ShownSource> =
            self.sources.iter().map(|(_, text)| ShownSource::new(text)).collect();
        let ids: Vec<(PathBuf, usize)> = self
            .sources
            .iter()
            .zip(&shown)
            .map(|((path, _), source)| {
                (path.clone(), files.add(path.display().to_string(), source.text.clone()))
            })
            .collect();
        let mut problems: Vec<&Problem> = self.problems.iter().collect();
        problems.sort_by_key(|p| {
            p.place.as_ref().map(|(path, span)| {
                (ids.iter().position(|(p, _)| p == path).unwrap_or(usize::MAX), span.start)
            })
        });
        let mut out = NoColor::new(Vec::new());
        let config = Config::default();
        for problem in problems {
            let severity = match problem.level {
                Level::Error => Severity::Error,
                Level::Warning => Severity::Warning,
            };
            let mut diagnostic = Diagnostic::new(severity).with_message(&problem.message);
            if let Some((path, span)) = &problem.place {
                if let Some(index) = ids.iter().position(|(p, _)| p == path) {
                    let span = shown[index].map(span.start)..shown[index].map(span.end);
                    diagnostic = diagnostic.with_labels(vec![Label::primary(ids[index].1, span)]);
                } else {
                    diagnostic.message = format!("{} (in `{}`)", problem.message, path.display());
                }
            }
            if let Some(hint) = &problem.hint {
                diagnostic = diagnostic.with_notes(vec![format!("hint: {hint}")]);
            }
            if term::emit(&mut out, &config, &files, &diagnostic).is_err() {
                out.get_mut().extend(format!("error: {}\n", problem.message).bytes());
            }
        }
        String::from_utf8_lossy(&out.into_inner()).into_owned()
    }
}

/// A file's text as shown under a message: lines longer than [`SHOWN_LINE_BYTES`] cut short.
struct ShownSource {
    text: String,
    /// For each line: its start in the original, its start in `text`, the bytes kept.
    lines: Vec<(usize, usize, usize)>,
}

/// Longest line shown in full under a message.
const SHOWN_LINE_BYTES: usize = 240;

impl ShownSource {
    fn new(original: &str) -> Self {
        let mut text = String::with_capacity(original.len().min(1 << 20));
        let mut lines = Vec::new();
        let mut start = 0;
        for line in original.split_inclusive('\n') {
            let mut kept = line.len();
            if kept > SHOWN_LINE_BYTES {
                kept =
                    (0..=SHOWN_LINE_BYTES).rev().find(|&i| line.is_char_boundary(i)).unwrap_or(0);
            }
            lines.push((start, text.len(), kept));
            text.push_str(&line[..kept]);
            if kept < line.len() {
                text.push_str(" …\n");
            }
            start += line.len();
        }
        Self { text, lines }
    }

    /// Where byte `offset` of the original lands in the shown text.
    fn map(&self, offset: usize) -> usize {
        let index = self.lines.partition_point(|(start, _, _)| *start <= offset).saturating_sub(1);
        match self.lines.get(index) {
            Some((start, shown, kept)) => shown + (offset - start).min(*kept),
            None => 0,
        }
    }
}

/// The checks found problems in the editor's files; they are listed in the report.
#[derive(Debug)]
pub struct ProblemsFound(pub Report);

impl fmt::Display for ProblemsFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.render())?;
        let (errors, warnings) = (self.0.errors(), self.0.warnings());
        write!(f, "{errors} error(s), {warnings} warning(s): nothing was written")
    }
}

impl std::error::Error for ProblemsFound {}
