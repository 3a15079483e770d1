//! Parsing a PDF again after a small change: the objects whose bytes are those of the
//! file parsed last time are taken from that parse, and only the others are parsed.
//!
//! For a long-lived engine (`watch`), which converts a new PDF from Typst after every
//! edit, and most of whose objects (fonts, most pages, the structure tree) come back
//! byte for byte. The objects are found through the file's cross-reference table; the
//! changed ones are parsed by lopdf, from a file of their own holding only them and the
//! trailer, so that every object is parsed by the same parser as in a whole load. A file
//! this cannot follow (a cross-reference stream, an update section, encryption) is
//! loaded whole, and so is one whose changed objects lopdf will not parse on their own.

use std::collections::HashMap;
use std::ops::Range;

use lopdf::{Document, Object, ObjectId};
use memchr::memmem;

use crate::pdf::content::lexer::is_white;

/// The objects of the file parsed last, each with the hash of its bytes.
#[derive(Debug, Default)]
pub struct Reparser {
    objects: HashMap<ObjectId, (u128, Object)>,
}

/// A file as parsed, with the hash of each object's bytes (empty when the file was loaded
/// whole because its objects could not be told apart).
#[derive(Debug)]
pub struct Parsed {
    /// The document, as `Document::load_mem` reads it.
    pub document: Document,
    /// The xxh3-128 hash of each object's bytes as written, by id.
    pub hashes: HashMap<ObjectId, u128>,
    /// How many objects were parsed (the others were taken from the last parse).
    pub parsed: usize,
}

impl Reparser {
    /// Parses `pdf`, taking every object whose bytes are unchanged since the last call
    /// from that call's parse, and keeps this file's objects for the next call.
    pub fn parse(&mut self, pdf: &[u8]) -> lopdf::Result<Parsed> {
        let Some(layout) = Layout::read(pdf) else {
            self.objects.clear();
            return whole(pdf);
        };
        let hashes: HashMap<ObjectId, u128> = layout
            .objects
            .iter()
            .map(|(id, range)| (*id, xxhash_rust::xxh3::xxh3_128(&pdf[range.clone()])))
            .collect();
        let changed: Vec<&(ObjectId, Range<usize>)> = layout
            .objects
            .iter()
            .filter(|(id, _)| self.objects.get(id).is_none_or(|(hash, _)| *hash != hashes[id]))
            .collect();
        let mut document = match Document::load_mem(&layout.file_of(pdf, &changed)) {
            Ok(document) if changed.iter().all(|(id, _)| document.objects.contains_key(id)) => {
                document
            }
            // A changed object lopdf cannot parse on its own (a stream whose length is
            // another object's): the whole file.
            _ => {
                let document = whole(pdf)?.document;
                self.keep(&document, &hashes);
                return Ok(Parsed { document, hashes, parsed: layout.objects.len() });
            }
        };
        // What is still the same stays kept, and goes into the document; what changed is
        // kept as just parsed.
        self.objects.retain(|id, (hash, _)| hashes.get(id) == Some(hash));
        for (id, (_, object)) in &self.objects {
            document.objects.insert(*id, object.clone());
        }
        for (id, _) in &changed {
            self.objects.insert(*id, (hashes[id], document.objects[id].clone()));
        }
        document.max_id = layout.objects.iter().map(|((number, _), _)| *number).max().unwrap_or(0);
        Ok(Parsed { document, hashes, parsed: changed.len() })
    }

    /// Keeps `document`'s objects, with their hashes, for the next parse.
    fn keep(&mut self, document: &Document, hashes: &HashMap<ObjectId, u128>) {
        self.objects = document
            .objects
            .iter()
            .filter_map(|(id, object)| Some((*id, (*hashes.get(id)?, object.clone()))))
            .collect();
    }
}

/// `pdf` loaded whole.
fn whole(pdf: &[u8]) -> lopdf::Result<Parsed> {
    let document = Document::load_mem(pdf)?;
    let parsed = document.objects.len();
    Ok(Parsed { document, hashes: HashMap::new(), parsed })
}

/// Where a file's parts are, as its one classic cross-reference table says.
#[derive(Debug, PartialEq)]
struct Layout {
    /// The header: everything before the first object.
    header: Range<usize>,
    /// Each object in use, with its bytes (up to the next object or the table).
    objects: Vec<(ObjectId, Range<usize>)>,
    /// From `trailer` up to `startxref`.
    trailer: Range<usize>,
}

impl Layout {
    /// Reads the layout of `pdf`; `None` unless it has exactly one classic table, every
    /// entry of which points at the object it names, and no encryption.
    fn read(pdf: &[u8]) -> Option<Layout> {
        let tail_start = pdf.len().saturating_sub(1024);
        let startxref = tail_start + memmem::rfind(&pdf[tail_start..], b"startxref")?;
        let (table, _) = unsigned(&pdf[startxref + b"startxref".len()..])?;
        let mut at = table;
        if !pdf.get(at..)?.starts_with(b"xref") {
            return None;
        }
        at += b"xref".len();
        let mut objects = Vec::new();
        let trailer_start = loop {
            at += whitespace(&pdf[at..]);
            if pdf[at..].starts_with(b"trailer") {
                break at;
            }
            let (first, used) = unsigned(&pdf[at..])?;
            at += used;
            let (count, used) = unsigned(&pdf[at..])?;
            at += used;
            at += whitespace(&pdf[at..]);
            for index in 0..count {
                let entry = pdf.get(at..at + 20)?;
                if entry[10] != b' ' || entry[16] != b' ' {
                    return None;
                }
                let offset = digits(&entry[..10])?;
                let generation = u16::try_from(digits(&entry[11..16])?).ok()?;
                match entry[17] {
                    b'n' => {
                        let number = u32::try_from(first + index).ok()?;
                        objects.push(((number, generation), offset));
                    }
                    b'f' => {}
                    _ => return None,
                }
                at += 20;
            }
        };
        let trailer = trailer_start..startxref;
        let trailer_text = &pdf[trailer.clone()];
        if [&b"/Prev"[..], b"/XRefStm", b"/Encrypt"]
            .iter()
            .any(|key| memmem::find(trailer_text, key).is_some())
        {
            return None;
        }
        objects.sort_by_key(|(_, offset)| *offset);
        let mut ranges = Vec::with_capacity(objects.len());
        for (index, ((number, generation), offset)) in objects.iter().enumerate() {
            let end = objects.get(index + 1).map_or(table, |(_, next)| *next);
            let bytes = pdf.get(*offset..end)?;
            if !bytes.starts_with(format!("{number} {generation} obj").as_bytes()) {
                return None;
            }
            ranges.push(((*number, *generation), *offset..end));
        }
        let header = 0..ranges.first().map_or(table, |(_, range)| range.start);
        Some(Layout { header, objects: ranges, trailer })
    }

    /// A file holding the header, the objects `some` of `pdf` and its trailer, with a
    /// table of its own.
    fn file_of(&self, pdf: &[u8], some: &[&(ObjectId, Range<usize>)]) -> Vec<u8> {
        let size = self.header.len()
            + some.iter().map(|(_, range)| range.len() + 1).sum::<usize>()
            + some.len() * 40
            + self.trailer.len()
            + 64;
        let mut file = Vec::with_capacity(size);
        file.extend_from_slice(&pdf[self.header.clone()]);
        let mut entries = Vec::with_capacity(some.len());
        for (id, range) in some {
            entries.push((*id, file.len()));
            file.extend_from_slice(&pdf[range.clone()]);
            file.push(b'\n');
        }
        entries.sort();
        let table = file.len();
        file.extend_from_slice(b"xref\n0 1\n0000000000 65535 f\r\n");
        for ((number, generation), offset) in entries {
            file.extend_from_slice(
                format!("{number} 1\n{offset:010} {generation:05} n\r\n").as_bytes(),
            );
        }
        file.extend_from_slice(&pdf[self.trailer.clone()]);
        file.extend_from_slice(format!("\nstartxref\n{table}\n%%EOF\n").as_bytes());
        file
    }
}

/// How many bytes of white space `bytes` starts with.
fn whitespace(bytes: &[u8]) -> usize {
    bytes.iter().take_while(|byte| is_white(**byte)).count()
}

/// The unsigned number `bytes` starts with after white space, and how many bytes it took.
fn unsigned(bytes: &[u8]) -> Option<(usize, usize)> {
    let space = whitespace(bytes);
    let count = bytes[space..].iter().take_while(|byte| byte.is_ascii_digit()).count();
    Some((digits(&bytes[space..space + count])?, space + count))
}

/// `bytes`, all decimal digits, as a number.
fn digits(bytes: &[u8]) -> Option<usize> {
    if bytes.is_empty() || bytes.len() > 18 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    Some(bytes.iter().fold(0, |number, digit| number * 10 + usize::from(digit - b'0')))
}

#[cfg(test)]
mod tests {
    use lopdf::dictionary;

    use super::*;

    /// A file as lopdf writes one, with `pages` pages whose text is `text`.
    fn file(texts: &[&str]) -> Vec<u8> {
        let mut doc = Document::with_version("1.7");
        let pages_id = doc.new_object_id();
        let mut kids = Vec::new();
        for text in texts {
            let content = format!("BT /F1 12 Tf ({text}) Tj ET");
            let contents =
                doc.add_object(lopdf::Stream::new(lopdf::Dictionary::new(), content.into_bytes()));
            let page = doc.add_object(dictionary! {
                "Type" => "Page",
                "Parent" => pages_id,
                "Contents" => contents,
                "MediaBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            });
            kids.push(Object::Reference(page));
        }
        let count = kids.len() as i64;
        doc.objects.insert(
            pages_id,
            Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        // A classic table, as Typst's PDF writer makes.
        doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
        let mut out = Vec::new();
        doc.save_to(&mut out).unwrap();
        out
    }

    fn same_as_whole(parsed: &Parsed, pdf: &[u8]) {
        let whole = Document::load_mem(pdf).unwrap();
        assert_eq!(parsed.document.objects, whole.objects);
        assert_eq!(parsed.document.trailer, whole.trailer);
        assert_eq!(parsed.document.version, whole.version);
        assert_eq!(parsed.document.max_id, whole.max_id);
    }

    #[test]
    fn the_table_names_every_object_and_where_it_is() {
        let pdf = file(&["one", "two"]);
        let layout = Layout::read(&pdf).unwrap();
        assert_eq!(layout.objects.len(), Document::load_mem(&pdf).unwrap().objects.len());
        for ((number, generation), range) in &layout.objects {
            let text = String::from_utf8_lossy(&pdf[range.clone()]);
            assert!(text.starts_with(&format!("{number} {generation} obj")), "{text}");
            assert!(text.trim_end().ends_with("endobj"), "{text}");
        }
        assert!(pdf[layout.trailer.clone()].starts_with(b"trailer"));
    }

    #[test]
    fn a_second_parse_takes_what_did_not_change_and_reads_the_rest() {
        let mut reparser = Reparser::default();
        let first = file(&["one", "two", "three"]);
        let parsed = reparser.parse(&first).unwrap();
        same_as_whole(&parsed, &first);
        assert_eq!(parsed.parsed, parsed.document.objects.len());

        // One page's text changes: its content stream is parsed again, nothing else.
        let second = file(&["one", "TWO", "three"]);
        let parsed = reparser.parse(&second).unwrap();
        same_as_whole(&parsed, &second);
        assert_eq!(parsed.parsed, 1);

        // The same file again: nothing is parsed, and the result is still whole.
        let parsed = reparser.parse(&second).unwrap();
        same_as_whole(&parsed, &second);
        assert_eq!(parsed.parsed, 0);

        // A page more: objects are renumbered, and what moved is parsed again.
        let third = file(&["one", "TWO", "three", "four"]);
        let parsed = reparser.parse(&third).unwrap();
        same_as_whole(&parsed, &third);
        assert!(parsed.parsed > 1);
    }

    #[test]
    fn a_file_whose_table_cannot_be_followed_is_loaded_whole() {
        let mut reparser = Reparser::default();
        let pdf = file(&["one"]);
        reparser.parse(&pdf).unwrap();
        // An offset that points elsewhere: the table is not trusted, the file is read
        // as lopdf reads it.
        let mut broken = pdf.clone();
        let xref = memmem::rfind(&broken, b"\nxref\n").unwrap();
        let entry = xref + memmem::find(&broken[xref..], b" 00000 n").unwrap();
        broken[entry + 5] = b'1';
        let parsed = reparser.parse(&broken).unwrap();
        assert!(parsed.hashes.is_empty());
        same_as_whole(&parsed, &broken);
    }
}
