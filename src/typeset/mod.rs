//! Typesetting: the Typst world, the fonts, compiling the layouts, checks on the pages.

pub mod allocator;
pub(crate) mod compile;
pub(crate) mod coverage;
pub mod engine;
pub mod figures;
pub mod fonts;
pub mod inspect;
pub mod interrupt;
pub mod memory;
pub mod options;
pub(crate) mod pad;
pub(crate) mod plugins;
pub(crate) mod world;
