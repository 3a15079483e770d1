//! Installing and starting projects: the installed copy of the layouts and fonts, a new
//! project made from it (`bulletin init`), and how a project compares with it
//! (`bulletin doctor`).
//!
//! A project owns copies of the layouts and fonts, never links to the installed ones, so
//! that installing a newer `bulletin` never changes how an existing issue is typeset.

pub mod compare;
pub mod init;
pub mod installed;
pub mod record;
pub mod remembered;
pub mod tree;
