//! Content-level PDF/X requirements: colour spaces and the blending spaces of groups,
//! fonts, and the overprint advice.

use lopdf::{Document, Object};

use super::super::document::PageFacts;
use super::super::finding::page_list;
use super::places::Places;
use crate::issue::model::PdfxLevel;
use crate::pdf::colour_space::ColourSpace;
use crate::pdf::objects::dictionaries;

/// Colour problems: X-1a allows only device CMYK, grey and spot colours (with such
/// fallbacks); X-4 with a CMYK intent allows anything but device RGB.
pub(super) fn colour(pages: &[PageFacts], level: PdfxLevel) -> (Vec<String>, String) {
    let mut bad: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    let mut all: std::collections::BTreeSet<String> = Default::default();
    for page in pages {
        for space in &page.colour_spaces {
            all.insert(space.to_string());
            let wrong = match level {
                PdfxLevel::X1a => not_x1a(space),
                PdfxLevel::X4 => device_rgb(space),
            };
            if wrong {
                bad.entry(space.to_string()).or_default().push(page.number);
            }
        }
    }
    let problems =
        bad.into_iter().map(|(space, pages)| format!("{space} on {}", page_list(&pages))).collect();
    let all: Vec<String> = all.into_iter().collect();
    (problems, if all.is_empty() { "no colour".into() } else { all.join(", ") })
}

fn not_x1a(space: &ColourSpace) -> bool {
    match space {
        ColourSpace::Separation { alternate, .. } => not_x1a(alternate),
        ColourSpace::DeviceN { .. } => false,
        other => other.print_problem().is_some(),
    }
}

fn device_rgb(space: &ColourSpace) -> bool {
    match space {
        ColourSpace::DeviceRgb => true,
        ColourSpace::Separation { alternate, .. } => device_rgb(alternate),
        ColourSpace::Indexed { base } => device_rgb(base),
        ColourSpace::Pattern { base: Some(base) } => device_rgb(base),
        _ => false,
    }
}

/// Transparency groups that blend in device RGB, which a CMYK output intent forbids.
pub(super) fn rgb_groups(doc: &Document, places: &Places) -> Vec<String> {
    let mut found = Vec::new();
    for (id, dict) in dictionaries(doc) {
        let rgb = dict
            .get(b"Group")
            .ok()
            .and_then(|g| doc.dereference(g).ok())
            .and_then(|(_, g)| g.as_dict().ok())
            .and_then(|g| g.get(b"CS").ok())
            .is_some_and(|cs| cs.as_name().ok() == Some(b"DeviceRGB".as_slice()));
        if rgb {
            found
                .push(format!("{}: a transparency group blends in DeviceRGB", places.describe(id)));
        }
    }
    found
}

/// OpenType font programs (FontFile3 /OpenType), which need PDF 1.6.
pub(super) fn opentype_fonts(doc: &Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor".as_slice())
        })
        .filter(|d| {
            d.get(b"FontFile3")
                .ok()
                .and_then(|f| doc.dereference(f).ok())
                .and_then(|(_, f)| f.as_stream().ok())
                .is_some_and(|s| {
                    s.dict.get(b"Subtype").and_then(Object::as_name).ok()
                        == Some(b"OpenType".as_slice())
                })
        })
        .map(|d| {
            d.get(b"FontName")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// The pages that paint 100% K text or thin rules (their forms and patterns included),
/// and of them those that paint some without overprint.
pub(super) fn black_pages(pages: &[PageFacts]) -> (Vec<usize>, Vec<usize>) {
    let numbers = |f: fn(&PageFacts) -> bool| -> Vec<usize> {
        pages.iter().filter(|p| f(p)).map(|p| p.number).collect()
    };
    (numbers(|p| p.black.painted > 0), numbers(|p| p.black.knocked_out > 0))
}
