//! Placeholder, filled in by the import_checks work.
