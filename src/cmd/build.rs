//! `bulletin build`: typeset an issue and write its PDF.

use std::path::PathBuf;

use anyhow::{Context, Result};

use crate::cli::BuildArgs;
use crate::export::pdf::export_pdf;
use crate::export::write::write_atomically;
use crate::pipeline::typeset;

/// Builds the issue's PDF and prints where it went and how many pages it has.
pub fn run(args: &BuildArgs) -> Result<()> {
    let typeset = typeset(&args.issue, &args.setup)?;
    let bytes = export_pdf(&typeset.document, &typeset.issue)?;
    let output = match &args.output {
        Some(path) => path.clone(),
        None => {
            let path = default_output(&typeset.project.root, &typeset.issue.id);
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)
                    .with_context(|| format!("failed to create `{}`", dir.display()))?;
            }
            path
        }
    };
    write_atomically(&output, &bytes)?;
    println!("wrote {} ({} pages)", output.display(), typeset.document.pages().len());
    Ok(())
}

fn default_output(root: &std::path::Path, id: &str) -> PathBuf {
    root.join("out").join(format!("{id}.pdf"))
}
