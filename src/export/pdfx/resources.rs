//! The resources the overprint pass reads and extends: what a page's or form's
//! ExtGStates set and which XObjects are forms, and the four overprint states added
//! to every page and form that uses them.

use std::collections::BTreeSet;

use anyhow::Result;
use lopdf::{Dictionary, Document, Object, ObjectId};

/// The ExtGState resource name for an overprint state (fill, stroke).
pub(super) fn state_name(fill: bool, stroke: bool) -> Vec<u8> {
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
    let resources = crate::preflight::content::inherited(doc, owner, b"Resources")
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

/// Adds the four ExtGState objects; returns their names and ids.
pub(super) fn add_states(doc: &mut Document) -> Vec<(Vec<u8>, ObjectId)> {
    let mut states = Vec::new();
    for (fill, stroke) in [(false, false), (true, false), (false, true), (true, true)] {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"ExtGState".to_vec()));
        dict.set("OP", Object::Boolean(stroke));
        dict.set("op", Object::Boolean(fill));
        dict.set("OPM", Object::Integer(1));
        states.push((state_name(fill, stroke), doc.add_object(dict)));
    }
    states
}

/// Adds the ExtGStates to the resources of a page or form: in place, also when the
/// resources are a shared object (more names there harm no one).
pub(super) fn add_to_resources(
    doc: &mut Document,
    owner: ObjectId,
    states: &[(Vec<u8>, ObjectId)],
) -> Result<()> {
    let own = owner_dict_mut(doc, owner)?.get(b"Resources").ok().cloned();
    let found = own
        .clone()
        .or_else(|| crate::preflight::content::inherited(doc, owner, b"Resources").cloned());
    let shared = match &found {
        Some(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    if shared.is_none() && own.is_none() {
        // Inherited as a direct dictionary, or none at all: the owner gets its own copy.
        let copy = match &found {
            Some(Object::Dictionary(dict)) => dict.clone(),
            _ => Dictionary::new(),
        };
        owner_dict_mut(doc, owner)?.set("Resources", Object::Dictionary(copy));
    }
    let ext_ref = match resources_mut(doc, owner, shared)?.get(b"ExtGState") {
        Ok(Object::Reference(id)) => Some(*id),
        _ => None,
    };
    let ext = match ext_ref {
        Some(id) => doc.get_dictionary_mut(id)?,
        None => {
            let resources = resources_mut(doc, owner, shared)?;
            if !resources.has(b"ExtGState") {
                resources.set("ExtGState", Object::Dictionary(Dictionary::new()));
            }
            resources.get_mut(b"ExtGState")?.as_dict_mut()?
        }
    };
    for (name, id) in states {
        ext.set(name.clone(), Object::Reference(*id));
    }
    Ok(())
}

fn owner_dict_mut(doc: &mut Document, owner: ObjectId) -> Result<&mut Dictionary> {
    Ok(match doc.get_object_mut(owner)? {
        Object::Stream(stream) => &mut stream.dict,
        other => other.as_dict_mut()?,
    })
}

fn resources_mut(
    doc: &mut Document,
    owner: ObjectId,
    shared: Option<ObjectId>,
) -> Result<&mut Dictionary> {
    Ok(match shared {
        Some(id) => doc.get_dictionary_mut(id)?,
        None => owner_dict_mut(doc, owner)?.get_mut(b"Resources")?.as_dict_mut()?,
    })
}

/// Every form XObject reachable from the page's resources, through forms' own.
pub(super) fn collect_forms(doc: &Document, page: ObjectId, forms: &mut BTreeSet<ObjectId>) {
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
