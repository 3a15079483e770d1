//! Exported PDFs: written where `bulletin build --profile` writes them (`out/<id>.pdf`,
//! `out/<id>-screen.pdf`), described for the desk, found again after a restart, downloaded.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::SystemTime;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::export::pdf::{default_path, file_name};
use crate::issue::calendar::{now, rfc3339};
use crate::issue::files::write_atomically;
use crate::issue::model::Profile;
use crate::serve::error::ApiError;
use crate::serve::site::Site;

/// One exported PDF, as the desk lists it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct ExportInfo {
    /// `print` or `screen`.
    pub(crate) kind: &'static str,
    /// The revision exported, when this server exported it.
    pub(crate) revision: Option<String>,
    /// The file, relative to the project.
    pub(crate) path: String,
    pub(crate) bytes: u64,
    pub(crate) page_count: usize,
    pub(crate) sha256: String,
    /// When it was written (RFC 3339).
    pub(crate) exported_at: String,
    /// Where the desk downloads it.
    pub(crate) url: String,
}

/// The profile a kind names.
pub(crate) fn profile_of(kind: &str) -> Option<Profile> {
    kind.parse().ok()
}

/// Writes `bytes`, the PDF of `revision` typeset for `profile`, as `bulletin build` would.
pub(crate) fn write_export(
    site: &Site,
    id: &str,
    profile: Profile,
    revision: &str,
    bytes: &[u8],
    page_count: usize,
) -> Result<ExportInfo, ApiError> {
    let path = default_path(&site.root, id, profile)?;
    if let Some(dir) = path.parent() {
        site.inside(dir)?;
    }
    write_atomically(&path, bytes)?;
    Ok(ExportInfo {
        kind: profile.name(),
        revision: Some(revision.to_owned()),
        path: site.relative(&path),
        bytes: bytes.len() as u64,
        page_count,
        sha256: sha256(bytes),
        exported_at: now(),
        url: url(id, profile, Some(revision)),
    })
}

/// The last export of `profile` for issue `id` found in out/, if any.
pub(crate) fn on_disk(site: &Site, id: &str, profile: Profile) -> Option<ExportInfo> {
    let path = file(site, id, profile).ok()?;
    let meta = std::fs::metadata(&path).ok()?;
    let bytes = std::fs::read(&path).ok()?;
    Some(ExportInfo {
        kind: profile.name(),
        revision: None,
        path: site.relative(&path),
        bytes: meta.len(),
        page_count: page_count(&path, &bytes)?,
        sha256: sha256(&bytes),
        exported_at: meta.modified().ok().map(rfc3339)?,
        url: url(id, profile, None),
    })
}

/// When the PDF of `profile` for issue `id` was last written, if it exists.
pub(crate) fn exported_at(site: &Site, id: &str, profile: Profile) -> Option<String> {
    let path = file(site, id, profile).ok()?;
    std::fs::metadata(path).ok()?.modified().ok().map(rfc3339)
}

/// The page count of the PDF of `profile` for issue `id` in out/, if any.
pub(crate) fn pages_on_disk(site: &Site, id: &str, profile: Profile) -> Option<usize> {
    let path = file(site, id, profile).ok()?;
    let bytes = std::fs::read(&path).ok()?;
    page_count(&path, &bytes)
}

/// The exported file of `profile` for issue `id`, which must lie inside the project.
pub(crate) fn file(site: &Site, id: &str, profile: Profile) -> Result<PathBuf, ApiError> {
    let path = site.root.join("out").join(file_name(id, profile));
    site.inside(&path)
}

/// The download URL of an export.
fn url(id: &str, profile: Profile, revision: Option<&str>) -> String {
    let rev = revision.map(|r| format!("?rev={r}")).unwrap_or_default();
    format!("/api/issues/{id}/exports/{}.pdf{rev}", profile.name())
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The page count of a PDF, remembered by file, size and time.
fn page_count(path: &Path, bytes: &[u8]) -> Option<usize> {
    type Known = HashMap<(PathBuf, u64, Option<SystemTime>), usize>;
    static KNOWN: Mutex<Option<Known>> = Mutex::new(None);
    let modified = std::fs::metadata(path).ok().and_then(|m| m.modified().ok());
    let key = (path.to_path_buf(), bytes.len() as u64, modified);
    let mut known = KNOWN.lock().unwrap_or_else(|p| p.into_inner());
    if let Some(count) = known.get_or_insert_with(HashMap::new).get(&key) {
        return Some(*count);
    }
    let count = lopdf::Document::load_mem(bytes).ok()?.get_pages().len();
    known.get_or_insert_with(HashMap::new).insert(key, count);
    Some(count)
}
