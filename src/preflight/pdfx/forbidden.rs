//! What PDF/X forbids anywhere in a file, wherever it is written (in an object of its
//! own or directly inside another): actions and JavaScript, transfer functions,
//! PostScript, alternate images and OPI, and (PDF/X-1a) transparency.

use lopdf::{Dictionary, Document, ObjectId};

use super::places::Places;
use crate::pdf::objects::every_dictionary;
use crate::pdf::transparency::{is_transparency_group, live_transparency};

/// The actions a PDF/X file may carry: moving within the document.
const NAVIGATION: [&[u8]; 2] = [b"GoTo", b"Named"];

fn name<'a>(dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    dict.get(key).ok().and_then(|o| o.as_name().ok())
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Findings of a rule, each with where it is, grouped by place so that one object drawn
/// on every page is one line.
fn located(places: &Places, found: Vec<(ObjectId, String)>) -> Vec<String> {
    let mut lines: Vec<String> =
        found.into_iter().map(|(id, what)| format!("{}: {what}", places.describe(id))).collect();
    lines.sort();
    lines.dedup();
    lines
}

/// JavaScript and every action other than moving within the document, and
/// additional-actions (AA) entries, which run actions on events.
pub(super) fn actions(doc: &Document, places: &Places) -> Vec<String> {
    let mut found = Vec::new();
    for (id, dict) in every_dictionary(doc) {
        if let Some(kind) = name(dict, b"S")
            && (name(dict, b"Type") == Some(b"Action".as_slice()) || ACTION_TYPES.contains(&kind))
            && !NAVIGATION.contains(&kind)
        {
            let what = if kind == b"JavaScript" {
                "a JavaScript action".to_owned()
            } else {
                format!("a {} action", text(kind))
            };
            found.push((id, what));
        } else if dict.has(b"JS") {
            found.push((id, "JavaScript (JS)".to_owned()));
        }
        if dict.has(b"AA") {
            found.push((
                id,
                "additional actions (AA), run on opening, closing or clicking".to_owned(),
            ));
        }
        if let Ok(names) = dict.get(b"JavaScript")
            && name(dict, b"Type") != Some(b"Action".as_slice())
            && doc.dereference(names).ok().is_some_and(|(_, o)| o.as_dict().is_ok())
        {
            found.push((id, "document-level JavaScript (Names /JavaScript)".to_owned()));
        }
    }
    located(places, found)
}

/// The action types of ISO 32000 (an `S` naming one of them marks an action dictionary
/// even without `/Type /Action`).
const ACTION_TYPES: [&[u8]; 19] = [
    b"GoTo",
    b"GoToR",
    b"GoToE",
    b"Launch",
    b"Thread",
    b"URI",
    b"Sound",
    b"Movie",
    b"Hide",
    b"Named",
    b"SubmitForm",
    b"ResetForm",
    b"ImportData",
    b"JavaScript",
    b"SetOCGState",
    b"Rendition",
    b"Trans",
    b"GoTo3DView",
    b"RichMediaExecute",
];

/// Transfer functions in graphics states: `TR` at all, `TR2` other than `/Default`.
pub(super) fn transfer_functions(doc: &Document, places: &Places) -> Vec<String> {
    let mut found = Vec::new();
    for (id, dict) in every_dictionary(doc) {
        if dict.has(b"TR") {
            found.push((id, "a graphics state sets a transfer function (TR)".to_owned()));
        }
        if let Ok(tr2) = dict.get(b"TR2")
            && tr2.as_name().ok() != Some(b"Default".as_slice())
        {
            found.push((id, "a graphics state sets a transfer function (TR2)".to_owned()));
        }
    }
    located(places, found)
}

/// PostScript XObjects (and forms marked as PostScript), alternate images and OPI
/// references. PDF/X-4 takes no alternate images at all; PDF/X-1a none meant for
/// printing (`DefaultForPrinting true`).
pub(super) fn postscript_alternates_opi(doc: &Document, places: &Places, x1a: bool) -> Vec<String> {
    let mut found = Vec::new();
    for (id, dict) in every_dictionary(doc) {
        if name(dict, b"Subtype") == Some(b"PS".as_slice())
            || name(dict, b"Subtype2") == Some(b"PS".as_slice())
        {
            found.push((id, "a PostScript XObject".to_owned()));
        }
        if name(dict, b"Subtype") == Some(b"Image".as_slice())
            && let Ok(alternates) = dict.get(b"Alternates")
        {
            let for_printing = doc
                .dereference(alternates)
                .ok()
                .and_then(|(_, a)| a.as_array().ok())
                .into_iter()
                .flatten()
                .filter_map(|a| crate::pdf::objects::as_dict(doc, a))
                .any(|a| {
                    a.get(b"DefaultForPrinting").and_then(lopdf::Object::as_bool).unwrap_or(false)
                });
            if for_printing {
                found.push((
                    id,
                    "an image with an alternate for printing (DefaultForPrinting)".into(),
                ));
            } else if !x1a {
                found.push((id, "an image with alternate versions (Alternates)".to_owned()));
            }
        }
        if dict.has(b"OPI") {
            found.push((id, "an OPI reference to an image outside the file".to_owned()));
        }
    }
    located(places, found)
}

/// Every use of transparency (PDF/X-1a): opacity, soft masks and blend modes in graphics
/// states written anywhere, and transparency groups on pages and forms.
pub(super) fn transparency(doc: &Document, places: &Places) -> Vec<String> {
    let mut found = Vec::new();
    for (id, dict) in every_dictionary(doc) {
        if let Some(problem) = live_transparency(dict) {
            let what = match name(dict, b"Type").or_else(|| name(dict, b"Subtype")) {
                Some(kind) => format!("{} {problem}", text(kind)),
                None => format!("a graphics state {problem}"),
            };
            found.push((id, what));
        }
        if is_transparency_group(doc, dict) {
            let kind = name(dict, b"Type").or_else(|| name(dict, b"Subtype")).unwrap_or(b"object");
            found.push((id, format!("{} has a transparency group", text(kind).to_lowercase())));
        }
    }
    located(places, found)
}

/// The colorants whose transfer belongs to the graphics state, never to a halftone: a
/// halftone may carry a `TransferFunction` only for another colorant of a type 5
/// halftone (a spot colour).
const PRIMARY_COLORANTS: [&[u8]; 8] =
    [b"Cyan", b"Magenta", b"Yellow", b"Black", b"Red", b"Green", b"Blue", b"Gray"];

/// Halftones: every halftone of type 1 or 5 (type 5's components of type 1), none named
/// (`HalftoneName`), no halftone phase (`HTP`) in a graphics state, and a halftone's own
/// `TransferFunction` only for a type 5 halftone's non-primary colorant.
/// Returns the problems and how many halftones the file sets.
pub(super) fn halftones(doc: &Document, places: &Places) -> (Vec<String>, usize) {
    let dictionaries = every_dictionary(doc);
    let mut found = Vec::new();
    let mut count = 0;
    // The components of type 5 halftones: the only halftones that may carry a transfer
    // function (for a spot colorant).
    let mut components: std::collections::BTreeSet<*const Dictionary> = Default::default();
    for &(id, dict) in &dictionaries {
        if dict.has(b"HTP") {
            found.push((id, "a graphics state sets a halftone phase (HTP)".to_owned()));
        }
        let Ok(kind) = dict.get(b"HalftoneType").and_then(lopdf::Object::as_i64) else {
            continue;
        };
        count += 1;
        if kind != 1 && kind != 5 {
            found.push((id, format!("a halftone of type {kind} (only types 1 and 5 are allowed)")));
        }
        if dict.has(b"HalftoneName") {
            found.push((id, "a named halftone (HalftoneName)".to_owned()));
        }
        if kind != 5 {
            continue;
        }
        for (colorant, value) in dict.iter() {
            let Some(component) = crate::pdf::objects::as_dict(doc, value) else { continue };
            components.insert(component as *const Dictionary);
            let Ok(sub) = component.get(b"HalftoneType").and_then(lopdf::Object::as_i64) else {
                continue;
            };
            let colorant = text(colorant);
            if sub != 1 {
                found.push((id, format!("the halftone for {colorant} is of type {sub}, not 1")));
            }
            if component.has(b"TransferFunction")
                && PRIMARY_COLORANTS.contains(&colorant.as_bytes())
            {
                found
                    .push((id, format!("the halftone for {colorant} carries a transfer function")));
            }
        }
    }
    // A halftone that is no component of a type 5 one carries none at all.
    for &(id, dict) in &dictionaries {
        if dict.has(b"HalftoneType")
            && dict.has(b"TransferFunction")
            && !components.contains(&(dict as *const Dictionary))
        {
            found.push((id, "a halftone carries a transfer function".to_owned()));
        }
    }
    (located(places, found), count)
}

/// The filters a level forbids on any stream: LZW at both levels (its patent kept it out
/// of PDF/X), and at X-1a those PDF 1.4 does not have or PDF/X-1a:2003 excludes (JBIG2,
/// JPEG 2000, Crypt). Returns the problems and every filter the file uses.
pub(super) fn compression(
    doc: &Document,
    places: &Places,
    x1a: bool,
) -> (Vec<String>, std::collections::BTreeSet<String>) {
    let mut found = Vec::new();
    let mut used = std::collections::BTreeSet::new();
    for (id, object) in &doc.objects {
        let Ok(stream) = object.as_stream() else { continue };
        let filters: Vec<&[u8]> = match stream.dict.get(b"Filter") {
            Ok(lopdf::Object::Name(filter)) => vec![filter.as_slice()],
            Ok(lopdf::Object::Array(filters)) => {
                filters.iter().filter_map(|f| f.as_name().ok()).collect()
            }
            _ => continue,
        };
        for filter in filters {
            used.insert(text(filter));
            let forbidden = match filter {
                b"LZWDecode" => true,
                b"JBIG2Decode" | b"JPXDecode" | b"Crypt" => x1a,
                _ => false,
            };
            if forbidden {
                found.push((*id, format!("a stream compressed with {}", text(filter))));
            }
        }
    }
    (located(places, found), used)
}

/// What points outside the file or carries another file inside it: embedded files,
/// file specifications and reference XObjects (the content of another PDF).
pub(super) fn external_content(doc: &Document, places: &Places) -> Vec<String> {
    let mut found = Vec::new();
    for (id, dict) in every_dictionary(doc) {
        if dict.has(b"EmbeddedFiles") {
            found.push((id, "embedded files (Names /EmbeddedFiles)".to_owned()));
        }
        if name(dict, b"Type") == Some(b"Filespec".as_slice()) || dict.has(b"EF") {
            found.push((id, "a file specification".to_owned()));
        }
        if name(dict, b"Subtype") == Some(b"Form".as_slice()) && dict.has(b"Ref") {
            found.push((id, "a reference XObject (a page of another PDF)".to_owned()));
        }
        if name(dict, b"Type") == Some(b"EmbeddedFile".as_slice()) {
            found.push((id, "an embedded file".to_owned()));
        }
    }
    located(places, found)
}
