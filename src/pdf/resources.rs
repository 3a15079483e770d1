//! What a page's or form's resources say about overprinting: what its ExtGStates set,
//! which forms it draws, and the names of the overprint states `bulletin` adds.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

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

/// Every form XObject reachable from the page's resources, through forms' own.
pub fn collect_forms(doc: &Document, page: ObjectId, forms: &mut BTreeSet<ObjectId>) {
    let mut stack: Vec<Dictionary> = Vec::new();
    if let Ok(resources) = doc
        .get_dictionary(page)
        .and_then(|d| d.get(b"Resources"))
        .and_then(|r| doc.dereference(r))
        .and_then(|(_, r)| r.as_dict())
    {
        stack.push(resources.clone());
    }
    while let Some(resources) = stack.pop() {
        let Ok(xobjects) = resources
            .get(b"XObject")
            .and_then(|x| doc.dereference(x))
            .and_then(|(_, x)| x.as_dict())
        else {
            continue;
        };
        for (_, object) in xobjects.iter() {
            let Ok(id) = object.as_reference() else { continue };
            let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) else { continue };
            if stream.dict.get(b"Subtype").and_then(Object::as_name).ok()
                != Some(b"Form".as_slice())
            {
                continue;
            }
            if forms.insert(id)
                && let Ok(own) = stream
                    .dict
                    .get(b"Resources")
                    .and_then(|r| doc.dereference(r))
                    .and_then(|(_, r)| r.as_dict())
            {
                stack.push(own.clone());
            }
        }
    }
}
