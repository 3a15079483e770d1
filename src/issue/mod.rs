//! The issue: its data model, reading and checking its files, writing them back.

pub mod input;
pub mod load;
pub mod model;
pub mod project;
pub mod raw;
pub mod save;
pub mod schema;
