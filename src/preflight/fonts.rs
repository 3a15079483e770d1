//! Fonts: every font the pages use, its type, and whether it is embedded and subset.

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use super::finding::Finding;
use crate::pdf::objects::{as_dict, inherited};

/// The deepest nesting of forms searched for fonts.
const MAX_NESTING: usize = 12;

/// One font, as `pdffonts` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FontFacts {
    /// The PostScript name (`EPYCEF+NotoSerifSC-Black`).
    pub name: String,
    /// The font type, in pdffonts' words (`CID TrueType`, `Type 1`, `Type 3`).
    pub kind: String,
    /// Whether the font program is in the file.
    pub embedded: bool,
    /// Whether only the glyphs used are (a `ABCDEF+` name prefix).
    pub subset: bool,
    /// The first page that uses it.
    pub first_page: usize,
    /// The font's object number, when it is an object of its own.
    pub object: Option<u32>,
}

/// Every font in the resources of the pages (and the forms and patterns they draw), once
/// each, in order of first use.
pub fn collect(doc: &Document, pages: &[(usize, ObjectId)]) -> Vec<FontFacts> {
    let mut fonts = Vec::new();
    let mut seen_fonts: BTreeSet<ObjectId> = BTreeSet::new();
    for &(number, page_id) in pages {
        let mut visited = BTreeSet::new();
        if let Some(resources) = inherited(doc, page_id, b"Resources").and_then(|r| as_dict(doc, r))
        {
            scan(doc, resources, number, &mut fonts, &mut seen_fonts, &mut visited, 0);
        }
    }
    fonts
}

/// Adds the fonts of `resources` and of the forms and patterns in them.
fn scan(
    doc: &Document,
    resources: &Dictionary,
    page: usize,
    fonts: &mut Vec<FontFacts>,
    seen_fonts: &mut BTreeSet<ObjectId>,
    visited: &mut BTreeSet<ObjectId>,
    depth: usize,
) {
    if depth > MAX_NESTING {
        return;
    }
    if let Some(dict) = resources.get(b"Font").ok().and_then(|f| as_dict(doc, f)) {
        for (_, font) in dict.iter() {
            let id = font.as_reference().ok();
            if let Some(id) = id
                && !seen_fonts.insert(id)
            {
                continue;
            }
            if let Some(font) = as_dict(doc, font) {
                fonts.push(describe(doc, font, page, id));
            }
        }
    }
    for category in [b"XObject".as_slice(), b"Pattern"] {
        let Some(dict) = resources.get(category).ok().and_then(|x| as_dict(doc, x)) else {
            continue;
        };
        for (_, object) in dict.iter() {
            let Ok(id) = object.as_reference() else { continue };
            if !visited.insert(id) {
                continue;
            }
            let Some(inner) = as_dict(doc, object)
                .and_then(|d| d.get(b"Resources").ok())
                .and_then(|r| as_dict(doc, r))
            else {
                continue;
            };
            scan(doc, inner, page, fonts, seen_fonts, visited, depth + 1);
        }
    }
}

/// The facts of one font dictionary.
fn describe(doc: &Document, font: &Dictionary, page: usize, id: Option<ObjectId>) -> FontFacts {
    let name_of = |dict: &Dictionary, key: &[u8]| {
        dict.get(key)
            .and_then(Object::as_name)
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .ok()
    };
    let subtype = name_of(font, b"Subtype").unwrap_or_default();
    let name = name_of(font, b"BaseFont")
        .or_else(|| name_of(font, b"Name"))
        .unwrap_or_else(|| "[none]".into());
    // A composite font keeps its program with its descendant.
    let (descendant_type, descriptor) = if subtype == "Type0" {
        let descendant = font
            .get(b"DescendantFonts")
            .ok()
            .and_then(|d| doc.dereference(d).ok())
            .and_then(|(_, d)| d.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|d| as_dict(doc, d));
        (
            descendant.and_then(|d| name_of(d, b"Subtype")),
            descendant.and_then(|d| d.get(b"FontDescriptor").ok()).and_then(|d| as_dict(doc, d)),
        )
    } else {
        (None, font.get(b"FontDescriptor").ok().and_then(|d| as_dict(doc, d)))
    };
    let program = descriptor.and_then(|d| {
        [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
            .into_iter()
            .find_map(|key| d.get(key).ok().map(|file| (key, file)))
    });
    let file3_subtype = program
        .filter(|(key, _)| *key == b"FontFile3")
        .and_then(|(_, file)| as_dict(doc, file))
        .and_then(|d| name_of(d, b"Subtype"));
    let opentype = file3_subtype.as_deref() == Some("OpenType");
    let ot = if opentype { " (OT)" } else { "" };
    let kind = match (subtype.as_str(), descendant_type.as_deref()) {
        ("Type1" | "MMType1", _) if file3_subtype.is_some() => format!("Type 1C{ot}"),
        ("Type1", _) => "Type 1".to_owned(),
        ("MMType1", _) => "Multiple Master Type 1".to_owned(),
        ("TrueType", _) => format!("TrueType{ot}"),
        ("Type3", _) => "Type 3".to_owned(),
        ("Type0", Some("CIDFontType0")) if file3_subtype.is_some() => format!("CID Type 0C{ot}"),
        ("Type0", Some("CIDFontType0")) => "CID Type 0".to_owned(),
        ("Type0", Some("CIDFontType2")) => format!("CID TrueType{ot}"),
        ("Type0", _) => "CID (unknown)".to_owned(),
        (other, _) => format!("unknown ({other})"),
    };
    // Type 3 glyphs are drawn by content streams in the file itself.
    let embedded = subtype == "Type3" || program.is_some();
    let subset = is_subset_name(&name);
    FontFacts { name, kind, embedded, subset, first_page: page, object: id.map(|(n, _)| n) }
}

/// Whether `name` carries a subset tag: six capital letters and a plus sign.
pub fn is_subset_name(name: &str) -> bool {
    let bytes = name.as_bytes();
    bytes.len() > 7 && bytes[6] == b'+' && bytes[..6].iter().all(u8::is_ascii_uppercase)
}

/// Font findings: a font that is not embedded stops the press.
pub fn findings(fonts: &[FontFacts]) -> Vec<Finding> {
    fonts
        .iter()
        .filter(|font| !font.embedded)
        .map(|font| {
            Finding::error(format!(
                "font {} ({}) is not embedded: the press would substitute another font; \
                 embed every font when making the PDF",
                font.name, font.kind
            ))
            .on_page(font.first_page)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subset_tags_are_six_capitals_and_a_plus() {
        assert!(is_subset_name("EPYCEF+NotoSerifSC-Black"));
        assert!(!is_subset_name("Helvetica"));
        assert!(!is_subset_name("abcdef+Font"));
        assert!(!is_subset_name("ABCDE+Font"));
    }
}
