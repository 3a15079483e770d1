//! Turning a typeset document into files: PDF, page images, and writing them safely.

pub mod pages;
pub mod pdf;
pub mod png;
pub mod write;
