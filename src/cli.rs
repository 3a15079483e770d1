//! Command-line interface: commands, their arguments and help texts.
//!
//! The doc comments below are the help texts `--help` prints, so they name
//! placeholders such as `<issue>` the way a terminal shows them.
#![allow(rustdoc::invalid_html_tags)]

use std::path::PathBuf;

use clap::builder::TypedValueParser as _;
use clap::{Args, Parser, Subcommand};

use crate::diag::Lang;
use crate::issue::model::Profile;
use crate::typeset::engine::EngineOptions;
use crate::typeset::fonts::FontOptions;
use crate::typeset::options::{Bleed, OutputOptions};

/// Typesets the monthly bulletin 电子商务动态 from issue data into print-ready PDFs.
#[derive(Debug, Parser)]
#[command(name = "bulletin", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// The language of the checks' messages: `en` or `zh` (简体中文) [default: from the
    /// locale (LANG), else English].
    #[arg(long, global = true, value_name = "LANG", value_parser = lang_parser())]
    pub lang: Option<Lang>,
}

/// Accepts `en`, `zh`, `zh-CN` and the like.
fn lang_parser() -> impl clap::builder::TypedValueParser<Value = Lang> {
    clap::builder::NonEmptyStringValueParser::new().try_map(|tag| {
        Lang::from_tag(&tag).ok_or_else(|| format!("unknown language `{tag}`: use `en` or `zh`"))
    })
}

/// How `check` and `build` report: for people, or one JSON document for programs.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Messages with the source lines, a summary line.
    #[default]
    Human,
    /// One JSON document on stdout: the findings with file, line and column, the summary,
    /// the output path.
    Json,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Typeset issues into PDFs: an issue folder (holding issue.toml), several, or a whole
    /// archive (issues/) in parallel.
    Build(BuildArgs),
    /// Print the issue data as the JSON the layouts receive (for layouts/preview/).
    Data(DataArgs),
    /// Run every check (data, fonts, characters, a full typesetting) without writing anything.
    Check(CheckArgs),
    /// Write one PNG image per page of an issue (page-01.png, …).
    Render(RenderArgs),
    /// Compare two versions (issue folders or PDFs) page by page; exit 1 if they differ.
    Diff(DiffArgs),
    /// Inspect any PDF as a print shop would; exit 1 if something would stop the press.
    Preflight(PreflightArgs),
    /// Start the next issue from the latest one: numbers advanced, same sections, no articles.
    New(NewArgs),
    /// Turn material into issue data: text in the shape of the reference export, or Word
    /// files (.docx), one article each.
    Import(ImportArgs),
    /// Rebuild an issue's PDF whenever its data, the publication, a layout or a font changes.
    Watch(WatchArgs),
    /// Serve the editors' desk on this computer: edit an issue in the browser beside its
    /// pages; prints the desk's address first.
    Serve(ServeArgs),
    /// List the versions an issue went through (every save in the desk, every change made
    /// outside it), show one, show what it changed, or bring one back.
    History(HistoryArgs),
    /// Make a new project: layouts and fonts copied from the installed copy, the
    /// publication's settings, a first issue to fill.
    Init(InitArgs),
    /// Manage who may sign in to the desk on the office network: accounts with a role and
    /// a password, kept in the project's .bulletin/users.toml (passwords only as hashes).
    Users(UsersArgs),
    /// Say which layouts, fonts and colour profile a project uses, where they came from,
    /// and whether they differ from the installed ones.
    Doctor(DoctorArgs),
    /// Write the manual pages and shell completions (for packaging).
    #[command(hide = true)]
    Manual(ManualArgs),
}

/// Arguments of `bulletin check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The issue folder, for example issues/2023-08.
    pub issue: PathBuf,
    /// `human` messages, or one `json` document on stdout.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Project and font options.
    #[command(flatten)]
    pub setup: SetupArgs,
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
    /// Issue folders such as issues/2023-08, or a folder of them such as issues/ to build
    /// the whole archive.
    #[arg(required = true, value_name = "ISSUE")]
    pub issues: Vec<PathBuf>,
    /// Where to write the PDF of a single issue [default: out/<issue>.pdf in the project folder].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// The folder for the PDFs, named <issue>.pdf [default: out/ in the project folder].
    #[arg(long, value_name = "DIR", conflicts_with = "output")]
    pub out_dir: Option<PathBuf>,
    /// How many issues to build at a time [default: one per core].
    #[arg(short, long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=256))]
    pub jobs: Option<u16>,
    /// `human` messages, or one `json` document on stdout.
    #[arg(long, value_name = "FORMAT", value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Project and font options.
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Profile and print options.
    #[command(flatten)]
    pub pdf: PdfArgs,
}

/// Options shared by every command that typesets.
#[derive(Debug, Default, Args)]
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
    /// Print characters that no font has as empty boxes, with a warning, instead of failing.
    #[arg(long)]
    pub allow_missing_glyphs: bool,
}

impl SetupArgs {
    /// The engine these arguments ask for, making `output`.
    pub fn engine_options(&self, output: OutputOptions) -> EngineOptions {
        EngineOptions {
            root: self.root.clone(),
            fonts: FontOptions {
                extra_paths: self.font_paths.clone(),
                system_fonts: self.system_fonts,
            },
            allow_missing_glyphs: self.allow_missing_glyphs,
            output,
        }
    }
}

/// Arguments of `bulletin render`.
#[derive(Debug, Args)]
pub struct RenderArgs {
    /// The issue folder, for example issues/2023-08.
    pub issue: PathBuf,
    /// The folder for page-01.png, page-02.png, … [default: out/<issue>/ in the project folder].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Resolution in pixels per inch.
    #[arg(long, value_name = "N", default_value_t = 144, value_parser = ppi_parser())]
    pub ppi: u32,
    /// Project and font options.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// Arguments of `bulletin diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The old version: an issue folder or a PDF file.
    pub old: PathBuf,
    /// The new version: an issue folder or a PDF file.
    pub new: PathBuf,
    /// The folder for the report, index.html and page images [default: out/diff].
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Resolution in pixels per inch.
    #[arg(long, value_name = "N", default_value_t = 144, value_parser = ppi_parser())]
    pub ppi: u32,
    /// Project and font options, for issue folders.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// Accepts resolutions from 1 to `MAX_PPI` pixels per inch.
fn ppi_parser() -> clap::builder::RangedI64ValueParser<u32> {
    clap::value_parser!(u32).range(1..=i64::from(crate::export::png::MAX_PPI))
}

/// What the PDF of `bulletin build` is for, and the print shop's extras.
#[derive(Debug, Default, Args)]
pub struct PdfArgs {
    /// `print` for the print shop (black ink, spot red), `screen` for the website and the
    /// archive (PDF/A-2b, RGB) [default: the publication's `profile`, else print].
    #[arg(long, value_name = "PROFILE", value_parser = profile_parser())]
    pub profile: Option<Profile>,
    /// Print: extend the sheet past the trimmed A4 page, for example 3mm (writes a TrimBox).
    #[arg(long, value_name = "LENGTH", value_parser = clap::value_parser!(Bleed))]
    pub bleed: Option<Bleed>,
    /// Print: draw crop marks at the corners, outside the trimmed page and the bleed.
    #[arg(long)]
    pub marks: bool,
    /// Print: add blank pages before the last page up to a multiple of N pages (4 for
    /// saddle stitching).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(2..=64))]
    pub pad: Option<u32>,
    /// Print: the PDF/X level, `4` (PDF/X-4) or `1a` (PDF/X-1a:2003) [default: the
    /// publication's `pdfx`, else 4].
    #[arg(long, value_name = "LEVEL", value_parser = ["4", "1a"])]
    pub pdfx: Option<String>,
}

impl PdfArgs {
    /// The output these arguments ask for.
    pub fn output_options(&self) -> OutputOptions {
        OutputOptions {
            profile: self.profile,
            bleed: self.bleed,
            marks: self.marks,
            pad: self.pad,
            pdfx: self.pdfx.as_deref().map(|level| level.parse().expect("a listed level")),
        }
    }
}

/// Accepts the names of the profiles.
fn profile_parser() -> impl clap::builder::TypedValueParser<Value = Profile> {
    clap::builder::PossibleValuesParser::new(Profile::ALL.map(Profile::name))
        .map(|name| name.parse::<Profile>().expect("a listed profile"))
}

/// Accepts what `preflight --for` names: a profile or a PDF/X level.
fn target_parser() -> impl clap::builder::TypedValueParser<Value = crate::preflight::pdfx::Target> {
    clap::builder::PossibleValuesParser::new(crate::preflight::pdfx::Target::NAMES)
        .map(|name| name.parse().expect("a listed use"))
}

/// Arguments of `bulletin preflight`.
#[derive(Debug, Args)]
pub struct PreflightArgs {
    /// The PDF file to inspect, from this tool or from anybody else.
    pub pdf: PathBuf,
    /// What the file is meant for: `print` makes RGB and ICC-based colour errors,
    /// `screen` asks for a PDF/A claim and leaves image resolution alone, `pdfx-4` and
    /// `pdfx-1a` check the requirements of PDF/X-4 or PDF/X-1a:2003 that docs/print.md
    /// lists (not every clause of the standards).
    #[arg(long = "for", value_name = "USE", value_parser = target_parser())]
    pub intent: Option<crate::preflight::pdfx::Target>,
    /// The page count must be a multiple of N (4 for saddle stitching).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub multiple: Option<u32>,
    /// Print the findings as JSON instead of tables.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `bulletin new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The new issue's folder name, such as 2023-09 [default: the month after the latest issue].
    pub id: Option<String>,
    /// The folder that holds the issue folders.
    #[arg(long, value_name = "DIR", default_value = "issues")]
    pub issues: PathBuf,
}

/// Arguments of `bulletin init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to make the project in; made if missing [default: the current folder].
    #[arg(value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
    /// The first issue's folder name, such as 2026-12 [default: this month].
    #[arg(long, value_name = "ID")]
    pub first: Option<String>,
    /// Also copy the sample issue (August 2023), to try the tools on a real issue.
    #[arg(long)]
    pub sample: bool,
}

/// Arguments of `bulletin doctor`.
#[derive(Debug, Args)]
pub struct DoctorArgs {
    /// The project folder, or any folder inside it [default: the current folder].
    #[arg(value_name = "DIR", default_value = ".", hide_default_value = true)]
    pub dir: PathBuf,
    /// Also print, file by file, how the project's layouts differ from the installed ones.
    #[arg(long)]
    pub diff: bool,
}

/// Arguments of `bulletin history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The issue folder, for example issues/2023-08.
    #[arg(value_name = "ISSUE")]
    pub issue: PathBuf,
    /// Print the issue file as it was in version N, instead of the list.
    #[arg(long, value_name = "N", conflicts_with_all = ["changes", "restore"])]
    pub show: Option<u64>,
    /// Print what version N changed, article by article and paragraph by paragraph.
    #[arg(long, value_name = "N", conflicts_with = "restore")]
    pub changes: Option<u64>,
    /// Make version N the issue file again (kept as a new version: it can be undone too).
    #[arg(long, value_name = "N")]
    pub restore: Option<u64>,
    /// Print the list as one JSON document on stdout.
    #[arg(long)]
    pub json: bool,
}

/// Arguments of `bulletin manual`.
#[derive(Debug, Args)]
pub struct ManualArgs {
    /// The folder to write man/ and completions/ into.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

/// Arguments of `bulletin import`.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// Text files in the shape of the reference export, or .docx files (one article each).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// The issue file to write, for example issues/2023-09/issue.toml.
    #[arg(short, long, value_name = "PATH")]
    pub output: PathBuf,
    /// The section that the articles of .docx files go into (required for .docx files).
    #[arg(long, value_name = "NAME")]
    pub section: Option<String>,
    /// The issue's date, such as 2023-08-10, for a new issue file [default: kept from the
    /// file being replaced, else the latest issue's day in the folder's month].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::issue::calendar::parse_date)]
    pub date: Option<crate::issue::model::Date>,
    /// Replace an issue file that holds articles already with the imported text export
    /// (.docx articles are always appended, never replace anything).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `bulletin watch`.
#[derive(Debug, Args)]
pub struct WatchArgs {
    /// The issue folder, for example issues/2023-08.
    pub issue: PathBuf,
    /// Where to write the PDF [default: out/<issue>.pdf in the project folder].
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Also write one PNG image per page after each rebuild, into the folder named like
    /// the PDF without `.pdf` (out/<issue>/ by default); only changed pages are redrawn.
    #[arg(long)]
    pub png: bool,
    /// Resolution of the page images in pixels per inch.
    #[arg(long, value_name = "N", default_value_t = 144, value_parser = ppi_parser())]
    pub ppi: u32,
    /// Milliseconds without further file events before a rebuild starts (editors save
    /// in several steps).
    #[arg(long, value_name = "MS", default_value_t = 100,
          value_parser = clap::value_parser!(u64).range(0..=10_000))]
    pub debounce: u64,
    /// Project and font options.
    #[command(flatten)]
    pub setup: SetupArgs,
    /// Profile and print options.
    #[command(flatten)]
    pub pdf: PdfArgs,
}

/// Arguments of `bulletin serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// An issue folder such as issues/2023-08 (opened first), or the folder of issues
    /// [default: the project's issues/].
    #[arg(value_name = "ISSUE | issues/")]
    pub target: Option<PathBuf>,
    /// The port to listen on [default: a free one].
    #[arg(long, value_name = "N", default_value_t = 0, hide_default_value = true)]
    pub port: u16,
    /// Open the desk in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Listen on this address instead of 127.0.0.1; other computers can then reach the
    /// desk, and everybody must sign in with an account of `bulletin users`.
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<std::net::IpAddr>,
    /// Ask for a login even on 127.0.0.1: for a desk behind a reverse proxy on the same
    /// computer, which reaches it on the loopback address.
    #[arg(long)]
    pub require_login: bool,
    /// The certificate chain (PEM) to serve HTTPS with; needs --tls-key.
    #[arg(long, value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The private key (PEM) of --tls-cert.
    #[arg(long, value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// The address people use when a reverse proxy stands in front of the desk, such as
    /// `https://desk.example.org`: its host is answered and its origin accepted, and the
    /// proxy's X-Forwarded-For names the client; implies --require-login.
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// Project and font options.
    #[command(flatten)]
    pub setup: SetupArgs,
}

/// Arguments of `bulletin users`.
#[derive(Debug, Args)]
pub struct UsersArgs {
    /// What to do with the accounts.
    #[command(subcommand)]
    pub action: UsersAction,
    /// The project folder [default: the nearest one above the current folder].
    #[arg(long, value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,
}

/// What `bulletin users` does.
#[derive(Debug, Subcommand)]
pub enum UsersAction {
    /// Add an account. The password is asked twice without echo on a terminal; from a
    /// pipe, the first line of standard input is the password.
    Add {
        /// The name typed at the login (1 to 64 characters, no spaces).
        name: String,
        /// What the account is for: `editor` (编辑), `proofreader` (校对) or `chief` (主编).
        #[arg(long, value_name = "ROLE", value_parser = role_parser())]
        role: crate::accounts::Role,
    },
    /// List the accounts: name, role, when each was added.
    List,
    /// Remove an account; its sessions on a running desk end at once.
    Remove {
        /// The account's name.
        name: String,
    },
    /// Change an account's password, asked as for `add`; its sessions on a running desk
    /// end at once.
    Passwd {
        /// The account's name.
        name: String,
    },
}

/// Accepts the names of the roles.
fn role_parser() -> impl clap::builder::TypedValueParser<Value = crate::accounts::Role> {
    clap::builder::PossibleValuesParser::new(crate::accounts::Role::ALL.map(|role| role.name()))
        .map(|name| crate::accounts::Role::from_name(&name).expect("a listed role"))
}
