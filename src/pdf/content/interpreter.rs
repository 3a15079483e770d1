//! The content interpreter: follows the graphics state through a content stream (and,
//! for readers of whole pages, the forms and patterns it draws) and reports every
//! painting operation with the state it was painted in. The writer's overprint pass and
//! the preflight's page reader are both visitors of this one walk.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::lexer::{Operand, Operation, operations};
use super::state::{GraphicsState, Matrix, Painted, Painting, PlacedImage};
use crate::pdf::colour_space::{Colour, ColourSpace};
use crate::pdf::objects::{as_dict, stream_bytes};
use crate::pdf::resources::states_in;

/// The deepest nesting of forms and patterns followed.
const MAX_NESTING: usize = 12;

/// What a reader of content does with what the interpreter finds.
pub trait Visitor {
    /// Whether forms and patterns are followed into, with the state they are drawn in
    /// (a reader of whole pages does; a writer that rewrites each stream on its own does
    /// not, and then a form's `Do` is no painting).
    fn follows_nested(&self) -> bool;

    /// One painting operation; the visitor may change the state from here on (the
    /// overprint pass records the overprint it inserts).
    fn paint(&mut self, painting: &Painting, state: &mut GraphicsState);

    /// Content that could not be read, as a message.
    fn problem(&mut self, message: String);

    /// A `PS` operator: PostScript passed through to the printer, which PDF/X forbids.
    /// Ignored unless the visitor cares.
    fn postscript(&mut self) {}
}

/// Interprets `bytes` (one content stream, or a page's streams joined) with
/// `resources`, starting from `state`; `false` when the content could not be read.
pub fn interpret(
    doc: &Document,
    bytes: &[u8],
    resources: Option<&Dictionary>,
    state: GraphicsState,
    visitor: &mut dyn Visitor,
) -> bool {
    match operations(bytes) {
        Some(ops) => {
            Interpreter { doc, visitor, stack: Vec::new() }.run(&ops, resources, state);
            true
        }
        None => {
            visitor.problem("the content could not be read".to_owned());
            false
        }
    }
}

/// Interprets every content stream of page `page` with the page's resources.
pub fn interpret_page(doc: &Document, page: ObjectId, visitor: &mut dyn Visitor) {
    let resources =
        crate::pdf::objects::inherited(doc, page, b"Resources").and_then(|o| as_dict(doc, o));
    let mut bytes = Vec::new();
    for id in doc.get_page_contents(page) {
        match doc.get_object(id).and_then(Object::as_stream) {
            Ok(stream) => match stream_bytes(stream) {
                Ok(data) => bytes.extend_from_slice(&data),
                Err(err) => visitor.problem(format!("content stream {}: {err}", id.0)),
            },
            Err(err) => visitor.problem(format!("content stream {}: {err}", id.0)),
        }
        bytes.push(b'\n');
    }
    interpret(doc, &bytes, resources, GraphicsState::page_start(), visitor);
}

struct Interpreter<'a, 'v> {
    doc: &'a Document,
    visitor: &'v mut dyn Visitor,
    /// Forms and patterns being walked, against cycles.
    stack: Vec<ObjectId>,
}

/// The numeric operands, in order.
fn numbers(operands: &[Operand]) -> Vec<f64> {
    operands.iter().filter_map(Operand::number).collect()
}

fn components(operands: &[Operand]) -> Vec<f32> {
    operands.iter().filter_map(Operand::number).map(|n| n as f32).collect()
}

impl<'a> Interpreter<'a, '_> {
    fn run(&mut self, ops: &[Operation], resources: Option<&'a Dictionary>, start: GraphicsState) {
        let mut state = start;
        let mut saved: Vec<GraphicsState> = Vec::new();
        for op in ops {
            self.operation(op, resources, &mut state, &mut saved);
        }
    }

    fn operation(
        &mut self,
        op: &Operation,
        resources: Option<&'a Dictionary>,
        state: &mut GraphicsState,
        saved: &mut Vec<GraphicsState>,
    ) {
        let operands = &op.operands;
        let number = |i: usize| operands.get(i).and_then(Operand::number);
        let name = |i: usize| operands.get(i).and_then(Operand::name);
        let nested = !self.stack.is_empty();
        let painting = |what: Painted, fill: Option<Colour>, stroke: Option<Colour>| Painting {
            at: op.start,
            what,
            fill,
            stroke,
            image: None,
            nested,
        };
        match op.operator {
            b"q" => saved.push(state.clone()),
            b"Q" => {
                if let Some(previous) = saved.pop() {
                    *state = previous;
                }
            }
            b"cm" => {
                if let Some(m) = Matrix::from_numbers(&numbers(operands)) {
                    state.ctm = m.then(state.ctm);
                }
            }
            b"w" => state.line_width = number(0).unwrap_or(1.0),
            b"Tr" => state.render_mode = number(0).map_or(0, |m| m as i64),
            operator @ (b"g" | b"G" | b"rg" | b"RG" | b"k" | b"K") => {
                let space = match operator[0].to_ascii_lowercase() {
                    b'g' => ColourSpace::DeviceGray,
                    b'r' => ColourSpace::DeviceRgb,
                    _ => ColourSpace::DeviceCmyk,
                };
                let colour = Colour { space, components: components(operands) };
                if operator[0].is_ascii_lowercase() {
                    (state.fill, state.fill_pattern) = (colour, None);
                } else {
                    (state.stroke, state.stroke_pattern) = (colour, None);
                }
            }
            operator @ (b"cs" | b"CS") => {
                let space = match operands.first() {
                    Some(space) => self.colour_space(resources, &space.to_object()),
                    None => ColourSpace::Unknown { name: "missing".into() },
                };
                let colour = Colour { components: space.initial_components(), space };
                if operator == b"cs" {
                    (state.fill, state.fill_pattern) = (colour, None);
                } else {
                    (state.stroke, state.stroke_pattern) = (colour, None);
                }
            }
            operator @ (b"sc" | b"scn" | b"SC" | b"SCN") => {
                let pattern = operands.last().and_then(Operand::name).map(<[u8]>::to_vec);
                let (colour, slot) = if operator[0] == b's' {
                    (&mut state.fill, &mut state.fill_pattern)
                } else {
                    (&mut state.stroke, &mut state.stroke_pattern)
                };
                colour.components = components(operands);
                *slot = pattern;
            }
            b"gs" => {
                let set = name(0).and_then(|n| {
                    let states = as_dict(self.doc, resources?.get(b"ExtGState").ok()?)?;
                    states_in(self.doc, states, n)
                });
                state.overprint = match (set, state.overprint) {
                    // OP alone sets both; op alone only the fill's.
                    (Some((Some(fill), Some(stroke))), _) => Some((fill, stroke)),
                    (Some((None, Some(both))), _) => Some((both, both)),
                    (Some((Some(fill), None)), Some((_, stroke))) => Some((fill, stroke)),
                    (Some((None, None)), known) => known,
                    _ => None,
                };
            }
            b"m" | b"l" | b"c" | b"v" | b"y" => {
                for pair in numbers(operands).chunks_exact(2) {
                    state.extend_path(pair[0], pair[1]);
                }
            }
            b"re" => {
                if let [x, y, w, h] = numbers(operands)[..] {
                    for (px, py) in [(x, y), (x + w, y + h), (x + w, y), (x, y + h)] {
                        state.extend_path(px, py);
                    }
                }
            }
            b"n" => state.path = None,
            b"Tj" | b"TJ" | b"'" | b"\"" => {
                let fills = matches!(state.render_mode, 0 | 2 | 4 | 6);
                let strokes = matches!(state.render_mode, 1 | 2 | 5 | 6);
                let p = painting(
                    Painted::Text,
                    fills.then(|| state.fill.clone()),
                    strokes.then(|| state.stroke.clone()),
                );
                self.paint(p, resources, state);
            }
            operator @ (b"f" | b"F" | b"f*" | b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*") => {
                let fills = !matches!(operator, b"S" | b"s");
                let strokes = !matches!(operator, b"f" | b"F" | b"f*");
                let p = painting(
                    Painted::Graphics,
                    fills.then(|| state.fill.clone()),
                    strokes.then(|| state.stroke.clone()),
                );
                self.paint(p, resources, state);
                state.path = None;
            }
            b"sh" => {
                let space = name(0)
                    .and_then(|n| lookup(self.doc, resources, b"Shading", n))
                    .and_then(|shading| self.shading_space(shading, resources));
                let p = painting(Painted::Shading, space.map(Colour::any_in), None);
                self.visitor.paint(&p, state);
            }
            b"Do" => {
                if let Some(name) = name(0) {
                    self.xobject(op.start, name, resources, state);
                }
            }
            b"BI" => {
                if let Some(dict) = operands.first() {
                    self.inline_image(op.start, dict, resources, state);
                }
            }
            b"PS" => self.visitor.postscript(),
            _ => {}
        }
    }

    /// Reports a text or path painting, then follows the patterns it paints with.
    fn paint(
        &mut self,
        painting: Painting,
        resources: Option<&'a Dictionary>,
        state: &mut GraphicsState,
    ) {
        self.visitor.paint(&painting, state);
        if !self.visitor.follows_nested() {
            return;
        }
        for fill in [true, false] {
            let (used, pattern, colour) = if fill {
                (painting.fill.is_some(), &state.fill_pattern, &state.fill)
            } else {
                (painting.stroke.is_some(), &state.stroke_pattern, &state.stroke)
            };
            if let (true, Some(pattern)) = (used, pattern) {
                let (pattern, colour) = (pattern.clone(), colour.clone());
                self.pattern(painting.at, painting.what, &pattern, &colour, resources, state);
            }
        }
    }

    /// Resolves a colour space operand: a device name, or a name in the resources.
    fn colour_space(&self, resources: Option<&'a Dictionary>, object: &Object) -> ColourSpace {
        if let Ok(name) = object.as_name() {
            if ColourSpace::is_device_name(name) {
                return ColourSpace::from_name(name);
            }
            return match lookup(self.doc, resources, b"ColorSpace", name) {
                Some(space) => ColourSpace::parse(self.doc, space),
                None => ColourSpace::Unknown {
                    name: format!("{} (not in the resources)", String::from_utf8_lossy(name)),
                },
            };
        }
        ColourSpace::parse(self.doc, object)
    }

    /// The resource `name` of `category`, or a reported problem when it is missing.
    fn resource(
        &mut self,
        resources: Option<&'a Dictionary>,
        category: &[u8],
        label: &str,
        name: &[u8],
    ) -> Option<&'a Object> {
        let found = lookup(self.doc, resources, category, name);
        if found.is_none() {
            let name = String::from_utf8_lossy(name);
            self.visitor.problem(format!("{label} {name} is not in the resources"));
        }
        found
    }

    /// The colour space a shading paints in.
    fn shading_space(
        &self,
        shading: &Object,
        resources: Option<&'a Dictionary>,
    ) -> Option<ColourSpace> {
        let space = as_dict(self.doc, shading)?.get(b"ColorSpace").ok()?;
        Some(self.colour_space(resources, space))
    }

    /// Paints with pattern `name`: a shading's space, an uncoloured tiling pattern in the
    /// colour given with it, or a coloured one's own content.
    fn pattern(
        &mut self,
        at: usize,
        what: Painted,
        name: &[u8],
        colour: &Colour,
        resources: Option<&'a Dictionary>,
        state: &mut GraphicsState,
    ) {
        let Some(object) = self.resource(resources, b"Pattern", "pattern", name) else {
            return;
        };
        let Some(dict) = as_dict(self.doc, object) else { return };
        let painting =
            |what, fill| Painting { at, what, fill, stroke: None, image: None, nested: true };
        // What the pattern paints is reported in a state without the pattern.
        let mut plain = GraphicsState { fill_pattern: None, stroke_pattern: None, ..state.clone() };
        match dict.get(b"PatternType").and_then(Object::as_i64) {
            Ok(2) => {
                let space =
                    dict.get(b"Shading").ok().and_then(|s| self.shading_space(s, resources));
                self.visitor
                    .paint(&painting(Painted::Shading, space.map(Colour::any_in)), &mut plain);
            }
            _ if dict.get(b"PaintType").and_then(Object::as_i64).ok() == Some(2) => {
                // Painted in the colour given with it, in the pattern space's base.
                let base = match &colour.space {
                    ColourSpace::Pattern { base: Some(base) } => (**base).clone(),
                    other => other.clone(),
                };
                let colour = Colour { space: base, components: colour.components.clone() };
                self.visitor.paint(&painting(what, Some(colour)), &mut plain);
            }
            _ => {
                if let Ok(id) = object.as_reference() {
                    let start =
                        GraphicsState { ctm: own_matrix(dict), ..GraphicsState::page_start() };
                    self.nested(id, resources, start);
                }
            }
        }
    }

    /// Draws the XObject `name`: an image is reported, a form followed into.
    fn xobject(
        &mut self,
        at: usize,
        name: &[u8],
        resources: Option<&'a Dictionary>,
        state: &mut GraphicsState,
    ) {
        let object = self.resource(resources, b"XObject", "XObject", name);
        let dict = object.and_then(|o| as_dict(self.doc, o));
        let subtype = dict.and_then(|d| d.get(b"Subtype").and_then(Object::as_name).ok());
        match (subtype, dict, object) {
            (Some(b"Form"), Some(dict), Some(object)) => {
                if self.visitor.follows_nested()
                    && let Ok(id) = object.as_reference()
                {
                    let ctm = own_matrix(dict).then(state.ctm);
                    self.nested(id, resources, GraphicsState { ctm, ..state.clone() });
                }
            }
            (Some(b"Image"), Some(dict), _) => {
                let mask = dict.get(b"ImageMask").and_then(Object::as_bool).unwrap_or(false);
                let space = match dict.get(b"ColorSpace") {
                    Ok(space) if !mask => Some(self.colour_space(resources, space)),
                    _ => None,
                };
                let size = |key: &[u8]| dict.get(key).and_then(Object::as_i64).unwrap_or(0);
                let name = String::from_utf8_lossy(name).into_owned();
                let (width, height) = (size(b"Width"), size(b"Height"));
                self.image(at, name, width, height, space, state);
            }
            // PostScript XObjects, or nothing: painted, but with nothing known.
            _ => {
                let p = Painting {
                    at,
                    what: Painted::Image,
                    fill: None,
                    stroke: None,
                    image: None,
                    nested: !self.stack.is_empty(),
                };
                self.visitor.paint(&p, state);
            }
        }
    }

    /// An inline image; its dictionary may use the abbreviated keys.
    fn inline_image(
        &mut self,
        at: usize,
        dict: &Operand,
        resources: Option<&'a Dictionary>,
        state: &mut GraphicsState,
    ) {
        let mask = dict.get(b"IM", b"ImageMask") == Some(&Operand::Bool(true));
        let space = match dict.get(b"CS", b"ColorSpace") {
            Some(space) if !mask => Some(self.colour_space(resources, &space.to_object())),
            _ => None,
        };
        let size = |short: &[u8], long: &[u8]| {
            dict.get(short, long).and_then(Operand::number).map_or(0, |n| n as i64)
        };
        let (width, height) = (size(b"W", b"Width"), size(b"H", b"Height"));
        self.image(at, "inline".into(), width, height, space, state);
    }

    fn image(
        &mut self,
        at: usize,
        name: String,
        width: i64,
        height: i64,
        space: Option<ColourSpace>,
        state: &mut GraphicsState,
    ) {
        let pixels = |n: i64| u32::try_from(n).unwrap_or(0);
        // A mask is painted in the fill colour.
        let fill = match &space {
            Some(space) => Colour::any_in(space.clone()),
            None => state.fill.clone(),
        };
        let image = PlacedImage {
            name,
            width: pixels(width),
            height: pixels(height),
            matrix: state.ctm,
            space,
        };
        let p = Painting {
            at,
            what: Painted::Image,
            fill: Some(fill),
            stroke: None,
            image: Some(image),
            nested: !self.stack.is_empty(),
        };
        self.visitor.paint(&p, state);
    }

    /// Follows the content stream `id` (a form or a tiling pattern) with its own
    /// resources, or those of the content that draws it.
    fn nested(&mut self, id: ObjectId, resources: Option<&'a Dictionary>, start: GraphicsState) {
        if self.stack.contains(&id) || self.stack.len() >= MAX_NESTING {
            return;
        }
        let Ok(stream) = self.doc.get_object(id).and_then(Object::as_stream) else { return };
        let own = stream.dict.get(b"Resources").ok().and_then(|r| as_dict(self.doc, r));
        let bytes = match stream_bytes(stream) {
            Ok(bytes) => bytes,
            Err(err) => {
                self.visitor.problem(format!("form or pattern {}: {err}", id.0));
                return;
            }
        };
        let Some(ops) = operations(&bytes) else {
            self.visitor.problem("the content could not be read".to_owned());
            return;
        };
        self.stack.push(id);
        self.run(&ops, own.or(resources), start);
        self.stack.pop();
    }
}

/// The `/Matrix` of a form or pattern, identity when it has none.
fn own_matrix(dict: &Dictionary) -> Matrix {
    dict.get(b"Matrix")
        .and_then(Object::as_array)
        .ok()
        .and_then(|m| {
            let numbers: Vec<f64> =
                m.iter().filter_map(|o| o.as_float().ok()).map(f64::from).collect();
            Matrix::from_numbers(&numbers)
        })
        .unwrap_or(Matrix::IDENTITY)
}

/// Looks `name` up in the `category` (ColorSpace, XObject, …) of `resources`.
fn lookup<'a>(
    doc: &'a Document,
    resources: Option<&'a Dictionary>,
    category: &[u8],
    name: &[u8],
) -> Option<&'a Object> {
    let category = as_dict(doc, resources?.get(category).ok()?)?;
    category.get(name).ok()
}
