//! Watching an issue's inputs for changes.

pub(crate) mod watcher;
