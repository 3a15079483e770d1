//! What a page paints, read with the content interpreter: every colour with what it
//! painted, where each image lands, and the black that overprints or knocks out. The
//! preflight reads every page so; the writer's overprint pass reads each page so in the
//! same walk that finds its insertions, which is what its own check then reads.

use lopdf::{Dictionary, Document, ObjectId};

use crate::pdf::colour_space::Colour;
use crate::pdf::content::{
    GraphicsState, Painted, Painting, PlacedImage, Visitor, interpret, interpret_page,
};
use crate::pdf::overprint::{BlackPaints, Inserts, OverprintWalk};

/// One colour used to paint something.
#[derive(Debug, Clone, PartialEq)]
pub struct Paint {
    /// What it painted.
    pub what: Painted,
    /// The colour.
    pub colour: Colour,
}

/// Everything the walk learned about one page.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct PageContent {
    /// Every distinct colour used to paint, with what it painted.
    pub paints: Vec<Paint>,
    /// Every image drawn, in drawing order.
    pub images: Vec<PlacedImage>,
    /// Content that could not be read, as messages.
    pub problems: Vec<String>,
    /// The 100% K text and thin rules, and those of them that knock out.
    pub black: BlackPaints,
    /// Whether the content passes PostScript to the printer (the `PS` operator).
    pub postscript: bool,
}

impl PageContent {
    fn record(&mut self, what: Painted, colour: &Colour) {
        let paint = Paint { what, colour: colour.clone() };
        if !self.paints.contains(&paint) {
            self.paints.push(paint);
        }
    }
}

/// The page reader: records paints and images, and counts black as the overprint pass
/// of the writer sees it.
struct PageReader {
    content: PageContent,
    overprint: OverprintWalk,
}

impl PageReader {
    fn new() -> Self {
        PageReader { content: PageContent::default(), overprint: OverprintWalk::counting() }
    }

    /// What was read, with the black counted.
    fn into_content(mut self) -> PageContent {
        self.content.black = self.overprint.black;
        self.content
    }
}

impl Visitor for PageReader {
    fn follows_nested(&self) -> bool {
        true
    }

    fn paint(&mut self, painting: &Painting, state: &mut GraphicsState) {
        self.overprint.paint(painting, state);
        // A side painted with a pattern is recorded by what the pattern paints.
        let sides = [
            (&painting.fill, state.fill_pattern.is_some()),
            (&painting.stroke, state.stroke_pattern.is_some()),
        ];
        for (colour, pattern) in sides {
            match colour {
                Some(colour) if !pattern => self.content.record(painting.what, colour),
                _ => {}
            }
        }
        if let Some(image) = &painting.image {
            self.content.images.push(image.clone());
        }
    }

    fn problem(&mut self, message: String) {
        self.content.problems.push(message);
    }

    fn postscript(&mut self) {
        self.content.postscript = true;
    }
}

/// Reads page `page_id` of `doc`.
pub fn walk_page(doc: &Document, page_id: ObjectId) -> PageContent {
    let mut reader = PageReader::new();
    interpret_page(doc, page_id, &mut reader);
    reader.into_content()
}

/// The page reader and the overprint pass's walk at once: the reader follows what the
/// stream draws, the walk takes only the stream's own paintings, and sees each before
/// the reader, so that the reader counts the black as it will be written.
struct ReaderInserting {
    reader: PageReader,
    inserting: OverprintWalk,
}

impl Visitor for ReaderInserting {
    fn follows_nested(&self) -> bool {
        true
    }

    fn paint(&mut self, painting: &Painting, state: &mut GraphicsState) {
        if !painting.nested {
            self.inserting.paint(painting, state);
        }
        self.reader.paint(painting, state);
    }

    fn problem(&mut self, message: String) {
        self.reader.problem(message);
    }

    fn postscript(&mut self) {
        self.reader.postscript();
    }
}

/// Reads `bytes`, a page's content as one stream with the page's `resources`, as
/// [`walk_page`] reads a page, and in the same walk finds where overprint states must
/// be inserted in it, as [`crate::pdf::overprint::inserts`] finds them (`None` when the
/// content cannot be read). Inserting those states changes nothing else the reader
/// records, so the content read is that of the page as rewritten.
pub fn read_and_find_inserts(
    doc: &Document,
    bytes: &[u8],
    resources: Option<&Dictionary>,
) -> (Option<Inserts>, PageContent) {
    let mut walk =
        ReaderInserting { reader: PageReader::new(), inserting: OverprintWalk::inserting() };
    let read = interpret(doc, bytes, resources, GraphicsState::page_start(), &mut walk);
    let content = walk.reader.into_content();
    (read.then_some(walk.inserting.inserts), content)
}
