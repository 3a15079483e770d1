//! Comparing page images pixel by pixel, and drawing what changed.

use std::fmt;

use image::{Rgb, RgbImage};

/// How far apart two pixels' channels (0–255) may be and still count as the same pixel.
///
/// Identical input renders identically on one machine; the slack absorbs rounding
/// differences in anti-aliased edges between machines, while a changed glyph, colour or
/// position moves channels far more than this.
pub const CHANNEL_TOLERANCE: u8 = 8;

/// The colour that marks changed pixels in a diff image.
const HIGHLIGHT: Rgb<u8> = Rgb([230, 0, 126]);

/// How one page's pixels differ between two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PixelDiff {
    /// Pixels whose channels differ by more than the tolerance (or that only one page has).
    pub changed: u64,
    /// Pixels compared: those of the larger page.
    pub total: u64,
}

impl PixelDiff {
    /// Whether no pixel changed.
    pub fn is_unchanged(&self) -> bool {
        self.changed == 0
    }

    /// The share of pixels changed, from 0 to 1.
    pub fn share(&self) -> f64 {
        if self.total == 0 { 0.0 } else { self.changed as f64 / self.total as f64 }
    }
}

/// Whether two pixels differ by more than `tolerance` in any channel.
fn differs(a: &Rgb<u8>, b: &Rgb<u8>, tolerance: u8) -> bool {
    a.0.iter().zip(b.0).any(|(&x, y)| x.abs_diff(y) > tolerance)
}

/// The pixel at (x, y), if the image reaches that far.
fn pixel(image: &RgbImage, x: u32, y: u32) -> Option<&Rgb<u8>> {
    (x < image.width() && y < image.height()).then(|| image.get_pixel(x, y))
}

/// The size of the smallest area covering both images.
fn union_size(old: &RgbImage, new: &RgbImage) -> (u32, u32) {
    (old.width().max(new.width()), old.height().max(new.height()))
}

/// Counts the pixels that differ between two renderings of a page.
///
/// Pages of different sizes are compared over the larger area; a pixel that only one of
/// them has counts as changed.
pub fn compare(old: &RgbImage, new: &RgbImage, tolerance: u8) -> PixelDiff {
    if old.dimensions() == new.dimensions() {
        let changed =
            old.pixels().zip(new.pixels()).filter(|(a, b)| differs(a, b, tolerance)).count() as u64;
        return PixelDiff { changed, total: u64::from(old.width()) * u64::from(old.height()) };
    }
    let (width, height) = union_size(old, new);
    let mut changed = 0;
    for y in 0..height {
        for x in 0..width {
            let same = match (pixel(old, x, y), pixel(new, x, y)) {
                (Some(a), Some(b)) => !differs(a, b, tolerance),
                _ => false,
            };
            changed += u64::from(!same);
        }
    }
    PixelDiff { changed, total: u64::from(width) * u64::from(height) }
}

/// A picture of what changed: the page faded, changed pixels highlighted, and a change bar
/// in the left margin beside every row that holds a change, as proofing editors expect.
///
/// The faded page is the new version where it exists, else the old one.
pub fn diff_image(old: &RgbImage, new: &RgbImage, tolerance: u8) -> RgbImage {
    let (width, height) = union_size(old, new);
    let bar = (width / 100).max(2);
    let mut out = RgbImage::from_pixel(width, height, Rgb([255, 255, 255]));
    for y in 0..height {
        let mut row_changed = false;
        for x in 0..width {
            let (a, b) = (pixel(old, x, y), pixel(new, x, y));
            let changed = match (a, b) {
                (Some(a), Some(b)) => differs(a, b, tolerance),
                _ => true,
            };
            let shown = if changed {
                HIGHLIGHT
            } else {
                fade(b.or(a).copied().unwrap_or(Rgb([255, 255, 255])))
            };
            out.put_pixel(x, y, shown);
            row_changed |= changed;
        }
        if row_changed {
            for x in 0..bar.min(width) {
                out.put_pixel(x, y, HIGHLIGHT);
            }
        }
    }
    out
}

/// A pixel a quarter as strong, so that highlights stand out against the page.
fn fade(pixel: Rgb<u8>) -> Rgb<u8> {
    Rgb(pixel.0.map(|c| 255 - (255 - c) / 4))
}

/// The largest difference, in any channel, between the two pages' average colours over
/// every `window` × `window` square (truncated at the edges), on the area both pages cover.
///
/// Two independent renderers place glyph edges up to a pixel apart and shade them
/// differently, so pixel-by-pixel they disagree along every stroke; averaged over a square
/// about the size of a character they agree, while missing, extra or misplaced text,
/// rules or colour areas still stand out.
pub fn local_mean_difference(a: &RgbImage, b: &RgbImage, window: u32) -> u8 {
    let (width, height) = (a.width().min(b.width()), a.height().min(b.height()));
    if width == 0 || height == 0 {
        return 0;
    }
    let (sums_a, sums_b) = (summed_area(a, width, height), summed_area(b, width, height));
    let half = window / 2;
    let mut worst = 0.0f64;
    for y in 0..height {
        let (y0, y1) = (y.saturating_sub(half), (y + window - half).min(height));
        for x in 0..width {
            let (x0, x1) = (x.saturating_sub(half), (x + window - half).min(width));
            let area = f64::from((x1 - x0) * (y1 - y0));
            for c in 0..3 {
                let total_a = sums_a.window(x0, y0, x1, y1, c);
                let total_b = sums_b.window(x0, y0, x1, y1, c);
                worst = worst.max(total_a.abs_diff(total_b) as f64 / area);
            }
        }
    }
    worst.round() as u8
}

/// Per-channel sums of every rectangle from the origin, for constant-time window sums.
struct SummedArea {
    width: u32,
    sums: Vec<[u64; 3]>,
}

impl SummedArea {
    /// The sum of channel `c` over columns `x0..x1` and rows `y0..y1`.
    fn window(&self, x0: u32, y0: u32, x1: u32, y1: u32, c: usize) -> u64 {
        let at = |x: u32, y: u32| self.sums[(y * (self.width + 1) + x) as usize][c];
        at(x1, y1) + at(x0, y0) - at(x0, y1) - at(x1, y0)
    }
}

/// The summed-area table of the top-left `width` × `height` pixels of `image`.
fn summed_area(image: &RgbImage, width: u32, height: u32) -> SummedArea {
    let stride = (width + 1) as usize;
    let mut sums = vec![[0u64; 3]; stride * (height as usize + 1)];
    for y in 0..height {
        let mut row = [0u64; 3];
        for x in 0..width {
            let pixel = image.get_pixel(x, y);
            for c in 0..3 {
                row[c] += u64::from(pixel[c]);
            }
            let (above, here) = (y as usize * stride + x as usize + 1, (y as usize + 1) * stride);
            let total: [u64; 3] = std::array::from_fn(|c| sums[above][c] + row[c]);
            sums[here + x as usize + 1] = total;
        }
    }
    SummedArea { width, sums }
}

/// What became of one page between two versions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum PageChange {
    /// Both versions have the page and it looks the same.
    Unchanged,
    /// Both versions have the page and some pixels differ.
    Changed(PixelDiff),
    /// Only the new version has the page.
    Added,
    /// Only the old version has the page.
    Removed,
}

impl PageChange {
    /// Whether the page is the same in both versions.
    pub fn is_unchanged(&self) -> bool {
        matches!(self, PageChange::Unchanged)
    }
}

impl fmt::Display for PageChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PageChange::Unchanged => write!(f, "unchanged"),
            PageChange::Changed(diff) => {
                write!(f, "changed ({} of pixels)", percent(diff.share()))
            }
            PageChange::Added => write!(f, "added"),
            PageChange::Removed => write!(f, "removed"),
        }
    }
}

/// A share as a percentage that never rounds a real change down to zero.
pub fn percent(share: f64) -> String {
    let value = share * 100.0;
    if share > 0.0 && value < 0.01 { "<0.01%".into() } else { format!("{value:.2}%") }
}

/// Compares two versions page by page: pages present in both are compared pixel by pixel;
/// extra pages at the end are added or removed.
pub fn compare_pages(old: &[RgbImage], new: &[RgbImage], tolerance: u8) -> Vec<PageChange> {
    (0..old.len().max(new.len()))
        .map(|i| match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) => {
                let diff = compare(a, b, tolerance);
                if diff.is_unchanged() { PageChange::Unchanged } else { PageChange::Changed(diff) }
            }
            (None, Some(_)) => PageChange::Added,
            (Some(_), None) => PageChange::Removed,
            (None, None) => unreachable!("the index is below the longer length"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(width: u32, height: u32) -> RgbImage {
        RgbImage::from_pixel(width, height, Rgb([255, 255, 255]))
    }

    #[test]
    fn small_differences_are_within_tolerance() {
        let old = page(10, 10);
        let mut new = page(10, 10);
        new.put_pixel(3, 3, Rgb([255 - CHANNEL_TOLERANCE, 255, 255]));
        assert!(compare(&old, &new, CHANNEL_TOLERANCE).is_unchanged());
        new.put_pixel(4, 4, Rgb([255, 254 - CHANNEL_TOLERANCE, 255]));
        assert_eq!(compare(&old, &new, CHANNEL_TOLERANCE), PixelDiff { changed: 1, total: 100 });
    }

    #[test]
    fn a_size_change_counts_the_missing_area() {
        let diff = compare(&page(10, 10), &page(10, 12), CHANNEL_TOLERANCE);
        assert_eq!(diff, PixelDiff { changed: 20, total: 120 });
    }

    #[test]
    fn pages_are_added_changed_and_removed() {
        let mut changed = page(4, 4);
        changed.put_pixel(0, 0, Rgb([0, 0, 0]));
        let old = [page(4, 4), page(4, 4), page(4, 4)];
        let new = [page(4, 4), changed];
        let changes = compare_pages(&old, &new, CHANNEL_TOLERANCE);
        assert_eq!(
            changes,
            [
                PageChange::Unchanged,
                PageChange::Changed(PixelDiff { changed: 1, total: 16 }),
                PageChange::Removed
            ]
        );
        assert_eq!(changes[1].to_string(), "changed (6.25% of pixels)");
        assert_eq!(compare_pages(&new, &old, 0)[2], PageChange::Added);
    }

    #[test]
    fn the_diff_image_highlights_changes_and_fades_the_rest() {
        let old = page(200, 3);
        let mut new = page(200, 3);
        new.put_pixel(100, 1, Rgb([0, 0, 0]));
        new.put_pixel(150, 2, Rgb([0, 0, 0]));
        let mut same = old.clone();
        same.put_pixel(150, 2, Rgb([0, 0, 0]));
        let diff = diff_image(&same, &new, CHANNEL_TOLERANCE);
        assert_eq!(diff.get_pixel(100, 1), &HIGHLIGHT);
        assert_eq!(diff.get_pixel(0, 1), &HIGHLIGHT, "change bar");
        assert_eq!(diff.get_pixel(0, 2), &Rgb([255, 255, 255]), "no bar beside an unchanged row");
        assert_eq!(diff.get_pixel(150, 2), &Rgb([192, 192, 192]), "unchanged ink is faded");
    }

    #[test]
    fn local_means_forgive_a_shifted_edge_but_not_missing_ink() {
        let mut a = page(40, 40);
        let mut shifted = page(40, 40);
        let mut missing = page(40, 40);
        for y in 10..30 {
            for x in 10..20 {
                a.put_pixel(x, y, Rgb([0, 0, 0]));
                shifted.put_pixel(x + 1, y, Rgb([0, 0, 0]));
            }
        }
        for y in 10..30 {
            for x in 10..13 {
                missing.put_pixel(x, y, Rgb([0, 0, 0]));
            }
        }
        assert_eq!(local_mean_difference(&a, &a, 9), 0);
        let moved = local_mean_difference(&a, &shifted, 9);
        assert!(
            moved <= 255 / 9 * 2,
            "a one-pixel shift moves at most two columns of nine: {moved}"
        );
        assert!(local_mean_difference(&a, &missing, 9) > 128, "most of the ink is gone");
    }

    #[test]
    fn tiny_shares_do_not_round_to_zero() {
        assert_eq!(percent(0.00001), "<0.01%");
        assert_eq!(percent(0.0), "0.00%");
        assert_eq!(percent(0.5), "50.00%");
    }
}
