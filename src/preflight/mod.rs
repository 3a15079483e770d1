//! Preflight: inspects any PDF the way a print shop does, and says what would stop the press.

pub mod colours;
pub mod document;
pub mod finding;
pub mod fonts;
pub mod images;
pub mod metadata;
pub mod pdfx;
pub mod report;

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use anyhow::Result;
use serde::Serialize;

use self::colours::{Ink, TextInk, inks};
use self::document::PageFacts;
pub use self::finding::{Finding, MM_PER_PT, Severity, page_list};
use self::fonts::FontFacts;
use self::images::ImageFacts;
use self::metadata::DocumentFacts;
use crate::diag::{Text, TextContext};
use crate::issue::model::{PdfxLevel, Profile};
use crate::pdf::content::Painted;
use crate::pdf::page_content::walk_page;

/// What the file is checked against.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Rules {
    /// What the file is for; colour and PDF/A rules depend on it.
    pub intent: Option<Profile>,
    /// The page count must be a multiple of this.
    pub multiple: Option<u32>,
}

/// Everything preflight learned about a PDF, and its findings.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Preflight {
    /// The file, as named on the command line.
    pub file: String,
    /// What it was checked for.
    pub intent: Option<Profile>,
    /// The page count it had to be a multiple of.
    pub multiple: Option<u32>,
    /// Version and claimed standards.
    pub document: DocumentFacts,
    /// Every page.
    pub pages: Vec<PageFacts>,
    /// Every font.
    pub fonts: Vec<FontFacts>,
    /// Every image drawn.
    pub images: Vec<ImageFacts>,
    /// The PDF/X requirements, when checked for a level.
    pub pdfx: Option<pdfx::PdfxReport>,
    /// The findings, errors first.
    pub findings: Vec<Finding>,
}

impl Preflight {
    /// How many findings have `severity`.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings.iter().filter(|f| f.severity == severity).count()
    }

    /// The pages whose text is all in black ink alone.
    pub fn black_text_pages(&self) -> Vec<usize> {
        self.pages.iter().filter(|p| p.text == TextInk::BlackOnly).map(|p| p.number).collect()
    }
}

/// Preflight found errors; `main` exits with code 1 on this error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreflightFailed {
    /// How many errors.
    pub errors: usize,
}

impl PreflightFailed {
    /// The verdict as a message.
    pub fn words(&self) -> crate::diag::Text {
        crate::diag::Text::new("preflight-failed").arg("errors", self.errors)
    }
}

impl fmt::Display for PreflightFailed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.words())
    }
}

impl std::error::Error for PreflightFailed {}

/// Inspects the PDF file at `path`.
pub fn preflight_file(path: &Path, rules: &Rules) -> Result<Preflight> {
    preflight_file_for(path, rules, None)
}

/// Inspects the PDF file at `path`, and checks it against the PDF/X level `pdfx`.
pub fn preflight_file_for(
    path: &Path,
    rules: &Rules,
    pdfx: Option<PdfxLevel>,
) -> Result<Preflight> {
    let bytes = std::fs::read(path)
        .text_context(|| Text::new("read-failed").arg("path", path.display().to_string()))?;
    preflight_for(&bytes, &path.display().to_string(), rules, pdfx).text_context(|| {
        Text::new("preflight-uninspectable").arg("path", path.display().to_string())
    })
}

/// Inspects the PDF in `bytes`, named `file` in the report.
pub fn preflight(bytes: &[u8], file: &str, rules: &Rules) -> Result<Preflight> {
    preflight_for(bytes, file, rules, None)
}

/// Inspects the PDF in `bytes`, named `file` in the report, and checks it against the
/// PDF/X level `pdfx` (every requirement reported in [`Preflight::pdfx`]).
pub fn preflight_for(
    bytes: &[u8],
    file: &str,
    rules: &Rules,
    pdfx: Option<PdfxLevel>,
) -> Result<Preflight> {
    if !bytes.starts_with(b"%PDF-") {
        anyhow::bail!(Text::new("preflight-not-pdf"));
    }
    let doc =
        lopdf::Document::load_mem(bytes).text_context(|| Text::new("preflight-unreadable-pdf"))?;
    let (document, mut findings) = DocumentFacts::read(&doc);
    let page_ids: Vec<(usize, lopdf::ObjectId)> =
        doc.get_pages().into_iter().map(|(n, id)| (n as usize, id)).collect();
    let mut pages = Vec::new();
    let mut images = Vec::new();
    for &(number, id) in &page_ids {
        let (mut page, page_findings) = PageFacts::read(&doc, number, id);
        findings.extend(page_findings);
        let content = walk_page(&doc, id);
        for problem in &content.problems {
            findings.push(
                Finding::warning(format!("{problem}; colours and images may be incomplete"))
                    .on_page(number),
            );
        }
        let spaces: BTreeSet<_> = content.paints.iter().map(|p| p.colour.space.clone()).collect();
        let page_inks: BTreeSet<Ink> =
            content.paints.iter().flat_map(|p| inks(&p.colour)).collect();
        let text_inks: BTreeSet<Ink> = content
            .paints
            .iter()
            .filter(|p| p.what == Painted::Text)
            .flat_map(|p| inks(&p.colour))
            .collect();
        let has_text = content.paints.iter().any(|p| p.what == Painted::Text);
        page.text = if !has_text {
            TextInk::NoText
        } else if text_inks.iter().all(|ink| *ink == Ink::Black) {
            TextInk::BlackOnly
        } else {
            TextInk::Mixed(text_inks.into_iter().collect())
        };
        page.colour_spaces = spaces.into_iter().collect();
        page.inks = page_inks.into_iter().collect();
        page.black = content.black;
        page.postscript = content.postscript;
        images.extend(content.images.iter().map(|image| ImageFacts::new(number, image)));
        pages.push(page);
    }
    let fonts = fonts::collect(&doc, &page_ids);
    findings.extend(document::findings(&pages, rules.multiple));
    findings.extend(fonts::findings(&fonts));
    findings.extend(document::colour_findings(&pages, rules.intent));
    findings.extend(images::findings(&images, rules.intent));
    findings.extend(metadata::findings(&document, rules.intent));
    let pdfx = pdfx.map(|level| {
        let (report, pdfx_findings) =
            pdfx::check(&doc, &document.version, &pages, &fonts, level, true);
        findings.extend(pdfx_findings);
        report
    });
    // Errors first; otherwise in the order found.
    findings.sort_by_key(|finding| std::cmp::Reverse(finding.severity));
    Ok(Preflight {
        file: file.to_owned(),
        intent: rules.intent,
        multiple: rules.multiple,
        document,
        pages,
        fonts,
        images,
        pdfx,
        findings,
    })
}
