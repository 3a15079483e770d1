//! The accounts file, `.bulletin/users.toml` in the project: read, changed and written
//! whole, atomically, readable by its owner only (0600, in a 0700 folder). It holds each
//! account's name, role, creation time and password hash, never a password.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde::{Deserialize, Serialize};

use crate::accounts::{AccountError, Role};
use crate::diag::{Text, TextContext};

/// The folder of the project's own state, beside layouts/ and issues/.
pub const STATE_FOLDER: &str = ".bulletin";

/// The accounts file of the project at `root`.
pub fn users_file(root: &Path) -> PathBuf {
    root.join(STATE_FOLDER).join("users.toml")
}

/// The longest name an account may have, in characters.
const MAX_NAME: usize = 64;

/// One account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    /// The name typed at the login.
    pub name: String,
    /// What the account is for.
    pub role: Role,
    /// When it was made, RFC 3339.
    pub created: String,
    /// The password's Argon2id hash, a PHC string.
    pub password_hash: String,
}

/// Every account of a project, in the order they were added.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Users {
    #[serde(default, rename = "user")]
    accounts: Vec<Account>,
}

/// The comment at the top of the file.
const HEADER: &str = "# The desk's accounts: change them with `bulletin users`.\n\
# Passwords are kept only as Argon2id hashes.\n\n";

impl Users {
    /// The accounts in `file`; none when it does not exist.
    pub fn read(file: &Path) -> Result<Users> {
        let text = match std::fs::read_to_string(file) {
            Ok(text) => text,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(Users::default()),
            Err(err) => {
                return Err(err).text_context(|| {
                    Text::new("read-failed").arg("path", file.display().to_string())
                });
            }
        };
        toml::from_str(&text).map_err(|err| {
            AccountError::Unreadable {
                file: file.display().to_string(),
                detail: err.message().to_owned(),
            }
            .into()
        })
    }

    /// Writes the accounts to `file`: into a private temporary file beside it, then
    /// renamed over it, so that a reader sees the old file or the new one, whole. The
    /// folder is made (0700) if missing.
    pub fn write(&self, file: &Path) -> Result<()> {
        let dir = file.parent().context("the accounts file has no folder")?;
        make_private_folder(dir)?;
        let body = toml::to_string(self).context("failed to write the accounts as TOML")?;
        // tempfile makes its files readable by their owner only (0600).
        let mut temporary = tempfile::Builder::new()
            .prefix(".users-")
            .suffix(".part")
            .tempfile_in(dir)
            .text_context(|| {
                Text::new("cannot-write-into").arg("dir", dir.display().to_string())
            })?;
        temporary
            .write_all(HEADER.as_bytes())
            .and_then(|()| temporary.write_all(body.as_bytes()))
            .and_then(|()| temporary.as_file().sync_all())
            .text_context(|| {
                Text::new("write-into-failed").arg("dir", dir.display().to_string())
            })?;
        temporary.persist(file).text_context(|| {
            Text::new("file-unwritable").arg("path", file.display().to_string())
        })?;
        if let Ok(folder) = std::fs::File::open(dir) {
            let _ = folder.sync_all();
        }
        Ok(())
    }

    /// Every account.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// Whether there is no account.
    pub fn is_empty(&self) -> bool {
        self.accounts.is_empty()
    }

    /// The account named `name`.
    pub fn find(&self, name: &str) -> Option<&Account> {
        self.accounts.iter().find(|account| account.name == name)
    }

    /// Adds the account `name` with `role` and the password hash `password_hash`.
    pub fn add(
        &mut self,
        name: &str,
        role: Role,
        password_hash: String,
    ) -> Result<(), AccountError> {
        check_name(name)?;
        if self.find(name).is_some() {
            return Err(AccountError::Exists(name.to_owned()));
        }
        let created = crate::issue::calendar::now();
        self.accounts.push(Account { name: name.to_owned(), role, created, password_hash });
        Ok(())
    }

    /// Removes the account `name`.
    pub fn remove(&mut self, name: &str) -> Result<Account, AccountError> {
        let index = self.index(name)?;
        Ok(self.accounts.remove(index))
    }

    /// Gives the account `name` the password hash `password_hash`.
    pub fn set_password(&mut self, name: &str, password_hash: String) -> Result<(), AccountError> {
        let index = self.index(name)?;
        self.accounts[index].password_hash = password_hash;
        Ok(())
    }

    fn index(&self, name: &str) -> Result<usize, AccountError> {
        self.accounts
            .iter()
            .position(|account| account.name == name)
            .ok_or_else(|| AccountError::Unknown(name.to_owned()))
    }
}

/// A name is 1 to 64 characters, none of them a space or a control character.
fn check_name(name: &str) -> Result<(), AccountError> {
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AccountError::BadName(name.to_owned()));
    }
    Ok(())
}

/// Makes `dir` if missing, readable by its owner only.
fn make_private_folder(dir: &Path) -> Result<()> {
    if !dir.is_dir() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir).text_context(|| {
            Text::new("folder-unmakeable").arg("dir", dir.display().to_string())
        })?;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700)).text_context(
            || Text::new("permissions-failed").arg("path", dir.display().to_string()),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accounts_are_added_found_changed_and_removed() {
        let mut users = Users::default();
        users.add("王编辑", Role::Editor, "$argon2id$x".into()).unwrap();
        assert_eq!(
            users.add("王编辑", Role::Chief, "h".into()),
            Err(AccountError::Exists("王编辑".into()))
        );
        for bad in ["", "a b", "tab\there", &"长".repeat(65)] {
            assert!(matches!(
                users.add(bad, Role::Editor, "h".into()),
                Err(AccountError::BadName(_))
            ));
        }
        users.set_password("王编辑", "$argon2id$y".into()).unwrap();
        assert_eq!(users.find("王编辑").unwrap().password_hash, "$argon2id$y");
        assert_eq!(users.remove("nobody"), Err(AccountError::Unknown("nobody".into())));
        assert_eq!(users.remove("王编辑").unwrap().role, Role::Editor);
        assert!(users.is_empty());
    }

    #[test]
    fn the_file_is_written_privately_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = users_file(dir.path());
        assert!(Users::read(&file).unwrap().is_empty(), "no file, no accounts");
        let mut users = Users::default();
        users.add("li", Role::Proofreader, "$argon2id$z".into()).unwrap();
        users.write(&file).unwrap();
        assert_eq!(Users::read(&file).unwrap(), users);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |path: &Path| std::fs::metadata(path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&file), 0o600);
            assert_eq!(mode(file.parent().unwrap()), 0o700);
        }
        std::fs::write(&file, "user = 3").unwrap();
        let err = Users::read(&file).unwrap_err();
        assert!(matches!(err.downcast_ref(), Some(AccountError::Unreadable { .. })), "{err:#}");
    }
}
