//! Overprinting black, as read from content: which 100% K text and thin rules a content
//! stream paints, which of them knock out, and where an overprint state must be set for
//! them to overprint (the writer inserts it there; the preflight counts what knocks out).

use anyhow::{Context, Result};

use crate::pdf::lexer::{Operand, Operation, operations};
use crate::pdf::resources::{Resources, state_name};

/// Rules at most this wide (in points on the page) overprint; wider ones knock out.
pub const THIN_RULE_PT: f64 = 2.0;

/// The overprint state in force: known, or unknown at the start of a form.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Known {
    /// (fill, stroke) overprint, when known.
    pub overprint: Option<(bool, bool)>,
}

impl Known {
    /// At the start of a page: nothing overprints.
    pub fn page_start() -> Known {
        Known { overprint: Some((false, false)) }
    }
    /// At the start of a form: whatever its caller set.
    pub fn unknown() -> Known {
        Known { overprint: None }
    }
}

/// What the content stream has set that decides overprinting.
#[derive(Debug, Clone)]
struct State {
    known: Known,
    fill_black: bool,
    stroke_black: bool,
    /// The colour space selected by `cs` / `CS` is DeviceCMYK.
    fill_cmyk_space: bool,
    stroke_cmyk_space: bool,
    line_width: f64,
    ctm: [f64; 6],
    render_mode: i64,
    /// The path under construction: its bounds on the page.
    path: Option<[f64; 4]>,
}

/// Whether components are exactly 100% K in CMYK.
fn is_black(operands: &[Operand]) -> bool {
    let values: Vec<f64> = operands.iter().filter_map(Operand::number).collect();
    values.len() == 4
        && values[0] == 0.0
        && values[1] == 0.0
        && values[2] == 0.0
        && values[3] == 1.0
}

/// What a walk over a content stream found.
pub struct Walked {
    /// Where to insert which ExtGState: byte offsets into the stream and state names.
    pub inserts: Vec<(usize, Vec<u8>)>,
    /// The 100% K text and thin rules painted, and of them those painted without overprint.
    pub black: BlackPaints,
}

/// The 100% K text and thin rules of a content stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlackPaints {
    /// How many are painted.
    pub painted: usize,
    /// How many of them are painted without overprint (knock out).
    pub knocked_out: usize,
}

/// Counts the 100% K text and thin rules in `bytes` (a page's content), and those of them
/// painted without overprint: what a preflight reports.
pub fn black_paints(bytes: &[u8], resources: &Resources<'_>) -> Result<BlackPaints> {
    let operations = operations(bytes).context("a content stream cannot be parsed")?;
    Ok(walk(&operations, Known::page_start(), resources, false).black)
}

/// Follows the overprint state through `operations`; with `insert`, adds a `gs` before
/// every paint whose wanted state differs.
pub fn walk(
    operations: &[Operation],
    start: Known,
    resources: &Resources<'_>,
    insert: bool,
) -> Walked {
    let mut state = State {
        known: start,
        fill_black: false,
        stroke_black: false,
        fill_cmyk_space: false,
        stroke_cmyk_space: false,
        line_width: 1.0,
        ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
        render_mode: 0,
        path: None,
    };
    let mut saved: Vec<State> = Vec::new();
    let mut inserts = Vec::new();
    let mut black = BlackPaints::default();
    for op in operations {
        let operands = &op.operands;
        let num = |i: usize| operands.get(i).and_then(Operand::number);
        let operator = op.operator.as_slice();
        let wanted: Option<(bool, bool)> = match operator {
            b"q" => {
                saved.push(state.clone());
                None
            }
            b"Q" => {
                if let Some(previous) = saved.pop() {
                    state = previous;
                }
                None
            }
            b"cm" => {
                if let [Some(a), Some(b), Some(c), Some(d), Some(e), Some(f)] =
                    [num(0), num(1), num(2), num(3), num(4), num(5)]
                {
                    state.ctm = multiply([a, b, c, d, e, f], state.ctm);
                }
                None
            }
            b"w" => {
                state.line_width = num(0).unwrap_or(1.0);
                None
            }
            b"Tr" => {
                state.render_mode = num(0).map_or(0, |m| m as i64);
                None
            }
            b"k" => {
                state.fill_black = is_black(operands);
                state.fill_cmyk_space = false;
                None
            }
            b"K" => {
                state.stroke_black = is_black(operands);
                state.stroke_cmyk_space = false;
                None
            }
            b"g" | b"rg" => {
                (state.fill_black, state.fill_cmyk_space) = (false, false);
                None
            }
            b"G" | b"RG" => {
                (state.stroke_black, state.stroke_cmyk_space) = (false, false);
                None
            }
            b"cs" => {
                state.fill_cmyk_space =
                    operands.first().and_then(Operand::name) == Some(b"DeviceCMYK".as_slice());
                state.fill_black = false;
                None
            }
            b"CS" => {
                state.stroke_cmyk_space =
                    operands.first().and_then(Operand::name) == Some(b"DeviceCMYK".as_slice());
                state.stroke_black = false;
                None
            }
            b"sc" | b"scn" => {
                state.fill_black = state.fill_cmyk_space && is_black(operands);
                None
            }
            b"SC" | b"SCN" => {
                state.stroke_black = state.stroke_cmyk_space && is_black(operands);
                None
            }
            b"gs" => {
                let set = operands.first().and_then(Operand::name).and_then(resources.states);
                state.known = match (set, state.known.overprint) {
                    // OP alone sets both; op alone only the fill's.
                    (Some((Some(fill), Some(stroke))), _) => {
                        Known { overprint: Some((fill, stroke)) }
                    }
                    (Some((None, Some(both))), _) => Known { overprint: Some((both, both)) },
                    (Some((Some(fill), None)), Some((_, stroke))) => {
                        Known { overprint: Some((fill, stroke)) }
                    }
                    (Some((None, None)), known) => Known { overprint: known },
                    _ => Known::unknown(),
                };
                None
            }
            b"m" | b"l" => {
                extend(&mut state, &[(num(0), num(1))]);
                None
            }
            b"c" => {
                extend(&mut state, &[(num(0), num(1)), (num(2), num(3)), (num(4), num(5))]);
                None
            }
            b"v" | b"y" => {
                extend(&mut state, &[(num(0), num(1)), (num(2), num(3))]);
                None
            }
            b"re" => {
                if let [Some(x), Some(y), Some(w), Some(h)] = [num(0), num(1), num(2), num(3)] {
                    extend(
                        &mut state,
                        &[
                            (Some(x), Some(y)),
                            (Some(x + w), Some(y + h)),
                            (Some(x + w), Some(y)),
                            (Some(x), Some(y + h)),
                        ],
                    );
                }
                None
            }
            b"Tj" | b"TJ" | b"'" | b"\"" => {
                let fills = matches!(state.render_mode, 0 | 2 | 4 | 6);
                let strokes = matches!(state.render_mode, 1 | 2 | 5 | 6);
                Some((fills && state.fill_black, strokes && state.stroke_black))
            }
            b"S" | b"s" => Some((false, state.stroke_black && thin_stroke(&state))),
            b"f" | b"F" | b"f*" => Some((state.fill_black && thin_path(&state), false)),
            b"B" | b"B*" | b"b" | b"b*" => Some((
                state.fill_black && thin_path(&state),
                state.stroke_black && thin_stroke(&state),
            )),
            // Shadings and images knock out; a form sets its own state.
            b"sh" | b"BI" => Some((false, false)),
            b"Do" => match operands.first().and_then(Operand::name) {
                Some(name) if (resources.is_form)(name) => None,
                _ => Some((false, false)),
            },
            _ => None,
        };
        let paints_path = matches!(
            operator,
            b"S" | b"s" | b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" | b"n"
        );
        if let Some(wanted) = wanted {
            let (has_fill, has_stroke) = state.known.overprint.unwrap_or((false, false));
            if wanted.0 || wanted.1 {
                black.painted += 1;
            }
            if (wanted.0 && !has_fill) || (wanted.1 && !has_stroke) {
                black.knocked_out += 1;
            }
            if insert && state.known.overprint != Some(wanted) {
                let (fill, stroke) = wanted;
                inserts.push((op.start, state_name(fill, stroke)));
                state.known = Known { overprint: Some(wanted) };
            }
        }
        if paints_path {
            state.path = None;
        }
    }
    Walked { inserts, black }
}

/// Grows the current path's bounds by points in user space.
fn extend(state: &mut State, points: &[(Option<f64>, Option<f64>)]) {
    for &(x, y) in points {
        let (Some(x), Some(y)) = (x, y) else { continue };
        let m = state.ctm;
        let (px, py) = (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
        state.path = Some(match state.path {
            None => [px, py, px, py],
            Some(b) => [b[0].min(px), b[1].min(py), b[2].max(px), b[3].max(py)],
        });
    }
}

/// A stroke is a thin rule when its width on the page is at most [`THIN_RULE_PT`].
fn thin_stroke(state: &State) -> bool {
    let m = state.ctm;
    let scale = (m[0] * m[3] - m[1] * m[2]).abs().sqrt();
    let width = if state.line_width == 0.0 { 0.0 } else { state.line_width * scale };
    width <= THIN_RULE_PT
}

/// A filled path is a thin rule when it is at most [`THIN_RULE_PT`] across one way.
fn thin_path(state: &State) -> bool {
    state.path.is_some_and(|b| (b[2] - b[0]).min(b[3] - b[1]) <= THIN_RULE_PT)
}

/// `a` then `b`: the matrix of applying `a` in the space `b` maps to the page.
fn multiply(a: [f64; 6], b: [f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}
