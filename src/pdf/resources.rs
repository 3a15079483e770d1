//! What a page's or form's resources say about overprinting: what its ExtGStates set,
//! which forms it draws, and the names of the overprint states `bulletin` adds.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::objects::{as_dict, inherited};

/// The ExtGState resource name for an overprint state (fill, stroke).
pub fn state_name(fill: bool, stroke: bool) -> Vec<u8> {
    format!("bulletinOP{}{}", u8::from(fill), u8::from(stroke)).into_bytes()
}

/// What the ExtGState `name` of `states` sets: (op, OP).
pub fn states_in(
    doc: &Document,
    states: &Dictionary,
    name: &[u8],
) -> Option<(Option<bool>, Option<bool>)> {
    let state = doc.dereference(states.get(name).ok()?).ok()?.1.as_dict().ok()?;
    let flag = |key: &[u8]| state.get(key).and_then(Object::as_bool).ok();
    Some((flag(b"op"), flag(b"OP")))
}

/// Every form XObject reachable from the page's resources (its own or inherited, as its
/// content reads them), through forms' own.
pub fn collect_forms(doc: &Document, page: ObjectId, forms: &mut BTreeSet<ObjectId>) {
    let page_resources = inherited(doc, page, b"Resources").and_then(|r| as_dict(doc, r));
    let mut stack: Vec<&Dictionary> = page_resources.into_iter().collect();
    while let Some(resources) = stack.pop() {
        let Some(xobjects) = resources.get(b"XObject").ok().and_then(|x| as_dict(doc, x)) else {
            continue;
        };
        for (_, object) in xobjects.iter() {
            let Ok(id) = object.as_reference() else { continue };
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
            let is_form = stream.dict.get(b"Subtype").and_then(Object::as_name).ok()
                == Some(b"Form".as_slice());
            if is_form && forms.insert(id) {
                stack.extend(stream.dict.get(b"Resources").ok().and_then(|r| as_dict(doc, r)));
            }
        }
    }
}
