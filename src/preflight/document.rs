//! Pages: how many, their boxes and trimmed sizes, and whether the count suits the binding.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Document, Object, ObjectId};
use serde::Serialize;

use super::colours::{Ink, TextInk};
use super::finding::{Finding, MM_PER_PT, page_list};
use crate::issue::model::Profile;
use crate::pdf::colour_space::ColourSpace;
use crate::pdf::objects::inherited;

/// A page box, `[left bottom right top]` in points.
pub type PdfBox = [f64; 4];

/// How far apart two sizes may be and still count as the same, in millimetres.
const SAME_SIZE_MM: f64 = 0.5;

/// What preflight learned about one page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageFacts {
    /// The page number (1-based).
    pub number: usize,
    /// The sheet: what is printed on.
    pub media_box: PdfBox,
    /// The finished page after trimming, when the PDF says.
    pub trim_box: Option<PdfBox>,
    /// How far printing may extend past the trim, when the PDF says.
    pub bleed_box: Option<PdfBox>,
    /// The visible area, when it is not the sheet.
    pub crop_box: Option<PdfBox>,
    /// Width of the finished page (TrimBox, else CropBox, else MediaBox), in millimetres.
    pub width_mm: f64,
    /// Height of the finished page, in millimetres.
    pub height_mm: f64,
    /// Every colour space painted with, sorted.
    pub colour_spaces: Vec<ColourSpace>,
    /// Every ink printed with, sorted; colour that is not ink is listed as such.
    pub inks: Vec<Ink>,
    /// The ink of the page's text.
    pub text: TextInk,
    /// The 100% K text and thin rules the page paints, and those of them that knock out.
    #[serde(skip)]
    pub black: crate::pdf::overprint::BlackPaints,
    /// Whether the page's content passes PostScript to the printer (`PS`).
    #[serde(skip)]
    pub postscript: bool,
}

impl PageFacts {
    /// The page's boxes and size; colours are filled in by the caller.
    pub fn read(doc: &Document, number: usize, page_id: ObjectId) -> (PageFacts, Vec<Finding>) {
        let mut findings = Vec::new();
        let media_box = inherited(doc, page_id, b"MediaBox").and_then(|b| read_box(doc, b));
        let media_box = media_box.unwrap_or_else(|| {
            findings.push(
                Finding::error("the page has no valid MediaBox: its size is unknown".to_owned())
                    .on_page(number),
            );
            [0.0; 4]
        });
        let own_box = |key: &[u8]| {
            doc.get_dictionary(page_id).ok()?.get(key).ok().and_then(|b| read_box(doc, b))
        };
        let crop_box = inherited(doc, page_id, b"CropBox").and_then(|b| read_box(doc, b));
        let trim_box = own_box(b"TrimBox");
        let bleed_box = own_box(b"BleedBox");
        for (name, area) in [("TrimBox", trim_box), ("BleedBox", bleed_box)] {
            if area.is_some_and(|area| !inside(&area, &media_box)) {
                findings.push(
                    Finding::error(format!(
                        "the {name} reaches outside the MediaBox: the page would be cut where \
                         there is no paper; fix the page boxes when making the PDF"
                    ))
                    .on_page(number),
                );
            }
        }
        let finished = trim_box.or(crop_box).unwrap_or(media_box);
        let facts = PageFacts {
            number,
            media_box,
            trim_box,
            bleed_box,
            crop_box: crop_box.filter(|crop| *crop != media_box),
            width_mm: (finished[2] - finished[0]) * MM_PER_PT,
            height_mm: (finished[3] - finished[1]) * MM_PER_PT,
            colour_spaces: Vec::new(),
            inks: Vec::new(),
            text: TextInk::NoText,
            black: Default::default(),
            postscript: false,
        };
        (facts, findings)
    }

    /// The finished size, as `210.0 × 297.0`.
    pub fn size(&self) -> String {
        format!("{:.1} × {:.1}", self.width_mm, self.height_mm)
    }
}

/// Reads a box: four numbers, put in order.
fn read_box(doc: &Document, object: &Object) -> Option<PdfBox> {
    let array = doc.dereference(object).ok()?.1.as_array().ok()?;
    let numbers: Vec<f64> = array
        .iter()
        .filter_map(|o| doc.dereference(o).ok()?.1.as_float().ok())
        .map(f64::from)
        .collect();
    let [x0, y0, x1, y1] = <[f64; 4]>::try_from(numbers).ok()?;
    Some([x0.min(x1), y0.min(y1), x0.max(x1), y0.max(y1)])
}

/// Whether `inner` lies within `outer`, give or take a hundredth of a point.
fn inside(inner: &PdfBox, outer: &PdfBox) -> bool {
    const SLACK: f64 = 0.01;
    inner[0] >= outer[0] - SLACK
        && inner[1] >= outer[1] - SLACK
        && inner[2] <= outer[2] + SLACK
        && inner[3] <= outer[3] + SLACK
}

/// A box as four numbers in points, for the table.
pub fn format_box(area: &PdfBox) -> String {
    let number = |v: f64| {
        let text = format!("{v:.2}");
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    area.iter().map(|&v| number(v)).collect::<Vec<_>>().join(" ")
}

/// Page-count and size findings: a count the binding cannot take, pages of several sizes.
pub fn findings(pages: &[PageFacts], multiple: Option<u32>) -> Vec<Finding> {
    let mut findings = Vec::new();
    if pages.is_empty() {
        findings.push(Finding::error("the PDF has no pages".to_owned()));
    }
    if let Some(multiple) = multiple {
        let count = pages.len();
        if !count.is_multiple_of(multiple as usize) {
            let short = multiple as usize - count % multiple as usize;
            findings.push(Finding::error(format!(
                "{count} pages is not a multiple of {multiple}: the binding needs {} pages; \
                 add {short} blank page(s) (bulletin: build --pad {multiple})",
                count + short
            )));
        }
    }
    if let Some(first) = pages.first() {
        let odd: Vec<usize> = pages
            .iter()
            .filter(|p| {
                (p.width_mm - first.width_mm).abs() > SAME_SIZE_MM
                    || (p.height_mm - first.height_mm).abs() > SAME_SIZE_MM
            })
            .map(|p| p.number)
            .collect();
        if !odd.is_empty() {
            let verb = if odd.len() == 1 { "differs" } else { "differ" };
            findings.push(Finding::warning(format!(
                "{} {verb} in size from page 1 ({} mm): check that this is meant",
                page_list(&odd),
                first.size()
            )));
        }
    }
    findings
}

/// Colour findings: under `--for print`, every page painting in RGB, ICC-based or
/// CIE-based colour, grouped by colour space.
pub fn colour_findings(pages: &[PageFacts], intent: Option<Profile>) -> Vec<Finding> {
    if intent != Some(Profile::Print) {
        return Vec::new();
    }
    let mut by_space: BTreeMap<(&'static str, String), BTreeSet<usize>> = BTreeMap::new();
    for page in pages {
        for space in &page.colour_spaces {
            if let Some(problem) = space.print_problem() {
                by_space.entry((problem, space.to_string())).or_default().insert(page.number);
            }
        }
    }
    by_space
        .into_iter()
        .map(|((problem, space), numbers)| {
            let numbers: Vec<usize> = numbers.into_iter().collect();
            Finding::error(format!(
                "{problem} colour ({space}) on {}: a press prints inks, and would have to guess \
                 them; export those pages in CMYK or spot colours (bulletin: build --profile print)",
                page_list(&numbers)
            ))
        })
        .collect()
}
