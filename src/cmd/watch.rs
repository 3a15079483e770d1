//! `bulletin watch`: rebuild an issue whenever one of its inputs changes.

use anyhow::{Result, bail};

use crate::cli::WatchArgs;

/// Watches the inputs and rebuilds on every change.
pub fn run(_args: &WatchArgs) -> Result<()> {
    bail!("watch is not available yet")
}
