//! Comparing the issue as it is now with its last exported PDF: both drawn from PDF by one
//! renderer, compared page by page, and the diff report of `bulletin diff` written into a
//! temporary folder the desk shows in a frame (the last few reports are kept).

use std::collections::VecDeque;
use std::path::Path;
use std::sync::Mutex;

use anyhow::Result;

use crate::serve::error::ApiError;
use crate::serve::protocol::{Comparison, PageDifference};
use crate::serve::site::valid_id;
use crate::visual::compare::{CHANNEL_TOLERANCE, PageChange, compare_pages};
use crate::visual::pdf_pages::rasterize_pdf;
use crate::visual::report::{ReportHeader, write_report};

/// How many reports are kept.
const KEPT: usize = 5;

/// The resolution pages are compared at.
const PPI: u32 = 72;

/// The reports of this server's life, in a temporary folder.
pub(crate) struct Reports {
    dir: tempfile::TempDir,
    /// (token, issue) of each report, oldest first.
    made: Mutex<VecDeque<(String, String)>>,
}

impl Reports {
    /// An empty store.
    pub(crate) fn new() -> std::io::Result<Self> {
        Ok(Self {
            dir: crate::issue::scratch::folder(crate::issue::scratch::Kind::Desk)?,
            made: Mutex::default(),
        })
    }

    /// Compares `old` (the exported PDF, or an earlier version's, as `old_name` says) with
    /// `new` (the PDF of the issue now) and writes the report; gives the `compare` answer
    /// without `base`.
    pub(crate) fn compare(
        &self,
        id: &str,
        (old, old_name): (Vec<u8>, &str),
        new: Vec<u8>,
    ) -> Result<Comparison> {
        let old = rasterize_pdf(old, PPI)?;
        let new = rasterize_pdf(new, PPI)?;
        let changes = compare_pages(&old, &new, CHANNEL_TOLERANCE);
        let token = format!("{:016x}", fastrand::u64(..));
        let header = ReportHeader {
            old: old_name,
            new: "now",
            rendering: &format!("hayro, from the PDFs, at {PPI} ppi"),
            tolerance: CHANNEL_TOLERANCE,
        };
        write_report(&self.dir.path().join(&token), &header, &old, &new, &changes)?;
        let pages: Vec<PageDifference> = changes
            .iter()
            .enumerate()
            .filter_map(|(i, change)| {
                let (change, share) = match change {
                    PageChange::Unchanged => return None,
                    PageChange::Changed(diff) => {
                        ("changed", Some((diff.share() * 10_000.0).round() / 10_000.0))
                    }
                    PageChange::Added => ("added", None),
                    PageChange::Removed => ("removed", None),
                };
                Some(PageDifference { number: i + 1, change, share })
            })
            .collect();
        let mut made = self.made.lock().unwrap_or_else(|p| p.into_inner());
        made.push_back((token.clone(), id.to_owned()));
        while made.len() > KEPT {
            if let Some((old, _)) = made.pop_front() {
                let _ = std::fs::remove_dir_all(self.dir.path().join(old));
            }
        }
        Ok(Comparison {
            identical: pages.is_empty(),
            pages,
            report_url: format!("/api/issues/{id}/reports/{token}/index.html"),
        })
    }

    /// A file of report `token` of issue `id`: its bytes and content type.
    pub(crate) fn file(
        &self,
        id: &str,
        token: &str,
        name: &str,
    ) -> Result<(Vec<u8>, &'static str), ApiError> {
        let known = self
            .made
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .any(|(t, i)| t == token && i == id);
        if !known || !valid_id(name) {
            return Err(ApiError::not_found());
        }
        let kind = match Path::new(name).extension().and_then(|e| e.to_str()) {
            Some("html") => "text/html; charset=utf-8",
            Some("png") => "image/png",
            _ => return Err(ApiError::not_found()),
        };
        let bytes = std::fs::read(self.dir.path().join(token).join(name))
            .map_err(|_| ApiError::not_found())?;
        Ok((bytes, kind))
    }
}
