//! The graphics state the content interpreter follows, and what it reports a content
//! stream paints.

use crate::pdf::colour_space::{Colour, ColourSpace};

/// An affine transformation `[a b c d e f]`, as PDF writes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// Six numbers, as in `cm` operands or a form's `/Matrix`.
    pub fn from_numbers(numbers: &[f64]) -> Option<Matrix> {
        <[f64; 6]>::try_from(numbers).ok().map(Matrix)
    }

    /// `self` applied first, then `then`.
    pub fn then(self, then: Matrix) -> Matrix {
        let [a, b, c, d, e, f] = self.0;
        let [p, q, r, s, t, u] = then.0;
        Matrix([
            a * p + b * r,
            a * q + b * s,
            c * p + d * r,
            c * q + d * s,
            e * p + f * r + t,
            e * q + f * s + u,
        ])
    }

    /// Where the point (x, y) lands.
    pub fn apply(self, x: f64, y: f64) -> (f64, f64) {
        let [a, b, c, d, e, f] = self.0;
        (a * x + c * y + e, b * x + d * y + f)
    }

    /// How long the unit square's sides become, in points: (width, height).
    pub fn unit_square_size(self) -> (f64, f64) {
        let [a, b, c, d, ..] = self.0;
        (a.hypot(b), c.hypot(d))
    }

    /// The factor by which lengths scale on average (the root of the determinant).
    pub fn scale(self) -> f64 {
        let [a, b, c, d, ..] = self.0;
        (a * d - b * c).abs().sqrt()
    }
}

/// The graphics state, as far as any reader of content needs it.
#[derive(Debug, Clone)]
pub struct GraphicsState {
    /// The current transformation: user space onto the page.
    pub ctm: Matrix,
    /// The fill colour.
    pub fill: Colour,
    /// The stroke colour.
    pub stroke: Colour,
    /// The fill pattern's resource name, when the fill colour is a pattern.
    pub fill_pattern: Option<Vec<u8>>,
    /// The stroke pattern's resource name, when the stroke colour is a pattern.
    pub stroke_pattern: Option<Vec<u8>>,
    /// The line width, in user space.
    pub line_width: f64,
    /// The text rendering mode (`Tr`).
    pub render_mode: i64,
    /// Overprint for (fill, stroke), when known: a form starts not knowing its caller's.
    pub overprint: Option<(bool, bool)>,
    /// The bounds on the page of the path under construction.
    pub path: Option<[f64; 4]>,
}

impl GraphicsState {
    /// The state a page's content starts in.
    pub fn page_start() -> GraphicsState {
        GraphicsState {
            ctm: Matrix::IDENTITY,
            fill: Colour::initial(),
            stroke: Colour::initial(),
            fill_pattern: None,
            stroke_pattern: None,
            line_width: 1.0,
            render_mode: 0,
            overprint: Some((false, false)),
            path: None,
        }
    }

    /// The state a form read on its own starts in: like a page, but whether its caller
    /// overprints is unknown.
    pub fn form_start() -> GraphicsState {
        GraphicsState { overprint: None, ..GraphicsState::page_start() }
    }

    /// Grows the current path's bounds by a point in user space.
    pub(super) fn extend_path(&mut self, x: f64, y: f64) {
        let (px, py) = self.ctm.apply(x, y);
        self.path = Some(match self.path {
            None => [px, py, px, py],
            Some(b) => [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)],
        });
    }

    /// The line width on the page, in points.
    pub fn line_width_on_page(&self) -> f64 {
        if self.line_width == 0.0 { 0.0 } else { self.line_width * self.ctm.scale() }
    }

    /// The narrower side of the current path's bounds on the page, in points.
    pub fn path_narrow_side(&self) -> Option<f64> {
        self.path.map(|b| (b[2] - b[0]).min(b[3] - b[1]))
    }
}

/// What an operation painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Painted {
    /// Glyphs.
    Text,
    /// Paths: rules, boxes, leaders drawn as lines.
    Graphics,
    /// Image pixels, or the colour of an image mask; also an XObject that is not a form.
    Image,
    /// A smooth shading.
    Shading,
}

/// An image drawn on the page.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedImage {
    /// Its resource name (`Im0`), or `inline`.
    pub name: String,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// The transformation at the moment it was drawn: the unit square onto the page.
    pub matrix: Matrix,
    /// Its colour space; `None` for masks and images that carry their own (JPEG 2000).
    pub space: Option<ColourSpace>,
}

/// One painting operation, as the interpreter reports it.
#[derive(Debug, Clone)]
pub struct Painting {
    /// Byte offset of the operation in the stream being read.
    pub at: usize,
    /// What it painted.
    pub what: Painted,
    /// The colour it filled with (for an image, the image's space or a mask's colour);
    /// `None` when it fills nothing.
    pub fill: Option<Colour>,
    /// The colour it stroked with; `None` when it strokes nothing.
    pub stroke: Option<Colour>,
    /// The image drawn, for images.
    pub image: Option<PlacedImage>,
    /// Whether it is painted by a form or pattern the stream draws (followed into by a
    /// reader of whole pages), not by the stream being read: `at` is then the offset of
    /// the operation that drew the form or pattern.
    pub nested: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_in_drawing_order() {
        let scale = Matrix([100.0, 0.0, 0.0, 50.0, 0.0, 0.0]);
        let move_then_halve = Matrix([0.5, 0.0, 0.0, 0.5, 10.0, 20.0]);
        let m = scale.then(move_then_halve);
        assert_eq!(m.0, [50.0, 0.0, 0.0, 25.0, 10.0, 20.0]);
        assert_eq!(m.unit_square_size(), (50.0, 25.0));
        assert_eq!(m.apply(1.0, 1.0), (60.0, 45.0));
        let rotated = Matrix([0.0, 72.0, -36.0, 0.0, 0.0, 0.0]);
        assert_eq!(rotated.unit_square_size(), (72.0, 36.0));
        assert_eq!(Matrix([2.0, 0.0, 0.0, 8.0, 0.0, 0.0]).scale(), 4.0);
    }
}
