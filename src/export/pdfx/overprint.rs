//! Overprinting black: text and thin rules in 100% K print over whatever is beneath
//! instead of knocking it out, so that misregistration never shows a white halo
//! (the Ghent Workgroup's practice). Nothing else overprints.
//!
//! Every page and form content stream is rewritten: before each painting operator the
//! overprint state it needs is compared with the state in force (followed through
//! `q`/`Q`), and a `gs` with one of four ExtGStates (op/OP on or off, OPM 1) is
//! inserted where they differ. OPM 1 matters: with it a DeviceCMYK `0 0 0 1` paints the
//! K plate only and leaves cyan, magenta, yellow and spot plates as they were.

use std::collections::BTreeSet;

use anyhow::{Context, Result};

use lopdf::{Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;

use super::resources::{add_states, add_to_resources};
use crate::pdf::content::GraphicsState;
use crate::pdf::objects::{as_dict, inherited, stream_bytes};
use crate::pdf::overprint::inserts;
use crate::pdf::resources::collect_forms;

/// Rewrites every page's content and every form it draws so that 100% K text and thin
/// 100% K rules overprint.
///
/// Pages are read, rewritten and compressed in parallel (each reads only the document as
/// Typst wrote it); their new streams are then added in page order, so the bytes are the
/// same on any number of threads.
pub fn black(doc: &mut Document) -> Result<()> {
    let states = add_states(doc);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let rewritten: Vec<Option<lopdf::Stream>> = {
        let doc = &*doc;
        pages.par_iter().map(|&page| rewrite_page(doc, page)).collect::<Result<_>>()?
    };
    let mut forms: BTreeSet<ObjectId> = BTreeSet::new();
    for (page, stream) in pages.into_iter().zip(rewritten) {
        let Some(stream) = stream else { continue };
        let id = doc.add_object(stream);
        let page_dict = doc.get_dictionary_mut(page)?;
        page_dict.set("Contents", Object::Reference(id));
        add_to_resources(doc, page, &states)?;
        collect_forms(doc, page, &mut forms);
    }
    // Forms inherit the caller's state, unknown here: their first paint sets it.
    for form in forms {
        let Ok(stream) = doc.get_object(form).and_then(Object::as_stream) else { continue };
        let bytes = stream_bytes(stream)
            .map_err(|err| anyhow::anyhow!("a form's content cannot be read: {err}"))?;
        let resources = stream.dict.get(b"Resources").ok().and_then(|r| as_dict(doc, r));
        let rewritten = rewrite(doc, &bytes, resources, GraphicsState::form_start());
        let Some(rewritten) = rewritten else { continue };
        let stream = doc.get_object_mut(form)?.as_stream_mut()?;
        *stream = super::flate_stream(stream.dict.clone(), &rewritten)?;
        add_to_resources(doc, form, &states)?;
    }
    Ok(())
}

/// Page `page`'s content rewritten and compressed as one new stream; `None` when it has
/// no content, nothing needed inserting, or it cannot be interpreted.
fn rewrite_page(doc: &Document, page: ObjectId) -> Result<Option<lopdf::Stream>> {
    if doc.get_page_contents(page).is_empty() {
        return Ok(None);
    }
    let bytes = doc.get_page_content(page).with_context(|| "a page's content cannot be read")?;
    let resources = inherited(doc, page, b"Resources").and_then(|r| as_dict(doc, r));
    match rewrite(doc, &bytes, resources, GraphicsState::page_start()) {
        Some(rewritten) => Ok(Some(super::flate_stream(Dictionary::new(), &rewritten)?)),
        None => Ok(None),
    }
}

/// Rewrites one content stream, inserting `gs` operators; `None` when nothing needed
/// inserting, or the stream cannot be read (it is then left as it is).
fn rewrite(
    doc: &Document,
    bytes: &[u8],
    resources: Option<&Dictionary>,
    start: GraphicsState,
) -> Option<Vec<u8>> {
    let inserts = inserts(doc, bytes, resources, start)?;
    if inserts.is_empty() {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() + inserts.len() * 20);
    let mut from = 0;
    for (at, name) in inserts {
        out.extend_from_slice(&bytes[from..at]);
        out.push(b'/');
        out.extend_from_slice(&name);
        out.extend_from_slice(b" gs\n");
        from = at;
    }
    out.extend_from_slice(&bytes[from..]);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ops(bytes: &[u8]) -> Vec<String> {
        let doc = Document::new();
        let out = rewrite(&doc, bytes, None, GraphicsState::page_start())
            .unwrap_or_else(|| bytes.to_vec());
        lopdf::content::Content::decode(&out)
            .unwrap()
            .operations
            .iter()
            .map(|op| {
                if op.operator == "gs" {
                    String::from_utf8_lossy(op.operands[0].as_name().unwrap()).into_owned()
                } else {
                    op.operator.clone()
                }
            })
            .collect()
    }

    #[test]
    fn black_text_overprints_and_other_text_knocks_out() {
        let got = ops(b"0 0 0 1 k BT /F 12 Tf (a) Tj ET 0 1 1 0 k BT (b) Tj ET");
        assert_eq!(
            got,
            ["k", "BT", "Tf", "bulletinOP10", "Tj", "ET", "k", "BT", "bulletinOP00", "Tj", "ET"]
        );
    }

    #[test]
    fn thin_black_rules_overprint_and_wide_ones_do_not() {
        let thin = ops(b"0 0 0 1 K 0.5 w 0 0 m 100 0 l S");
        assert!(thin.contains(&"bulletinOP01".to_owned()), "{thin:?}");
        let wide = ops(b"0 0 0 1 K 5 w 0 0 m 100 0 l S");
        assert!(!wide.iter().any(|o| o.starts_with("bulletinOP")), "{wide:?}");
        let bar = ops(b"0 0 0 1 k 0 0 100 1 re f");
        assert!(bar.contains(&"bulletinOP10".to_owned()), "{bar:?}");
        let block = ops(b"0 0 0 1 k 0 0 100 50 re f");
        assert!(!block.iter().any(|o| o.starts_with("bulletinOP")), "{block:?}");
    }

    #[test]
    fn the_state_follows_save_and_restore() {
        let got = ops(b"q 0 0 0 1 k BT (a) Tj ET Q BT (b) Tj ET");
        // After Q the overprint set inside q…Q is gone, and so is the black fill.
        assert_eq!(got, ["q", "k", "BT", "bulletinOP10", "Tj", "ET", "Q", "BT", "Tj", "ET"]);
    }
}
