//! A page's fingerprint: a hash of what it draws, so that pages with equal fingerprints
//! give equal images (the desk's page images, `watch --png`).

use std::hash::{Hash, Hasher};

use typst::layout::{Frame, FrameItem};
use typst_layout::Page;

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

#[cfg(test)]
mod tests {
    use typst::layout::Point;
    use typst::syntax::Span;

    use super::*;

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
}
