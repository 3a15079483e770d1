//! The OutputIntent: the one printing condition the file is made for, with its profile.

use std::sync::OnceLock;

use anyhow::{Context, Result};
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use super::OutputCondition;

/// Replaces any OutputIntents of the catalog with exactly one `/S /GTS_PDFX` intent for
/// `condition`, its ICC profile embedded (compressed).
pub fn set(doc: &mut Document, condition: &OutputCondition) -> Result<()> {
    // Compressed once per process: watch rebuilds and archive builds reuse it.
    static COMPRESSED: OnceLock<(&str, Stream)> = OnceLock::new();
    let profile = match COMPRESSED.get() {
        Some((identifier, profile)) if *identifier == condition.identifier => profile.clone(),
        _ => {
            let mut dict = Dictionary::new();
            dict.set("N", Object::Integer(4));
            let mut profile = Stream::new(dict, condition.profile.to_vec());
            profile.compress().context("failed to compress the output profile")?;
            COMPRESSED.get_or_init(|| (condition.identifier, profile.clone()));
            profile
        }
    };
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
