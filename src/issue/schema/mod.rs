//! The shape of the editor's files, read field by field so that every problem is found at once.

pub(crate) mod block_files;
pub(crate) mod blocks;
pub(crate) mod fields;
pub(crate) mod issue;
pub(crate) mod limits;
pub(crate) mod names;
pub(crate) mod publication;
pub(crate) mod text;
