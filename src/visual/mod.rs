//! Visual comparison of versions: rasterizing PDFs, comparing pages, reporting the changes.

pub mod compare;
pub(crate) mod pdf_pages;
pub mod report;
pub mod versions;
