//! `bulletin render`: typeset an issue and write one PNG per page.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};

use crate::cli::RenderArgs;
use crate::export::png::{Compression, encode_all, page_file_name, rasterize_all};
use crate::export::write::write_atomically;
use crate::pipeline::typeset;

/// Writes `page-01.png`, `page-02.png`, … and prints where they went.
pub fn run(args: &RenderArgs) -> Result<()> {
    let typeset = typeset(&args.issue, &args.setup)?;
    let dir = match &args.output {
        Some(dir) => dir.clone(),
        None => typeset.project.root.join("out").join(&typeset.issue.id),
    };
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("failed to create the folder `{}`", dir.display()))?;
    let images = rasterize_all(&typeset.document, args.ppi);
    let pngs = encode_all(&images, Compression::Fast)?;
    let names: Vec<String> = (1..=pngs.len()).map(|n| page_file_name(n, pngs.len())).collect();
    for (name, png) in names.iter().zip(&pngs) {
        write_atomically(&dir.join(name), png)?;
    }
    remove_stale_pages(&dir, &names)?;
    println!("wrote {} pages to {} ({} ppi)", pngs.len(), dir.display(), args.ppi);
    Ok(())
}

/// Removes page images of an earlier, longer rendering, so the folder shows this one only.
fn remove_stale_pages(dir: &Path, current: &[String]) -> Result<()> {
    let entries =
        std::fs::read_dir(dir).with_context(|| format!("failed to list `{}`", dir.display()))?;
    for entry in entries {
        let path: PathBuf =
            entry.with_context(|| format!("failed to list `{}`", dir.display()))?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default();
        if is_page_image(name) && !current.iter().any(|c| c == name) {
            std::fs::remove_file(&path)
                .with_context(|| format!("failed to remove `{}`", path.display()))?;
        }
    }
    Ok(())
}

/// Whether `name` is a page image this command writes: `page-<digits>.png`.
fn is_page_image(name: &str) -> bool {
    name.strip_prefix("page-")
        .and_then(|rest| rest.strip_suffix(".png"))
        .is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_page_images_are_stale_candidates() {
        assert!(is_page_image("page-01.png"));
        assert!(is_page_image("page-100.png"));
        assert!(!is_page_image("page-01-diff.png"));
        assert!(!is_page_image("cover.png"));
    }
}
