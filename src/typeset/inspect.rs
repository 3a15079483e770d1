//! Reading typeset pages back: as lines of text, for checks and fidelity measures, and as
//! a fingerprint of what each shows.

use std::hash::{Hash, Hasher};

use typst::layout::{Frame, FrameItem, Point};
use typst::text::TextItem;
use typst_layout::{Page, PagedDocument};

/// One line of text on a page: its baseline and its characters, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct TextLine {
    /// Distance of the baseline from the top of the page, in points.
    pub y: f64,
    /// Left edge of the first run, from the left of the page, in points.
    pub x_start: f64,
    /// Right edge of the last run, in points.
    pub x_end: f64,
    /// The line's text, runs joined in reading order.
    pub text: String,
}

/// Every page's lines of text, top to bottom.
pub fn page_lines(document: &PagedDocument) -> Vec<Vec<TextLine>> {
    document.pages().iter().map(|page| frame_lines(&page.frame)).collect()
}

/// The lines of one frame: text runs grouped by baseline, each line sorted by x.
pub fn frame_lines(frame: &Frame) -> Vec<TextLine> {
    let mut runs = Vec::new();
    collect_runs(frame, Point::zero(), &mut runs);
    // Runs on one baseline (within a tenth of a point) make a line.
    runs.sort_by(|a, b| (round(a.y), a.x).partial_cmp(&(round(b.y), b.x)).expect("finite"));
    let mut lines: Vec<TextLine> = Vec::new();
    for run in runs {
        match lines.last_mut() {
            Some(line) if (line.y - run.y).abs() < 0.1 => {
                line.text.push_str(&run.text);
                line.x_end = line.x_end.max(run.x + run.width);
            }
            _ => lines.push(TextLine {
                y: run.y,
                x_start: run.x,
                x_end: run.x + run.width,
                text: run.text,
            }),
        }
    }
    lines
}

fn round(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

/// A run of text placed on a page.
struct Run {
    x: f64,
    y: f64,
    width: f64,
    text: String,
}

/// Collects every text run, with positions relative to the page.
fn collect_runs(frame: &Frame, offset: Point, runs: &mut Vec<Run>) {
    for_each_text(frame, offset, &mut |pos, text| {
        runs.push(Run {
            x: pos.x.to_pt(),
            y: pos.y.to_pt(),
            width: text.width().to_pt(),
            text: text.text.to_string(),
        })
    });
}

/// Calls `f` with every run of text in `frame` and its position, groups included.
pub fn for_each_text(frame: &Frame, offset: Point, f: &mut impl FnMut(Point, &TextItem)) {
    for (pos, item) in frame.items() {
        let pos = offset + *pos;
        match item {
            FrameItem::Group(group) => {
                let shift = Point::new(group.transform.tx, group.transform.ty);
                for_each_text(&group.frame, pos + shift, f);
            }
            FrameItem::Text(text) => f(pos, text),
            _ => {}
        }
    }
}

/// A hash of what `page` shows, so that equal fingerprints mean equal images: its size,
/// bleed and fill and every item drawn, but not the introspection tags and links, which
/// draw nothing. Typst's own hash of a page takes those in, and the location of an element
/// spanning many pages changes with any text inside it, so a page whose image did not
/// change would seem to.
pub fn visible_fingerprint(page: &Page) -> u128 {
    // xxh3 rather than Typst's SipHash: a page takes tens of thousands of small writes.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    (Visible(&page.frame), page.bleed, &page.fill).hash(&mut hasher);
    hasher.digest128()
}

/// A frame hashed for what it draws ([`visible_fingerprint`]).
struct Visible<'a>(&'a Frame);

impl Hash for Visible<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        let frame = self.0;
        frame.size().hash(state);
        // A hard frame is where a gradient's relative extent is measured.
        frame.kind().hash(state);
        for (pos, item) in frame.items() {
            match item {
                FrameItem::Tag(_) | FrameItem::Link(..) => continue,
                FrameItem::Group(group) => {
                    pos.hash(state);
                    "group".hash(state);
                    group.transform.hash(state);
                    group.clip.hash(state);
                    Visible(&group.frame).hash(state);
                }
                FrameItem::Text(_) | FrameItem::Shape(..) | FrameItem::Image(..) => {
                    pos.hash(state);
                    item.hash(state);
                }
            }
        }
    }
}

/// Removes all whitespace, so that texts can be compared regardless of spacing.
pub fn squeeze(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// For each title, the 1-based number of the first page after the cover whose text holds it.
///
/// A title may wrap, so each page's lines are joined before searching.
pub fn title_pages(pages: &[Vec<TextLine>], titles: &[String]) -> Vec<Option<usize>> {
    let page_texts: Vec<String> = pages
        .iter()
        .map(|lines| squeeze(&lines.iter().map(|l| l.text.as_str()).collect::<String>()))
        .collect();
    titles
        .iter()
        .map(|title| {
            let title = squeeze(title);
            page_texts
                .iter()
                .enumerate()
                .skip(1)
                .find(|(_, text)| text.contains(&title))
                .map(|(i, _)| i + 1)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use typst::syntax::Span;

    use super::*;

    fn page(texts: &[&str]) -> Vec<TextLine> {
        texts
            .iter()
            .enumerate()
            .map(|(i, text)| TextLine {
                y: i as f64,
                x_start: 0.0,
                x_end: 1.0,
                text: text.to_string(),
            })
            .collect()
    }

    /// A page of one square, in a group beside a tag ending the element at `location`.
    fn drawn(location: u128, square: f64) -> Page {
        use typst::foundations::{Content, Smart};
        use typst::introspection::{Location, Tag, TagFlags};
        use typst::layout::{Abs, GroupItem, Sides, Size};
        use typst::visualize::{Color, Geometry};

        let size = Size::splat(Abs::pt(square));
        let mut group = Frame::soft(size);
        group.push(
            Point::zero(),
            FrameItem::Shape(Geometry::Rect(size).filled(Color::BLACK), Span::detached()),
        );
        let mut frame = Frame::hard(Size::splat(Abs::pt(100.0)));
        frame.push(Point::splat(Abs::pt(10.0)), FrameItem::Group(GroupItem::new(group)));
        let flags = TagFlags { introspectable: true, tagged: false };
        frame.push(Point::zero(), FrameItem::Tag(Tag::End(Location::new(location), 0, flags)));
        Page {
            frame,
            bleed: Sides::splat(Abs::zero()),
            fill: Smart::Auto,
            numbering: None,
            supplement: Content::empty(),
            number: 1,
        }
    }

    #[test]
    fn a_page_fingerprint_follows_what_is_drawn_and_not_the_tags() {
        let page = drawn(1, 20.0);
        assert_eq!(visible_fingerprint(&page), visible_fingerprint(&drawn(1, 20.0)));
        assert_ne!(
            typst::utils::hash128(&page),
            typst::utils::hash128(&drawn(2, 20.0)),
            "Typst's own hash takes the tag in"
        );
        assert_eq!(visible_fingerprint(&page), visible_fingerprint(&drawn(2, 20.0)));
        assert_ne!(visible_fingerprint(&page), visible_fingerprint(&drawn(1, 21.0)));
    }

    #[test]
    fn titles_are_found_after_the_cover_even_when_wrapped() {
        let pages = vec![
            page(&["目录", "甲 乙……2"]),
            page(&["甲 乙", "正文"]),
            page(&["很长的标题第一行", "第二行", "正文"]),
        ];
        let titles = ["甲 乙".to_string(), "很长的标题第一行第二行".into(), "没有".into()];
        assert_eq!(title_pages(&pages, &titles), [Some(2), Some(3), None]);
    }
}
