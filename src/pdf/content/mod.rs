//! Content streams: the lexer (operations with their byte offsets), the graphics state,
//! and the one interpreter every reader of content is a visitor of.

pub mod interpreter;
pub mod lexer;
pub mod state;

pub use interpreter::{Visitor, interpret, interpret_page};
pub use state::{GraphicsState, Matrix, Painted, Painting, PlacedImage};
