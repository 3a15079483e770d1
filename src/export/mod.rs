//! Turning a typeset document into files: PDF, and writing them safely.

pub mod pdf;
pub mod pdfx;
pub mod png;
pub mod write;
