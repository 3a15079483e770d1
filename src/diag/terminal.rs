//! Findings as a terminal shows them: file:line:column, the source line, the hints.
//!
//! The editor's files are shown as codespan shows them, their findings sorted by file
//! and place, over-long lines cut short; Typst's findings come first, in Typst's order
//! and in the form the typst CLI gives them, with the calls that led there.

use std::ops::Range;
use std::path::PathBuf;

use codespan_reporting::diagnostic::{Diagnostic as Codespan, Label, Severity as CodespanSeverity};
use codespan_reporting::files::{Files, SimpleFiles};
use codespan_reporting::term::termcolor::{Buffer, Color, ColorSpec, NoColor, WriteColor};
use codespan_reporting::term::{self, Config};

use super::{Diagnostic, Lang, Origin, Report, Severity, Trace};

/// Every finding of `report`, in words of `lang`, without colour.
pub fn render(report: &Report, lang: Lang) -> String {
    let mut out = NoColor::new(Vec::new());
    write(&mut out, report, lang);
    String::from_utf8_lossy(&out.into_inner()).into_owned()
}

/// Every finding of `report`, in words of `lang`, with terminal colours.
pub fn render_coloured(report: &Report, lang: Lang) -> Vec<u8> {
    let mut out = Buffer::ansi();
    write(&mut out, report, lang);
    out.into_inner()
}

fn write(out: &mut dyn WriteColor, report: &Report, lang: Lang) {
    let typst: Vec<&Diagnostic> =
        report.diagnostics().iter().filter(|d| d.origin == Origin::Typst).collect();
    let data: Vec<&Diagnostic> =
        report.diagnostics().iter().filter(|d| d.origin == Origin::Data).collect();
    write_typst(out, report, &typst, lang);
    write_data(out, report, &data, lang);
}

/// The editor's files' findings, sorted by file and place.
fn write_data(out: &mut dyn WriteColor, report: &Report, found: &[&Diagnostic], lang: Lang) {
    let mut files = SimpleFiles::new();
    let shown: Vec<ShownSource> =
        report.sources().iter().map(|source| ShownSource::new(&source.text)).collect();
    let ids: Vec<(PathBuf, usize)> = report
        .sources()
        .iter()
        .zip(&shown)
        .map(|(source, shown)| {
            (source.path.clone(), files.add(source.path.display().to_string(), shown.text.clone()))
        })
        .collect();
    let index_of = |path: &PathBuf| ids.iter().position(|(p, _)| p == path);
    let mut found = found.to_vec();
    found.sort_by_key(|d| {
        d.place
            .as_ref()
            .map(|place| (index_of(&place.file).unwrap_or(usize::MAX), place.span.start))
    });
    let config = Config::default();
    for diagnostic in found {
        let message = diagnostic.message.render(lang);
        let mut shown_diagnostic =
            Codespan::new(severity(diagnostic.severity)).with_message(&message);
        if let Some(place) = &diagnostic.place {
            match index_of(&place.file) {
                Some(index) => {
                    let span = shown[index].map(place.span.start)..shown[index].map(place.span.end);
                    shown_diagnostic =
                        shown_diagnostic.with_labels(vec![Label::primary(ids[index].1, span)]);
                }
                None => {
                    shown_diagnostic.message = super::Text::new("message-in-file")
                        .arg("message", message.as_str())
                        .arg("file", place.file.display().to_string())
                        .render(lang);
                }
            }
        }
        shown_diagnostic = shown_diagnostic.with_notes(hint_notes(diagnostic, lang));
        if term::emit(out, &config, &files, &shown_diagnostic).is_err() {
            let _ = writeln!(out, "error: {message}");
        }
    }
}

/// Typst's findings, as the typst CLI shows them.
fn write_typst(out: &mut dyn WriteColor, report: &Report, found: &[&Diagnostic], lang: Lang) {
    if found.is_empty() {
        return;
    }
    let mut files = SimpleFiles::new();
    let ids: Vec<(PathBuf, usize)> = report
        .sources()
        .iter()
        .map(|source| {
            (source.path.clone(), files.add(source.path.display().to_string(), source.text.clone()))
        })
        .collect();
    let file_id = |path: &PathBuf| ids.iter().find(|(p, _)| p == path).map(|(_, id)| *id);
    let files = TypstFiles(files);
    let config = Config { tab_width: 2, ..Config::default() };
    for diagnostic in found {
        let message = diagnostic.message.render(lang);
        let mut shown = Codespan::new(severity(diagnostic.severity))
            .with_message(&message)
            .with_notes(hint_notes(diagnostic, lang));
        if let Some(place) = &diagnostic.place
            && let Some(id) = file_id(&place.file)
        {
            shown = shown.with_labels(vec![Label::primary(id, place.span.clone())]);
        }
        if term::emit(out, &config, &files, &shown).is_err() {
            let _ = writeln!(out, "error: {message}");
        }
        let mut traced = false;
        for trace in &diagnostic.trace {
            if let Some(id) = file_id(&trace.place.file) {
                traced |= write_trace(out, &files, id, trace).is_ok();
            }
        }
        if traced {
            let _ = writeln!(out);
        }
    }
}

/// One step of a Typst finding's trace: what happened where, and the source text there.
fn write_trace(
    out: &mut dyn WriteColor,
    files: &TypstFiles,
    id: usize,
    trace: &Trace,
) -> Result<(), Box<dyn std::error::Error>> {
    let range: Range<usize> = trace.place.span.clone();
    let name = files.name(id)?;
    let line_index = files.line_index(id, range.start)?;
    let line = files.line_number(id, line_index)?;
    let column = files.column_number(id, line_index, range.start)?;
    let source = files.source(id)?;
    let text = source.get(range).unwrap_or_default();
    write!(out, "  {} at ", trace.text)?;
    out.set_color(ColorSpec::new().set_underline(true))?;
    write!(out, "{name}:{line}:{column}")?;
    out.reset()?;
    writeln!(out)?;
    let mut lines = text.lines();
    write!(out, "    ")?;
    out.set_color(ColorSpec::new().set_fg(Some(Color::Ansi256(248))))?;
    if let Some(first) = lines.next() {
        write!(out, "{first}")?;
    }
    if let Some(last) = lines.next_back()
        && let Some(last_char) = last.chars().next_back()
        && !last_char.is_whitespace()
    {
        write!(out, "…{last_char}")?;
    }
    out.reset()?;
    writeln!(out)?;
    Ok(())
}

/// Files as the typst CLI names places in them: columns counted from 0, as Typst counts.
struct TypstFiles(SimpleFiles<String, String>);

impl<'a> Files<'a> for TypstFiles {
    type FileId = usize;
    type Name = String;
    type Source = &'a str;

    fn name(&'a self, id: usize) -> Result<String, codespan_reporting::files::Error> {
        self.0.name(id)
    }

    fn source(&'a self, id: usize) -> Result<&'a str, codespan_reporting::files::Error> {
        self.0.source(id)
    }

    fn line_index(
        &'a self,
        id: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        self.0.line_index(id, byte)
    }

    fn line_range(
        &'a self,
        id: usize,
        line: usize,
    ) -> Result<Range<usize>, codespan_reporting::files::Error> {
        self.0.line_range(id, line)
    }

    fn column_number(
        &'a self,
        id: usize,
        line: usize,
        byte: usize,
    ) -> Result<usize, codespan_reporting::files::Error> {
        let source = self.0.source(id)?;
        let start = self.0.line_range(id, line)?.start;
        Ok(source.get(start..byte).map_or(0, |head| head.chars().count()))
    }
}

fn severity(severity: Severity) -> CodespanSeverity {
    match severity {
        Severity::Error => CodespanSeverity::Error,
        Severity::Warning => CodespanSeverity::Warning,
    }
}

/// The hints, as notes under the source line.
fn hint_notes(diagnostic: &Diagnostic, lang: Lang) -> Vec<String> {
    diagnostic
        .hints
        .iter()
        .map(|hint| super::Text::new("hint-note").arg("hint", hint).render(lang))
        .collect()
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
