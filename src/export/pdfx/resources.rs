//! The four overprint states added to every page and form the overprint pass rewrites
//! (what the resources already say is read by [`crate::pdf::resources`]).

use anyhow::Result;
use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::pdf::objects::inherited;
use crate::pdf::resources::state_name;

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
    let found = own.clone().or_else(|| inherited(doc, owner, b"Resources").cloned());
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
