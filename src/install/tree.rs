//! Folders as lists of files: listing, fingerprints and copies.

use std::fs;
use std::io;
use std::path::Path;

use sha2::{Digest, Sha256};

/// The regular files below `dir`, as paths relative to it written with `/`, sorted. Links
/// and other special files are left out: a project's layouts and fonts are plain files.
pub fn files(dir: &Path) -> io::Result<Vec<String>> {
    let mut found = Vec::new();
    collect(dir, "", &mut found)?;
    found.sort();
    Ok(found)
}

fn collect(dir: &Path, prefix: &str, found: &mut Vec<String>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        let kind = entry.file_type()?;
        let relative = format!("{prefix}{name}");
        if kind.is_dir() {
            collect(&entry.path(), &format!("{relative}/"), found)?;
        } else if kind.is_file() {
            found.push(relative);
        }
    }
    Ok(())
}

/// The SHA-256 of a file's bytes, in lowercase hex.
pub fn fingerprint(path: &Path) -> io::Result<String> {
    let mut file = fs::File::open(path)?;
    let mut hasher = Sha256::new();
    io::copy(&mut file, &mut hasher)?;
    Ok(hex(&hasher.finalize()))
}

/// The SHA-256 of some bytes, in lowercase hex.
pub fn fingerprint_bytes(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Whether two files hold the same bytes.
pub fn same_bytes(a: &Path, b: &Path) -> io::Result<bool> {
    if fs::metadata(a)?.len() != fs::metadata(b)?.len() {
        return Ok(false);
    }
    Ok(fs::read(a)? == fs::read(b)?)
}

/// Copies every regular file below `from` to the same place below `to`, making folders
/// as needed; gives the files copied, as `files` lists them, each with the fingerprint of
/// its bytes (read once, for both).
pub fn copy(from: &Path, to: &Path) -> io::Result<Vec<(String, String)>> {
    let mut copied = Vec::new();
    for relative in files(from)? {
        let target = to.join(&relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        let bytes = fs::read(from.join(&relative))?;
        fs::write(&target, &bytes)?;
        copied.push((relative, fingerprint_bytes(&bytes)));
    }
    Ok(copied)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn copies_list_and_compare_nested_files() {
        let temp = tempfile::tempdir().unwrap();
        let from = temp.path().join("from");
        fs::create_dir_all(from.join("components")).unwrap();
        fs::write(from.join("main.typ"), "main").unwrap();
        fs::write(from.join("components/masthead.typ"), "masthead").unwrap();
        let to = temp.path().join("to");
        let copied: Vec<String> = copy(&from, &to).unwrap().into_iter().map(|(f, _)| f).collect();
        assert_eq!(copied, ["components/masthead.typ", "main.typ"]);
        assert_eq!(files(&to).unwrap(), copied);
        assert!(same_bytes(&from.join("main.typ"), &to.join("main.typ")).unwrap());
        fs::write(to.join("main.typ"), "mainx").unwrap();
        assert!(!same_bytes(&from.join("main.typ"), &to.join("main.typ")).unwrap());
        assert_eq!(fingerprint(&from.join("main.typ")).unwrap(), fingerprint_bytes(b"main"),);
    }
}
