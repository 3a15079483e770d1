//! The document as a whole: PDF version, and what standards its metadata claims.

use lopdf::Document;
use serde::Serialize;

use super::finding::Finding;
use crate::issue::model::Profile;
use crate::pdf::objects::{stream_bytes, text_string};

/// The XMP namespace of the PDF/A identification.
const PDFA_ID: &str = "http://www.aiim.org/pdfa/ns/id/";
/// The XMP namespace of the PDF/X identification.
const PDFX_ID: &str = "http://www.npes.org/pdfx/ns/id/";

/// What the document says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentFacts {
    /// The PDF version (the header's, or the catalog's when later).
    pub version: String,
    /// The PDF/A part and conformance the XMP metadata claims (`PDF/A-2b`).
    pub pdfa: Option<String>,
    /// The PDF/X version claimed, in the XMP metadata or the document information.
    pub pdfx: Option<String>,
    /// Whether the file is encrypted.
    pub encrypted: bool,
    /// The program that made it, when it says.
    pub producer: Option<String>,
}

impl DocumentFacts {
    /// Reads the version and claims of `doc`.
    pub fn read(doc: &Document) -> (DocumentFacts, Vec<Finding>) {
        let mut findings = Vec::new();
        let catalog = doc.catalog().ok();
        let mut version = doc.version.clone();
        if let Some(later) = catalog
            .and_then(|c| c.get(b"Version").ok())
            .and_then(|v| v.as_name().ok())
            .map(|v| String::from_utf8_lossy(v).into_owned())
            && version_number(&later) > version_number(&version)
        {
            version = later;
        }
        let xmp = catalog
            .and_then(|c| c.get(b"Metadata").ok())
            .and_then(|m| doc.dereference(m).ok())
            .and_then(|(_, m)| m.as_stream().ok())
            .map(stream_bytes);
        let (mut pdfa, mut pdfx) = (None, None);
        if let Some(xmp) = xmp {
            match xmp.and_then(|xmp| read_xmp(&xmp)) {
                Ok(claims) => (pdfa, pdfx) = claims,
                Err(err) => findings.push(Finding::warning(format!(
                    "the XMP metadata could not be read ({err}): PDF/A and PDF/X claims unknown"
                ))),
            }
        }
        let info = doc
            .trailer
            .get(b"Info")
            .ok()
            .and_then(|i| doc.dereference(i).ok())
            .and_then(|(_, i)| i.as_dict().ok());
        let info_text = |key: &[u8]| info.and_then(|i| i.get(key).ok()).and_then(text_string);
        pdfx = pdfx.or_else(|| info_text(b"GTS_PDFXVersion"));
        let encrypted = doc.trailer.get(b"Encrypt").is_ok();
        if encrypted {
            findings.push(Finding::error(
                "the PDF is encrypted: a print shop's tools may refuse or alter it; \
                 make it again without a password or restrictions"
                    .to_owned(),
            ));
        }
        let facts = DocumentFacts {
            version,
            pdfa,
            pdfx,
            encrypted,
            producer: info_text(b"Producer").or_else(|| info_text(b"Creator")),
        };
        (facts, findings)
    }
}

/// The PDF/A and PDF/X claims in an XMP packet.
fn read_xmp(xmp: &[u8]) -> Result<(Option<String>, Option<String>), String> {
    let text = String::from_utf8_lossy(xmp);
    let text = text.trim_start_matches('\u{feff}');
    let tree = roxmltree::Document::parse(text).map_err(|e| e.to_string())?;
    // XMP writes a property either as an attribute of rdf:Description or as an element.
    let property = |namespace: &str, name: &str| {
        tree.descendants().filter(|n| n.is_element()).find_map(|node| {
            if node.tag_name().namespace() == Some(namespace) && node.tag_name().name() == name {
                return node.text().map(|t| t.trim().to_owned());
            }
            node.attributes()
                .find(|a| a.namespace() == Some(namespace) && a.name() == name)
                .map(|a| a.value().trim().to_owned())
        })
    };
    let pdfa = property(PDFA_ID, "part").map(|part| {
        let conformance = property(PDFA_ID, "conformance").unwrap_or_default();
        format!("PDF/A-{part}{}", conformance.to_lowercase())
    });
    Ok((pdfa, property(PDFX_ID, "GTS_PDFXVersion")))
}

/// A version such as `1.7` as a comparable number.
fn version_number(version: &str) -> f64 {
    version.trim().parse().unwrap_or(0.0)
}

/// Metadata findings: a file for the screen (the website, the archive) should claim PDF/A.
pub fn findings(facts: &DocumentFacts, intent: Option<Profile>) -> Vec<Finding> {
    if intent == Some(Profile::Screen) && facts.pdfa.is_none() {
        return vec![Finding::warning(
            "no PDF/A claim in the metadata: the archive wants PDF/A \
             (bulletin: build --profile screen)"
                .to_owned(),
        )];
    }
    Vec::new()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdfa_claims_read_as_attributes_or_elements() {
        let attributes = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" pdfaid:part="2" pdfaid:conformance="B"/>
            </rdf:RDF></x:xmpmeta>"#;
        assert_eq!(read_xmp(attributes.as_bytes()).unwrap().0.as_deref(), Some("PDF/A-2b"));
        let elements = r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?><x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
            <rdf:Description xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"><pdfaid:part>1</pdfaid:part><pdfaid:conformance>A</pdfaid:conformance></rdf:Description>
            </rdf:RDF></x:xmpmeta><?xpacket end="w"?>"#;
        assert_eq!(read_xmp(elements.as_bytes()).unwrap().0.as_deref(), Some("PDF/A-1a"));
        let none = r#"<x:xmpmeta xmlns:x="adobe:ns:meta/"/>"#;
        assert_eq!(read_xmp(none.as_bytes()).unwrap(), (None, None));
    }
}
