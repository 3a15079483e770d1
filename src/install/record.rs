//! The project's record of where its layouts and fonts came from: `bulletin-project.toml`,
//! written by `bulletin init` and read by `bulletin doctor`.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::diag::{Text, TextContext};

/// The record's file name, in the project folder.
pub const RECORD_FILE: &str = "bulletin-project.toml";

/// Where a project's layouts and fonts came from, and what they were then.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub struct Record {
    /// The program that made the project: `bulletin 0.1.0`.
    pub made_by: String,
    /// The day it was made, `2026-12-05`.
    pub made_on: String,
    /// The installed copy the layouts and fonts were copied from.
    pub copied_from: String,
    /// Each copied file (`layouts/main.typ`) and its SHA-256 at the time.
    pub files: BTreeMap<String, String>,
}

const HEADER: &str = "\
# Made by `bulletin init`: where this project's layouts and fonts came from, and their
# fingerprints then. `bulletin doctor` compares them with the project and with the
# installed copy. Leave this file as it is.
";

impl Record {
    /// The record as the file holds it.
    pub fn to_toml(&self) -> Result<String> {
        Ok(format!("{HEADER}\n{}", toml::to_string(self)?))
    }

    /// The record of the project in `root`, if it has one.
    pub fn read(root: &Path) -> Result<Option<Record>> {
        let path = root.join(RECORD_FILE);
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(err) => {
                return Err(err).text_context(|| {
                    Text::new("read-failed").arg("path", path.display().to_string())
                });
            }
        };
        let record = toml::from_str(&text).with_context(|| {
            format!(
                "`{}` is damaged: {}",
                path.display(),
                "make the project again with `bulletin init` to restore it"
            )
        })?;
        Ok(Some(record))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_record_reads_back_as_written() {
        let record = Record {
            made_by: "bulletin 0.1.0".into(),
            made_on: "2026-12-05".into(),
            copied_from: "/usr/share/bulletin".into(),
            files: BTreeMap::from([("layouts/main.typ".into(), "ab".into())]),
        };
        let temp = tempfile::tempdir().unwrap();
        std::fs::write(temp.path().join(RECORD_FILE), record.to_toml().unwrap()).unwrap();
        assert_eq!(Record::read(temp.path()).unwrap(), Some(record));
        assert_eq!(Record::read(&temp.path().join("none")).unwrap(), None);
    }
}
