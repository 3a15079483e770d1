//! The document information and the XMP packet, written together so they agree: title,
//! dates, trapping, the PDF/X version and the identifiers.

use anyhow::Result;
use lopdf::{Dictionary, Document, Object, Stream, StringFormat};

use super::identity::Ids;
use super::{PdfxLevel, PdfxOptions};
use crate::pdf::objects::text_string;
use crate::pdf::xmp::{ADOBE_PDFX_NS, PDFXID_NS};

/// Rewrites the document information dictionary and the catalog's XMP metadata stream.
pub fn set(doc: &mut Document, options: &PdfxOptions, ids: &Ids) -> Result<()> {
    let old_info = info(doc).cloned().unwrap_or_default();
    let text = |key: &[u8]| old_info.get(key).ok().and_then(text_string);
    let author = text(b"Author");
    let creator = text(b"Creator");
    let producer = format!("bulletin {} (Typst 0.15, lopdf)", env!("CARGO_PKG_VERSION"));
    let d = options.date;
    let pdf_date = format!("D:{:04}{:02}{:02}000000+00'00'", d.year, d.month, d.day);
    let xmp_date = format!("{:04}-{:02}-{:02}T00:00:00+00:00", d.year, d.month, d.day);

    let mut info = old_info;
    info.set("Title", encode_text(&options.title));
    info.set("CreationDate", encode_text(&pdf_date));
    info.set("ModDate", encode_text(&pdf_date));
    info.set("Producer", encode_text(&producer));
    info.set("Trapped", Object::Name(b"False".to_vec()));
    info.set("GTS_PDFXVersion", encode_text(options.level.version_key()));
    match options.level.conformance_key() {
        Some(conformance) => info.set("GTS_PDFXConformance", encode_text(conformance)),
        None => {
            info.remove(b"GTS_PDFXConformance");
        }
    }
    let info_id = doc.add_object(info);
    doc.trailer.set("Info", Object::Reference(info_id));

    let packet = Packet {
        level: options.level,
        title: &options.title,
        author: author.as_deref(),
        creator: creator.as_deref(),
        producer: &producer,
        date: &xmp_date,
        ids,
    };
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    // Left uncompressed, so that any tool (and a person) can read the claim.
    let stream_id = doc.add_object(Stream::new(dict, packet.render().into_bytes()));
    doc.catalog_mut()?.set("Metadata", Object::Reference(stream_id));
    Ok(())
}

/// The document information dictionary, if there is one.
fn info(doc: &Document) -> Option<&Dictionary> {
    let reference = doc.trailer.get(b"Info").ok()?;
    doc.dereference(reference).ok()?.1.as_dict().ok()
}

/// What the XMP packet says.
struct Packet<'a> {
    level: PdfxLevel,
    title: &'a str,
    author: Option<&'a str>,
    creator: Option<&'a str>,
    producer: &'a str,
    date: &'a str,
    ids: &'a Ids,
}

impl Packet<'_> {
    fn render(&self) -> String {
        let mut props = String::new();
        let mut prop = |name: &str, value: &str| {
            props.push_str(&format!("   <{name}>{}</{name}>\n", escape(value)));
        };
        prop("xmp:CreateDate", self.date);
        prop("xmp:ModifyDate", self.date);
        prop("xmp:MetadataDate", self.date);
        if let Some(creator) = self.creator {
            prop("xmp:CreatorTool", creator);
        }
        prop("pdf:Producer", self.producer);
        prop("pdf:Trapped", "False");
        prop("xmpMM:DocumentID", &self.ids.document_id());
        prop("xmpMM:InstanceID", &self.ids.instance_id());
        prop("xmpMM:VersionID", &self.ids.version_id());
        prop("xmpMM:RenditionClass", "default");
        match self.level {
            PdfxLevel::X4 => prop("pdfxid:GTS_PDFXVersion", self.level.version_key()),
            PdfxLevel::X1a => {
                prop("pdfx:GTS_PDFXVersion", self.level.version_key());
                prop("pdfx:GTS_PDFXConformance", self.level.conformance_key().unwrap_or(""));
            }
        }
        prop("dc:format", "application/pdf");
        let mut out =
            String::from("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
        out.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
        out.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
        out.push_str("  <rdf:Description rdf:about=\"\"\n");
        out.push_str("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
        out.push_str("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
        out.push_str("    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n");
        out.push_str("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n");
        match self.level {
            PdfxLevel::X4 => out.push_str(&format!("    xmlns:pdfxid=\"{PDFXID_NS}\">\n")),
            PdfxLevel::X1a => out.push_str(&format!("    xmlns:pdfx=\"{ADOBE_PDFX_NS}\">\n")),
        }
        out.push_str(&format!(
            "   <dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:title>\n",
            escape(self.title)
        ));
        if let Some(author) = self.author {
            out.push_str(&format!(
                "   <dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
                escape(author)
            ));
        }
        out.push_str(&props);
        out.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"r\"?>");
        out
    }
}

/// Escapes text for XML content.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A PDF text string: PDFDocEncoding for ASCII, else UTF-16BE with a byte order mark.
pub fn encode_text(text: &str) -> Object {
    if text.is_ascii() {
        return Object::String(text.as_bytes().to_vec(), StringFormat::Literal);
    }
    let mut bytes = vec![0xFE, 0xFF];
    bytes.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    Object::String(bytes, StringFormat::Hexadecimal)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_round_trip() {
        for text in ["PDF/X-4", "电子商务动态 2023年第8期"] {
            assert_eq!(text_string(&encode_text(text)).as_deref(), Some(text));
        }
        assert_eq!(escape("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
