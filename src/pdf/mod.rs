//! Reading PDF, for the writer and the readers alike: objects and inherited attributes,
//! text strings, colour spaces, resources, transparency, the XMP namespaces of PDF/X,
//! parsing a file again after a small change (only its changed objects), and content
//! streams (one interpreter following the graphics state, whose visitors are the
//! writer's overprint pass and the page reader, which the preflight reads every page
//! with and the overprint pass runs in the same walk). `export` (which
//! post-processes Typst's PDF) and `preflight` (which reads anyone's) both stand on this
//! layer and never on each other, so that a rule is written once.

pub mod colour_space;
pub mod content;
pub mod objects;
pub mod overprint;
pub mod page_content;
pub mod reparse;
pub mod resources;
pub mod transparency;
pub mod xmp;
