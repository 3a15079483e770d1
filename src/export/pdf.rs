//! PDF export with identifiers and dates taken from the issue, so bytes are reproducible.

use anyhow::{Result, anyhow};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};

use crate::model::Issue;

/// Exports `document` as PDF; the same issue and document always give the same bytes.
pub fn export_pdf(document: &PagedDocument, issue: &Issue) -> Result<Vec<u8>> {
    let date = issue.date;
    let datetime = Datetime::from_ymd_hms(date.year, date.month, date.day, 0, 0, 0)
        .ok_or_else(|| anyhow!("the issue date is not a valid calendar date"))?;
    let options = PdfOptions {
        ident: Smart::Custom(format!("{}/{}", issue.publication.title, issue.id)),
        creator: Smart::Custom(Some(format!("bulletin {}", env!("CARGO_PKG_VERSION")))),
        timestamp: Some(Timestamp::new_utc(datetime)),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options).map_err(|errors| {
        let messages: Vec<_> = errors.iter().map(|e| e.message.to_string()).collect();
        anyhow!("PDF export failed: {}", messages.join("; "))
    })
}
