//! Watching an issue's inputs for changes.

pub mod watcher;
