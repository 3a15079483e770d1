//! `bulletin` typesets 《电子商务动态》, the monthly e-commerce bulletin, into print-ready
//! PDFs.
//!
//! The pipeline: an issue's `issue.toml` and the publication settings are read and
//! checked into the issue model ([`issue`]); the engine ([`typeset`]) serves the model to
//! the Typst layouts as a virtual JSON file, typesets them and checks the pages; the
//! pages become a PDF or images ([`export`]). Every finding on the way is data
//! ([`diag`]); front ends put it into words.
//!
//! Folders, from the front ends down to the model (dependencies point down only):
//! - [`cmd`] and [`cli`]: the command line, one module per command;
//! - `serve`: the editors' desk in the browser;
//! - [`archive`]: many issues at once; [`visual`]: page comparison; [`watch`]: file watching;
//! - [`typeset`]: the engine, the Typst world, fonts, compiling, checks on the pages;
//! - [`export`]: PDF and page images; [`import`]: material into issue data;
//!   [`preflight`]: any PDF as a print shop reads it (export and preflight never use each
//!   other);
//! - [`pdf`]: reading PDF objects, streams, colour spaces and content, for both;
//!   [`install`]: the installed copy of layouts and fonts, new projects made from it;
//!   [`accounts`]: who may sign in to the desk, their roles and password hashes;
//! - [`issue`]: the model, reading, checking and writing issue files, the calendar;
//! - [`diag`]: findings as data, and their words in English and Chinese.

pub mod accounts;
pub mod archive;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod export;
pub mod import;
pub mod install;
pub mod issue;
pub mod pdf;
pub mod preflight;
pub mod serve;
pub mod typeset;
pub mod visual;
pub mod watch;
