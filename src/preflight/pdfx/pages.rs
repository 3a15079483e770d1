//! Page-level PDF/X requirements: the page boxes, and no annotations on the sheet.

use lopdf::{Document, Object, ObjectId};

use super::super::document::{PageFacts, PdfBox};
use super::super::page_list;

/// The page boxes' problems (a TrimBox on every page, nested in the BleedBox and the
/// MediaBox), or how many pages have bleed.
pub(super) fn boxes(doc: &Document, pages: &[PageFacts]) -> (Vec<String>, String) {
    let mut problems = Vec::new();
    let no_trim: Vec<usize> = pages
        .iter()
        .filter(|p| p.trim_box.is_none() && !has_own(doc, p.number, b"ArtBox"))
        .map(|p| p.number)
        .collect();
    if !no_trim.is_empty() {
        problems.push(format!("no TrimBox on {}", page_list(&no_trim)));
    }
    let both: Vec<usize> = pages
        .iter()
        .filter(|p| p.trim_box.is_some() && has_own(doc, p.number, b"ArtBox"))
        .map(|p| p.number)
        .collect();
    if !both.is_empty() {
        problems.push(format!("both TrimBox and ArtBox on {}", page_list(&both)));
    }
    let nested: Vec<usize> = pages.iter().filter(|p| !boxes_nest(p)).map(|p| p.number).collect();
    if !nested.is_empty() {
        problems
            .push(format!("TrimBox ⊆ BleedBox ⊆ MediaBox does not hold on {}", page_list(&nested)));
    }
    let with_bleed =
        pages.iter().filter(|p| p.bleed_box.is_some_and(|b| Some(b) != p.trim_box)).count();
    (problems, format!("{} page(s), {with_bleed} with bleed", pages.len()))
}

/// The page object of page `number`.
fn page_id(doc: &Document, number: usize) -> Option<ObjectId> {
    doc.get_pages().get(&u32::try_from(number).ok()?).copied()
}

fn has_own(doc: &Document, number: usize, key: &[u8]) -> bool {
    page_id(doc, number).and_then(|id| doc.get_dictionary(id).ok()).is_some_and(|d| d.has(key))
}

fn within(inner: &PdfBox, outer: &PdfBox) -> bool {
    const SLACK: f64 = 0.01;
    inner[0] >= outer[0] - SLACK
        && inner[1] >= outer[1] - SLACK
        && inner[2] <= outer[2] + SLACK
        && inner[3] <= outer[3] + SLACK
}

fn boxes_nest(page: &PageFacts) -> bool {
    let media = page.media_box;
    match (page.trim_box, page.bleed_box) {
        (Some(trim), Some(bleed)) => within(&trim, &bleed) && within(&bleed, &media),
        (Some(trim), None) => within(&trim, &media),
        (None, Some(bleed)) => within(&bleed, &media),
        (None, None) => true,
    }
}

/// Pages with an annotation (other than trapping or printer's marks) reaching inside
/// the BleedBox (or TrimBox, or MediaBox).
pub(super) fn annotations_on_sheet(doc: &Document, pages: &[PageFacts]) -> Vec<usize> {
    let mut found = Vec::new();
    for page in pages {
        let Some(id) = page_id(doc, page.number) else { continue };
        let sheet = page.bleed_box.or(page.trim_box).unwrap_or(page.media_box);
        let Some(annots) = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
        else {
            continue;
        };
        let on_sheet =
            annots.iter().filter_map(|a| doc.dereference(a).ok()?.1.as_dict().ok()).any(|a| {
                let subtype = a.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
                if subtype == b"TrapNet" || subtype == b"PrinterMark" {
                    return false;
                }
                let rect: Vec<f64> = a
                    .get(b"Rect")
                    .and_then(Object::as_array)
                    .map(|r| r.iter().filter_map(|o| o.as_float().ok()).map(f64::from).collect())
                    .unwrap_or_default();
                match rect.as_slice() {
                    [x0, y0, x1, y1] => {
                        !(x0.max(*x1) <= sheet[0]
                            || x0.min(*x1) >= sheet[2]
                            || y0.max(*y1) <= sheet[1]
                            || y0.min(*y1) >= sheet[3])
                    }
                    _ => true,
                }
            });
        if on_sheet {
            found.push(page.number);
        }
    }
    found
}

/// The pages that are separations of a page rather than the page itself
/// (`SeparationInfo`): a PDF/X file is composite.
pub(super) fn separated(doc: &Document, pages: &[PageFacts]) -> Vec<usize> {
    pages.iter().filter(|p| has_own(doc, p.number, b"SeparationInfo")).map(|p| p.number).collect()
}
