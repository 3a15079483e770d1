//! Page boxes: a TrimBox on every page (the MediaBox when there is no bleed) and a
//! BleedBox when there is bleed, nested Trim ⊆ Bleed ⊆ Media as PDF/X requires.

use anyhow::{Result, bail};
use lopdf::{Dictionary, Document, Object, ObjectId};

/// Points in a millimetre.
const PT_PER_MM: f64 = 72.0 / 25.4;

/// A box, `[left bottom right top]` in points.
pub type PageBox = [f64; 4];

/// Writes the TrimBox and BleedBox of every page; `bleed_mm` extends the BleedBox past
/// the TrimBox, within the MediaBox.
pub fn set(doc: &mut Document, bleed_mm: Option<f64>) -> Result<()> {
    let bleed = bleed_mm.filter(|b| *b > 0.0).map_or(0.0, |b| b * PT_PER_MM);
    let pages: Vec<(u32, ObjectId)> = doc.get_pages().into_iter().collect();
    for (number, id) in pages {
        let Some(media) = inherited_box(doc, id, b"MediaBox") else {
            bail!("page {number} has no MediaBox");
        };
        let dict = doc.get_dictionary_mut(id)?;
        let trim = match own_box(dict, b"TrimBox") {
            Some(trim) => trim,
            None => match own_box(dict, b"ArtBox") {
                // PDF/X allows one of the two; the TrimBox is what shops read.
                Some(art) => art,
                None => media,
            },
        };
        dict.remove(b"ArtBox");
        if !inside(&trim, &media) {
            bail!("page {number}: the TrimBox reaches outside the MediaBox");
        }
        let bleed_box = if bleed > 0.0 {
            clip([trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed], &media)
        } else {
            trim
        };
        dict.set("TrimBox", box_object(&trim));
        if bleed > 0.0 {
            dict.set("BleedBox", box_object(&bleed_box));
        } else {
            dict.remove(b"BleedBox");
        }
    }
    Ok(())
}

/// The box `key` of the page or the nearest ancestor that has one.
pub fn inherited_box(doc: &Document, page: ObjectId, key: &[u8]) -> Option<PageBox> {
    let mut node = doc.get_dictionary(page).ok()?;
    for _ in 0..32 {
        if let Some(found) = node.get(key).ok().and_then(|o| read_box(doc, o)) {
            return Some(found);
        }
        let parent = node.get(b"Parent").ok()?.as_reference().ok()?;
        node = doc.get_dictionary(parent).ok()?;
    }
    None
}

fn own_box(dict: &Dictionary, key: &[u8]) -> Option<PageBox> {
    let array = dict.get(key).ok()?.as_array().ok()?;
    numbers(array.iter())
}

fn read_box(doc: &Document, object: &Object) -> Option<PageBox> {
    let array = doc.dereference(object).ok()?.1.as_array().ok()?;
    numbers(array.iter())
}

fn numbers<'a>(items: impl Iterator<Item = &'a Object>) -> Option<PageBox> {
    let values: Vec<f64> = items.filter_map(|o| o.as_float().ok()).map(f64::from).collect();
    let [x0, y0, x1, y1] = <[f64; 4]>::try_from(values).ok()?;
    Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
}

/// Whether `inner` lies within `outer`, give or take a hundredth of a point.
pub fn inside(inner: &PageBox, outer: &PageBox) -> bool {
    const SLACK: f64 = 0.01;
    inner[0] >= outer[0] - SLACK
        && inner[1] >= outer[1] - SLACK
        && inner[2] <= outer[2] + SLACK
        && inner[3] <= outer[3] + SLACK
}

fn clip(area: PageBox, within: &PageBox) -> PageBox {
    [area[0].max(within[0]), area[1].max(within[1]), area[2].min(within[2]), area[3].min(within[3])]
}

/// A box as a PDF array; the values came from the file's own (f32) numbers.
fn box_object(area: &PageBox) -> Object {
    Object::Array(area.iter().map(|&v| Object::Real(v as f32)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bleed_is_clipped_to_the_sheet() {
        let media = [0.0, 0.0, 100.0, 100.0];
        assert_eq!(clip([-5.0, 3.0, 105.0, 97.0], &media), [0.0, 3.0, 100.0, 97.0]);
        assert!(inside(&[3.0, 3.0, 97.0, 97.0], &media));
        assert!(!inside(&[-1.0, 3.0, 97.0, 97.0], &media));
    }
}
