//! PDF/X rules (`--for pdfx-4`, `--for pdfx-1a`): every requirement of PDF/X-4
//! (ISO 15930-7:2010) and PDF/X-1a:2003 (ISO 15930-4:2003) that `bulletin` writes for,
//! checked on any PDF and reported one row each.

mod content;
mod document;
mod forbidden;
mod pages;
mod places;

use std::fmt;
use std::str::FromStr;

use lopdf::{Document, Object, ObjectId};
use serde::Serialize;

use super::document::PageFacts;
use super::finding::Finding;
use super::finding::page_list;
use super::fonts::FontFacts;
use crate::diag::text::{Lang, Text};
use crate::issue::model::PdfxLevel;
use crate::issue::model::Profile;
use crate::pdf::page_content::{PageContent, walk_page};

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
    /// Nothing in the file that the requirement is about; what is missing.
    NotApplicable(String),
}

/// One requirement and its outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// The rule's stable id (`pdfx.output-intent`), for scripts reading `--json`; the
    /// same id is on every finding the rule makes.
    pub rule: &'static str,
    /// The requirement, as a print shop reads it (in English, as `--json` gives it).
    pub requirement: String,
    /// The requirement as a message, for the report in the reader's language.
    #[serde(skip)]
    pub words: Text,
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
            Outcome::NotApplicable(detail) => write!(f, "not applicable: {detail}"),
        }
    }
}

impl Outcome {
    /// The outcome in words of `lang` (its detail stays as the check wrote it).
    pub fn render(&self, lang: Lang) -> String {
        let (id, detail) = match self {
            Outcome::Met(detail) => ("outcome-met", detail),
            Outcome::Failed(detail) => ("outcome-failed", detail),
            Outcome::Warning(detail) => ("outcome-warning", detail),
            Outcome::NotApplicable(detail) => ("outcome-not-applicable", detail),
        };
        Text::new(id).arg("detail", detail.as_str()).render(lang)
    }
}

/// The table rows: requirement, outcome, in words of `lang`.
pub fn rows(report: &PdfxReport, lang: Lang) -> Vec<Vec<String>> {
    let header = ["preflight-col-requirement", "preflight-col-result"];
    let mut rows = vec![header.map(|id| Text::new(id).render(lang)).to_vec()];
    rows.extend(report.checks.iter().map(|c| vec![c.words.render(lang), c.outcome.render(lang)]));
    rows
}

/// Collects checks and turns failures into findings.
struct Checks {
    level: PdfxLevel,
    checks: Vec<Check>,
    findings: Vec<Finding>,
}

impl Checks {
    fn push(&mut self, rule: &'static str, words: Text, problems: Vec<String>, met: String) {
        let outcome = if problems.is_empty() {
            Outcome::Met(met)
        } else {
            for problem in &problems {
                let finding = Finding::error(format!("{}: {problem}", self.level));
                self.findings.push(finding.by_rule(rule));
            }
            Outcome::Failed(problems.join("; "))
        };
        self.checks.push(Check { rule, requirement: words.to_string(), words, outcome });
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
        "pdfx.version",
        Text::new("pdfx-rule-version").arg("max", max.clone()),
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
        "pdfx.file-id",
        Text::new("pdfx-rule-file-id"),
        if id_ok { Vec::new() } else { vec!["the trailer has no ID of two strings".into()] },
        "present".into(),
    );
    let encrypted = doc.trailer.get(b"Encrypt").is_ok();
    c.push(
        "pdfx.encryption",
        Text::new("pdfx-rule-encryption"),
        if encrypted { vec!["the file is encrypted".into()] } else { Vec::new() },
        "no encryption".into(),
    );

    // 4. OutputIntent.
    let (problems, met) = document::output_intent(doc, level);
    c.push("pdfx.output-intent", Text::new("pdfx-rule-output-intent"), problems, met);

    // 5. Document information, 6. XMP metadata agreeing with it.
    let (problems, met) = document::info(doc, level);
    c.push("pdfx.info", Text::new("pdfx-rule-info"), problems, met);
    let (problems, met) = document::xmp(doc, level);
    c.push("pdfx.xmp", Text::new("pdfx-rule-xmp"), problems, met);

    // 7. Page boxes.
    let (problems, met) = pages::boxes(doc, pages);
    c.push("pdfx.boxes", Text::new("pdfx-rule-boxes"), problems, met);

    let separated = pages::separated(doc, pages);
    c.push(
        "pdfx.composite",
        Text::new("pdfx-rule-composite"),
        if separated.is_empty() {
            Vec::new()
        } else {
            vec![format!(
                "{} is a separation (SeparationInfo), not the page",
                page_list(&separated)
            )]
        },
        "composite pages".into(),
    );

    // 8. Annotations.
    let annotated = pages::annotations_on_sheet(doc, pages);
    c.push(
        "pdfx.annotations",
        Text::new("pdfx-rule-annotations"),
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
    let places = places::Places::read(doc);
    let (mut problems, met) = content::colour(pages, level);
    if level == PdfxLevel::X4 {
        problems.extend(content::rgb_groups(doc, &places));
    }
    c.push(
        "pdfx.colour",
        Text::new(if x1a { "pdfx-rule-colour-x1a" } else { "pdfx-rule-colour-x4" }),
        problems,
        met,
    );

    // 10. Transparency (X-1a), wherever a graphics state or group is written.
    if x1a {
        let problems = forbidden::transparency(doc, &places);
        c.push("pdfx.transparency", Text::new("pdfx-rule-transparency"), problems, "none".into());
    }

    // Actions, transfer functions, PostScript, alternates and OPI: forbidden at both levels.
    c.push(
        "pdfx.actions",
        Text::new("pdfx-rule-actions"),
        forbidden::actions(doc, &places),
        "none".into(),
    );
    c.push(
        "pdfx.transfer-functions",
        Text::new("pdfx-rule-transfer-functions"),
        forbidden::transfer_functions(doc, &places),
        "none".into(),
    );
    let (problems, count) = forbidden::halftones(doc, &places);
    let met =
        if count == 0 { "none".into() } else { format!("{count} halftone(s), of type 1 or 5") };
    c.push("pdfx.halftones", Text::new("pdfx-rule-halftones"), problems, met);
    let mut problems = forbidden::postscript_alternates_opi(doc, &places, x1a);
    let postscript: Vec<usize> = pages.iter().filter(|p| p.postscript).map(|p| p.number).collect();
    if !postscript.is_empty() {
        problems.push(format!(
            "{}: PostScript in the content (the PS operator)",
            page_list(&postscript)
        ));
    }
    c.push("pdfx.postscript-opi", Text::new("pdfx-rule-postscript-opi"), problems, "none".into());
    let (problems, filters) = forbidden::compression(doc, &places, x1a);
    let met = if filters.is_empty() {
        "no compressed streams".into()
    } else {
        filters.into_iter().collect::<Vec<_>>().join(", ")
    };
    c.push(
        "pdfx.compression",
        Text::new(if x1a { "pdfx-rule-compression-x1a" } else { "pdfx-rule-compression-x4" }),
        problems,
        met,
    );
    c.push(
        "pdfx.external-content",
        Text::new("pdfx-rule-external-content"),
        forbidden::external_content(doc, &places),
        "none".into(),
    );
    if !x1a {
        let (problems, met) = document::optional_content(doc);
        c.push("pdfx.optional-content", Text::new("pdfx-rule-optional-content"), problems, met);
    }

    // 11. Fonts.
    let mut problems: Vec<String> = fonts
        .iter()
        .filter(|f| !f.embedded)
        .map(|f| format!("font {} is not embedded", f.name))
        .collect();
    if x1a {
        problems.extend(
            content::opentype_fonts(doc).into_iter().map(|name| {
                format!("font {name} is OpenType (PDF 1.6), which PDF 1.4 cannot carry")
            }),
        );
    }
    c.push(
        "pdfx.fonts",
        Text::new("pdfx-rule-fonts"),
        problems,
        format!("{} font(s)", fonts.len()),
    );

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
        let mut problems = Vec::new();
        if streams {
            problems.push("the file uses object or cross-reference streams (PDF 1.5)".into());
        }
        if doc.catalog().is_ok_and(|c| c.has(b"OCProperties")) {
            problems.push("the file has optional content (layers, PDF 1.5)".into());
        }
        c.push(
            "pdfx.file-structure",
            Text::new("pdfx-rule-file-structure"),
            problems,
            "classic cross-reference table".into(),
        );
    }

    // 13. Overprinting black (house practice, not a PDF/X rule).
    if !overprint {
        return (PdfxReport { level: level.title().to_owned(), checks: c.checks }, c.findings);
    }
    let (painted, knocked) = content::black_pages(pages);
    let outcome = if painted.is_empty() {
        Outcome::NotApplicable("no 100% K text or thin rules".into())
    } else if knocked.is_empty() {
        Outcome::Met(format!("100% K text and thin rules overprint ({})", page_list(&painted)))
    } else {
        let message = format!(
            "100% K text or thin rules knock out on {}: misregistration may show white edges",
            page_list(&knocked)
        );
        c.findings.push(Finding::warning(message.clone()).by_rule("house.black-overprint"));
        Outcome::Warning(message)
    };
    c.checks.push(Check {
        rule: "house.black-overprint",
        requirement: Text::new("pdfx-rule-black-overprint").to_string(),
        words: Text::new("pdfx-rule-black-overprint"),
        outcome,
    });

    (PdfxReport { level: level.title().to_owned(), checks: c.checks }, c.findings)
}

/// The PDF/X requirements alone, without the overprint advice: what a build checks its
/// own output against (see `export::pdfx`).
pub fn requirements(bytes: &[u8], level: PdfxLevel) -> anyhow::Result<PdfxReport> {
    Ok(requirements_of(&Document::load_mem(bytes)?, level))
}

/// [`requirements`] of a document already in memory.
pub fn requirements_of(doc: &Document, level: PdfxLevel) -> PdfxReport {
    requirements_read(doc, None, level)
}

/// [`requirements_of`] with what each page paints already read (in page order, as
/// [`walk_page`] reads it), instead of reading every page's content again; a list that
/// does not match the pages is not used.
pub fn requirements_given(doc: &Document, pages: &[PageContent], level: PdfxLevel) -> PdfxReport {
    requirements_read(doc, Some(pages), level)
}

fn requirements_read(doc: &Document, read: Option<&[PageContent]>, level: PdfxLevel) -> PdfxReport {
    use rayon::prelude::*;

    use super::metadata::DocumentFacts;
    let (document, _) = DocumentFacts::read(doc);
    let page_ids: Vec<(usize, ObjectId)> =
        doc.get_pages().into_iter().map(|(n, id)| (n as usize, id)).collect();
    let read = read.filter(|read| read.len() == page_ids.len());
    // Each page is read on its own, in parallel; the checks see them in page order.
    let pages: Vec<PageFacts> = page_ids
        .par_iter()
        .enumerate()
        .map(|(index, &(number, id))| {
            let (mut page, _) = PageFacts::read(doc, number, id);
            let walked;
            let content = match read {
                Some(read) => &read[index],
                None => {
                    walked = walk_page(doc, id);
                    &walked
                }
            };
            page.postscript = content.postscript;
            let spaces: std::collections::BTreeSet<_> =
                content.paints.iter().map(|p| p.colour.space.clone()).collect();
            page.colour_spaces = spaces.into_iter().collect();
            page
        })
        .collect();
    let fonts = super::fonts::collect(doc, &page_ids);
    check(doc, &document.version, &pages, &fonts, level, false).0
}

fn version_number(version: &str) -> f64 {
    version.trim().parse().unwrap_or(0.0)
}

/// Checks `pdf` against the PDF/X requirements of `bulletin preflight --for pdfx-*`
/// (only those: image resolution and page counts are the print preflight's business);
/// fails naming every requirement not met. On the PDF/X writer's output a failure is a
/// bug in the writer or something in the PDF it cannot convert.
pub fn verify(pdf: &[u8], level: PdfxLevel) -> anyhow::Result<()> {
    verify_report(&requirements(pdf, level)?, level)
}

/// [`verify`] on the document as it was written, already in memory: the writer's own
/// check, which does not parse its bytes again.
pub fn verify_document(doc: &Document, level: PdfxLevel) -> anyhow::Result<()> {
    verify_report(&requirements_of(doc, level), level)
}

/// [`verify_document`] with what each page paints as the writer read it in the walk
/// that rewrote the page ([`requirements_given`]): the check of `bulletin build`, which
/// neither parses the file nor reads its pages again.
pub fn verify_written(
    doc: &Document,
    pages: &[PageContent],
    level: PdfxLevel,
) -> anyhow::Result<()> {
    verify_report(&requirements_given(doc, pages, level), level)
}

fn verify_report(report: &PdfxReport, level: PdfxLevel) -> anyhow::Result<()> {
    let errors: Vec<String> = report
        .checks
        .iter()
        .filter_map(|check| match &check.outcome {
            Outcome::Failed(why) => Some(format!("{}: {why}", check.requirement)),
            _ => None,
        })
        .collect();
    if !errors.is_empty() {
        anyhow::bail!("the {level} file would not pass preflight: {}", errors.join("; "));
    }
    Ok(())
}
