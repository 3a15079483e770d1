//! The accounts as the desk sees them: the project's `.bulletin/users.toml`, read again
//! whenever it changes, so that `bulletin users` takes effect while the desk runs.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use crate::accounts::Users;

/// What tells one version of the file from another: a write replaces the file (another
/// inode) and changes its time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Stamp {
    modified: Option<SystemTime>,
    len: u64,
    inode: u64,
}

/// The accounts file and its last reading.
#[derive(Debug)]
pub(crate) struct Roster {
    file: PathBuf,
    read: Mutex<(Option<Stamp>, Arc<Users>)>,
}

impl Roster {
    /// The accounts of `file`, read when first asked for.
    pub(crate) fn new(file: PathBuf) -> Self {
        Self { file, read: Mutex::new((None, Arc::new(Users::default()))) }
    }

    /// The accounts as the file holds them now. A file that is missing or cannot be read
    /// holds none: nobody can sign in until it is mended.
    pub(crate) fn current(&self) -> Arc<Users> {
        let stamp = std::fs::metadata(&self.file).ok().map(|meta| Stamp {
            modified: meta.modified().ok(),
            len: meta.len(),
            inode: inode(&meta),
        });
        let mut read = self.read.lock().unwrap_or_else(|p| p.into_inner());
        if stamp.is_some() && read.0 == stamp {
            return read.1.clone();
        }
        let users = match Users::read(&self.file) {
            Ok(users) => users,
            Err(err) => {
                eprintln!("desk: nobody can sign in: {err:#}");
                Users::default()
            }
        };
        *read = (stamp, Arc::new(users));
        read.1.clone()
    }
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}
