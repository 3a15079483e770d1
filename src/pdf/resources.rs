//! What a page's or form's resources say about overprinting: what its ExtGStates set,
//! which XObjects are forms, and the names of the overprint states `bulletin` adds.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

/// The ExtGState resource name for an overprint state (fill, stroke).
pub fn state_name(fill: bool, stroke: bool) -> Vec<u8> {
    format!("bulletinOP{}{}", u8::from(fill), u8::from(stroke)).into_bytes()
}

/// Looks up what an ExtGState of the resources sets: (op, OP), each if it says.
pub type StateLookup<'a> = dyn Fn(&[u8]) -> Option<(Option<bool>, Option<bool>)> + 'a;

/// What the overprint pass needs from a content stream's resources.
pub struct Resources<'a> {
    /// What an ExtGState sets.
    pub states: &'a StateLookup<'a>,
    /// Whether an XObject is a form (which sets its own overprint) rather than an image.
    pub is_form: &'a dyn Fn(&[u8]) -> bool,
}

/// Calls `f` with the overprint view of the resources of a page or form `owner`.
pub fn with_resources<R>(
    doc: &Document,
    owner: ObjectId,
    f: impl FnOnce(&Resources<'_>) -> R,
) -> R {
    let states = resource_category(doc, owner, b"ExtGState");
    let xobjects = resource_category(doc, owner, b"XObject");
    let lookup = |name: &[u8]| states.as_ref().and_then(|dict| states_in(doc, dict, name));
    let is_form = |name: &[u8]| {
        xobjects
            .as_ref()
            .and_then(|x| x.get(name).ok())
            .and_then(|o| doc.dereference(o).ok())
            .and_then(|(_, o)| o.as_stream().ok())
            .is_some_and(|s| {
                s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice())
            })
    };
    f(&Resources { states: &lookup, is_form: &is_form })
}

/// A category (ExtGState, XObject) of a page's (perhaps inherited) or form's resources.
fn resource_category(doc: &Document, owner: ObjectId, category: &[u8]) -> Option<Dictionary> {
    let dict = match doc.get_object(owner).ok()? {
        Object::Stream(stream) => &stream.dict,
        Object::Dictionary(dict) => dict,
        _ => return None,
    };
    let resources = crate::pdf::objects::inherited(doc, owner, b"Resources")
        .or_else(|| dict.get(b"Resources").ok())?;
    let resources = doc.dereference(resources).ok()?.1.as_dict().ok()?;
    let found = doc.dereference(resources.get(category).ok()?).ok()?.1.as_dict().ok()?;
    Some(found.clone())
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
