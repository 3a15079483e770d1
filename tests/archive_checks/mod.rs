//! Placeholder, filled in by the archive_checks work.
