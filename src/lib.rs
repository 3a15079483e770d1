//! `bulletin` typesets 《电子商务动态》: issue TOML → validated model → JSON served to
//! the Typst layouts as a virtual file → typeset pages → PDF.

pub mod archive;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod export;
pub mod import;
pub mod issue;
pub mod preflight;
pub mod serve;
pub mod typeset;
pub mod visual;
pub mod watch;
