//! Who may use the desk on the office network: named accounts, each with a role and a
//! password kept only as an Argon2id hash, in the project's `.bulletin/users.toml`.

pub mod password;
pub mod store;

use crate::diag::Text;

pub use crate::issue::review::role::Role;
pub use store::{Account, Users, users_file};

/// What is wrong with an account asked for, in words for the person at the terminal.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AccountError {
    /// No account has this name.
    #[error("there is no account `{0}`")]
    Unknown(String),
    /// An account has this name already.
    #[error("the account `{0}` exists already")]
    Exists(String),
    /// A name that is empty, too long, or holds spaces or control characters.
    #[error("`{0}` cannot be an account's name")]
    BadName(String),
    /// The password is empty.
    #[error("the password is empty")]
    EmptyPassword,
    /// The password is shorter than [`password::MIN_LENGTH`] characters.
    #[error("the password is too short")]
    TooShort,
    /// The password is longer than [`password::MAX_BYTES`] bytes.
    #[error("the password is too long")]
    TooLong,
    /// The password and its repetition differ.
    #[error("the passwords differ")]
    Mismatch,
    /// The accounts file cannot be read as accounts.
    #[error("the accounts file `{file}` cannot be read: {detail}")]
    Unreadable {
        /// The file.
        file: String,
        /// What the reader said.
        detail: String,
    },
}

impl AccountError {
    /// The error as a message in the Fluent files.
    pub fn text(&self) -> Text {
        match self {
            AccountError::Unknown(name) => Text::new("users-unknown").arg("name", name.as_str()),
            AccountError::Exists(name) => Text::new("users-exists").arg("name", name.as_str()),
            AccountError::BadName(name) => Text::new("users-bad-name").arg("name", name.as_str()),
            AccountError::EmptyPassword => Text::new("users-empty-password"),
            AccountError::TooShort => {
                Text::new("users-short-password").arg("min", password::MIN_LENGTH)
            }
            AccountError::TooLong => {
                Text::new("users-long-password").arg("max", password::MAX_BYTES)
            }
            AccountError::Mismatch => Text::new("users-passwords-differ"),
            AccountError::Unreadable { file, detail } => Text::new("users-unreadable")
                .arg("file", file.as_str())
                .arg("detail", detail.as_str()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_have_their_names_and_labels() {
        for role in Role::ALL {
            assert_eq!(Role::from_name(role.name()), Some(role));
        }
        assert_eq!(Role::Chief.label(), "主编");
        assert_eq!(Role::from_name("admin"), None);
        let written =
            toml::to_string(&std::collections::BTreeMap::from([("role", Role::Proofreader)]))
                .unwrap();
        assert_eq!(written.trim(), "role = \"proofreader\"");
    }
}
