//! `bulletin import`: articles read from the PDF's text export or from Word files.
//!
//! `cmd::import` runs the command; these modules do one job each.

pub(crate) mod attribution;
pub(crate) mod blocks;
pub(crate) mod colophon;
pub(crate) mod contents;
pub(crate) mod docx;
pub(crate) mod docx_media;
pub(crate) mod footer;
pub(crate) mod keep;
pub(crate) mod lines;
pub(crate) mod paste;
pub(crate) mod pictures;
pub mod spacing;
pub(crate) mod target;
pub(crate) mod text;
pub(crate) mod titles;
pub(crate) mod validate;
pub(crate) mod words;
