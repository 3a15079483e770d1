//! `bulletin build`: typeset an issue and write its PDF.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::BuildArgs;
use crate::export::pdf::export_pdf_with;
use crate::export::write::write_atomically;
use crate::model::Profile;
use crate::pipeline::{Typeset, typeset_with};

/// Builds the issue's PDF and prints where it went, its page count and its profile.
pub fn run(args: &BuildArgs) -> Result<()> {
    let output_options = args.pdf.output_options();
    let typeset = typeset_with(&args.issue, &args.setup, &output_options)?;
    let bytes = export_pdf_with(&typeset.document, &typeset.issue, typeset.profile)?;
    let output = match &args.output {
        Some(path) => path.clone(),
        None => {
            let path = default_output(&typeset.project.root, &typeset.issue.id, typeset.profile);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("failed to create `{}`", dir.display()))?;
            }
            path
        }
    };
    write_atomically(&output, &bytes)?;
    println!(
        "wrote {} ({} pages, {})",
        output.display(),
        typeset.document.pages().len(),
        describe(&typeset, &args.pdf)
    );
    Ok(())
}

/// The profile and print extras, as the summary line names them.
fn describe(typeset: &Typeset, pdf: &crate::cli::PdfArgs) -> String {
    let mut parts = vec![match typeset.profile {
        Profile::Print => "print profile".to_owned(),
        Profile::Screen => "screen profile, PDF/A-2b".to_owned(),
    }];
    if let Some(bleed) = pdf.bleed.filter(|bleed| !bleed.is_zero()) {
        parts.push(format!("{bleed} bleed"));
    }
    if pdf.marks {
        parts.push("crop marks".to_owned());
    }
    if typeset.blank_pages > 0 {
        parts.push(format!("{} blank before the last", typeset.blank_pages));
    }
    parts.join(", ")
}

/// `out/<id>.pdf` for print, `out/<id>-screen.pdf` for the screen, so both can coexist.
fn default_output(root: &std::path::Path, id: &str, profile: Profile) -> PathBuf {
    let name = match profile {
        Profile::Print => format!("{id}.pdf"),
        Profile::Screen => format!("{id}-screen.pdf"),
    };
    root.join("out").join(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_and_screen_pdfs_get_their_own_names() {
        let root = std::path::Path::new("/project");
        assert_eq!(default_output(root, "2023-08", Profile::Print), root.join("out/2023-08.pdf"));
        assert_eq!(
            default_output(root, "2023-08", Profile::Screen),
            root.join("out/2023-08-screen.pdf")
        );
    }
}
