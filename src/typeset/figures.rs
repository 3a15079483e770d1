//! The figures as printed: each picture found on the typeset pages, its size there and its
//! effective resolution, checked against the press's thresholds.

use std::collections::HashMap;

use typst::layout::{Frame, FrameItem};
use typst::visualize::ImageKind;
use typst_layout::PagedDocument;

use crate::diag::{Diagnostic, Kind, Report, Subject, Text};
use crate::issue::model::{Block, Figure, Issue};
use crate::issue::print::{FAIL_BELOW_PPI, WARN_BELOW_PPI, effective_ppi};

/// Millimetres in a point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// One figure's picture where it was placed.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedFigure {
    /// The page, from 1.
    pub page: usize,
    /// The section, article and entry of `paragraphs` the figure is, from 0.
    pub at: (usize, usize, usize),
    /// The picture's file as the data names it.
    pub file: String,
    /// Its size in pixels.
    pub pixels: (u32, u32),
    /// Its size on the page, in points, across and down.
    pub size_pt: (f64, f64),
    /// Pixels per inch at that size, the lower of the two directions.
    pub ppi: f64,
}

/// A figure not yet found on the pages: where it stands in the issue, and the figure.
type Waiting<'i> = ((usize, usize, usize), &'i Figure);

/// Every figure of `issue` found on the pages of `document`, in the order printed.
///
/// A picture on the page is the figure whose file has the same bytes; a file used by
/// several figures is matched to them in the order they stand in the issue.
pub fn placed_figures(issue: &Issue, document: &PagedDocument) -> Vec<PlacedFigure> {
    let mut waiting: HashMap<&[u8], Vec<Waiting<'_>>> = HashMap::new();
    for (s, section) in issue.sections.iter().enumerate() {
        for (a, article) in section.articles.iter().enumerate() {
            for (p, block) in article.paragraphs.iter().enumerate() {
                if let Block::Figure(figure) = block {
                    waiting.entry(&figure.data[..]).or_default().push(((s, a, p), figure));
                }
            }
        }
    }
    for list in waiting.values_mut() {
        list.reverse();
    }
    let mut placed = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        for_each_picture(&page.frame, (1.0, 1.0), &mut |data, size_pt| {
            let Some((at, figure)) = waiting.get_mut(data).and_then(Vec::pop) else { return };
            placed.push(PlacedFigure {
                page: index + 1,
                at,
                file: figure.file.clone(),
                pixels: figure.pixels,
                size_pt,
                ppi: effective_ppi(figure.pixels, size_pt),
            });
        });
    }
    placed
}

/// Calls `f` with the bytes and printed size (points) of every raster picture in `frame`,
/// groups included, scaled as their transforms scale them.
fn for_each_picture(frame: &Frame, scale: (f64, f64), f: &mut impl FnMut(&[u8], (f64, f64))) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let t = group.transform;
                let sx = (t.sx.get().powi(2) + t.ky.get().powi(2)).sqrt();
                let sy = (t.kx.get().powi(2) + t.sy.get().powi(2)).sqrt();
                for_each_picture(&group.frame, (scale.0 * sx, scale.1 * sy), f);
            }
            FrameItem::Image(image, size, _) => {
                if let ImageKind::Raster(raster) = image.kind() {
                    let size = (size.x.to_pt() * scale.0, size.y.to_pt() * scale.1);
                    f(raster.data().as_slice(), size);
                }
            }
            _ => {}
        }
    }
}

/// Reports each placed figure under [`WARN_BELOW_PPI`] (a warning) or [`FAIL_BELOW_PPI`]
/// (an error), naming its article and file.
pub(crate) fn report_resolution(issue: &Issue, placed: &[PlacedFigure], report: &mut Report) {
    for figure in placed {
        if figure.ppi >= WARN_BELOW_PPI {
            continue;
        }
        let (s, a, p) = figure.at;
        let section = &issue.sections[s];
        let article = Text::new("used-article")
            .arg("title", section.articles[a].title.as_str())
            .arg("section", section.name.as_str());
        let what = Text::new("subject-block")
            .arg("kind", Text::new("block-figure"))
            .arg("number", p + 1)
            .arg("article", article);
        let error = figure.ppi < FAIL_BELOW_PPI;
        let min = if error { FAIL_BELOW_PPI } else { WARN_BELOW_PPI };
        let needed_px = (figure.size_pt.0 / 72.0 * WARN_BELOW_PPI).ceil();
        let message = Text::new("image-low-resolution")
            .arg("path", figure.file.as_str())
            .arg("what", what)
            .arg("ppi", format!("{:.0}", figure.ppi.floor()))
            .arg("width_px", figure.pixels.0)
            .arg("height_px", figure.pixels.1)
            .arg("width_mm", format!("{:.1}", figure.size_pt.0 * MM_PER_PT))
            .arg("height_mm", format!("{:.1}", figure.size_pt.1 * MM_PER_PT))
            .arg("min", format!("{min:.0}"));
        let hint = Text::new(if error {
            "hint-image-resolution-error"
        } else {
            "hint-image-resolution-warning"
        })
        .arg("good", format!("{WARN_BELOW_PPI:.0}"))
        .arg("needed_px", format!("{needed_px:.0}"));
        let finding = Diagnostic::error(Kind::LowResolution, message)
            .about(Subject::article(s, a).paragraph(p))
            .hint(hint);
        report.push(if error { finding } else { finding.as_warning() });
    }
}
