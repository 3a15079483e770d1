//! What the print shop and a PDF reader see: bookmarks, contents links, metadata, fonts.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use lopdf::{Dictionary, Document, Object, ObjectId};

use crate::support::{Sandbox, bulletin};

/// The sample issue's PDF, built once through the binary.
fn sample_pdf() -> &'static Document {
    static PDF: OnceLock<Document> = OnceLock::new();
    PDF.get_or_init(|| {
        let sandbox = Sandbox::new("pdf-checks");
        let output = sandbox.path("sample.pdf");
        bulletin().args(["build", "issues/2023-08", "-o"]).arg(&output).assert().success();
        Document::load(&output).expect("the PDF parses")
    })
}

/// The sample issue's screen PDF: links live there (the print PDF, PDF/X, has none).
fn screen_pdf() -> &'static Document {
    static PDF: OnceLock<Document> = OnceLock::new();
    PDF.get_or_init(|| {
        let sandbox = Sandbox::new("pdf-checks-screen");
        let output = sandbox.path("sample-screen.pdf");
        let args = ["build", "issues/2023-08", "--profile", "screen", "-o"];
        bulletin().args(args).arg(&output).assert().success();
        Document::load(&output).expect("the PDF parses")
    })
}

/// Decodes a PDF text string (UTF-16BE with a byte order mark, or PDFDocEncoding).
fn text_string(object: &Object) -> String {
    let bytes = object.as_str().expect("a string");
    if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
        String::from_utf16(&units).expect("valid UTF-16")
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    }
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> &'a Dictionary {
    match object {
        Object::Reference(id) => doc.get_dictionary(*id).expect("a dictionary"),
        Object::Dictionary(dict) => dict,
        other => panic!("expected a dictionary, found {other:?}"),
    }
}

/// Page object ids to 1-based page numbers.
fn page_numbers(doc: &Document) -> BTreeMap<ObjectId, u32> {
    doc.get_pages().into_iter().map(|(number, id)| (id, number)).collect()
}

/// The page a destination (explicit array, or a GoTo action) points to.
fn destination_page(doc: &Document, item: &Dictionary) -> Option<u32> {
    let dest = match item.get(b"Dest") {
        Ok(dest) => dest.clone(),
        Err(_) => dict(doc, item.get(b"A").ok()?).get(b"D").ok()?.clone(),
    };
    let dest = match dest {
        Object::Reference(id) => doc.get_object(id).ok()?.clone(),
        Object::String(name, _) => named_destination(doc, &name)?,
        other => other,
    };
    let dest = match dest {
        Object::Reference(id) => doc.get_object(id).ok()?.clone(),
        other => other,
    };
    let page = dest.as_array().ok()?.first()?.as_reference().ok()?;
    page_numbers(doc).get(&page).copied()
}

/// Looks a named destination up in the catalog's /Names /Dests tree.
fn named_destination(doc: &Document, name: &[u8]) -> Option<Object> {
    fn search(doc: &Document, node: &Dictionary, name: &[u8]) -> Option<Object> {
        if let Ok(names) = node.get(b"Names").and_then(Object::as_array) {
            for pair in names.chunks(2) {
                if pair[0].as_str().ok() == Some(name) {
                    return Some(pair[1].clone());
                }
            }
        }
        let kids = node.get(b"Kids").and_then(Object::as_array).ok()?;
        kids.iter().find_map(|kid| search(doc, dict(doc, kid), name))
    }
    let names = dict(doc, doc.catalog().ok()?.get(b"Names").ok()?);
    search(doc, dict(doc, names.get(b"Dests").ok()?), name)
}

/// The outline as (depth, title, page), in order.
fn outline(doc: &Document) -> Vec<(usize, String, Option<u32>)> {
    fn walk(
        doc: &Document,
        first: Option<&Object>,
        depth: usize,
        out: &mut Vec<(usize, String, Option<u32>)>,
    ) {
        let mut next = first.cloned();
        while let Some(object) = next {
            let item = dict(doc, &object);
            out.push((
                depth,
                text_string(item.get(b"Title").unwrap()),
                destination_page(doc, item),
            ));
            walk(doc, item.get(b"First").ok(), depth + 1, out);
            next = item.get(b"Next").ok().cloned();
        }
    }
    let catalog = doc.catalog().expect("a catalog");
    let outlines = dict(doc, catalog.get(b"Outlines").expect("the PDF has bookmarks"));
    let mut out = Vec::new();
    walk(doc, outlines.get(b"First").ok(), 0, &mut out);
    out
}

#[test]
fn bookmarks_hold_every_section_with_its_articles() {
    let typeset = crate::support::sample_typeset();
    let items = outline(sample_pdf());
    let mut expected = Vec::new();
    for section in &typeset.issue.sections {
        expected.push((0, section.name.clone()));
        expected.extend(section.articles.iter().map(|a| (1, a.title.clone())));
    }
    let actual: Vec<(usize, String)> = items.iter().map(|(d, t, _)| (*d, t.clone())).collect();
    assert_eq!(actual, expected);
    assert!(items.iter().all(|(_, _, page)| page.is_some_and(|p| p >= 2)), "{items:?}");
}

#[test]
fn contents_entries_link_to_their_articles_pages() {
    let doc = screen_pdf();
    let cover = doc.get_pages()[&1];
    let annotations = doc.get_page_annotations(cover).expect("cover annotations");
    let targets: Vec<u32> = annotations
        .iter()
        .filter(|a| a.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link"))
        .filter_map(|a| destination_page(doc, a))
        .collect();
    assert_eq!(targets, [2, 3, 3, 4, 7, 8, 14, 14, 17, 17, 18, 18, 20, 20, 20, 22]);
}

#[test]
fn metadata_names_the_issue_its_publisher_and_language() {
    let doc = sample_pdf();
    let info = dict(doc, doc.trailer.get(b"Info").expect("an info dictionary"));
    assert_eq!(text_string(info.get(b"Title").unwrap()), "电子商务动态 2023年第8期");
    assert_eq!(text_string(info.get(b"Author").unwrap()), "上海市电子商务和消费促进中心");
    let date = text_string(info.get(b"CreationDate").expect("a creation date"));
    assert!(date.starts_with("D:20230810"), "creation date {date} is not the issue date");
    let lang = text_string(doc.catalog().unwrap().get(b"Lang").expect("a language"));
    assert!(lang.starts_with("zh"), "language {lang}");
}

#[test]
fn every_font_is_embedded_and_subset() {
    let doc = sample_pdf();
    let mut fonts = 0;
    for object in doc.objects.values() {
        let Ok(font) = object.as_dict() else { continue };
        if font.get(b"Type").and_then(Object::as_name).ok() != Some(b"Font") {
            continue;
        }
        let name =
            String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap()).to_string();
        let descriptor = match font.get(b"DescendantFonts") {
            Ok(descendants) => {
                let array = match descendants {
                    Object::Reference(id) => doc.get_object(*id).unwrap().as_array().unwrap(),
                    other => other.as_array().unwrap(),
                };
                dict(doc, dict(doc, &array[0]).get(b"FontDescriptor").unwrap())
            }
            Err(_) => dict(doc, font.get(b"FontDescriptor").expect("a font descriptor")),
        };
        let embedded = [b"FontFile".as_slice(), b"FontFile2", b"FontFile3"]
            .iter()
            .any(|key| descriptor.get(key).is_ok());
        assert!(embedded, "{name} is not embedded");
        assert!(name.len() > 7 && name.as_bytes()[6] == b'+', "{name} is not a subset");
        fonts += 1;
    }
    assert!(fonts >= 4, "expected the serif, its bold, the sans and the masthead face");
}
