//! `bulletin` typesets 《电子商务动态》: issue TOML → validated model → JSON served to
//! the Typst layouts as a virtual file → typeset pages → PDF.

pub mod archive;
pub mod batch;
pub mod cli;
pub mod cmd;
pub mod compile;
pub mod coverage;
pub mod diagnostics;
pub mod export;
pub mod fonts;
pub mod import;
pub mod input;
pub mod inspect;
pub mod live;
pub mod load;
pub mod model;
pub mod output;
pub mod pad;
pub mod pipeline;
pub mod preflight;
pub mod progress;
pub mod project;
pub mod raw;
pub mod save;
pub mod schema;
pub mod visual;
pub mod world;
