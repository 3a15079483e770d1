//! Padding the page count for binding: blank pages moved in before the last page.

use anyhow::{Result, bail};
use typst::ecow::EcoVec;
use typst::model::Document;
use typst_layout::{Page, PagedDocument};

use crate::diag::Text;
use crate::typeset::compile::{Compiled, compile};
use crate::typeset::options::{LayoutInputs, blank_pages_needed};
use crate::typeset::world::IssueWorld;

/// Pads `document`, typeset in `world` with `inputs`, to a multiple of `multiple` pages.
///
/// The issue is typeset again with the blank pages the layouts add after the last page
/// (so that they carry the same sheet, bleed and marks, and the last page its final
/// number), then they are moved before the last page, so the colophon stays last.
/// Returns the document and how many blank pages it gained.
pub(crate) fn pad_pages(
    world: &mut IssueWorld,
    inputs: &LayoutInputs,
    document: PagedDocument,
    multiple: u32,
) -> Result<(PagedDocument, usize)> {
    let pages = document.pages().len();
    let blank = blank_pages_needed(pages, multiple);
    if blank == 0 {
        return Ok((document, 0));
    }
    world.set_inputs(&LayoutInputs { blank_pages: blank, ..inputs.clone() });
    let Compiled { document: padded, .. } = compile(world, None)?;
    let count = padded.pages().len();
    if count != pages + blank {
        bail!(
            Text::new("pad-count")
                .arg("blank", blank.to_string())
                .arg("pages", pages.to_string())
                .arg("count", count.to_string())
        );
    }
    Ok((move_blank_pages(&padded, blank), blank))
}

/// Moves the last `blank` pages before the page that precedes them and numbers the pages
/// in their new order; links and bookmarks follow their pages.
fn move_blank_pages(document: &PagedDocument, blank: usize) -> PagedDocument {
    let pages = document.pages();
    let last_text = pages.len() - blank - 1;
    let mut order: EcoVec<Page> = pages[..last_text].iter().cloned().collect();
    order.extend(pages[last_text + 1..].iter().cloned());
    order.push(pages[last_text].clone());
    for (i, page) in order.make_mut().iter_mut().enumerate() {
        page.number = i as u64 + 1;
    }
    PagedDocument::new(order, document.info().clone())
}
