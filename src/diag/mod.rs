//! Findings as data: every problem a stage finds, with its kind, severity, words, hints,
//! place in a file and the part of the issue it concerns. Front ends put them on screen
//! (`terminal`, `json`, the desk); no stage prints.

pub mod json;
pub mod kind;
pub mod terminal;
pub mod text;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use kind::Kind;
pub use text::{Lang, Text, TextContext, failure_words};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The issue cannot be printed until this is fixed.
    Error,
    /// Worth a look; the issue still prints.
    Warning,
}

/// A place in a file: the file as it is named to the reader, and a byte range of its text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Place {
    /// The file.
    pub file: PathBuf,
    /// The bytes concerned.
    pub span: Range<usize>,
}

/// The part of the issue a finding concerns, by position (all 0-based), so that a front end
/// can show it beside its field.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
pub struct Subject {
    /// The section, by its position in the issue.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub section: Option<usize>,
    /// The article, by its position in its section.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub article: Option<usize>,
    /// The paragraph (or other block), by its position in its article.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<usize>,
    /// The field: `title`, `listed`, `paragraphs`, `attribution.date`, `year`, `name`, …
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
}

impl Subject {
    /// The issue as a whole, or the field `field` of it.
    pub fn issue_field(field: &'static str) -> Self {
        Self { field: Some(field), ..Self::default() }
    }

    /// Section `section`.
    pub fn section(section: usize) -> Self {
        Self { section: Some(section), ..Self::default() }
    }

    /// Article `article` of section `section`.
    pub fn article(section: usize, article: usize) -> Self {
        Self { section: Some(section), article: Some(article), ..Self::default() }
    }

    /// The same subject, narrowed to `field`.
    pub fn field(self, field: &'static str) -> Self {
        Self { field: Some(field), ..self }
    }

    /// The same subject, narrowed to paragraph `paragraph`.
    pub fn paragraph(self, paragraph: usize) -> Self {
        Self { paragraph: Some(paragraph), field: Some("paragraphs"), ..self }
    }

    /// Whether it names nothing in particular.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// One step of the way that led Typst to a finding: a function called, a file imported.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Trace {
    /// What happened there, in Typst's words ("error occurred in this call of function `article`").
    pub text: String,
    /// Where.
    pub place: Place,
}

/// Where a finding came from, which decides how a terminal shows it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Origin {
    /// The editor's files, checked by bulletin.
    #[default]
    Data,
    /// Typst, while typesetting the layouts.
    Typst,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Diagnostic {
    /// What kind of problem it is, for programs to act on.
    pub kind: Kind,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in the reader's terms, naming the section and article.
    pub message: Text,
    /// What to do about it.
    pub hints: Vec<Text>,
    /// Where in which file, when it has a place.
    pub place: Option<Place>,
    /// The part of the issue concerned.
    pub subject: Subject,
    /// For Typst's findings: the calls and imports that led there, innermost first.
    pub trace: Vec<Trace>,
    /// Who found it.
    pub origin: Origin,
}

impl Diagnostic {
    /// An error of `kind`, worded by `message`.
    pub fn error(kind: Kind, message: Text) -> Self {
        Self {
            kind,
            severity: Severity::Error,
            message,
            hints: Vec::new(),
            place: None,
            subject: Subject::default(),
            trace: Vec::new(),
            origin: Origin::Data,
        }
    }

    /// A warning of `kind`, worded by `message`.
    pub fn warning(kind: Kind, message: Text) -> Self {
        Self { severity: Severity::Warning, ..Self::error(kind, message) }
    }

    /// The same finding at `span` of `file`.
    pub fn at(mut self, file: &Path, span: Range<usize>) -> Self {
        self.place = Some(Place { file: file.to_path_buf(), span });
        self
    }

    /// The same finding, concerning `subject`.
    pub fn about(mut self, subject: Subject) -> Self {
        self.subject = subject;
        self
    }

    /// The same finding as a warning.
    pub fn as_warning(mut self) -> Self {
        self.severity = Severity::Warning;
        self
    }

    /// Adds what the reader should do.
    pub fn hint(mut self, hint: Text) -> Self {
        self.hints.push(hint);
        self
    }

    /// Whether it stops the issue from printing.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// A file's text, kept so that findings in it can show their line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// The file as named in findings.
    pub path: PathBuf,
    /// Its text.
    pub text: String,
}

impl Source {
    /// The 1-based line and column (in characters) of byte `offset`.
    pub fn line_column(&self, offset: usize) -> (usize, usize) {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let before = &self.text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        (line, before[line_start..].chars().count() + 1)
    }
}

/// The findings of one run, with the text of the files they point into.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    sources: Vec<Source>,
}

impl Report {
    /// Remembers a file's text so that findings in it can show their line.
    pub fn add_source(&mut self, path: &Path, text: &str) {
        if !self.sources.iter().any(|source| source.path == path) {
            self.sources.push(Source { path: path.to_path_buf(), text: text.to_owned() });
        }
    }

    /// Records a finding.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// The findings recorded so far, in the order found.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The files' texts.
    pub fn sources(&self) -> &[Source] {
        &self.sources
    }

    /// The text of `path`, if it was remembered.
    pub fn source(&self, path: &Path) -> Option<&Source> {
        self.sources.iter().find(|source| source.path == path)
    }

    /// How many errors (not warnings) were found.
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }

    /// How many warnings were found.
    pub fn warnings(&self) -> usize {
        self.diagnostics.len() - self.errors()
    }

    /// Whether nothing was found.
    pub fn is_empty(&self) -> bool {
        self.diagnostics.is_empty()
    }

    /// Moves the findings of `other` into this report.
    pub fn merge(&mut self, other: Report) {
        for source in &other.sources {
            self.add_source(&source.path, &source.text);
        }
        self.diagnostics.extend(other.diagnostics);
    }

    /// Every finding, as a terminal shows it, in English.
    pub fn render(&self) -> String {
        terminal::render(self, Lang::En)
    }
}

/// The checks found problems in the editor's files (exit code 1); the report lists them.
#[derive(Debug, Clone)]
pub struct ProblemsFound(pub Report);

impl fmt::Display for ProblemsFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0.render())?;
        write!(f, "{}", summary_line(&self.0, Lang::En))
    }
}

impl std::error::Error for ProblemsFound {}

/// The last line under a failed check: how many errors and warnings, nothing written.
pub fn summary_line(report: &Report, lang: Lang) -> String {
    Text::new("nothing-written")
        .arg("errors", report.errors())
        .arg("warnings", report.warnings())
        .render(lang)
}

/// The layouts could not be typeset (exit code 2): Typst's findings are in the report.
#[derive(Debug, Clone)]
pub struct LayoutFailed(pub Report);

impl fmt::Display for LayoutFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&layout_failed_line(&self.0, Lang::En))
    }
}

impl std::error::Error for LayoutFailed {}

/// "the layouts could not be typeset (N error(s) above)".
pub fn layout_failed_line(report: &Report, lang: Lang) -> String {
    Text::new("layout-failed").arg("errors", report.errors()).render(lang)
}

/// The findings an error carries, if it is one of the checks' failures.
pub fn report_of(err: &anyhow::Error) -> Option<&Report> {
    if let Some(ProblemsFound(report)) = err.downcast_ref::<ProblemsFound>() {
        return Some(report);
    }
    err.downcast_ref::<LayoutFailed>().map(|LayoutFailed(report)| report)
}
