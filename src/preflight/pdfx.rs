//! PDF/X rules (`--for pdfx-4`, `--for pdfx-1a`): every requirement of PDF/X-4
//! (ISO 15930-7:2010) and PDF/X-1a:2003 (ISO 15930-4:2003) that `bulletin` writes for,
//! checked on any PDF and reported one row each.

use std::fmt;
use std::str::FromStr;

use lopdf::{Dictionary, Document, Object, ObjectId};
use serde::Serialize;

use super::colours::ColourSpace;
use super::content::stream_bytes;
use super::document::{PageFacts, PdfBox};
use super::fonts::FontFacts;
use super::{Finding, page_list};
use crate::export::pdfx::PdfxLevel;
use crate::export::pdfx::metadata::{ADOBE_PDFX_NS, PDFXID_NS, decode_text};
use crate::export::pdfx::overprint::{knocked_out_black, with_resources};
use crate::export::pdfx::transparency::{is_transparency_group, live_transparency};
use crate::model::Profile;

/// What `--for` names: a profile's use, or a PDF/X level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// `print` or `screen`.
    Profile(Profile),
    /// `pdfx-4` or `pdfx-1a`.
    Pdfx(PdfxLevel),
}

impl Target {
    /// The names `--for` accepts.
    pub const NAMES: [&'static str; 4] = ["print", "screen", "pdfx-4", "pdfx-1a"];
}

impl FromStr for Target {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.strip_prefix("pdfx-") {
            Some(_) => s.parse().map(Target::Pdfx),
            None => s.parse().map(Target::Profile),
        }
    }
}

/// How one requirement fared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "status", content = "detail", rename_all = "snake_case")]
pub enum Outcome {
    /// Met; what was found.
    Met(String),
    /// Not met; why.
    Failed(String),
    /// Met, with something worth a look (not a PDF/X requirement).
    Warning(String),
}

/// One requirement and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The requirement, as a print shop reads it.
    pub requirement: String,
    /// How it fared.
    pub outcome: Outcome,
}

/// The PDF/X requirements of one level, each checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PdfxReport {
    /// The level checked against.
    pub level: String,
    /// Every requirement, in the order a shop reads them.
    pub checks: Vec<Check>,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Met(detail) => write!(f, "met: {detail}"),
            Outcome::Failed(detail) => write!(f, "NOT MET: {detail}"),
            Outcome::Warning(detail) => write!(f, "warning: {detail}"),
        }
    }
}

/// The table rows: requirement, outcome.
pub fn rows(report: &PdfxReport) -> Vec<Vec<String>> {
    let mut rows = vec![vec!["requirement".to_owned(), "result".to_owned()]];
    rows.extend(report.checks.iter().map(|c| vec![c.requirement.clone(), c.outcome.to_string()]));
    rows
}

/// Collects checks and turns failures into findings.
struct Checks {
    level: PdfxLevel,
    checks: Vec<Check>,
    findings: Vec<Finding>,
}

impl Checks {
    fn push(&mut self, requirement: &str, problems: Vec<String>, met: String) {
        let outcome = if problems.is_empty() {
            Outcome::Met(met)
        } else {
            for problem in &problems {
                self.findings.push(Finding::error(format!("{}: {problem}", self.level)));
            }
            Outcome::Failed(problems.join("; "))
        };
        self.checks.push(Check { requirement: requirement.to_owned(), outcome });
    }
}

/// Checks `doc` against `level`; `pages` and `fonts` are what preflight read already.
pub fn check(
    doc: &Document,
    version: &str,
    pages: &[PageFacts],
    fonts: &[FontFacts],
    level: PdfxLevel,
    overprint: bool,
) -> (PdfxReport, Vec<Finding>) {
    let mut c = Checks { level, checks: Vec::new(), findings: Vec::new() };
    let x1a = level == PdfxLevel::X1a;

    // 1. Version.
    let max = level.max_version_text();
    let too_new = version_number(version) > version_number(&max) + 1e-9;
    c.push(
        &format!("PDF version at most {max}"),
        if too_new { vec![format!("the file is PDF {version}")] } else { Vec::new() },
        format!("PDF {version}"),
    );

    // 2. Trailer ID, 3. no encryption.
    let id_ok = doc
        .trailer
        .get(b"ID")
        .ok()
        .and_then(|id| id.as_array().ok())
        .is_some_and(|id| id.len() == 2 && id.iter().all(|s| s.as_str().is_ok()));
    c.push(
        "file identifier (trailer ID)",
        if id_ok { Vec::new() } else { vec!["the trailer has no ID of two strings".into()] },
        "present".into(),
    );
    let encrypted = doc.trailer.get(b"Encrypt").is_ok();
    c.push(
        "not encrypted",
        if encrypted { vec!["the file is encrypted".into()] } else { Vec::new() },
        "no encryption".into(),
    );

    // 4. OutputIntent.
    let (problems, met) = output_intent(doc, level);
    c.push("one GTS_PDFX OutputIntent with a CMYK output profile", problems, met);

    // 5. Document information.
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| doc.dereference(i).ok())
        .and_then(|(_, i)| i.as_dict().ok());
    let info_text = |key: &[u8]| info.and_then(|i| i.get(key).ok()).and_then(decode_text);
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
    c.push(
        "Info: Title, CreationDate, ModDate, Trapped, GTS_PDFXVersion",
        problems,
        format!("{}, Trapped /{}", level.version_key(), trapped.unwrap_or_default()),
    );

    // 6. XMP metadata agreeing with Info.
    let (problems, met) =
        xmp(doc, level, &info_text(b"Title"), info.and_then(|i| i.get(b"Trapped").ok()));
    c.push("XMP metadata: identification, IDs, rendition, agreeing with Info", problems, met);

    // 7. Page boxes.
    let mut problems = Vec::new();
    let no_trim: Vec<usize> = pages
        .iter()
        .filter(|p| p.trim_box.is_none() && !has_own(doc, p.number, b"ArtBox"))
        .map(|p| p.number)
        .collect();
    if !no_trim.is_empty() {
        problems.push(format!("no TrimBox on {}", page_list(&no_trim)));
    }
    let both: Vec<usize> = pages
        .iter()
        .filter(|p| p.trim_box.is_some() && has_own(doc, p.number, b"ArtBox"))
        .map(|p| p.number)
        .collect();
    if !both.is_empty() {
        problems.push(format!("both TrimBox and ArtBox on {}", page_list(&both)));
    }
    let nested: Vec<usize> = pages.iter().filter(|p| !boxes_nest(p)).map(|p| p.number).collect();
    if !nested.is_empty() {
        problems
            .push(format!("TrimBox ⊆ BleedBox ⊆ MediaBox does not hold on {}", page_list(&nested)));
    }
    let with_bleed =
        pages.iter().filter(|p| p.bleed_box.is_some_and(|b| Some(b) != p.trim_box)).count();
    c.push(
        "TrimBox on every page; TrimBox ⊆ BleedBox ⊆ MediaBox",
        problems,
        format!("{} page(s), {with_bleed} with bleed", pages.len()),
    );

    // 8. Annotations.
    let annotated = annotations_on_sheet(doc, pages);
    c.push(
        "no annotation inside the BleedBox",
        if annotated.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "annotations (links, notes) on the printed sheet of {}",
                page_list(&annotated)
            )]
        },
        "none".into(),
    );

    // 9. Colour, with the blending spaces of transparency groups.
    let (mut problems, met) = colour(pages, level);
    if level == PdfxLevel::X4 {
        problems.extend(rgb_groups(doc));
    }
    c.push(
        if x1a {
            "colour: CMYK, grey and spot only (no RGB, ICC or Lab)"
        } else {
            "colour: no device RGB against a CMYK output intent"
        },
        problems,
        met,
    );

    // 10. Transparency (X-1a).
    if x1a {
        let problems = transparency(doc);
        c.push(
            "no transparency (soft masks, opacity, blend modes, groups)",
            problems,
            "none".into(),
        );
    }

    // 11. Fonts.
    let mut problems: Vec<String> = fonts
        .iter()
        .filter(|f| !f.embedded)
        .map(|f| format!("font {} is not embedded", f.name))
        .collect();
    if x1a {
        problems.extend(
            opentype_fonts(doc).into_iter().map(|name| {
                format!("font {name} is OpenType (PDF 1.6), which PDF 1.4 cannot carry")
            }),
        );
    }
    c.push("every font embedded", problems, format!("{} font(s)", fonts.len()));

    // 12. PDF 1.4 file structure (X-1a).
    if x1a {
        let streams = matches!(
            doc.reference_table.cross_reference_type,
            lopdf::xref::XrefType::CrossReferenceStream
        ) || doc.objects.values().any(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict.get(b"Type").and_then(Object::as_name).ok() == Some(b"ObjStm".as_slice())
            })
        });
        c.push(
            "PDF 1.4 structure: no object or cross-reference streams",
            if streams {
                vec!["the file uses object or cross-reference streams (PDF 1.5)".into()]
            } else {
                Vec::new()
            },
            "classic cross-reference table".into(),
        );
    }

    // 13. Overprinting black (house practice, not a PDF/X rule).
    if !overprint {
        return (PdfxReport { level: level.title().to_owned(), checks: c.checks }, c.findings);
    }
    let knocked = knocked_out_pages(doc);
    let outcome = if knocked.is_empty() {
        Outcome::Met("100% K text and thin rules overprint".into())
    } else {
        let message = format!(
            "100% K text or thin rules knock out on {}: misregistration may show white edges",
            page_list(&knocked)
        );
        c.findings.push(Finding::warning(message.clone()));
        Outcome::Warning(message)
    };
    c.checks
        .push(Check { requirement: "black overprints (Ghent Workgroup practice)".into(), outcome });

    (PdfxReport { level: level.title().to_owned(), checks: c.checks }, c.findings)
}

/// The PDF/X requirements alone, without the overprint advice: what a build checks its
/// own output against (see `export::pdfx`).
pub fn requirements(bytes: &[u8], level: PdfxLevel) -> anyhow::Result<PdfxReport> {
    use super::content::walk_page;
    use super::metadata::DocumentFacts;
    let doc = Document::load_mem(bytes)?;
    let (document, _) = DocumentFacts::read(&doc);
    let page_ids: Vec<(usize, ObjectId)> =
        doc.get_pages().into_iter().map(|(n, id)| (n as usize, id)).collect();
    let mut pages = Vec::new();
    for &(number, id) in &page_ids {
        let (mut page, _) = PageFacts::read(&doc, number, id);
        let spaces: std::collections::BTreeSet<_> =
            walk_page(&doc, id).paints.into_iter().map(|p| p.colour.space).collect();
        page.colour_spaces = spaces.into_iter().collect();
        pages.push(page);
    }
    let fonts = super::fonts::collect(&doc, &page_ids);
    Ok(check(&doc, &document.version, &pages, &fonts, level, false).0)
}

fn version_number(version: &str) -> f64 {
    version.trim().parse().unwrap_or(0.0)
}

/// The page object of page `number`.
fn page_id(doc: &Document, number: usize) -> Option<ObjectId> {
    doc.get_pages().get(&u32::try_from(number).ok()?).copied()
}

fn has_own(doc: &Document, number: usize, key: &[u8]) -> bool {
    page_id(doc, number).and_then(|id| doc.get_dictionary(id).ok()).is_some_and(|d| d.has(key))
}

fn within(inner: &PdfBox, outer: &PdfBox) -> bool {
    const SLACK: f64 = 0.01;
    inner[0] >= outer[0] - SLACK
        && inner[1] >= outer[1] - SLACK
        && inner[2] <= outer[2] + SLACK
        && inner[3] <= outer[3] + SLACK
}

fn boxes_nest(page: &PageFacts) -> bool {
    let media = page.media_box;
    match (page.trim_box, page.bleed_box) {
        (Some(trim), Some(bleed)) => within(&trim, &bleed) && within(&bleed, &media),
        (Some(trim), None) => within(&trim, &media),
        (None, Some(bleed)) => within(&bleed, &media),
        (None, None) => true,
    }
}

/// The GTS_PDFX OutputIntent's problems, or what it declares.
fn output_intent(doc: &Document, level: PdfxLevel) -> (Vec<String>, String) {
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
        |key: &[u8]| intent.get(key).ok().and_then(decode_text).filter(|t| !t.trim().is_empty());
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
fn xmp(
    doc: &Document,
    level: PdfxLevel,
    title: &Option<String>,
    trapped: Option<&Object>,
) -> (Vec<String>, String) {
    let packet = doc
        .catalog()
        .ok()
        .and_then(|c| c.get(b"Metadata").ok())
        .and_then(|m| doc.dereference(m).ok())
        .and_then(|(_, m)| m.as_stream().ok())
        .map(|s| stream_bytes(s).unwrap_or_else(|_| s.content.clone()));
    let Some(packet) = packet else {
        return match level {
            PdfxLevel::X4 => (vec!["there is no XMP metadata stream".into()], String::new()),
            PdfxLevel::X1a => (Vec::new(), "no XMP (optional in PDF/X-1a)".into()),
        };
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

/// Pages with an annotation (other than trapping or printer's marks) reaching inside
/// the BleedBox (or TrimBox, or MediaBox).
fn annotations_on_sheet(doc: &Document, pages: &[PageFacts]) -> Vec<usize> {
    let mut found = Vec::new();
    for page in pages {
        let Some(id) = page_id(doc, page.number) else { continue };
        let sheet = page.bleed_box.or(page.trim_box).unwrap_or(page.media_box);
        let Some(annots) = doc
            .get_dictionary(id)
            .ok()
            .and_then(|d| d.get(b"Annots").ok())
            .and_then(|a| doc.dereference(a).ok())
            .and_then(|(_, a)| a.as_array().ok())
        else {
            continue;
        };
        let on_sheet =
            annots.iter().filter_map(|a| doc.dereference(a).ok()?.1.as_dict().ok()).any(|a| {
                let subtype = a.get(b"Subtype").and_then(Object::as_name).unwrap_or(b"");
                if subtype == b"TrapNet" || subtype == b"PrinterMark" {
                    return false;
                }
                let rect: Vec<f64> = a
                    .get(b"Rect")
                    .and_then(Object::as_array)
                    .map(|r| r.iter().filter_map(|o| o.as_float().ok()).map(f64::from).collect())
                    .unwrap_or_default();
                match rect.as_slice() {
                    [x0, y0, x1, y1] => {
                        !(x0.max(*x1) <= sheet[0]
                            || x0.min(*x1) >= sheet[2]
                            || y0.max(*y1) <= sheet[1]
                            || y0.min(*y1) >= sheet[3])
                    }
                    _ => true,
                }
            });
        if on_sheet {
            found.push(page.number);
        }
    }
    found
}

/// Colour problems: X-1a allows only device CMYK, grey and spot colours (with such
/// fallbacks); X-4 with a CMYK intent allows anything but device RGB.
fn colour(pages: &[PageFacts], level: PdfxLevel) -> (Vec<String>, String) {
    let mut bad: std::collections::BTreeMap<String, Vec<usize>> = Default::default();
    let mut all: std::collections::BTreeSet<String> = Default::default();
    for page in pages {
        for space in &page.colour_spaces {
            all.insert(space.to_string());
            let wrong = match level {
                PdfxLevel::X1a => not_x1a(space),
                PdfxLevel::X4 => device_rgb(space),
            };
            if wrong {
                bad.entry(space.to_string()).or_default().push(page.number);
            }
        }
    }
    let problems =
        bad.into_iter().map(|(space, pages)| format!("{space} on {}", page_list(&pages))).collect();
    let all: Vec<String> = all.into_iter().collect();
    (problems, if all.is_empty() { "no colour".into() } else { all.join(", ") })
}

fn not_x1a(space: &ColourSpace) -> bool {
    match space {
        ColourSpace::Separation { alternate, .. } => not_x1a(alternate),
        ColourSpace::DeviceN { .. } => false,
        other => other.print_problem().is_some(),
    }
}

fn device_rgb(space: &ColourSpace) -> bool {
    match space {
        ColourSpace::DeviceRgb => true,
        ColourSpace::Separation { alternate, .. } => device_rgb(alternate),
        ColourSpace::Indexed { base } => device_rgb(base),
        ColourSpace::Pattern { base: Some(base) } => device_rgb(base),
        _ => false,
    }
}

/// Transparency groups that blend in device RGB, which a CMYK output intent forbids.
fn rgb_groups(doc: &Document) -> Vec<String> {
    let mut found = Vec::new();
    for (id, object) in &doc.objects {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            _ => continue,
        };
        let rgb = dict
            .get(b"Group")
            .ok()
            .and_then(|g| doc.dereference(g).ok())
            .and_then(|(_, g)| g.as_dict().ok())
            .and_then(|g| g.get(b"CS").ok())
            .is_some_and(|cs| cs.as_name().ok() == Some(b"DeviceRGB".as_slice()));
        if rgb {
            found.push(format!("object {} blends its transparency group in DeviceRGB", id.0));
        }
    }
    found
}

/// Every use of transparency in the file's objects.
fn transparency(doc: &Document) -> Vec<String> {
    let mut found = Vec::new();
    for (id, object) in &doc.objects {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            _ => continue,
        };
        let kind = dict
            .get(b"Type")
            .or_else(|_| dict.get(b"Subtype"))
            .and_then(Object::as_name)
            .unwrap_or(b"object");
        let kind = String::from_utf8_lossy(kind);
        if let Some(problem) = live_transparency(dict) {
            found.push(format!("{kind} {} {problem}", id.0));
        }
        if is_transparency_group(doc, dict) {
            found.push(format!("{kind} {} has a transparency group", id.0));
        }
    }
    found
}

/// OpenType font programs (FontFile3 /OpenType), which need PDF 1.6.
fn opentype_fonts(doc: &Document) -> Vec<String> {
    doc.objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type").and_then(Object::as_name).ok() == Some(b"FontDescriptor".as_slice())
        })
        .filter(|d| {
            d.get(b"FontFile3")
                .ok()
                .and_then(|f| doc.dereference(f).ok())
                .and_then(|(_, f)| f.as_stream().ok())
                .is_some_and(|s| {
                    s.dict.get(b"Subtype").and_then(Object::as_name).ok()
                        == Some(b"OpenType".as_slice())
                })
        })
        .map(|d| {
            d.get(b"FontName")
                .and_then(Object::as_name)
                .map(|n| String::from_utf8_lossy(n).into_owned())
                .unwrap_or_default()
        })
        .collect()
}

/// Pages whose own content paints 100% K text or thin rules without overprint.
fn knocked_out_pages(doc: &Document) -> Vec<usize> {
    let mut pages = Vec::new();
    for (number, id) in doc.get_pages() {
        let Ok(bytes) = doc.get_page_content(id) else { continue };
        if with_resources(doc, id, |r| knocked_out_black(&bytes, r)).unwrap_or(0) > 0 {
            pages.push(number as usize);
        }
    }
    pages
}
