//! Compiling the layouts against an issue, Typst's findings turned into diagnostics.

use std::path::PathBuf;

use typst::World;
use typst::diag::{SourceDiagnostic, Warned};
use typst::introspection::Introspector;
use typst::syntax::{DiagSpan, DiagSpanKind, FileId};
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Kind, LayoutFailed, Origin, Place, Report, Severity, Text, Trace};
use crate::typeset::world::IssueWorld;

/// A typeset document and the warnings Typst gave on the way.
pub(crate) struct Compiled {
    /// The pages.
    pub document: PagedDocument,
    /// Warnings, not yet reported: the caller decides which concern the editor.
    pub warnings: Vec<SourceDiagnostic>,
    /// How many times Typst laid the document out before its introspections held.
    pub passes: usize,
}

/// Typesets the issue `world` serves; errors come back as a [`LayoutFailed`] report
/// holding Typst's warnings and errors.
///
/// `start`: the introspector of an earlier compile of the same document, whose answers
/// (where the articles fall, what the counters show) the first layout takes instead of
/// none. After a small edit they still hold, and one layout is enough instead of two;
/// the answers are checked against the result either way, so the pages are the same.
pub(crate) fn compile(
    world: &IssueWorld,
    start: Option<&dyn Introspector>,
) -> Result<Compiled, LayoutFailed> {
    let (Warned { output, warnings }, passes) = typst::compile_from::<PagedDocument>(world, start);
    match output {
        Ok(document) => Ok(Compiled { document, warnings: warnings.to_vec(), passes }),
        Err(errors) => {
            let mut report = Report::default();
            add_typst_diagnostics(world, &warnings, &mut report);
            add_typst_diagnostics(world, &errors, &mut report);
            Err(LayoutFailed(report))
        }
    }
}

/// Adds Typst's `diagnostics` to `report`, with their places, the text of the files they
/// point into, and their traces.
pub(crate) fn add_typst_diagnostics(
    world: &IssueWorld,
    diagnostics: &[SourceDiagnostic],
    report: &mut Report,
) {
    for diagnostic in diagnostics {
        let severity = match diagnostic.severity {
            typst::diag::Severity::Error => Severity::Error,
            typst::diag::Severity::Warning => Severity::Warning,
        };
        let at = place(world, diagnostic.span, report);
        let trace = diagnostic
            .trace
            .iter()
            .filter_map(|point| {
                let at = place(world, point.span, report)?;
                Some(Trace { text: point.v.to_string(), place: at })
            })
            .collect();
        report.push(Diagnostic {
            kind: Kind::Layout,
            severity,
            message: Text::plain(diagnostic.message.as_str()),
            hints: diagnostic.hints.iter().map(|hint| Text::plain(hint.v.as_str())).collect(),
            place: at,
            subject: Default::default(),
            trace,
            origin: Origin::Typst,
        });
    }
}

/// Where `span` points, its file's text remembered in `report`.
fn place(world: &IssueWorld, span: impl Into<DiagSpan>, report: &mut Report) -> Option<Place> {
    let (id, range) = match span.into().get() {
        DiagSpanKind::Detached => return None,
        DiagSpanKind::Number { id, num, sub_range } => {
            let source = world.source(id).ok()?;
            (id, source.range(num, sub_range)?)
        }
        DiagSpanKind::Range { id, range } => (id, range),
    };
    let file = PathBuf::from(world.display_name(id));
    if report.source(&file).is_none() {
        let text = match world.source(id) {
            Ok(source) => source.text().to_owned(),
            Err(_) => file_text(world, id)?,
        };
        report.add_source(&file, &text);
    }
    Some(Place { file, span: range })
}

/// The text of a file that is not Typst source (the issue data, say).
fn file_text(world: &IssueWorld, id: FileId) -> Option<String> {
    let bytes = world.file(id).ok()?;
    String::from_utf8(bytes.to_vec()).ok()
}
