//! Reading PDF, for the writer and the readers alike: objects and inherited attributes,
//! text strings, colour spaces, resources, transparency, the XMP namespaces of PDF/X, and content
//! streams (a lexer keeping each operator's byte offset, and the overprint walk over
//! it). `export` (which post-processes Typst's PDF) and `preflight` (which reads anyone's)
//! both stand on this layer and never on each other, so that a rule is written once.

pub mod colour_space;
pub mod lexer;
pub mod objects;
pub mod overprint;
pub mod resources;
pub mod transparency;
pub mod xmp;
