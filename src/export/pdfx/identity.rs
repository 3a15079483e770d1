//! The file's identity: header version, trailer ID and the XMP identifiers, all derived
//! from the issue and the content, never from a clock or a random number.

use lopdf::{Document, Object, StringFormat};
use sha2::{Digest, Sha256};

use super::PdfxOptions;

/// Identifiers derived once per conversion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ids {
    /// Stays the same for every revision of the issue: from the document id.
    pub permanent: [u8; 16],
    /// Changes whenever the content or the options change: from the input PDF's bytes.
    pub changing: [u8; 16],
}

impl Ids {
    /// The XMP DocumentID: a UUID (version 5 layout) from the permanent id.
    pub fn document_id(&self) -> String {
        uuid(&self.permanent)
    }

    /// The XMP InstanceID: a UUID from the changing id.
    pub fn instance_id(&self) -> String {
        uuid(&self.changing)
    }

    /// The XMP VersionID: the first twelve hex digits of the changing id, so a file
    /// sent again after a correction carries a new version, and an unchanged one the
    /// same.
    pub fn version_id(&self) -> String {
        hex(&self.changing[..6])
    }
}

/// Derives the identifiers from the Typst PDF `pdf` and `options`. The changing id is the
/// xxh3-128 hash of both: it need only differ between the files one issue gives, and the
/// PDF, over a megabyte with its content left uncompressed for the PDF/X pass, is hashed
/// on every export (`watch`'s too), where SHA-256 took about 0.5 ms.
pub fn digest(pdf: &[u8], options: &PdfxOptions) -> Ids {
    let permanent = first_16(Sha256::digest(options.document_id.as_bytes()).as_slice());
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    hasher.update(pdf);
    hasher.update(options.level.name().as_bytes());
    hasher.update(options.title.as_bytes());
    hasher.update(format!("{:?}{:?}", options.date, options.bleed_mm).as_bytes());
    let changing = hasher.digest128().to_be_bytes();
    Ids { permanent, changing }
}

/// Sets the header version to the level's and writes the trailer ID.
pub fn set(doc: &mut Document, options: &PdfxOptions, ids: &Ids) {
    doc.version = options.level.max_version_text();
    if let Ok(catalog) = doc.catalog_mut() {
        // A catalog /Version may only raise the header's; ours is final.
        catalog.remove(b"Version");
    }
    let id = |bytes: &[u8; 16]| Object::String(bytes.to_vec(), StringFormat::Hexadecimal);
    doc.trailer.set("ID", Object::Array(vec![id(&ids.permanent), id(&ids.changing)]));
    // A classic cross-reference table, as Typst writes it: PDF 1.4 (X-1a) has no
    // cross-reference streams, and every PDF/X reader knows tables.
    doc.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
}

fn first_16(bytes: &[u8]) -> [u8; 16] {
    let mut out = [0; 16];
    out.copy_from_slice(&bytes[..16]);
    out
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Formats 16 bytes as `uuid:xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx` (name-based layout).
fn uuid(bytes: &[u8; 16]) -> String {
    let mut b = *bytes;
    b[6] = (b[6] & 0x0f) | 0x50;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!("uuid:{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::issue::model::Date;
    use crate::issue::model::PdfxLevel;

    fn options(document_id: &str) -> PdfxOptions {
        PdfxOptions {
            level: PdfxLevel::X4,
            title: "t".into(),
            document_id: document_id.into(),
            date: Date { year: 2023, month: 8, day: 10 },
            bleed_mm: None,
        }
    }

    #[test]
    fn the_document_id_survives_revisions_and_the_version_does_not() {
        let a = digest(b"%PDF-1.7 one", &options("电子商务动态/2023-08"));
        let b = digest(b"%PDF-1.7 two", &options("电子商务动态/2023-08"));
        assert_eq!(a.document_id(), b.document_id());
        assert_ne!(a.version_id(), b.version_id());
        assert_eq!(a, digest(b"%PDF-1.7 one", &options("电子商务动态/2023-08")));
        assert!(a.document_id().starts_with("uuid:"));
        assert_eq!(a.document_id().len(), 41);
        assert_eq!(&a.document_id()[19..20], "5");
    }
}
