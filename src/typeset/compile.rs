//! Typesetting: compiles the layouts against an issue and reports Typst diagnostics.

use std::io::IsTerminal;

use typst::diag::{SourceDiagnostic, Warned};
use typst_kit::diagnostics::{self, DiagnosticFormat, termcolor};
use typst_layout::PagedDocument;

use crate::typeset::world::IssueWorld;

/// The layouts could not be typeset; the diagnostics have been printed to stderr.
#[derive(Debug, thiserror::Error)]
#[error("the layouts could not be typeset ({count} error(s) above)")]
pub struct CompileFailed {
    /// How many errors Typst reported.
    pub count: usize,
}

/// A typeset document and the warnings Typst gave on the way.
pub struct Compiled {
    /// The pages.
    pub document: PagedDocument,
    /// Warnings, not yet printed: the caller decides which concern the editor.
    pub warnings: Vec<SourceDiagnostic>,
}

/// Typesets the issue; errors are printed the way the typst CLI does.
pub fn compile(world: &IssueWorld) -> Result<Compiled, CompileFailed> {
    let Warned { output, warnings } = typst::compile::<PagedDocument>(world);
    match output {
        Ok(document) => Ok(Compiled { document, warnings: warnings.to_vec() }),
        Err(errors) => {
            emit(world, &warnings);
            emit(world, &errors);
            Err(CompileFailed { count: errors.len() })
        }
    }
}

/// Prints diagnostics to stderr with file, line, column and the source line.
pub fn emit(world: &IssueWorld, diagnostics: &[SourceDiagnostic]) {
    if diagnostics.is_empty() {
        return;
    }
    let choice = if std::io::stderr().is_terminal() {
        termcolor::ColorChoice::Auto
    } else {
        termcolor::ColorChoice::Never
    };
    let mut stderr = termcolor::StandardStream::stderr(choice);
    if let Err(err) = diagnostics::emit(&mut stderr, world, diagnostics, DiagnosticFormat::Human) {
        eprintln!("error: failed to print Typst diagnostics: {err}");
        for diagnostic in diagnostics {
            eprintln!("{:?}: {}", diagnostic.severity, diagnostic.message);
        }
    }
}
