//! The OutputIntent: the one printing condition the file is made for, with its profile.

use anyhow::Result;
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use super::OutputCondition;

/// Replaces any OutputIntents of the catalog with exactly one `/S /GTS_PDFX` intent for
/// `condition`, its ICC profile embedded (compressed).
pub fn set(doc: &mut Document, condition: &OutputCondition) -> Result<()> {
    // Compressed when `bulletin` was compiled (build.rs).
    let mut dict = Dictionary::new();
    dict.set("N", Object::Integer(4));
    let mut profile = Stream::new(dict, condition.profile_deflated.to_vec());
    profile.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let profile_id = doc.add_object(profile);
    let text = |s: &str| Object::String(s.as_bytes().to_vec(), StringFormat::Literal);
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    intent.set("OutputConditionIdentifier", text(condition.identifier));
    intent.set("OutputCondition", text(condition.description));
    intent.set("RegistryName", text(condition.registry));
    intent.set("Info", text(condition.description));
    intent.set("DestOutputProfile", Object::Reference(profile_id));
    let intent_id = doc.add_object(intent);
    doc.catalog_mut()?.set("OutputIntents", Object::Array(vec![Object::Reference(intent_id)]));
    Ok(())
}
