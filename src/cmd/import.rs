//! `bulletin import`: turn text exports and Word files into issue data.

use anyhow::{Result, bail};

use crate::cli::ImportArgs;

/// Reads the material and writes the issue file.
pub fn run(_args: &ImportArgs) -> Result<()> {
    bail!("import is not available yet")
}
