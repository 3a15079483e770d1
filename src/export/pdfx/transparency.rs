//! PDF/X-1a forbids transparency: transparency groups that change nothing are removed;
//! real transparency (opacity below 1, soft masks, blend modes) cannot be flattened here
//! and is refused, naming where it is.

use anyhow::{Result, bail};
use lopdf::{Document, Object};

use crate::pdf::objects::{dictionaries, every_dictionary};
use crate::pdf::transparency::{is_transparency_group, live_transparency};

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
