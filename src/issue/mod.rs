//! The issue: its data model, reading and checking its files, writing them back.

pub mod calendar;
pub mod files;
pub mod limits;
pub mod load;
pub mod model;
pub mod next;
pub mod print;
pub mod project;
pub mod save;
pub(crate) mod schema;
