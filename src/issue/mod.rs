//! The issue: its data model, reading and checking its files, writing them back (and the
//! temporary folders made on the way).

pub mod calendar;
pub mod files;
pub(crate) mod history;
pub mod limits;
pub mod load;
pub(crate) mod merge;
pub mod model;
pub mod next;
pub mod print;
pub mod project;
pub(crate) mod review;
pub mod save;
pub(crate) mod schema;
pub mod scratch;
