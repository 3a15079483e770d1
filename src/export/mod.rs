//! Turning a typeset document into files: PDF, page images, and writing them safely.

pub(crate) mod fingerprint;
pub(crate) mod pages;
pub mod pdf;
pub mod pdfx;
pub mod png;
