//! Many issues at once: finding them, building them in parallel, summing up.

pub(crate) mod batch;
pub(crate) mod targets;
