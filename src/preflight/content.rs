//! Walks a page's content, forms and patterns included, recording what is painted with
//! which colour and where each image lands.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::colours::Colour;
use crate::pdf::colour_space::ColourSpace;
use crate::pdf::objects::{as_dict, inherited, stream_bytes};

/// The deepest nesting of forms and patterns followed.
const MAX_NESTING: usize = 12;

/// An affine transformation `[a b c d e f]`, as PDF writes them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix(pub [f64; 6]);

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);

    /// Reads six numbers, as in `cm` operands or a form's `/Matrix`.
    fn from_objects(objects: &[Object]) -> Option<Matrix> {
        let numbers: Vec<f64> =
            objects.iter().filter_map(|o| o.as_float().ok()).map(f64::from).collect();
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

    /// How long the unit square's sides become, in points: (width, height).
    pub fn unit_square_size(self) -> (f64, f64) {
        let [a, b, c, d, ..] = self.0;
        (a.hypot(b), c.hypot(d))
    }
}

/// What a colour painted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Painted {
    /// Glyphs.
    Text,
    /// Paths: rules, boxes, leaders drawn as lines.
    Graphics,
    /// Image pixels, or the colour of an image mask.
    Image,
    /// A smooth shading.
    Shading,
}

/// One colour used to paint something.
#[derive(Debug, Clone, PartialEq)]
pub struct Paint {
    /// What it painted.
    pub what: Painted,
    /// The colour.
    pub colour: Colour,
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

/// Everything the walk learned about one page.
#[derive(Debug, Clone, Default)]
pub struct PageContent {
    /// Every distinct colour used to paint, with what it painted.
    pub paints: Vec<Paint>,
    /// Every image drawn, in drawing order.
    pub images: Vec<PlacedImage>,
    /// Content that could not be read, as messages.
    pub problems: Vec<String>,
}

impl PageContent {
    fn paint(&mut self, what: Painted, colour: &Colour) {
        let paint = Paint { what, colour: colour.clone() };
        if !self.paints.contains(&paint) {
            self.paints.push(paint);
        }
    }
}

/// The graphics state the walk follows.
#[derive(Debug, Clone)]
struct State {
    ctm: Matrix,
    fill: Colour,
    stroke: Colour,
    /// The fill and stroke pattern names, when the colour is a pattern.
    fill_pattern: Option<Vec<u8>>,
    stroke_pattern: Option<Vec<u8>>,
    render_mode: i64,
}

/// Walks page `page_id` of `doc`.
pub fn walk_page(doc: &Document, page_id: ObjectId) -> PageContent {
    let mut walker = Walker { doc, out: PageContent::default(), stack: Vec::new() };
    let resources = inherited(doc, page_id, b"Resources").and_then(|o| as_dict(doc, o));
    let mut bytes = Vec::new();
    for id in doc.get_page_contents(page_id) {
        match doc.get_object(id).and_then(Object::as_stream) {
            Ok(stream) => match stream_bytes(stream) {
                Ok(data) => bytes.extend_from_slice(&data),
                Err(err) => walker.out.problems.push(format!("content stream {}: {err}", id.0)),
            },
            Err(err) => walker.out.problems.push(format!("content stream {}: {err}", id.0)),
        }
        bytes.push(b'\n');
    }
    let state = State {
        ctm: Matrix::IDENTITY,
        fill: Colour::initial(),
        stroke: Colour::initial(),
        fill_pattern: None,
        stroke_pattern: None,
        render_mode: 0,
    };
    walker.run(&bytes, resources, state);
    walker.out
}

struct Walker<'a> {
    doc: &'a Document,
    out: PageContent,
    /// Forms and patterns being walked, against cycles.
    stack: Vec<ObjectId>,
}

impl<'a> Walker<'a> {
    /// Interprets `bytes` with `resources`, starting from `state`.
    fn run(&mut self, bytes: &[u8], resources: Option<&'a Dictionary>, state: State) {
        let content = match Content::decode(bytes) {
            // The parser stops quietly at what it cannot read; nothing read from something
            // is a failure too.
            Ok(content)
                if content.operations.is_empty()
                    && bytes.iter().any(|b| !b.is_ascii_whitespace()) =>
            {
                self.out.problems.push("the content could not be read".to_owned());
                return;
            }
            Ok(content) => content,
            Err(err) => {
                self.out.problems.push(format!("the content could not be read: {err}"));
                return;
            }
        };
        let mut state = state;
        let mut saved: Vec<State> = Vec::new();
        for op in &content.operations {
            self.operation(op, resources, &mut state, &mut saved);
        }
    }

    fn operation(
        &mut self,
        op: &Operation,
        resources: Option<&'a Dictionary>,
        state: &mut State,
        saved: &mut Vec<State>,
    ) {
        let operands = &op.operands;
        let number = |i: usize| operands.get(i).and_then(|o| o.as_float().ok());
        match op.operator.as_str() {
            "q" => saved.push(state.clone()),
            "Q" => {
                if let Some(previous) = saved.pop() {
                    *state = previous;
                }
            }
            "cm" => {
                if let Some(m) = Matrix::from_objects(operands) {
                    state.ctm = m.then(state.ctm);
                }
            }
            "Tr" => state.render_mode = number(0).map_or(0, |m| m as i64),
            "g" | "G" | "rg" | "RG" | "k" | "K" => {
                let space = match op.operator.as_str() {
                    "g" | "G" => ColourSpace::DeviceGray,
                    "rg" | "RG" => ColourSpace::DeviceRgb,
                    _ => ColourSpace::DeviceCmyk,
                };
                let colour = Colour { space, components: numbers(operands) };
                if op.operator.chars().all(char::is_lowercase) {
                    (state.fill, state.fill_pattern) = (colour, None);
                } else {
                    (state.stroke, state.stroke_pattern) = (colour, None);
                }
            }
            "cs" | "CS" => {
                let space = operands
                    .first()
                    .map(|o| self.colour_space(resources, o))
                    .unwrap_or(ColourSpace::Unknown { name: "missing".into() });
                let colour = Colour { components: space.initial_components(), space };
                if op.operator == "cs" {
                    (state.fill, state.fill_pattern) = (colour, None);
                } else {
                    (state.stroke, state.stroke_pattern) = (colour, None);
                }
            }
            "sc" | "scn" | "SC" | "SCN" => {
                let pattern = operands.last().and_then(|o| o.as_name().ok()).map(<[u8]>::to_vec);
                let fill = op.operator.starts_with('s');
                let (colour, slot) = if fill {
                    (&mut state.fill, &mut state.fill_pattern)
                } else {
                    (&mut state.stroke, &mut state.stroke_pattern)
                };
                colour.components = numbers(operands);
                *slot = pattern;
            }
            "Tj" | "TJ" | "'" | "\"" => {
                let (fill, stroke) = match state.render_mode {
                    0 | 4 => (true, false),
                    1 | 5 => (false, true),
                    2 | 6 => (true, true),
                    _ => (false, false),
                };
                if fill {
                    self.paint_fill(Painted::Text, resources, state);
                }
                if stroke {
                    self.paint_stroke(Painted::Text, resources, state);
                }
            }
            "f" | "F" | "f*" => self.paint_fill(Painted::Graphics, resources, state),
            "S" | "s" => self.paint_stroke(Painted::Graphics, resources, state),
            "B" | "B*" | "b" | "b*" => {
                self.paint_fill(Painted::Graphics, resources, state);
                self.paint_stroke(Painted::Graphics, resources, state);
            }
            "sh" => {
                if let Some(shading) = operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .and_then(|name| resource(self.doc, resources, b"Shading", name))
                {
                    self.shading(shading, resources);
                }
            }
            "Do" => {
                if let Some(name) = operands.first().and_then(|o| o.as_name().ok()) {
                    self.xobject(name, resources, state);
                }
            }
            "BI" => {
                if let Some(Object::Stream(stream)) = operands.first() {
                    self.inline_image(&stream.dict, resources, state);
                }
            }
            _ => {}
        }
    }

    /// Resolves a colour space operand: a device name, or a name in the resources.
    fn colour_space(&self, resources: Option<&'a Dictionary>, object: &Object) -> ColourSpace {
        if let Ok(name) = object.as_name() {
            if ColourSpace::is_device_name(name) {
                return ColourSpace::from_name(name);
            }
            return match resource(self.doc, resources, b"ColorSpace", name) {
                Some(space) => ColourSpace::parse(self.doc, space),
                None => ColourSpace::Unknown {
                    name: format!("{} (not in the resources)", String::from_utf8_lossy(name)),
                },
            };
        }
        ColourSpace::parse(self.doc, object)
    }

    fn paint_fill(&mut self, what: Painted, resources: Option<&'a Dictionary>, state: &State) {
        match &state.fill_pattern {
            Some(name) => self.pattern(name, resources, &state.fill, what),
            None => self.out.paint(what, &state.fill),
        }
    }

    fn paint_stroke(&mut self, what: Painted, resources: Option<&'a Dictionary>, state: &State) {
        match &state.stroke_pattern {
            Some(name) => self.pattern(name, resources, &state.stroke, what),
            None => self.out.paint(what, &state.stroke),
        }
    }

    /// Paints with pattern `name`: a shading's space, or a tiling pattern's own content.
    fn pattern(
        &mut self,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        colour: &Colour,
        what: Painted,
    ) {
        let Some(object) = self.named_resource(resources, b"Pattern", "pattern", name) else {
            return;
        };
        let Some(dict) = as_dict(self.doc, object) else { return };
        match dict.get(b"PatternType").and_then(Object::as_i64) {
            Ok(2) => {
                if let Ok(shading) = dict.get(b"Shading") {
                    self.shading(shading, resources);
                }
            }
            _ => {
                let uncoloured = dict.get(b"PaintType").and_then(Object::as_i64).ok() == Some(2);
                if uncoloured {
                    // Painted in the colour given with it, in the pattern space's base.
                    let base = match &colour.space {
                        ColourSpace::Pattern { base: Some(base) } => (**base).clone(),
                        other => other.clone(),
                    };
                    let colour = Colour { space: base, components: colour.components.clone() };
                    self.out.paint(what, &colour);
                } else if let Ok(id) = object.as_reference() {
                    let matrix = own_matrix(dict);
                    self.nested(id, resources, matrix, None);
                }
            }
        }
    }

    /// The resource `name` of `category`, or a recorded problem when the page lacks it.
    fn named_resource(
        &mut self,
        resources: Option<&'a Dictionary>,
        category: &[u8],
        label: &str,
        name: &[u8],
    ) -> Option<&'a Object> {
        let found = resource(self.doc, resources, category, name);
        if found.is_none() {
            let name = String::from_utf8_lossy(name);
            self.out.problems.push(format!("{label} {name} is not in the resources"));
        }
        found
    }

    /// Records the colour space of a shading.
    fn shading(&mut self, shading: &Object, resources: Option<&'a Dictionary>) {
        if let Some(space) = as_dict(self.doc, shading).and_then(|d| d.get(b"ColorSpace").ok()) {
            let space = self.colour_space(resources, space);
            self.out.paint(Painted::Shading, &Colour::any_in(space));
        }
    }

    /// Draws the XObject `name`: an image is recorded, a form is walked.
    fn xobject(&mut self, name: &[u8], resources: Option<&'a Dictionary>, state: &State) {
        let Some(object) = self.named_resource(resources, b"XObject", "XObject", name) else {
            return;
        };
        let Some(dict) = as_dict(self.doc, object) else { return };
        match dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                let mask = dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false);
                let space = match dict.get(b"ColorSpace") {
                    Ok(space) if !mask => Some(self.colour_space(resources, space)),
                    _ => None,
                };
                self.image(String::from_utf8_lossy(name).into_owned(), dict, space, state);
            }
            Ok(b"Form") => {
                let Ok(id) = object.as_reference() else { return };
                let matrix = own_matrix(dict);
                self.nested(id, resources, matrix.then(state.ctm), Some(state));
            }
            _ => {}
        }
    }

    /// Walks the content stream `id` (a form or a tiling pattern) with its own resources,
    /// or those of the content that draws it.
    fn nested(
        &mut self,
        id: ObjectId,
        resources: Option<&'a Dictionary>,
        ctm: Matrix,
        state: Option<&State>,
    ) {
        if self.stack.contains(&id) || self.stack.len() >= MAX_NESTING {
            return;
        }
        let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else { return };
        let own = stream.dict.get(b"Resources").ok().and_then(|r| as_dict(self.doc, r));
        let bytes = match stream_bytes(stream) {
            Ok(bytes) => bytes,
            Err(err) => {
                self.out.problems.push(format!("form or pattern {}: {err}", id.0));
                return;
            }
        };
        let state = match state {
            Some(state) => State { ctm, ..state.clone() },
            None => State {
                ctm,
                fill: Colour::initial(),
                stroke: Colour::initial(),
                fill_pattern: None,
                stroke_pattern: None,
                render_mode: 0,
            },
        };
        self.stack.push(id);
        self.run(&bytes, own.or(resources), state);
        self.stack.pop();
    }

    /// Records an image XObject drawn with the current transformation.
    fn image(
        &mut self,
        name: String,
        dict: &Dictionary,
        space: Option<ColourSpace>,
        state: &State,
    ) {
        let size = |key: &[u8]| dict.get(key).and_then(Object::as_i64).unwrap_or(0);
        let (width, height) = (size(b"Width"), size(b"Height"));
        self.place(name, width, height, space, state);
    }

    /// Records an inline image; its dictionary may use the abbreviated keys.
    fn inline_image(
        &mut self,
        dict: &Dictionary,
        resources: Option<&'a Dictionary>,
        state: &State,
    ) {
        let get = |short: &[u8], long: &[u8]| dict.get(short).or_else(|_| dict.get(long)).ok();
        let size = |short: &[u8], long: &[u8]| get(short, long).and_then(|o| o.as_i64().ok());
        let mask = get(b"IM", b"ImageMask").and_then(|o| o.as_bool().ok()).unwrap_or(false);
        let space = match get(b"CS", b"ColorSpace") {
            Some(space) if !mask => Some(self.colour_space(resources, space)),
            _ => None,
        };
        let (width, height) =
            (size(b"W", b"Width").unwrap_or(0), size(b"H", b"Height").unwrap_or(0));
        self.place("inline".into(), width, height, space, state);
    }

    fn place(
        &mut self,
        name: String,
        width: i64,
        height: i64,
        space: Option<ColourSpace>,
        state: &State,
    ) {
        match &space {
            Some(space) => self.out.paint(Painted::Image, &Colour::any_in(space.clone())),
            // A mask is painted in the fill colour.
            None => self.out.paint(Painted::Image, &state.fill),
        }
        let pixels = |n: i64| u32::try_from(n).unwrap_or(0);
        self.out.images.push(PlacedImage {
            name,
            width: pixels(width),
            height: pixels(height),
            matrix: state.ctm,
            space,
        });
    }
}

/// The numeric operands, in order.
fn numbers(operands: &[Object]) -> Vec<f32> {
    operands.iter().filter_map(|o| o.as_float().ok()).collect()
}

/// The `/Matrix` of a form or pattern, identity when it has none.
fn own_matrix(dict: &Dictionary) -> Matrix {
    dict.get(b"Matrix")
        .and_then(Object::as_array)
        .ok()
        .and_then(|m| Matrix::from_objects(m))
        .unwrap_or(Matrix::IDENTITY)
}

/// Looks `name` up in the `category` (ColorSpace, XObject, …) of `resources`.
fn resource<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    let category = as_dict(doc, resources?.get(category).ok()?)?;
    category.get(name).ok()
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
        let rotated = Matrix([0.0, 72.0, -36.0, 0.0, 0.0, 0.0]);
        assert_eq!(rotated.unit_square_size(), (72.0, 36.0));
    }
}
