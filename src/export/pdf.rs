//! PDF export with identifiers and dates taken from the issue, so bytes are reproducible.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::diag::{Text, TextContext};
use crate::export::pdfx::{self, PdfxOptions, Written, to_pdfx_document};
use crate::issue::model::{Issue, PdfxLevel, Profile};

/// The PDF's file name: `<id>.pdf` for print, `<id>-screen.pdf` for the screen, so that
/// both can sit side by side.
pub(crate) fn file_name(id: &str, profile: Profile) -> String {
    match profile {
        Profile::Print => format!("{id}.pdf"),
        Profile::Screen => format!("{id}-screen.pdf"),
    }
}

/// Where a PDF goes unless told otherwise: `out/<file name>` in the project folder
/// `root`; the `out/` folder is created if need be.
pub(crate) fn default_path(root: &Path, id: &str, profile: Profile) -> Result<PathBuf> {
    let dir = root.join("out");
    std::fs::create_dir_all(&dir)
        .text_context(|| Text::new("create-failed").arg("path", dir.display().to_string()))?;
    Ok(dir.join(file_name(id, profile)))
}

/// What an export leaves for the next export of the same issue (a long-lived engine's,
/// after an edit): the pages typst-pdf converted, and the PDF/X conversion's objects.
/// Taking them gives the same bytes as exporting afresh.
#[derive(Default)]
pub struct Reuse {
    pages: typst_pdf::PageReuse,
    pdfx: pdfx::Reuse,
}

impl Reuse {
    /// How many pages the last export took as typst-pdf converted them for the export
    /// before, rather than converting them again.
    pub fn pages_reused(&self) -> usize {
        self.pages.replayed()
    }
}

/// What a print PDF declares beyond its pages: the PDF/X level and the bleed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PrintDeclarations {
    /// The PDF/X level; `None` takes the publication's, else PDF/X-4.
    pub pdfx: Option<PdfxLevel>,
    /// How far the sheet extends past the trimmed page, in millimetres; `None`: no bleed.
    pub bleed_mm: Option<f64>,
}

/// Exports `document`, typeset for `profile`, as PDF. The screen profile is PDF/A-2b
/// with PDF/UA-1, which Typst validates while exporting; the print profile is a PDF/X
/// file of the level `print` or the publication names (PDF/X-4 by default), declaring
/// the bleed `print` gives. The same issue, document and declarations always give the
/// same bytes.
pub fn export_pdf(
    document: &PagedDocument,
    issue: &Issue,
    profile: Profile,
    print: &PrintDeclarations,
) -> Result<Vec<u8>> {
    Ok(export_pdf_document(document, issue, profile, print, None)?.0)
}

/// [`export_pdf`], also giving, for print, the PDF/X file as it was written (what a check
/// of the file reads, without parsing the bytes again); with `reuse`, the PDF/X
/// conversion takes what the last export with it left and is still the same (the bytes
/// are those of an export without).
pub fn export_pdf_document(
    document: &PagedDocument,
    issue: &Issue,
    profile: Profile,
    print: &PrintDeclarations,
    reuse: Option<&mut Reuse>,
) -> Result<(Vec<u8>, Option<Written>)> {
    let (pages, pdfx) = match reuse {
        Some(reuse) => (Some(&mut reuse.pages), Some(&mut reuse.pdfx)),
        None => (None, None),
    };
    let pdf = typst_pdf_for(document, issue, profile, pages)?;
    Ok(match profile {
        // Only the screen PDF is tagged, so only it has mark information.
        Profile::Screen => (without_false_suspects(pdf), None),
        Profile::Print => {
            let (pdf, written) = to_pdfx_document(pdf, &pdfx_options(issue, print), pdfx)?;
            (pdf, Some(written))
        }
    })
}

/// The catalog's mark information as typst-pdf writes it in a tagged PDF.
const MARK_INFO: &[u8] = b"/MarkInfo<</Marked true/Suspects false>>";
/// The same without `Suspects`, whose default is false: poppler reports every `false`
/// there as a syntax error, which a print shop reads as a damaged file.
const MARK_INFO_WITHOUT_SUSPECTS: &[u8] = b"/MarkInfo<</Marked true>>";

/// `pdf` with `/Suspects false` taken out of the catalog's mark information. The entry
/// is overwritten with spaces in place, so every byte offset of the file (its
/// cross-reference table) stays right; a file that does not hold the entry exactly once,
/// as written, is left as it is.
fn without_false_suspects(mut pdf: Vec<u8>) -> Vec<u8> {
    let mut found = memchr::memmem::find_iter(&pdf, MARK_INFO);
    let (Some(at), None) = (found.next(), found.next()) else {
        return pdf;
    };
    let mut replacement = MARK_INFO_WITHOUT_SUSPECTS.to_vec();
    replacement.resize(MARK_INFO.len(), b' ');
    pdf[at..at + MARK_INFO.len()].copy_from_slice(&replacement);
    pdf
}

/// The PDF/X declarations for `issue` printed as `print` says.
pub(crate) fn pdfx_options(issue: &Issue, print: &PrintDeclarations) -> PdfxOptions {
    PdfxOptions {
        level: print.pdfx.or(issue.publication.pdfx).unwrap_or_default(),
        title: format!("{} {}年第{}期", issue.publication.title, issue.year, issue.number),
        document_id: format!("{}/{}", issue.publication.title, issue.id),
        date: issue.date,
        bleed_mm: print.bleed_mm,
    }
}

/// The PDF typst-pdf writes for `profile`, before any post-processing; with `pages`, the
/// pages the last export with them converted are used again where they come out the same
/// (the print profile's; the screen profile's pages are tagged, and always converted).
fn typst_pdf_for(
    document: &PagedDocument,
    issue: &Issue,
    profile: Profile,
    pages: Option<&mut typst_pdf::PageReuse>,
) -> Result<Vec<u8>> {
    let date = issue.date;
    let datetime = Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .ok_or_else(|| anyhow!("the issue date is not a valid calendar date"))?;
    let standards = match profile {
        Profile::Print => PdfStandards::default(),
        // typst-pdf 0.15.1 writes both at once (checked on the sample; see
        // tests/pdfx_checks/standards.rs): archival and accessible.
        Profile::Screen => PdfStandards::new(&[PdfStandard::A_2b, PdfStandard::Ua_1])
            .map_err(|err| anyhow!("PDF/A-2b with PDF/UA-1 is not available: {}", err.message()))?,
    };
    let options = PdfOptions {
        ident: Smart::Custom(format!("{}/{}", issue.publication.title, issue.id)),
        creator: Smart::Custom(Some(format!("bulletin {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(datetime)),
        standards,
        // The tags (the structure screen readers follow) are for the screen PDF, which
        // readers get; a press has no use for them. Without them the print export has no
        // structure tree to write, parse and write again, and no marked content on the
        // pages for the PDF/X pass and the check to read (about 8 ms of a cold build).
        tagged: profile == Profile::Screen,
        // The PDF/X pass rewrites the content of every page and form, and compresses the
        // content when it writes the file (`pdfx::compression`).
        compress_content: profile == Profile::Screen,
        ..PdfOptions::default()
    };
    let pdf = match pages {
        Some(pages) => typst_pdf::pdf_reusing(document, &options, pages),
        None => typst_pdf::pdf(document, &options),
    };
    pdf.map_err(|errors| {
        let messages: Vec<_> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!("PDF export ({profile} profile) failed: {}", messages.join("; "))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suspects_false_is_blanked_in_place_once() {
        let pdf =
            b"1 0 obj<</Type/Catalog/MarkInfo<</Marked true/Suspects false>>/Lang(zh)>>".to_vec();
        let out = without_false_suspects(pdf.clone());
        assert_eq!(out.len(), pdf.len());
        assert_eq!(
            out,
            b"1 0 obj<</Type/Catalog/MarkInfo<</Marked true>>               /Lang(zh)>>".to_vec()
        );
        let twice = [pdf.as_slice(), pdf.as_slice()].concat();
        assert_eq!(without_false_suspects(twice.clone()), twice);
    }
}
