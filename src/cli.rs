//! Command-line interface: commands, their arguments and help texts.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::fonts::FontOptions;

/// Typesets the monthly bulletin 电子商务动态 from issue data into print-ready PDFs.
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Typeset an issue folder (holding issue.toml) into a PDF.
    Build(BuildArgs),
    /// Print the issue data as the JSON the layouts receive (for layouts/preview/).
    Data(DataArgs),
}

/// Arguments of `bulletin data`.
#[derive(Debug, Args)]
pub struct DataArgs {
    /// The issue folder, for example issues/2023-08.
    pub issue: PathBuf,
}

/// Arguments of `bulletin build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The issue folder, for example issues/2023-08.
    pub issue: PathBuf,
    /// Where to write the PDF [default: out/<issue>.pdf in the project folder].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Project and font options.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// Options shared by every command that typesets.
#[derive(Debug, Args)]
pub struct SetupArgs {
    /// The project folder holding layouts/ and fonts/ [default: the nearest one above the issue].
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// An extra folder of fonts, searched after the project's fonts/ (repeatable).
    #[arg(long = "font-path", value_name = "DIR")]
    pub font_paths: Vec<PathBuf>,
    /// Also use the fonts installed on this computer (output may then differ between machines).
    #[arg(long)]
    pub system_fonts: bool,
}

impl SetupArgs {
    /// The font sources these arguments ask for.
    pub fn font_options(&self) -> FontOptions {
        FontOptions { extra_paths: self.font_paths.clone(), system_fonts: self.system_fonts }
    }
}
