//! PDF export with identifiers and dates taken from the issue, so bytes are reproducible.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::model::{Issue, Profile};

/// The PDF's file name: `<id>.pdf` for print, `<id>-screen.pdf` for the screen, so that
/// both can sit side by side.
pub fn file_name(id: &str, profile: Profile) -> String {
    match profile {
        Profile::Print => format!("{id}.pdf"),
        Profile::Screen => format!("{id}-screen.pdf"),
    }
}

/// Where a PDF goes unless told otherwise: `out/<file name>` in the project folder
/// `root`; the `out/` folder is created if need be.
pub fn default_path(root: &Path, id: &str, profile: Profile) -> Result<PathBuf> {
    let dir = root.join("out");
    std::fs::create_dir_all(&dir)
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    Ok(dir.join(file_name(id, profile)))
}

/// Exports `document` for `profile` with the print options of `output`: for print, a
/// PDF/X file of the level `output`, the publication or PDF/X-4 names, declaring the
/// bleed `output` asks for.
pub fn export_pdf_as(
    document: &PagedDocument,
    issue: &Issue,
    profile: Profile,
    output: &crate::output::OutputOptions,
) -> Result<Vec<u8>> {
    let pdf = typst_pdf_for(document, issue, profile)?;
    match profile {
        Profile::Screen => Ok(pdf),
        Profile::Print => crate::export::pdfx::to_pdfx(pdf, &pdfx_options(issue, output)),
    }
}

/// The PDF/X declarations for `issue` built with `output`.
pub fn pdfx_options(
    issue: &Issue,
    output: &crate::output::OutputOptions,
) -> crate::export::pdfx::PdfxOptions {
    crate::export::pdfx::PdfxOptions {
        level: output.pdfx.or(issue.publication.pdfx).unwrap_or_default(),
        title: format!("{} {}年第{}期", issue.publication.title, issue.year, issue.number),
        document_id: format!("{}/{}", issue.publication.title, issue.id),
        date: issue.date,
        bleed_mm: output.bleed.map(|bleed| bleed.millimetres()),
    }
}

/// Exports `document` as PDF in the publication's default profile; the same issue and
/// document always give the same bytes.
pub fn export_pdf(document: &PagedDocument, issue: &Issue) -> Result<Vec<u8>> {
    export_pdf_with(document, issue, issue.publication.profile)
}

/// Exports `document`, typeset for `profile`, as PDF; the screen profile is PDF/A-2b,
/// which Typst validates while exporting, the print profile PDF/X (the publication's
/// level, else PDF/X-4) without bleed declared: [`export_pdf_as`] declares it.
pub fn export_pdf_with(
    document: &PagedDocument,
    issue: &Issue,
    profile: Profile,
) -> Result<Vec<u8>> {
    export_pdf_as(document, issue, profile, &crate::output::OutputOptions::default())
}

/// The PDF typst-pdf writes for `profile`, before any post-processing.
fn typst_pdf_for(document: &PagedDocument, issue: &Issue, profile: Profile) -> Result<Vec<u8>> {
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
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        let messages: Vec<_> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!("PDF export ({profile} profile) failed: {}", messages.join("; "))
    })
}
