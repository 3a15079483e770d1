//! Temporary folders named after the process that makes them, so that those of a process
//! that was killed are found and removed by the next one.

use std::io;
use std::path::Path;

/// What a temporary folder holds, the second part of its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The desk's comparison reports (`bulletin-desk-<pid>-XXXXXX`).
    Desk,
    /// A long-lived engine's private copy of the fonts (`bulletin-fonts-<pid>-XXXXXX`).
    Fonts,
}

impl Kind {
    const ALL: [Kind; 2] = [Kind::Desk, Kind::Fonts];

    fn name(self) -> &'static str {
        match self {
            Kind::Desk => "desk",
            Kind::Fonts => "fonts",
        }
    }
}

/// A new folder `bulletin-<kind>-<pid>-XXXXXX` in the system's temporary folder, removed
/// when dropped, or by [`remove_orphans`] once this process is gone.
pub(crate) fn folder(kind: Kind) -> io::Result<tempfile::TempDir> {
    tempfile::Builder::new()
        .prefix(&format!("bulletin-{}-{}-", kind.name(), std::process::id()))
        .tempdir()
}

/// Removes the folders `folder` made in the system's temporary folder for processes that
/// are no longer running (killed before they could remove them); those of running
/// processes are kept. Gives how many were removed; what cannot be removed is left.
pub fn remove_orphans() -> usize {
    remove_orphans_in(&std::env::temp_dir())
}

fn remove_orphans_in(temp: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(temp) else { return 0 };
    let mut removed = 0;
    for entry in entries.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(maker) else { continue };
        let is_dir = entry.path().symlink_metadata().is_ok_and(|meta| meta.is_dir());
        if is_dir && !running(pid) && std::fs::remove_dir_all(entry.path()).is_ok() {
            removed += 1;
        }
    }
    removed
}

/// The process id in a name [`folder`] gives: `bulletin-<kind>-<pid>-<rest>`.
fn maker(name: &str) -> Option<u32> {
    let rest = name.strip_prefix("bulletin-")?;
    let (kind, rest) = rest.split_once('-')?;
    Kind::ALL.iter().find(|known| known.name() == kind)?;
    let (pid, rest) = rest.split_once('-')?;
    let valid = !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && !rest.is_empty();
    valid.then(|| pid.parse().ok()).flatten()
}

/// Whether the process `pid` is running (or may be: anything unclear counts as running).
pub(crate) fn running(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        if pid <= 0 {
            return true;
        }
        // SAFETY: signal 0 sends nothing; it only asks whether `pid` exists.
        if unsafe { libc::kill(pid, 0) } == 0 {
            return true;
        }
        // EPERM: it exists, as another user's process.
        io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH)
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// The id of a process that has ended: a child run and waited for.
#[cfg(test)]
pub(crate) fn ended_process() -> u32 {
    let mut child = std::process::Command::new("true").spawn().unwrap();
    let id = child.id();
    child.wait().unwrap();
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_names_of_this_tools_folders_give_a_process() {
        assert_eq!(maker("bulletin-desk-123-abcdef"), Some(123));
        assert_eq!(maker("bulletin-fonts-7-x"), Some(7));
        for other in [
            "bulletin-desk-abcdef",
            "bulletin-desk-123-",
            "bulletin-build-123-x",
            "bulletin-desk--x",
            "bulletin-desk-12a-x",
            "other-desk-1-x",
        ] {
            assert_eq!(maker(other), None, "{other}");
        }
    }

    #[test]
    fn folders_of_gone_processes_are_removed_and_those_of_running_ones_kept() {
        let temp = tempfile::tempdir().unwrap();
        let gone = ended_process();
        let orphan = temp.path().join(format!("bulletin-desk-{gone}-abc"));
        let own = temp.path().join(format!("bulletin-fonts-{}-abc", std::process::id()));
        let unknown = temp.path().join(format!("bulletin-other-{gone}-abc"));
        for dir in [&orphan, &own, &unknown] {
            std::fs::create_dir_all(dir.join("inside")).unwrap();
        }
        assert_eq!(remove_orphans_in(temp.path()), 1);
        assert!(!orphan.exists() && own.exists() && unknown.exists());
    }

    #[test]
    fn the_folders_name_their_process() {
        let dir = folder(Kind::Fonts).unwrap();
        let name = dir.path().file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(maker(&name), Some(std::process::id()), "{name}");
    }
}
