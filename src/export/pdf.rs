//! PDF export with identifiers and dates taken from the issue, so bytes are reproducible.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::issue::model::{Issue, Profile};

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
        .with_context(|| format!("failed to create `{}`", dir.display()))?;
    Ok(dir.join(file_name(id, profile)))
}

/// Exports `document`, typeset for `profile`, as PDF; the screen profile is PDF/A-2b,
/// which Typst validates while exporting. The same issue and document always give the
/// same bytes.
pub fn export_pdf(document: &PagedDocument, issue: &Issue, profile: Profile) -> Result<Vec<u8>> {
    let date = issue.date;
    let datetime = Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .ok_or_else(|| anyhow!("the issue date is not a valid calendar date"))?;
    let standards = match profile {
        Profile::Print => PdfStandards::default(),
        Profile::Screen => PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|err| anyhow!("PDF/A-2b is not available: {}", err.message()))?,
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
