//! Placeholder, filled in by the watch_checks work.
