//! PDF/X-1a forbids transparency: transparency groups that change nothing are removed;
//! real transparency (opacity below 1, soft masks, blend modes) cannot be flattened here
//! and is refused, naming where it is.

use anyhow::{Result, bail};
use lopdf::{Dictionary, Document, Object};

use crate::preflight::content::{dictionaries, every_dictionary};

/// Removes transparency group dictionaries from pages and forms, after checking that no
/// graphics state or image uses transparency (images' soft masks are flattened before,
/// by [`super::images`]).
pub fn remove_for_x1a(doc: &mut Document) -> Result<()> {
    let mut problems = Vec::new();
    for (id, dict) in every_dictionary(doc) {
        if let Some(problem) = live_transparency(dict) {
            problems.push(format!("object {} {}", id.0, problem));
        }
    }
    if !problems.is_empty() {
        bail!(
            "PDF/X-1a cannot carry transparency, and this PDF uses it ({}): build PDF/X-4 \
             (--pdfx 4), or take the transparency out of the layout",
            problems.join(", ")
        );
    }
    let grouped: Vec<_> = dictionaries(doc)
        .filter(|(_, dict)| is_transparency_group(doc, dict))
        .map(|(id, _)| id)
        .collect();
    for id in grouped {
        match doc.get_object_mut(id)? {
            Object::Dictionary(dict) => dict.remove(b"Group"),
            Object::Stream(stream) => stream.dict.remove(b"Group"),
            _ => None,
        };
    }
    Ok(())
}

/// Why a graphics state or image is transparent, if it is.
pub fn live_transparency(dict: &Dictionary) -> Option<String> {
    let number = |key: &[u8]| dict.get(key).ok().and_then(|o| o.as_float().ok());
    for key in [b"CA".as_slice(), b"ca"] {
        if let Some(alpha) = number(key)
            && alpha < 1.0
        {
            return Some(format!("sets opacity {} to {alpha}", String::from_utf8_lossy(key)));
        }
    }
    match dict.get(b"SMask") {
        Ok(Object::Name(name)) if name == b"None" => {}
        Ok(_) => return Some("has a soft mask (SMask)".to_owned()),
        Err(_) => {}
    }
    if let Ok(mode) = dict.get(b"BM") {
        let normal = |o: &Object| matches!(o.as_name(), Ok(b"Normal" | b"Compatible"));
        let ok = match mode {
            Object::Array(modes) => modes.first().is_some_and(normal),
            other => normal(other),
        };
        if !ok {
            return Some("uses a blend mode other than Normal".to_owned());
        }
    }
    None
}

/// Whether a page or form carries a transparency group.
pub fn is_transparency_group(doc: &Document, dict: &Dictionary) -> bool {
    dict.get(b"Group")
        .and_then(|g| doc.dereference(g))
        .and_then(|(_, g)| g.as_dict())
        .and_then(|g| g.get(b"S"))
        .and_then(Object::as_name)
        .is_ok_and(|s| s == b"Transparency")
}
