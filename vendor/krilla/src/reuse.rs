//! Pages drawn for one document and used again in a later one. (Patched in for
//! `bulletin`: see `PATCHED.md`.)
//!
//! A page's content stream depends on more than what is drawn on it: the CID each of its
//! glyphs has in its font's subset, whether that CID already maps to other text (which
//! decides where an `ActualText` span goes), and the object number of each font. Those
//! come from the pages before. So a page is recorded with everything its drawing read of
//! the document and everything it added to it, and used again only in a document where
//! every one of those reads gives what it gave when it was drawn: there, drawing it would
//! write the same content and add the same things, so the record's content is used and its
//! additions are made in the same order. The bytes of the file are the same as if the
//! page had been drawn.
//!
//! Only pages that hold glyphs of outline fonts and paths in colours that need no resource
//! are recorded; a page with anything else (pictures, patterns, gradients, transparency,
//! Type3 glyphs, validation errors, tags) gives no record and is always drawn.

use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

use pdf_writer::Ref;

use crate::color::rgb;
use crate::resource::Resource;
use crate::serialize::SerializeContext;
use crate::stream::Stream;
use crate::surface::Location;
use crate::text::cid::Cid;
use crate::text::type3::ColoredGlyph;
use crate::text::{Font, FontContainer, FontIdentifier, GlyphId};

/// A page as drawn, and what its drawing read of its document and added to it: see the
/// module's documentation. Made by [`crate::page::Page::take_record`], used by
/// [`crate::page::Page::replay`].
#[derive(Debug)]
pub struct PageRecord {
    stream: Stream,
    limits: pdf_writer::Limits,
    fonts: Vec<FontRecord>,
    identifiers: Vec<IdentifierRecord>,
}

/// What a recorded page read of one font's subset and added to it.
#[derive(Debug)]
struct FontRecord {
    font: Font,
    /// The font as the document had it before the page.
    before: FontBefore,
    /// The glyphs the page added to the subset, in CID order from `before.glyphs` on.
    new_glyphs: Vec<u16>,
    /// Every other glyph of the page, with its CID and the text the CID mapped to before
    /// the page.
    known_glyphs: Vec<(u32, Cid, Option<String>)>,
    /// The text the page gave CIDs that had none, in order.
    new_codepoints: Vec<(Cid, String, Option<Location>)>,
}

/// A font as the document had it before a page.
#[derive(Debug, Clone, Copy, PartialEq)]
struct FontBefore {
    /// Whether the document had the font.
    existed: bool,
    /// Whether its subset was still empty.
    was_empty: bool,
    /// How many glyphs its subset had, `.notdef` included.
    glyphs: u16,
}

impl FontBefore {
    /// `container`, or no container, as it is now.
    fn of(container: Option<&FontContainer>) -> Self {
        match container {
            Some(container) => {
                let cid_font = container.cid_font();
                Self {
                    existed: true,
                    was_empty: cid_font.is_empty(),
                    glyphs: cid_font.glyph_count(),
                }
            }
            None => Self {
                existed: false,
                was_empty: true,
                glyphs: 1,
            },
        }
    }
}

/// A font object the page named, and whether the page was the first to.
#[derive(Debug)]
pub(crate) struct IdentifierRecord {
    identifier: FontIdentifier,
    hash: u128,
    reference: Ref,
    new: bool,
}

/// What the glyphs of one font asked while a page is recorded.
#[derive(Debug, Default)]
pub(crate) struct FontJournal {
    glyphs: Vec<u32>,
    type3: bool,
}

impl FontJournal {
    /// Notes that the page asked for glyph `glyph_id`, drawn as a Type3 glyph or not.
    pub(crate) fn note(&mut self, glyph_id: u32, type3: bool) {
        self.glyphs.push(glyph_id);
        self.type3 |= type3;
    }
}

/// The record of what a page read of `container`'s subset and added to it, from its
/// journal: the `glyphs` it asked for and the CIDs it gave `codepoints`, the font being
/// as `before` before the page.
fn font_record(
    container: &FontContainer,
    font: Font,
    before: FontBefore,
    mut glyphs: Vec<u32>,
    codepoints: Vec<Cid>,
) -> Option<FontRecord> {
    let cid_font = container.cid_font();
    let new_glyphs: Vec<u16> = cid_font.glyphs_from(before.glyphs).collect();
    let mut given = HashSet::new();
    let mut new_codepoints = Vec::new();
    for cid in codepoints {
        if given.insert(cid) {
            let (text, location) = cid_font.codepoint_entry(cid)?.clone();
            new_codepoints.push((cid, text, location));
        }
    }
    let new: HashSet<u32> = new_glyphs.iter().map(|&glyph| u32::from(glyph)).collect();
    glyphs.sort_unstable();
    glyphs.dedup();
    let mut known_glyphs = Vec::with_capacity(glyphs.len());
    for glyph in glyphs.into_iter().filter(|glyph| !new.contains(glyph)) {
        let cid = container.cid_of(glyph)?;
        // A CID is only given text it had none for (see `text::group`).
        let before = match given.contains(&cid) {
            true => None,
            false => cid_font.get_codepoints(cid).map(str::to_string),
        };
        known_glyphs.push((glyph, cid, before));
    }
    Some(FontRecord {
        font,
        before,
        new_glyphs,
        known_glyphs,
        new_codepoints,
    })
}

/// A page being recorded: what the document was before it, and the fonts and font
/// objects it asked for so far.
#[derive(Debug)]
pub(crate) struct Recording {
    next_ref: Ref,
    registrations: (usize, usize),
    /// Each font in the order the page first asked for it, as the document had it then.
    fonts: Vec<(Font, FontBefore)>,
    identifiers: Vec<IdentifierRecord>,
    /// The limits of the content the page registered.
    limits: pdf_writer::Limits,
}

impl Recording {
    /// Notes that the page asks for `font`, which the document has as `existing`.
    pub(crate) fn note_font(&mut self, font: &Font, existing: Option<&Rc<RefCell<FontContainer>>>) {
        if self.fonts.iter().any(|(known, _)| known == font) {
            return;
        }
        let before = FontBefore::of(existing.map(|container| container.borrow()).as_deref());
        self.fonts.push((font.clone(), before));
    }

    /// Has `container` note what the page asks of it, if it does not already.
    pub(crate) fn journal(container: &mut FontContainer) {
        if container.journal.is_none() {
            container.journal = Some(FontJournal::default());
            container.cid_font_mut().codepoints_journal = Some(Vec::new());
        }
    }

    /// Notes the limits of content the page registered.
    pub(crate) fn note_limits(&mut self, limits: &pdf_writer::Limits) {
        self.limits.merge(limits);
    }

    /// Notes that the page named font object `reference`, new if it was the first to.
    pub(crate) fn note_identifier(
        &mut self,
        identifier: FontIdentifier,
        hash: u128,
        reference: Ref,
        new: bool,
    ) {
        if !self.identifiers.iter().any(|known| known.hash == hash) {
            self.identifiers.push(IdentifierRecord {
                identifier,
                hash,
                reference,
                new,
            });
        }
    }
}

impl SerializeContext {
    /// Gives `glyphs` of `font` their CIDs now, in order, leaving out those drawn as Type3
    /// glyphs.
    pub(crate) fn reserve_glyphs(&mut self, font: Font, glyphs: &[u16]) {
        add_outline_glyphs(&mut self.register_font_container(font).borrow_mut(), glyphs);
    }

    /// Starts recording what drawing the next page reads and adds.
    pub(crate) fn start_recording(&mut self) {
        self.recording = Some(Recording {
            next_ref: self.cur_ref,
            registrations: self.registrations(),
            fonts: Vec::new(),
            identifiers: Vec::new(),
            limits: pdf_writer::Limits::new(),
        });
    }

    /// The record of the page drawn as `stream` since [`Self::start_recording`], or
    /// `None` if the page holds anything a record cannot: see the module's documentation.
    /// Recording stops either way.
    pub(crate) fn finish_recording(&mut self, stream: &Stream) -> Option<PageRecord> {
        let recording = self.recording.take()?;
        // Every journal is taken off first, so that nothing is noted after, whatever the
        // outcome.
        let journals: Vec<_> = recording
            .fonts
            .iter()
            .map(|(font, _)| {
                let container = self.font_container(font)?;
                let (glyphs, codepoints) = {
                    let mut container = container.borrow_mut();
                    let glyphs = container.journal.take().unwrap_or_default();
                    let cid_font = container.cid_font_mut();
                    (
                        glyphs,
                        cid_font.codepoints_journal.take().unwrap_or_default(),
                    )
                };
                Some((container, glyphs, codepoints))
            })
            .collect();
        if !self.only_text_and_plain_paths(&recording, stream) {
            return None;
        }
        let mut fonts = Vec::with_capacity(recording.fonts.len());
        for ((font, before), journal) in recording.fonts.into_iter().zip(journals) {
            let (container, glyphs, codepoints) = journal?;
            if glyphs.type3 {
                return None;
            }
            let record = font_record(&container.borrow(), font, before, glyphs.glyphs, codepoints);
            fonts.push(record?);
        }
        Some(PageRecord {
            stream: stream.clone(),
            limits: recording.limits,
            fonts,
            identifiers: recording.identifiers,
        })
    }

    /// Whether drawing the page added nothing to the document but glyphs to font subsets
    /// and font objects, and its content names nothing but fonts.
    fn only_text_and_plain_paths(&self, recording: &Recording, stream: &Stream) -> bool {
        let new_identifiers = recording.identifiers.iter().filter(|id| id.new).count();
        let refs_taken = usize::try_from(self.cur_ref.get() - recording.next_ref.get());
        let (mappings, errors) = self.registrations();
        let resources = &stream.resource_dictionary;
        resources.color_spaces.len() == 0
            && resources.ext_g_states.len() == 0
            && resources.patterns.len() == 0
            && resources.x_objects.len() == 0
            && resources.shadings.len() == 0
            && refs_taken == Ok(new_identifiers)
            && mappings == recording.registrations.0 + new_identifiers
            && errors == recording.registrations.1
            && stream.validation_errors.is_empty()
            && !stream.uses_mask
            && !self.serialize_settings().enable_tagging
    }

    /// The content of the page `record` holds, with its additions made to the document,
    /// if every read its drawing made gives the same here; otherwise `None`, and the
    /// document is as it was.
    pub(crate) fn replay(&mut self, record: &PageRecord) -> Option<Stream> {
        if !self.replays_the_same(record) {
            return None;
        }
        for font in &record.fonts {
            let container = self.register_font_container(font.font.clone());
            let mut container = container.borrow_mut();
            add_outline_glyphs(&mut container, &font.new_glyphs);
            for (cid, text, location) in &font.new_codepoints {
                container
                    .cid_font_mut()
                    .set_codepoints(*cid, text.clone(), *location);
            }
        }
        for identifier in &record.identifiers {
            let registered = self.register_font_identifier(identifier.identifier.clone());
            debug_assert_eq!(registered.get_ref(), identifier.reference);
        }
        self.register_limits(&record.limits);
        Some(record.stream.clone())
    }

    /// Whether every read `record`'s drawing made gives the same in this document.
    fn replays_the_same(&self, record: &PageRecord) -> bool {
        let mut next_ref = self.cur_ref;
        for identifier in &record.identifiers {
            let now = self.cached_ref(identifier.hash);
            let same = if identifier.new {
                now.is_none() && next_ref.bump() == identifier.reference
            } else {
                now == Some(identifier.reference)
            };
            if !same {
                return false;
            }
        }
        record.fonts.iter().all(|font| {
            let container = self.font_container(&font.font);
            let container = container.as_ref().map(|container| container.borrow());
            let now = FontBefore::of(container.as_deref());
            // The number of glyphs only matters where the page added some.
            let same_font = now.existed == font.before.existed
                && now.was_empty == font.before.was_empty
                && (font.new_glyphs.is_empty() || now.glyphs == font.before.glyphs);
            let Some(container) = container.filter(|_| same_font) else {
                return same_font;
            };
            let cid_font = container.cid_font();
            font.new_glyphs
                .iter()
                .all(|&glyph| container.cid_of(u32::from(glyph)).is_none())
                && font.known_glyphs.iter().all(|(glyph, cid, before)| {
                    container.cid_of(*glyph) == Some(*cid)
                        && cid_font.get_codepoints(*cid) == before.as_deref()
                })
        })
    }
}

/// Adds `glyphs` to `container`'s subset, in order, leaving out those drawn as Type3
/// glyphs.
fn add_outline_glyphs(container: &mut FontContainer, glyphs: &[u16]) {
    for &glyph in glyphs {
        let glyph = GlyphId::new(u32::from(glyph));
        if container.outlines(glyph) {
            container.add_glyph(ColoredGlyph::new(glyph, rgb::Color::black()));
        }
    }
}
