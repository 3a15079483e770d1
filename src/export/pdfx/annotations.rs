//! Annotations: PDF/X allows none on the printed sheet, so the contents links (and any
//! other annotation inside the BleedBox) are removed, with their places in the tag tree.
//!
//! Links stay in the screen PDF. Bookmarks and named destinations point at pages, which
//! all stay, so they remain valid.

use std::collections::BTreeSet;

use anyhow::Result;
use lopdf::{Dictionary, Document, Object, ObjectId};

use super::boxes::inherited_box;

/// Annotation types PDF/X allows on the sheet: trapping and printer's marks.
const PRINT_TYPES: [&[u8]; 2] = [b"TrapNet", b"PrinterMark"];

/// Removes every Link annotation, and every other annotation that reaches inside the
/// BleedBox (the TrimBox grown by `bleed_mm`), from every page; returns how many.
pub fn remove(doc: &mut Document, bleed_mm: Option<f64>) -> Result<usize> {
    let bleed = bleed_mm.filter(|b| *b > 0.0).map_or(0.0, |b| b * 72.0 / 25.4);
    let mut removed_ids: BTreeSet<ObjectId> = BTreeSet::new();
    let mut removed_keys: BTreeSet<i64> = BTreeSet::new();
    let mut count = 0;
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    for page in pages {
        let sheet = inherited_box(doc, page, b"TrimBox")
            .or_else(|| inherited_box(doc, page, b"MediaBox"))
            .map(|t| [t[0] - bleed, t[1] - bleed, t[2] + bleed, t[3] + bleed]);
        let Ok(annots) = doc.get_dictionary(page).and_then(|d| d.get(b"Annots")) else {
            continue;
        };
        let list: Vec<Object> = match doc.dereference(annots) {
            Ok((_, Object::Array(list))) => list.clone(),
            _ => Vec::new(),
        };
        let mut kept = Vec::new();
        for item in list {
            let (id, dict) = match &item {
                Object::Reference(id) => (Some(*id), doc.get_dictionary(*id).ok()),
                Object::Dictionary(dict) => (None, Some(dict)),
                _ => (None, None),
            };
            let Some(dict) = dict else { continue };
            if keep(dict, sheet) {
                kept.push(item.clone());
                continue;
            }
            count += 1;
            if let Ok(key) = dict.get(b"StructParent").and_then(Object::as_i64) {
                removed_keys.insert(key);
            }
            removed_ids.extend(id);
        }
        let dict = doc.get_dictionary_mut(page)?;
        if kept.is_empty() {
            dict.remove(b"Annots");
        } else {
            dict.set("Annots", Object::Array(kept));
        }
    }
    if count > 0 {
        untag(doc, &removed_ids, &removed_keys);
    }
    Ok(count)
}

/// Whether an annotation may stay: a press annotation (trapping, printer's marks), or
/// one wholly outside the BleedBox; never a link.
fn keep(dict: &Dictionary, sheet: Option<[f64; 4]>) -> bool {
    let subtype = dict.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
    if subtype == b"Link" {
        return false;
    }
    let rect: Option<Vec<f64>> = dict
        .get(b"Rect")
        .and_then(Object::as_array)
        .ok()
        .map(|r| r.iter().filter_map(|o| o.as_float().ok()).map(f64::from).collect());
    let outside = match (rect.as_deref(), sheet) {
        (Some([x0, y0, x1, y1]), Some(s)) => {
            x0.max(*x1) <= s[0] || x0.min(*x1) >= s[2] || y0.max(*y1) <= s[1] || y0.min(*y1) >= s[3]
        }
        _ => false,
    };
    outside || PRINT_TYPES.contains(&subtype)
}

/// Drops the tag tree's references to removed annotations: the object references
/// (OBJR) in structure elements and their entries in the parent tree.
fn untag(doc: &mut Document, ids: &BTreeSet<ObjectId>, keys: &BTreeSet<i64>) {
    let points_at_removed = |object: &Object| match object {
        Object::Dictionary(d) => {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(b"OBJR".as_slice())
                && d.get(b"Obj").and_then(Object::as_reference).is_ok_and(|id| ids.contains(&id))
        }
        _ => false,
    };
    for object in doc.objects.values_mut() {
        let Object::Dictionary(dict) = object else { continue };
        let is_element =
            dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"StructElem".as_slice());
        if is_element {
            match dict.get_mut(b"K") {
                Ok(Object::Array(kids)) => kids.retain(|kid| !points_at_removed(kid)),
                Ok(kid) if points_at_removed(kid) => {
                    dict.remove(b"K");
                }
                _ => {}
            }
        }
        // A number tree node of the parent tree: [key value key value …].
        if let Ok(Object::Array(nums)) = dict.get_mut(b"Nums") {
            let pairs: Vec<Object> = nums
                .chunks(2)
                .filter(|pair| {
                    !(pair.len() == 2 && pair[0].as_i64().is_ok_and(|key| keys.contains(&key)))
                })
                .flatten()
                .cloned()
                .collect();
            *nums = pairs;
        }
    }
}
