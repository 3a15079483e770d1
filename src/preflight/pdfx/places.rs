//! Where an object is used, in the words of a print shop: the pages that draw it, not its
//! object number.

use std::collections::{BTreeMap, BTreeSet};

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::super::finding::page_list;
use crate::pdf::objects::inherited;

/// For each object a page draws with (its resources, forms, patterns, annotations and
/// their appearances, at any depth), the numbers of those pages.
pub(super) struct Places {
    pages_of: BTreeMap<ObjectId, BTreeSet<usize>>,
    /// The document catalog.
    catalog: Option<ObjectId>,
}

impl Places {
    /// Reads which objects each page reaches.
    pub(super) fn read(doc: &Document) -> Self {
        let mut pages_of: BTreeMap<ObjectId, BTreeSet<usize>> = BTreeMap::new();
        for (number, page) in doc.get_pages() {
            let number = number as usize;
            let mut reached = BTreeSet::from([page]);
            let mut todo = Vec::new();
            if let Some(resources) = inherited(doc, page, b"Resources") {
                todo.push(resources);
            }
            if let Ok(dict) = doc.get_dictionary(page) {
                for key in [b"Annots".as_slice(), b"Group", b"AA"] {
                    if let Ok(value) = dict.get(key) {
                        todo.push(value);
                    }
                }
            }
            while let Some(object) = todo.pop() {
                let object = match object {
                    Object::Reference(id) => {
                        // Each object once per page; a cycle ends here.
                        if !reached.insert(*id) {
                            continue;
                        }
                        match doc.get_object(*id) {
                            Ok(target) => target,
                            Err(_) => continue,
                        }
                    }
                    other => other,
                };
                match object {
                    Object::Dictionary(dict) => push_children(dict, &mut todo),
                    Object::Stream(stream) => push_children(&stream.dict, &mut todo),
                    Object::Array(items) => todo.extend(items.iter()),
                    _ => {}
                }
            }
            for id in reached {
                pages_of.entry(id).or_default().insert(number);
            }
        }
        let catalog = doc.trailer.get(b"Root").and_then(Object::as_reference).ok();
        Self { pages_of, catalog }
    }

    /// Where object `id` is used: "page 3", "pages 2–4", "the document catalog", or
    /// "object 59 (on no page)".
    pub(super) fn describe(&self, id: ObjectId) -> String {
        if Some(id) == self.catalog {
            return "the document catalog".to_owned();
        }
        match self.pages_of.get(&id) {
            Some(pages) if !pages.is_empty() => {
                page_list(&pages.iter().copied().collect::<Vec<_>>())
            }
            _ => format!("object {} (on no page)", id.0),
        }
    }
}

/// The values of `dict` a page's drawing may reach: not its parent, nor the structure
/// tree, nor the page an annotation points back to.
fn push_children<'a>(dict: &'a Dictionary, todo: &mut Vec<&'a Object>) {
    for (key, value) in dict.iter() {
        if !matches!(
            key.as_slice(),
            b"Parent" | b"P" | b"StructParent" | b"StructParents" | b"Dest"
        ) {
            todo.push(value);
        }
    }
}
