//! The shape of the editor's files, read field by field so that every problem is found at once.

pub mod fields;
pub mod issue;
pub mod publication;
pub mod text;
