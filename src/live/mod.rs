//! In-process rebuilds for `bulletin watch`: a long-lived session, file watching, page images.

pub mod images;
pub mod session;
pub mod watcher;

pub use session::{Rebuilt, Session, Timings};
pub use watcher::{WatchList, Watcher};
