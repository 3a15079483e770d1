//! The document-level PDF/X requirements: the OutputIntent, the document information
//! and the XMP metadata agreeing with it.

use lopdf::{Dictionary, Document, Object};

use crate::issue::model::PdfxLevel;
use crate::pdf::objects::{stream_bytes, text_string};
use crate::pdf::xmp::{ADOBE_PDFX_NS, PDFXID_NS};

/// The document information dictionary, if there is one.
fn info_dict(doc: &Document) -> Option<&Dictionary> {
    doc.trailer
        .get(b"Info")
        .ok()
        .and_then(|i| doc.dereference(i).ok())
        .and_then(|(_, i)| i.as_dict().ok())
}

/// The Info keys' problems (Title, dates, Trapped, GTS_PDFXVersion), or what they say.
pub(super) fn info(doc: &Document, level: PdfxLevel) -> (Vec<String>, String) {
    let info = info_dict(doc);
    let info_text = |key: &[u8]| info.and_then(|i| i.get(key).ok()).and_then(text_string);
    let trapped = info
        .and_then(|i| i.get(b"Trapped").ok())
        .and_then(|t| t.as_name().ok())
        .map(|t| String::from_utf8_lossy(t).into_owned());
    let mut problems = Vec::new();
    for key in ["Title", "CreationDate", "ModDate"] {
        if info_text(key.as_bytes()).is_none_or(|v| v.trim().is_empty()) {
            problems.push(format!("Info has no {key}"));
        }
    }
    match trapped.as_deref() {
        Some("True" | "False") => {}
        Some(other) => problems.push(format!("Info Trapped is /{other}, not /True or /False")),
        None => problems.push("Info has no Trapped (/True or /False)".into()),
    }
    let version_key = info_text(b"GTS_PDFXVersion");
    if version_key.as_deref() != Some(level.version_key()) {
        problems.push(format!(
            "Info GTS_PDFXVersion is {}, not “{}”",
            version_key.map_or("missing".into(), |v| format!("“{v}”")),
            level.version_key()
        ));
    }
    if let Some(conformance) = level.conformance_key() {
        let found = info_text(b"GTS_PDFXConformance");
        if found.as_deref() != Some(conformance) {
            problems.push(format!(
                "Info GTS_PDFXConformance is {}, not “{conformance}”",
                found.map_or("missing".into(), |v| format!("“{v}”"))
            ));
        }
    }
    (problems, format!("{}, Trapped /{}", level.version_key(), trapped.unwrap_or_default()))
}

/// The GTS_PDFX OutputIntent's problems, or what it declares.
pub(super) fn output_intent(doc: &Document, level: PdfxLevel) -> (Vec<String>, String) {
    let intents: Vec<&Dictionary> = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"OutputIntents").ok())
        .and_then(|o| doc.dereference(o).ok())
        .and_then(|(_, o)| o.as_array().ok())
        .map(|list| list.iter().filter_map(|i| doc.dereference(i).ok()?.1.as_dict().ok()).collect())
        .unwrap_or_default();
    let pdfx: Vec<&Dictionary> = intents
        .into_iter()
        .filter(|i| i.get(b"S").and_then(Object::as_name).ok() == Some(b"GTS_PDFX".as_slice()))
        .collect();
    let intent = match pdfx.as_slice() {
        [] => return (vec!["no OutputIntent with /S /GTS_PDFX".into()], String::new()),
        [one] => *one,
        many => {
            return (
                vec![format!("{} GTS_PDFX OutputIntents, where one is allowed", many.len())],
                String::new(),
            );
        }
    };
    let text =
        |key: &[u8]| intent.get(key).ok().and_then(text_string).filter(|t| !t.trim().is_empty());
    let mut problems = Vec::new();
    let identifier = text(b"OutputConditionIdentifier");
    if identifier.is_none() {
        problems.push("the OutputIntent has no OutputConditionIdentifier".into());
    }
    let profile = intent
        .get(b"DestOutputProfile")
        .ok()
        .and_then(|p| doc.dereference(p).ok())
        .and_then(|(_, p)| p.as_stream().ok());
    let mut described = String::new();
    match profile {
        Some(stream) => {
            let n = stream.dict.get(b"N").and_then(Object::as_i64).unwrap_or(0);
            match stream_bytes(stream) {
                Ok(bytes) if bytes.len() >= 128 && &bytes[36..40] == b"acsp" => {
                    let class = String::from_utf8_lossy(&bytes[12..16]).into_owned();
                    let space = String::from_utf8_lossy(&bytes[16..20]).trim().to_owned();
                    if class != "prtr" {
                        problems.push(format!(
                            "the output profile is of class {class}, not an output (prtr) profile"
                        ));
                    }
                    if space != "CMYK" || n != 4 {
                        problems.push(format!(
                            "the output profile is {space} with N {n}, not CMYK with N 4"
                        ));
                    }
                    described =
                        format!(", profile {} KB ({class}, {space}, N {n})", bytes.len() / 1024);
                }
                _ => problems.push("the DestOutputProfile is not an ICC profile".into()),
            }
        }
        None if level == PdfxLevel::X4 => {
            problems.push("PDF/X-4 needs the output profile embedded (DestOutputProfile)".into())
        }
        None if text(b"RegistryName").is_none() => problems
            .push("without an embedded profile the OutputIntent needs a RegistryName".into()),
        None => described = ", profile by reference to the registry".into(),
    }
    let registry = text(b"RegistryName").map(|r| format!(", registry {r}")).unwrap_or_default();
    (problems, format!("{}{registry}{described}", identifier.unwrap_or_default()))
}

/// The XMP packet's problems, or what it declares.
pub(super) fn xmp(doc: &Document, level: PdfxLevel) -> (Vec<String>, String) {
    let info = info_dict(doc);
    let title = &info.and_then(|i| i.get(b"Title").ok()).and_then(text_string);
    let trapped = info.and_then(|i| i.get(b"Trapped").ok());
    let packet = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, m)| m.as_stream().ok())
        .map(stream_bytes);
    let Some(packet) = packet else {
        return match level {
            PdfxLevel::X4 => (vec!["there is no XMP metadata stream".into()], String::new()),
            PdfxLevel::X1a => (Vec::new(), "no XMP (optional in PDF/X-1a)".into()),
        };
    };
    let packet = match packet {
        Ok(packet) => packet,
        Err(err) => {
            return (
                vec![format!("the XMP metadata stream cannot be decoded ({err})")],
                String::new(),
            );
        }
    };
    let text = String::from_utf8_lossy(&packet);
    let text = text.trim_start_matches('\u{feff}');
    let tree = match roxmltree::Document::parse(text) {
        Ok(tree) => tree,
        Err(err) => {
            return (vec![format!("the XMP metadata cannot be read ({err})")], String::new());
        }
    };
    let property = |ns: &str, name: &str| -> Option<String> {
        tree.descendants().filter(|n| n.is_element()).find_map(|node| {
            if node.tag_name().namespace() == Some(ns) && node.tag_name().name() == name {
                // A simple value, or the first rdf:li of an Alt/Seq/Bag.
                let li = node.descendants().find(|d| d.tag_name().name() == "li");
                return li.unwrap_or(node).text().map(|t| t.trim().to_owned());
            }
            node.attributes()
                .find(|a| a.namespace() == Some(ns) && a.name() == name)
                .map(|a| a.value().trim().to_owned())
        })
    };
    const MM: &str = "http://ns.adobe.com/xap/1.0/mm/";
    const PDF: &str = "http://ns.adobe.com/pdf/1.3/";
    const DC: &str = "http://purl.org/dc/elements/1.1/";
    let mut problems = Vec::new();
    if level == PdfxLevel::X4 {
        match property(PDFXID_NS, "GTS_PDFXVersion") {
            Some(v) if v == "PDF/X-4" => {}
            Some(v) => problems.push(format!("pdfxid:GTS_PDFXVersion is “{v}”, not “PDF/X-4”")),
            None => problems.push("no pdfxid:GTS_PDFXVersion in the XMP".into()),
        }
        for name in ["DocumentID", "VersionID"] {
            if property(MM, name).is_none_or(|v| v.is_empty()) {
                problems.push(format!("no xmpMM:{name} in the XMP"));
            }
        }
        match property(MM, "RenditionClass") {
            Some(v) if v == "default" => {}
            Some(v) => problems.push(format!("xmpMM:RenditionClass is “{v}”, not “default”")),
            None => problems.push("no xmpMM:RenditionClass in the XMP".into()),
        }
    } else if let Some(v) = property(ADOBE_PDFX_NS, "GTS_PDFXVersion")
        .or_else(|| property(PDFXID_NS, "GTS_PDFXVersion"))
        && v != level.version_key()
    {
        problems
            .push(format!("the XMP claims {v}, the file is checked for {}", level.version_key()));
    }
    let info_trapped =
        trapped.and_then(|t| t.as_name().ok()).map(|t| String::from_utf8_lossy(t).into_owned());
    match (property(PDF, "Trapped"), info_trapped) {
        (Some(x), Some(i)) if x == i => {}
        (Some(x), Some(i)) => {
            problems.push(format!("XMP pdf:Trapped “{x}” disagrees with Info /{i}"))
        }
        (None, _) if level == PdfxLevel::X4 => problems.push("no pdf:Trapped in the XMP".into()),
        _ => {}
    }
    match (property(DC, "title"), title) {
        (Some(x), Some(i)) if x == *i => {}
        (Some(x), Some(i)) => {
            problems.push(format!("XMP dc:title “{x}” disagrees with Info Title “{i}”"))
        }
        (None, _) => problems.push("no dc:title in the XMP".into()),
        (Some(_), None) => {}
    }
    let met = format!(
        "DocumentID {}, VersionID {}",
        property(MM, "DocumentID").unwrap_or_else(|| "—".into()),
        property(MM, "VersionID").unwrap_or_else(|| "—".into())
    );
    (problems, met)
}

/// Optional content (layers), PDF/X-4: every configuration (the default `D` and each
/// of `Configs`) has a `Name`, unique among them, and none sets `AS` (which would switch
/// layers by the purpose of the output rather than by the configuration the sender
/// chose). Returns the problems and what the file has.
pub(super) fn optional_content(doc: &Document) -> (Vec<String>, String) {
    let Some(properties) = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"OCProperties").ok())
        .and_then(|p| crate::pdf::objects::as_dict(doc, p))
    else {
        return (Vec::new(), "no optional content".into());
    };
    let mut configs: Vec<&Dictionary> = Vec::new();
    configs.extend(properties.get(b"D").ok().and_then(|d| crate::pdf::objects::as_dict(doc, d)));
    // Written directly or as a reference to an array.
    if let Ok(more) = properties.get(b"Configs")
        && let Ok((_, Object::Array(more))) = doc.dereference(more)
    {
        configs.extend(more.iter().filter_map(|c| crate::pdf::objects::as_dict(doc, c)));
    }
    let mut problems = Vec::new();
    let mut names = Vec::new();
    for (n, config) in configs.iter().enumerate() {
        let which = if n == 0 {
            "the default configuration".to_owned()
        } else {
            format!("configuration {n}")
        };
        match config.get(b"Name").ok().and_then(text_string) {
            Some(name) if names.contains(&name) => {
                problems.push(format!("{which} has the name “{name}” of another"));
            }
            Some(name) => names.push(name),
            None => problems.push(format!("{which} of the optional content has no Name")),
        }
        if config.has(b"AS") {
            problems.push(format!("{which} of the optional content sets AS (automatic states)"));
        }
    }
    (problems, format!("{} configuration(s) of optional content", configs.len()))
}
