//! Passwords: the rules a new one must meet, its Argon2id hash (a PHC string with a
//! random salt from the operating system), and checking one against a hash in the same
//! time whether or not the account exists.

use std::sync::OnceLock;

use anyhow::{Result, anyhow};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::accounts::AccountError;

/// The fewest characters a password may have.
pub const MIN_LENGTH: usize = 8;

/// The longest password accepted, in bytes: hashing is slow by design, and nobody types
/// more than this.
pub const MAX_BYTES: usize = 1024;

/// Whether `password` may become an account's password.
pub fn check_new(password: &str) -> Result<(), AccountError> {
    if password.is_empty() {
        return Err(AccountError::EmptyPassword);
    }
    if password.chars().count() < MIN_LENGTH {
        return Err(AccountError::TooShort);
    }
    if password.len() > MAX_BYTES {
        return Err(AccountError::TooLong);
    }
    Ok(())
}

/// `n` random bytes from the operating system.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|err| anyhow!("the system gave no random bytes: {err}"))?;
    Ok(bytes)
}

/// The hasher: Argon2id, version 19, the parameters the crate recommends.
fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// `password`'s hash as a PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
pub fn hash(password: &str) -> Result<String> {
    let salt = SaltString::encode_b64(&random_bytes::<16>()?)
        .map_err(|err| anyhow!("failed to encode a salt: {err}"))?;
    let hash = hasher()
        .hash_password(password.as_bytes(), &salt)
        .map_err(|err| anyhow!("failed to hash the password: {err}"))?;
    Ok(hash.to_string())
}

/// Whether `password` is the one `phc` is the hash of; a hash that does not read is
/// nobody's.
pub fn verify(password: &str, phc: &str) -> bool {
    if password.len() > MAX_BYTES {
        return false;
    }
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    hasher().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Spends the time [`verify`] would on an account that does not exist, so that a wrong
/// name takes as long to refuse as a wrong password. Always false.
pub fn verify_nobody(password: &str) -> bool {
    static DUMMY: OnceLock<String> = OnceLock::new();
    let dummy = DUMMY.get_or_init(|| hash("nobody's password").unwrap_or_default());
    let _ = verify(password, dummy);
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let first = hash("correct horse").unwrap();
        let second = hash("correct horse").unwrap();
        assert!(first.starts_with("$argon2id$v=19$"), "{first}");
        assert_ne!(first, second, "each hash has its own salt");
        assert!(verify("correct horse", &first));
        assert!(!verify("correct hors", &first));
        assert!(!verify("correct horse", "not a hash"));
        assert!(!verify_nobody("correct horse"));
    }

    #[test]
    fn new_passwords_are_long_enough() {
        assert_eq!(check_new(""), Err(AccountError::EmptyPassword));
        assert_eq!(check_new("1234567"), Err(AccountError::TooShort));
        assert_eq!(check_new("编辑台的密码很长"), Ok(()));
        assert_eq!(check_new("12345678"), Ok(()));
    }
}
