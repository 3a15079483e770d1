//! Many issues at once: finding them, building them in parallel, summing up.

pub mod batch;
pub mod targets;
