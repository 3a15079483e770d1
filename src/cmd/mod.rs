//! One module per subcommand.

pub mod build;
pub mod check;
pub mod data;
pub mod diff;
pub mod import;
pub mod new;
pub mod preflight;
pub mod progress;
pub mod render;
pub mod watch;
