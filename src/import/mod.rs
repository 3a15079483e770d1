//! `bulletin import`: articles read from the PDF's text export or from Word files.
//!
//! `cmd::import` runs the command; these modules do one job each.

pub mod attribution;
pub mod colophon;
pub mod contents;
pub mod docx;
pub mod keep;
pub mod lines;
pub mod paste;
pub mod spacing;
pub mod target;
pub mod text;
pub mod validate;
