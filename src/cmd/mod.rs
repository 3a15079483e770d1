//! One module per subcommand.

pub mod build;
pub mod data;
