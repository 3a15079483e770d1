//! Overprinting black: text and thin rules in 100% K print over whatever is beneath
//! instead of knocking it out, so that misregistration never shows a white halo
//! (the Ghent Workgroup's practice). Nothing else overprints.
//!
//! Every page and form content stream is rewritten: before each painting operator the
//! overprint state it needs is compared with the state in force (followed through
//! `q`/`Q`), and a `gs` with one of four ExtGStates (op/OP on or off, OPM 1) is
//! inserted where they differ. OPM 1 matters: with it a DeviceCMYK `0 0 0 1` paints the
//! K plate only and leaves cyan, magenta, yellow and spot plates as they were.

use std::collections::{BTreeSet, HashMap, HashSet};

use anyhow::{Context, Result};

use lopdf::{Dictionary, Document, Object, ObjectId};
use rayon::prelude::*;

use super::resources::{add_states, add_to_resources};
use crate::pdf::content::GraphicsState;
use crate::pdf::objects::{as_dict, inherited, stream_bytes};
use crate::pdf::overprint::{Inserts, inserts};
use crate::pdf::page_content::{PageContent, read_and_find_inserts, walk_page};
use crate::pdf::resources::collect_forms;

/// Page rewrites kept from one conversion to the next (for a long-lived engine), each
/// under the fingerprint of everything the rewrite read: a page whose content and
/// resources come back byte for byte is not read, rewritten and compressed again.
#[derive(Debug, Default)]
pub struct Rewrites {
    by_fingerprint: HashMap<u128, Rewrite>,
}

/// One page's rewrite, and what the page paints as rewritten.
#[derive(Debug, Clone)]
struct Rewrite {
    /// The page's new content stream; `None`: the page is left as it is.
    stream: Option<lopdf::Stream>,
    /// The page's content, read as the preflight reads it.
    content: PageContent,
}

/// What [`black`] may take from an earlier conversion: the rewrites kept, and the
/// fingerprint of each page of this one ([`fingerprints`]).
pub struct Memo<'a> {
    /// The rewrites of the last conversion; replaced by this one's.
    pub rewrites: &'a mut Rewrites,
    /// Each page's fingerprint; a page without one is rewritten.
    pub fingerprints: &'a HashMap<ObjectId, u128>,
}

/// The fingerprint of each page of `doc` as Typst wrote it, before any other pass: a
/// hash of `salt` (what else the conversion depends on, such as the PDF/X level) and of
/// the bytes (`hashes`, by object) of every object the page's rewrite can read: the page,
/// its ancestors, and every object its content and resources lead to. Equal
/// fingerprints, equal rewrites: every pass before this one changes an object only from
/// what that object and the options hold. A page leading to an object without a hash
/// has no fingerprint.
pub fn fingerprints(
    doc: &Document,
    hashes: &HashMap<ObjectId, u128>,
    salt: &[u8],
) -> HashMap<ObjectId, u128> {
    let fingerprint = |page: ObjectId| -> Option<u128> {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        hasher.update(salt);
        let mut seen = HashSet::new();
        let mut todo = Vec::new();
        // The page and its ancestors, whose Resources it may inherit.
        let mut node = page;
        for _ in 0..64 {
            hasher.update(&hashes.get(&node)?.to_le_bytes());
            let dict = doc.get_dictionary(node).ok()?;
            for key in [&b"Contents"[..], b"Resources"] {
                if let Ok(value) = dict.get(key) {
                    todo.push(value);
                }
            }
            match dict.get(b"Parent").and_then(Object::as_reference) {
                Ok(parent) => node = parent,
                Err(_) => break,
            }
        }
        while let Some(object) = todo.pop() {
            match object {
                // An object's bytes begin with its number.
                Object::Reference(id) if seen.insert(*id) => {
                    hasher.update(&hashes.get(id)?.to_le_bytes());
                    todo.push(doc.get_object(*id).ok()?);
                }
                Object::Array(items) => todo.extend(items),
                Object::Dictionary(dict) => todo.extend(dict.iter().map(|(_, value)| value)),
                Object::Stream(stream) => todo.extend(stream.dict.iter().map(|(_, value)| value)),
                _ => {}
            }
        }
        Some(hasher.digest128())
    };
    doc.get_pages().into_values().filter_map(|page| Some((page, fingerprint(page)?))).collect()
}

/// Rewrites every page's content and every form it draws so that 100% K text and thin
/// 100% K rules overprint; with `memo`, a page whose fingerprint was rewritten last time
/// takes that rewrite. Gives what each page paints (in page order), read as the
/// preflight reads the page as rewritten, in the walk that rewrote it: a check of the
/// result need not read the pages again.
///
/// The forms are rewritten first, those of every page. Then the pages are read,
/// rewritten and compressed in parallel (each reads only the document as Typst wrote it
/// and the forms as rewritten, which follow from it); their new streams are then added in
/// page order, so the bytes are the same on any number of threads.
pub fn black(doc: &mut Document, memo: Option<Memo>) -> Result<Vec<PageContent>> {
    let states = add_states(doc);
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    // The forms first, so that each page is read with the forms it draws as written.
    rewrite_forms(doc, &pages, &states)?;
    let (kept, fingerprints) = match &memo {
        Some(memo) => (&memo.rewrites.by_fingerprint, Some(memo.fingerprints)),
        None => (&HashMap::new(), None),
    };
    let fingerprint = |page: &ObjectId| fingerprints.and_then(|all| all.get(page).copied());
    let rewritten: Vec<Rewrite> = {
        let doc = &*doc;
        pages
            .par_iter()
            .map(|page| match fingerprint(page).and_then(|print| kept.get(&print)) {
                Some(rewrite) => Ok(rewrite.clone()),
                None => rewrite_page(doc, *page),
            })
            .collect::<Result<_>>()?
    };
    if let Some(memo) = memo {
        memo.rewrites.by_fingerprint = pages
            .iter()
            .zip(&rewritten)
            .filter_map(|(page, rewrite)| Some((fingerprint(page)?, rewrite.clone())))
            .collect();
    }
    let mut contents = Vec::with_capacity(pages.len());
    for (page, Rewrite { stream, content }) in pages.into_iter().zip(rewritten) {
        contents.push(content);
        let Some(stream) = stream else { continue };
        let id = doc.add_object(stream);
        let page_dict = doc.get_dictionary_mut(page)?;
        page_dict.set("Contents", Object::Reference(id));
        add_to_resources(doc, page, &states)?;
    }
    Ok(contents)
}

/// Rewrites every form the pages draw (in their resources, and in those of the forms
/// they draw) so that its black overprints. Forms inherit the caller's state, unknown
/// here: their first paint sets it.
fn rewrite_forms(
    doc: &mut Document,
    pages: &[ObjectId],
    states: &[(Vec<u8>, ObjectId)],
) -> Result<()> {
    let mut forms: BTreeSet<ObjectId> = BTreeSet::new();
    for page in pages {
        collect_forms(doc, *page, &mut forms);
    }
    for form in forms {
        let Ok(stream) = doc.get_object(form).and_then(Object::as_stream) else { continue };
        let bytes = stream_bytes(stream)
            .map_err(|err| anyhow::anyhow!("a form's content cannot be read: {err}"))?;
        let resources = stream.dict.get(b"Resources").ok().and_then(|r| as_dict(doc, r));
        let rewritten = rewrite(doc, &bytes, resources, GraphicsState::form_start());
        let Some(rewritten) = rewritten else { continue };
        let stream = doc.get_object_mut(form)?.as_stream_mut()?;
        *stream = super::flate_stream(stream.dict.clone(), &rewritten)?;
        add_to_resources(doc, form, states)?;
    }
    Ok(())
}

/// Page `page`'s content rewritten and compressed as one new stream (`None` when it has
/// no content, nothing needed inserting, or it cannot be interpreted), and what the page
/// paints as rewritten.
fn rewrite_page(doc: &Document, page: ObjectId) -> Result<Rewrite> {
    // A page left as it is is read as the preflight reads it: its streams one by one.
    let unchanged = || Rewrite { stream: None, content: walk_page(doc, page) };
    if doc.get_page_contents(page).is_empty() {
        return Ok(unchanged());
    }
    let bytes = doc.get_page_content(page).with_context(|| "a page's content cannot be read")?;
    let resources = inherited(doc, page, b"Resources").and_then(|r| as_dict(doc, r));
    let (inserts, content) = read_and_find_inserts(doc, &bytes, resources);
    match inserts.filter(|inserts| !inserts.is_empty()) {
        Some(inserts) => {
            let rewritten = insert_states(&bytes, inserts);
            Ok(Rewrite {
                stream: Some(super::flate_stream(Dictionary::new(), &rewritten)?),
                content,
            })
        }
        None => Ok(unchanged()),
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
    (!inserts.is_empty()).then(|| insert_states(bytes, inserts))
}

/// `bytes` with `/<name> gs` inserted at each of `inserts` (offsets in order).
fn insert_states(bytes: &[u8], inserts: Inserts) -> Vec<u8> {
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
    out
}

#[cfg(test)]
mod tests {
    use lopdf::{Stream, dictionary};

    use super::*;

    /// A one-page document whose text is painted in `0 0 0 1` of the colour space
    /// `/CS0`, an object of its own holding the name `space`.
    fn page_in(space: &str) -> Document {
        let content = b"/CS0 cs 0 0 0 1 scn BT /F 12 Tf (a) Tj ET";
        one_page(content, |doc| {
            let space = doc.add_object(Object::Name(space.as_bytes().to_vec()));
            dictionary! { "ColorSpace" => dictionary! { "CS0" => space } }
        })
        .0
    }

    /// A one-page document whose page paints `content` with the resources `resources`
    /// adds to it; gives the page's id too.
    fn one_page(
        content: &[u8],
        resources: impl FnOnce(&mut Document) -> Dictionary,
    ) -> (Document, ObjectId) {
        let mut doc = Document::with_version("1.7");
        let pages = doc.new_object_id();
        let resources = resources(&mut doc);
        let contents = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages,
            "Contents" => contents,
            "Resources" => resources,
        });
        let kids = vec![Object::Reference(page)];
        doc.objects.insert(
            pages,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => 1 }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        doc.trailer.set("Root", catalog);
        (doc, page)
    }

    /// A hash of each object of `doc`, standing in for the hash of its bytes.
    fn hashes(doc: &Document) -> HashMap<ObjectId, u128> {
        let hash = |object: &Object| xxhash_rust::xxh3::xxh3_128(format!("{object:?}").as_bytes());
        doc.objects.iter().map(|(id, object)| (*id, hash(object))).collect()
    }

    /// `doc` after the overprint pass, taking what `rewrites` holds.
    fn black_with(mut doc: Document, rewrites: &mut Rewrites) -> Document {
        let fingerprints = fingerprints(&doc, &hashes(&doc), b"X-4");
        black(&mut doc, Some(Memo { rewrites, fingerprints: &fingerprints })).unwrap();
        doc
    }

    #[test]
    fn a_page_whose_content_and_resources_are_unchanged_takes_its_last_rewrite() {
        let mut rewrites = Rewrites::default();
        black_with(page_in("DeviceCMYK"), &mut rewrites);
        assert_eq!(rewrites.by_fingerprint.len(), 1);
        // Mark the rewrite kept: the next pass over the same page must take it as it is.
        let kept = rewrites.by_fingerprint.values_mut().next().unwrap();
        assert!(kept.stream.is_some(), "the black text needed no overprint");
        kept.stream = Some(Stream::new(Dictionary::new(), b"kept".to_vec()));
        let doc = black_with(page_in("DeviceCMYK"), &mut rewrites);
        let page = *doc.get_pages().values().next().unwrap();
        assert_eq!(doc.get_page_content(page).unwrap(), b"kept");
    }

    #[test]
    fn a_page_is_rewritten_again_when_an_object_its_resources_lead_to_changed() {
        let mut rewrites = Rewrites::default();
        // The content stays the same; the colour space it names changes, and with it
        // whether the text is process black.
        for space in ["DeviceCMYK", "DeviceRGB", "DeviceCMYK"] {
            let memoized = black_with(page_in(space), &mut rewrites);
            let mut fresh = page_in(space);
            black(&mut fresh, None).unwrap();
            assert_eq!(memoized.objects, fresh.objects, "in {space}");
        }
        let mut cmyk = page_in("DeviceCMYK");
        black(&mut cmyk, None).unwrap();
        let mut rgb = page_in("DeviceRGB");
        black(&mut rgb, None).unwrap();
        assert_ne!(cmyk.objects, rgb.objects, "the colour space makes no difference");
    }

    /// A one-page document whose page paints `page` and draws, as `/Fm0`, a form that
    /// paints `form`; the page's resources name the form only.
    fn page_with_form(page: &[u8], form: &[u8]) -> (Document, ObjectId, ObjectId) {
        let mut form_id = None;
        let (doc, page) = one_page(page, |doc| {
            let bbox = vec![0.into(), 0.into(), 10.into(), 10.into()];
            let id = doc.add_object(Stream::new(
                dictionary! { "Type" => "XObject", "Subtype" => "Form", "BBox" => bbox },
                form.to_vec(),
            ));
            form_id = Some(id);
            dictionary! { "XObject" => dictionary! { "Fm0" => id } }
        });
        (doc, page, form_id.expect("the form was added"))
    }

    #[test]
    fn a_form_is_rewritten_also_when_its_page_needs_nothing_inserted() {
        let (mut doc, _, form) = page_with_form(b"q /Fm0 Do Q", b"0 0 0 1 k BT (a) Tj ET");
        black(&mut doc, None).unwrap();
        let stream = doc.get_object(form).unwrap().as_stream().unwrap();
        let content = stream.decompressed_content().unwrap();
        assert_eq!(content, b"0 0 0 1 k BT /bulletinOP10 gs\n(a) Tj ET");
    }

    #[test]
    fn what_each_page_paints_is_what_a_reader_of_the_written_page_finds() {
        let pages = [
            // Black text, PostScript, and a form painting black text and RGB.
            (
                &b"0 0 0 1 k BT (a) Tj ET /Fm0 Do 1 0 0 rg 0 0 5 5 re f (x) PS"[..],
                &b"0 0 0 1 k BT (b) Tj ET 0 1 0 rg 0 0 1 1 re f"[..],
            ),
            // Nothing to insert in the page: it is read as it stands.
            (b"0 1 1 0 k BT (c) Tj ET /Fm0 Do (x) PS", b"0 0 0 1 k BT (d) Tj ET"),
            // Content that cannot be read.
            (b"0 0 0 1 k BT (e Tj ET", b""),
        ];
        for (page_content, form_content) in pages {
            let (mut doc, page, _) = page_with_form(page_content, form_content);
            let read = black(&mut doc, None).unwrap();
            assert_eq!(read, [walk_page(&doc, page)], "{}", String::from_utf8_lossy(page_content));
        }
        // The walk found what there is to find.
        let (mut doc, _, _) = page_with_form(pages[1].0, pages[1].1);
        let read = black(&mut doc, None).unwrap();
        assert!(read[0].postscript);
        assert_eq!(
            read[0].black,
            crate::pdf::overprint::BlackPaints { painted: 1, knocked_out: 0 }
        );
        let spaces: Vec<_> =
            read[0].paints.iter().map(|paint| paint.colour.space.clone()).collect();
        assert!(spaces.contains(&crate::pdf::colour_space::ColourSpace::DeviceCmyk), "{spaces:?}");
    }

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
