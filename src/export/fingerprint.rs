//! A page's fingerprint: a hash of what it draws, so that pages with equal fingerprints
//! give equal images (the desk's page images, `watch --png`).

use std::hash::{Hash, Hasher};

use typst::layout::{Frame, FrameItem};
use typst::text::Glyph;
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
                FrameItem::Text(text) => {
                    pos.hash(state);
                    "text".hash(state);
                    (&text.font, text.size, &text.fill, &text.stroke).hash(state);
                    hash_glyphs(&text.glyphs, state);
                }
                FrameItem::Shape(..) | FrameItem::Image(..) => {
                    pos.hash(state);
                    item.hash(state);
                }
            }
        }
    }
}

/// What draws of each glyph (its id, advances and offsets; not its place in the text or
/// the source, which draw nothing), written in blocks rather than field by field: a page
/// has about a thousand glyphs, and a hasher's per-write cost is most of hashing them.
fn hash_glyphs<H: Hasher>(glyphs: &[Glyph], state: &mut H) {
    const GLYPH: usize = 2 + 4 * 8;
    let mut block = [0u8; 32 * GLYPH];
    glyphs.len().hash(state);
    for chunk in glyphs.chunks(32) {
        let mut at = 0;
        for glyph in chunk {
            block[at..at + 2].copy_from_slice(&glyph.id.to_le_bytes());
            let metrics = [glyph.x_advance, glyph.x_offset, glyph.y_advance, glyph.y_offset];
            for (i, em) in metrics.iter().enumerate() {
                let start = at + 2 + 8 * i;
                block[start..start + 8].copy_from_slice(&em.get().to_bits().to_le_bytes());
            }
            at += GLYPH;
        }
        state.write(&block[..at]);
    }
}

#[cfg(test)]
mod tests {
    use typst::layout::Point;
    use typst::syntax::Span;

    use super::*;

    /// A page of `frame`, without bleed, fill or numbering.
    fn page_of(frame: Frame) -> Page {
        use typst::foundations::{Content, Smart};
        use typst::layout::{Abs, Sides};

        Page {
            frame,
            bleed: Sides::splat(Abs::zero()),
            fill: Smart::Auto,
            numbering: None,
            supplement: Content::empty(),
            number: 1,
        }
    }

    /// A page of one square, in a group beside a tag ending the element at `location`.
    fn drawn(location: u128, square: f64) -> Page {
        use typst::introspection::{Location, Tag, TagFlags};
        use typst::layout::{Abs, GroupItem, Size};
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
        page_of(frame)
    }

    /// A page of one line of text: glyphs `ids`, the first one's source place `span`.
    fn text_page(ids: &[u16], advance: f64, span: u16) -> Page {
        use typst::foundations::Bytes;
        use typst::layout::{Abs, Em, Size};
        use typst::text::{Font, FontVariant, FontVariations, Lang, TextItem};
        use typst::visualize::Color;

        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fonts/LiberationSerif-Regular.ttf");
        let font = Font::new(Bytes::new(std::fs::read(path).unwrap()), 0).unwrap();
        let size = Abs::pt(10.0);
        let glyphs = ids
            .iter()
            .enumerate()
            .map(|(i, &id)| Glyph {
                id,
                x_advance: Em::new(advance),
                x_offset: Em::zero(),
                y_advance: Em::zero(),
                y_offset: Em::zero(),
                range: i as u16..i as u16 + 1,
                span: (Span::detached(), if i == 0 { span } else { 0 }),
            })
            .collect();
        let text = TextItem {
            font: font.instantiate(FontVariant::default(), size, &FontVariations::default()),
            size,
            fill: Color::BLACK.into(),
            stroke: None,
            lang: Lang::CHINESE,
            region: None,
            text: "abc".into(),
            glyphs,
        };
        let mut frame = Frame::hard(Size::splat(Abs::pt(100.0)));
        frame.push(Point::splat(Abs::pt(10.0)), FrameItem::Text(text));
        page_of(frame)
    }

    #[test]
    fn a_text_fingerprint_follows_its_glyphs_and_not_their_source() {
        let page = visible_fingerprint(&text_page(&[1, 2, 3], 0.5, 0));
        assert_eq!(page, visible_fingerprint(&text_page(&[1, 2, 3], 0.5, 0)));
        assert_eq!(
            page,
            visible_fingerprint(&text_page(&[1, 2, 3], 0.5, 7)),
            "a span draws nothing"
        );
        assert_ne!(page, visible_fingerprint(&text_page(&[1, 2, 4], 0.5, 0)), "a glyph");
        assert_ne!(page, visible_fingerprint(&text_page(&[1, 2, 3], 0.6, 0)), "an advance");
        assert_ne!(page, visible_fingerprint(&text_page(&[1, 2], 0.5, 0)), "a glyph fewer");
        // Past one block of glyphs too.
        let long: Vec<u16> = (0..70).collect();
        let mut longer = long.clone();
        longer[65] = 99;
        assert_ne!(
            visible_fingerprint(&text_page(&long, 0.5, 0)),
            visible_fingerprint(&text_page(&longer, 0.5, 0))
        );
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
