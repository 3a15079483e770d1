//! Typesetting: the Typst world, the fonts, compiling the layouts, checks on the pages.

pub mod compile;
pub mod coverage;
pub mod engine;
pub mod fonts;
pub mod inspect;
pub mod options;
pub mod pad;
pub mod world;
