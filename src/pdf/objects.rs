//! PDF objects as both the writer and the readers see them: inherited page attributes,
//! every dictionary of a file (at any depth), and text strings.

use lopdf::{Dictionary, Document, Object, ObjectId};

/// Looks an inheritable page attribute up on the page and its ancestors.
pub fn inherited<'a>(doc: &'a Document, page_id: ObjectId, key: &[u8]) -> Option<&'a Object> {
    let mut node = doc.get_dictionary(page_id).ok()?;
    for _ in 0..64 {
        if let Ok(value) = node.get(key) {
            return Some(value);
        }
        node = doc.get_dictionary(node.get(b"Parent").ok()?.as_reference().ok()?).ok()?;
    }
    None
}

/// The dictionary of every object that is one or has one (a stream's), with its id.
pub fn dictionaries(doc: &Document) -> impl Iterator<Item = (ObjectId, &Dictionary)> {
    doc.objects.iter().filter_map(|(id, object)| match object {
        Object::Dictionary(dict) => Some((*id, dict)),
        Object::Stream(stream) => Some((*id, &stream.dict)),
        _ => None,
    })
}

/// Every dictionary in the file, each with the id of the object that holds it: the
/// objects' own (a stream's too) and every dictionary written directly inside them, at
/// any depth (an ExtGState in a page's Resources, an action in an annotation). What a
/// rule forbids anywhere must be looked for here, not in [`dictionaries`] alone.
pub fn every_dictionary(doc: &Document) -> Vec<(ObjectId, &Dictionary)> {
    fn nested<'a>(
        id: ObjectId,
        object: &'a Object,
        depth: usize,
        out: &mut Vec<(ObjectId, &'a Dictionary)>,
    ) {
        // Deeper than any real file nests; a hostile one stops here.
        if depth > 32 {
            return;
        }
        match object {
            Object::Dictionary(dict) => {
                out.push((id, dict));
                for (_, value) in dict.iter() {
                    nested(id, value, depth + 1, out);
                }
            }
            Object::Stream(stream) => {
                out.push((id, &stream.dict));
                for (_, value) in stream.dict.iter() {
                    nested(id, value, depth + 1, out);
                }
            }
            Object::Array(items) => {
                for item in items {
                    nested(id, item, depth + 1, out);
                }
            }
            _ => {}
        }
    }
    let mut out = Vec::new();
    for (id, object) in &doc.objects {
        nested(*id, object, 0, &mut out);
    }
    out
}

/// Dereferences `object` as a dictionary (or a stream's dictionary).
pub fn as_dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    match doc.dereference(object).ok()?.1 {
        Object::Dictionary(dict) => Some(dict),
        Object::Stream(stream) => Some(&stream.dict),
        _ => None,
    }
}

/// Decodes a PDF text string (UTF-16 with a byte order mark, or PDFDocEncoding as Latin-1).
pub fn text_string(object: &Object) -> Option<String> {
    let bytes = object.as_str().ok()?;
    Some(if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> =
            utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)])).collect();
        String::from_utf16_lossy(&units)
    } else {
        bytes.iter().map(|&b| char::from(b)).collect()
    })
}

/// A stream's data, decoded when it has filters: the one way every part of `bulletin`
/// reads a stream. Data that cannot be decoded is an error with its reason, never the
/// compressed bytes taken for the data.
pub fn stream_bytes(stream: &lopdf::Stream) -> Result<Vec<u8>, String> {
    if stream.dict.get(b"Filter").is_err() {
        return Ok(stream.content.clone());
    }
    match stream.decompressed_content() {
        // lopdf passes over corrupt compressed data, leaving nothing.
        Ok(data) if data.is_empty() && !stream.content.is_empty() => {
            Err("its compressed data is corrupt".to_owned())
        }
        Ok(data) => Ok(data),
        Err(err) => Err(err.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_decoded_one_way_and_corrupt_data_is_an_error() {
        let raw = lopdf::Stream::new(Dictionary::new(), b"0 0 m".to_vec());
        assert_eq!(stream_bytes(&raw).unwrap(), b"0 0 m");
        let content = b"1 0 0 1 0 0 cm\n".repeat(100);
        let mut flate = lopdf::Stream::new(Dictionary::new(), content.clone());
        flate.compress().unwrap();
        assert!(flate.dict.has(b"Filter"));
        assert_eq!(stream_bytes(&flate).unwrap(), content);
        let mut corrupt = flate.clone();
        corrupt.set_content(b"not zlib at all".to_vec());
        corrupt.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        assert!(stream_bytes(&corrupt).is_err(), "compressed bytes taken for the data");
    }
}
