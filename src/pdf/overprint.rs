//! Overprinting black, as read from content: which 100% K text and thin rules a content
//! stream paints, which of them knock out, and where an overprint state must be set for
//! them to overprint (the writer inserts it there; the preflight counts what knocks out).
//! Both are one visitor of the content interpreter.

use lopdf::{Dictionary, Document};

use crate::pdf::content::{GraphicsState, Painted, Painting, Visitor, interpret};
use crate::pdf::resources::state_name;

/// Rules at most this wide (in points on the page) overprint; wider ones knock out.
pub const THIN_RULE_PT: f64 = 2.0;

/// Where to insert which ExtGState in a stream: byte offsets, in order, and state names.
pub type Inserts = Vec<(usize, Vec<u8>)>;

/// The 100% K text and thin rules of some content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct BlackPaints {
    /// How many are painted.
    pub painted: usize,
    /// How many of them are painted without overprint (knock out).
    pub knocked_out: usize,
}

/// The visitor: counts black paints and, when inserting, where states must be set.
#[derive(Debug, Default)]
pub struct OverprintWalk {
    /// Whether to insert states (the writer) or only count (the preflight).
    insert: bool,
    /// Whether forms and patterns are followed (a whole page read by the preflight).
    follow: bool,
    /// Where to insert which ExtGState: byte offsets into the stream and state names.
    pub inserts: Inserts,
    /// The 100% K text and thin rules painted, and of them those that knock out.
    pub black: BlackPaints,
}

impl OverprintWalk {
    /// A walk that counts, over a whole page, forms and patterns included.
    pub fn counting() -> OverprintWalk {
        OverprintWalk { follow: true, ..OverprintWalk::default() }
    }

    /// A walk that finds where states must be inserted in the stream being read, and
    /// follows nothing it draws.
    pub fn inserting() -> OverprintWalk {
        OverprintWalk { insert: true, ..OverprintWalk::default() }
    }
}

impl Visitor for OverprintWalk {
    fn follows_nested(&self) -> bool {
        self.follow
    }

    fn paint(&mut self, painting: &Painting, state: &mut GraphicsState) {
        let black = |colour: &Option<_>| {
            colour.as_ref().is_some_and(crate::pdf::colour_space::Colour::is_process_black)
        };
        let wanted = match painting.what {
            Painted::Text => (black(&painting.fill), black(&painting.stroke)),
            Painted::Graphics => (
                black(&painting.fill)
                    && state.path_narrow_side().is_some_and(|side| side <= THIN_RULE_PT),
                black(&painting.stroke) && state.line_width_on_page() <= THIN_RULE_PT,
            ),
            // Shadings and images knock out.
            Painted::Image | Painted::Shading => (false, false),
        };
        let (has_fill, has_stroke) = state.overprint.unwrap_or((false, false));
        if wanted.0 || wanted.1 {
            self.black.painted += 1;
        }
        if (wanted.0 && !has_fill) || (wanted.1 && !has_stroke) {
            self.black.knocked_out += 1;
        }
        if self.insert && state.overprint != Some(wanted) {
            self.inserts.push((painting.at, state_name(wanted.0, wanted.1)));
            state.overprint = Some(wanted);
        }
    }

    /// What cannot be read is the page reader's to report; `inserts` leaves a stream
    /// it cannot read as it is.
    fn problem(&mut self, _: String) {}
}

/// Where one content stream (a page's, or a form's read on its own from `start`) needs
/// an overprint state inserted: byte offsets and state names; `None` when the stream
/// cannot be read (it is then left as it is).
pub fn inserts(
    doc: &Document,
    bytes: &[u8],
    resources: Option<&Dictionary>,
    start: GraphicsState,
) -> Option<Inserts> {
    let mut walk = OverprintWalk::inserting();
    interpret(doc, bytes, resources, start, &mut walk).then_some(walk.inserts)
}
