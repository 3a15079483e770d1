//! Images: pixel size, size on the page, and the effective resolution a press gets.

use serde::Serialize;

use super::finding::{Finding, MM_PER_PT};
use crate::issue::model::Profile;
use crate::issue::print::effective_ppi;
use crate::pdf::content::PlacedImage;

pub use crate::issue::print::{FAIL_BELOW_PPI, WARN_BELOW_PPI};

/// One image as drawn on a page.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ImageFacts {
    /// The page (1-based).
    pub page: usize,
    /// The resource name (`Im0`), or `inline`.
    pub name: String,
    /// Pixels across.
    pub width_px: u32,
    /// Pixels down.
    pub height_px: u32,
    /// Width on the page, in millimetres.
    pub width_mm: f64,
    /// Height on the page, in millimetres.
    pub height_mm: f64,
    /// Pixels per inch on the page, the lower of the two directions.
    pub ppi: f64,
    /// The colour space, or `None` for masks and images that carry their own.
    pub colour_space: Option<String>,
}

impl ImageFacts {
    /// The facts of `image`, drawn on page `page`.
    pub fn new(page: usize, image: &PlacedImage) -> ImageFacts {
        let (width_pt, height_pt) = image.matrix.unit_square_size();
        let ppi = effective_ppi((image.width, image.height), (width_pt, height_pt));
        ImageFacts {
            page,
            name: image.name.clone(),
            width_px: image.width,
            height_px: image.height,
            width_mm: width_pt * MM_PER_PT,
            height_mm: height_pt * MM_PER_PT,
            ppi,
            colour_space: image.space.as_ref().map(ToString::to_string),
        }
    }
}

/// Resolution findings: under 300 ppi a warning, under 150 an error; not for the screen.
pub fn findings(images: &[ImageFacts], intent: Option<Profile>) -> Vec<Finding> {
    if intent == Some(Profile::Screen) {
        return Vec::new();
    }
    let mut findings = Vec::new();
    for image in images {
        let what = format!(
            "image {} ({} × {} px at {:.1} × {:.1} mm) is {:.0} ppi",
            image.name, image.width_px, image.height_px, image.width_mm, image.height_mm, image.ppi
        );
        if image.ppi < FAIL_BELOW_PPI {
            findings.push(Finding::error(format!(
                "{what}, under {FAIL_BELOW_PPI} ppi: it would print blocky; supply it at {WARN_BELOW_PPI} ppi or more, or print it smaller"
            )).on_page(image.page));
        } else if image.ppi < WARN_BELOW_PPI {
            findings.push(
                Finding::warning(format!(
                    "{what}, under {WARN_BELOW_PPI} ppi: it may print soft; {WARN_BELOW_PPI} ppi is the press standard"
                ))
                .on_page(image.page),
            );
        }
    }
    findings
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pdf::content::Matrix;

    fn placed(width: u32, height: u32, matrix: [f64; 6]) -> PlacedImage {
        PlacedImage { name: "Im0".into(), width, height, matrix: Matrix(matrix), space: None }
    }

    #[test]
    fn resolution_is_pixels_over_inches_on_the_page() {
        // 600 px drawn 2 inches wide: 300 ppi; 300 px drawn 2 inches high: 150 ppi.
        let image = ImageFacts::new(1, &placed(600, 300, [144.0, 0.0, 0.0, 144.0, 0.0, 0.0]));
        assert_eq!(image.ppi, 150.0);
        assert!((image.width_mm - 50.8).abs() < 1e-9);
    }

    #[test]
    fn thresholds_make_warnings_and_errors() {
        let at = |ppi: f64| {
            ImageFacts::new(1, &placed(ppi as u32, ppi as u32, [72.0, 0.0, 0.0, 72.0, 0.0, 0.0]))
        };
        let severities =
            |ppi| findings(&[at(ppi)], None).iter().map(|f| f.severity).collect::<Vec<_>>();
        assert!(severities(300.0).is_empty());
        assert_eq!(severities(299.0), [super::super::finding::Severity::Warning]);
        assert_eq!(severities(149.0), [super::super::finding::Severity::Error]);
        assert!(findings(&[at(100.0)], Some(Profile::Screen)).is_empty());
    }
}
