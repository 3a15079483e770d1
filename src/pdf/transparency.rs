//! Transparency as PDF writes it: opacity, soft masks and blend modes in graphics states
//! and images, and transparency groups on pages and forms.

use lopdf::{Dictionary, Document, Object};

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
