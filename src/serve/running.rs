//! The desks running on this computer, one record per project, so that starting the desk
//! again for a project (the menu entry clicked twice) opens the running one instead of a
//! second server on another port.

use std::net::{SocketAddr, TcpStream, ToSocketAddrs as _};
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::install::tree::fingerprint_bytes;

/// A running desk, as its record holds it.
#[derive(Debug, Serialize, Deserialize)]
struct Record {
    /// The project it serves, canonical.
    project: PathBuf,
    /// Its address.
    url: String,
    /// Its process.
    pid: u32,
}

/// The folder of records: `$XDG_RUNTIME_DIR/bulletin` (private to the user and emptied at
/// logout), else `desks` in the user's cache folder (`~/.cache/bulletin/desks`). Not the
/// temporary folder, whose `bulletin-*` folders are the scratch of running processes.
fn folder() -> Option<PathBuf> {
    let var = |name: &str| std::env::var_os(name).filter(|dir| !dir.is_empty()).map(PathBuf::from);
    if let Some(runtime) = var("XDG_RUNTIME_DIR") {
        return Some(runtime.join("bulletin"));
    }
    let cache = var("XDG_CACHE_HOME").or_else(|| var("HOME").map(|home| home.join(".cache")))?;
    Some(cache.join("bulletin").join("desks"))
}

fn record_file(root: &Path) -> Option<PathBuf> {
    let name = fingerprint_bytes(root.as_os_str().as_encoded_bytes());
    Some(folder()?.join(format!("desk-{}.toml", &name[..16])))
}

/// The address of a desk already serving `root` on this computer, if one answers.
pub(crate) fn running_desk(root: &Path) -> Option<String> {
    let text = std::fs::read_to_string(record_file(root)?).ok()?;
    let record: Record = toml::from_str(&text).ok()?;
    if record.project != root || !alive(record.pid) {
        return None;
    }
    let addr: SocketAddr =
        record.url.strip_prefix("http://")?.trim_end_matches('/').to_socket_addrs().ok()?.next()?;
    TcpStream::connect_timeout(&addr, Duration::from_millis(500)).ok()?;
    Some(record.url)
}

/// Whether process `pid` exists.
fn alive(pid: u32) -> bool {
    let Ok(pid) = libc::pid_t::try_from(pid) else { return false };
    // SAFETY: signal 0 checks that the process exists and sends nothing.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// The record of this desk, removed when dropped (a desk killed leaves it behind; the
/// next start finds its process gone).
pub(crate) struct Registered {
    file: PathBuf,
}

/// Records that this process serves `root` at `url`; `None` when the record cannot be
/// written (the desk then works, without being found again).
pub(crate) fn register(root: &Path, url: &str) -> Option<Registered> {
    let file = record_file(root)?;
    std::fs::create_dir_all(file.parent()?).ok()?;
    let record =
        Record { project: root.to_path_buf(), url: url.to_owned(), pid: std::process::id() };
    crate::issue::files::write_atomically(&file, toml::to_string(&record).ok()?.as_bytes()).ok()?;
    Some(Registered { file })
}

impl Drop for Registered {
    fn drop(&mut self) {
        let ours = std::fs::read_to_string(&self.file)
            .ok()
            .and_then(|text| toml::from_str::<Record>(&text).ok())
            .is_some_and(|record| record.pid == std::process::id());
        if ours {
            let _ = std::fs::remove_file(&self.file);
        }
    }
}
