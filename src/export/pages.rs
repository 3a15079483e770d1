//! Page images kept up to date between rebuilds: only pages that changed are drawn again.

use std::path::{Path, PathBuf};

use anyhow::Result;
use typst::model::Document;
use typst_layout::PagedDocument;

use crate::export::fingerprint::visible_fingerprint;
use crate::export::png::{
    Compression, encode_all, page_file_name, rasterize_all, remove_stale_pages,
};
use crate::issue::files::write_atomically;

/// A folder of `page-01.png`, `page-02.png`, … as `bulletin render` writes them.
pub(crate) struct PageImages {
    dir: PathBuf,
    ppi: u32,
    /// The name and fingerprint of each page last written.
    written: Vec<(String, u128)>,
}

impl PageImages {
    /// Images at `ppi` pixels per inch in `dir`, which must exist.
    pub(crate) fn new(dir: &Path, ppi: u32) -> Self {
        Self { dir: dir.to_path_buf(), ppi, written: Vec::new() }
    }

    /// The folder the images go to.
    pub(crate) fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes the images of the pages that differ from those last written, removes the
    /// images of pages the document no longer has, and returns how many were drawn.
    pub(crate) fn update(&mut self, document: &PagedDocument) -> Result<usize> {
        let pages = document.pages();
        let current: Vec<(String, u128)> = pages
            .iter()
            .enumerate()
            .map(|(i, page)| (page_file_name(i + 1, pages.len()), visible_fingerprint(page)))
            .collect();
        let redraw: Vec<usize> =
            (0..pages.len()).filter(|&i| self.written.get(i) != Some(&current[i])).collect();
        let changed = redraw.iter().map(|&i| pages[i].clone()).collect();
        let changed = PagedDocument::new(changed, document.info().clone());
        let pngs = encode_all(&rasterize_all(&changed, self.ppi), Compression::Fast)?;
        // Forget what was written until it is written again, in case writing fails midway.
        self.written.clear();
        for (&i, png) in redraw.iter().zip(&pngs) {
            write_atomically(&self.dir.join(&current[i].0), png)?;
        }
        let names: Vec<&str> = current.iter().map(|(name, _)| name.as_str()).collect();
        remove_stale_pages(&self.dir, &names)?;
        self.written = current;
        Ok(redraw.len())
    }
}
