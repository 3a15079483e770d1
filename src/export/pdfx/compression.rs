//! Compressing what Typst's export left raw. The print export writes its content streams
//! (pages, forms, fonts' CMaps) uncompressed (typst-pdf's `compress_content: false`),
//! because the overprint pass reads and rewrites the content of every page and form,
//! and compresses what it rewrites; compressing them in the export too only made the
//! pass decompress them again. Every stream still raw when the file is complete is
//! compressed here, as the export would have compressed it (zlib's default level), so
//! every stream is the same, byte for byte, as the export would have written it.

use std::collections::HashMap;

use anyhow::Result;
use lopdf::{Document, Object, ObjectId, Stream};
use rayon::prelude::*;

/// Compressed streams kept from one conversion to the next (for a long-lived engine),
/// under the hash of their raw bytes: a stream that comes back unchanged is not
/// compressed again.
#[derive(Debug, Default)]
pub struct Compressed {
    by_hash: HashMap<u128, Vec<u8>>,
}

/// Compresses every stream of `doc` that has no filter, except the XMP metadata, which
/// stays plain text as the metadata pass wrote it; with `kept`, taking the compressed
/// bytes of a stream the last conversion compressed, and keeping this conversion's for
/// the next.
pub fn compress_raw(doc: &mut Document, kept: Option<&mut Compressed>) -> Result<()> {
    let last = kept.as_ref().map(|kept| &kept.by_hash);
    // Each raw stream, the hash of its bytes (only when compressions are kept), and its
    // compressed bytes.
    let compressed: Vec<(ObjectId, Option<u128>, Vec<u8>)> = doc
        .objects
        .par_iter()
        .filter_map(|(id, object)| {
            let stream = object.as_stream().ok().filter(|stream| is_raw(stream))?;
            let hash = last.map(|_| xxhash_rust::xxh3::xxh3_128(&stream.content));
            let bytes = match hash.and_then(|hash| last?.get(&hash)) {
                Some(bytes) => Ok(bytes.clone()),
                None => super::deflate(&stream.content),
            };
            Some(bytes.map(|bytes| (*id, hash, bytes)))
        })
        .collect::<Result<_>>()?;
    let mut this = HashMap::new();
    for (id, hash, bytes) in compressed {
        if let Some(hash) = hash {
            this.insert(hash, bytes.clone());
        }
        let stream = doc.get_object_mut(id)?.as_stream_mut()?;
        stream.dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        stream.set_content(bytes);
    }
    if let Some(kept) = kept {
        kept.by_hash = this;
    }
    Ok(())
}

/// Whether `stream` is written without a filter and is not metadata.
fn is_raw(stream: &Stream) -> bool {
    stream.dict.get(b"Filter").is_err()
        && !stream.dict.get(b"Type").is_ok_and(|kind| kind.as_name().ok() == Some(b"Metadata"))
}

#[cfg(test)]
mod tests {
    use lopdf::{Dictionary, dictionary};

    use super::*;

    fn doc_with(streams: Vec<Stream>) -> (Document, Vec<ObjectId>) {
        let mut doc = Document::with_version("1.7");
        let ids = streams.into_iter().map(|stream| doc.add_object(stream)).collect();
        (doc, ids)
    }

    #[test]
    fn raw_streams_are_compressed_and_metadata_and_compressed_ones_are_not() {
        let content = b"BT /F1 12 Tf (compressed once) Tj ET ".repeat(20);
        let deflated = super::super::deflate(b"already").unwrap();
        let (mut doc, ids) = doc_with(vec![
            Stream::new(Dictionary::new(), content.clone()),
            Stream::new(dictionary! { "Type" => "Metadata" }, b"<x:xmpmeta/>".to_vec()),
            Stream::new(dictionary! { "Filter" => "FlateDecode" }, deflated.clone()),
        ]);
        compress_raw(&mut doc, None).unwrap();
        let stream = |i: usize| doc.get_object(ids[i]).unwrap().as_stream().unwrap();
        assert_eq!(stream(0).dict.get(b"Filter").unwrap().as_name().unwrap(), b"FlateDecode");
        assert!(stream(0).content.len() < content.len());
        assert_eq!(stream(0).decompressed_content().unwrap(), content);
        assert_eq!(stream(1).content, b"<x:xmpmeta/>");
        assert!(stream(1).dict.get(b"Filter").is_err());
        assert_eq!(stream(2).content, deflated);
    }

    #[test]
    fn a_stream_that_comes_back_unchanged_takes_its_last_compression() {
        let mut kept = Compressed::default();
        let (mut doc, _) =
            doc_with(vec![Stream::new(Dictionary::new(), b"0 0 m 1 1 l S".to_vec())]);
        compress_raw(&mut doc, Some(&mut kept)).unwrap();
        assert_eq!(kept.by_hash.len(), 1);
        // Mark what was kept: the next conversion of the same bytes must take it as it is.
        kept.by_hash.values_mut().for_each(|bytes| *bytes = b"kept".to_vec());
        let (mut doc, ids) = doc_with(vec![
            Stream::new(Dictionary::new(), b"0 0 m 1 1 l S".to_vec()),
            Stream::new(Dictionary::new(), b"0 0 m 2 2 l S".to_vec()),
        ]);
        compress_raw(&mut doc, Some(&mut kept)).unwrap();
        let content =
            |id: ObjectId| doc.get_object(id).unwrap().as_stream().unwrap().content.clone();
        assert_eq!(content(ids[0]), b"kept");
        assert_ne!(content(ids[1]), b"kept");
        assert_eq!(kept.by_hash.len(), 2, "this conversion's streams are kept, the last's dropped");
    }
}
