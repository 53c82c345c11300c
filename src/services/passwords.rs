//! Password hashing with argon2id.
//!
//! Parameters (explicit, not the library's defaults, so an upgrade cannot
//! change them silently): 19 MiB of memory, 2 passes, 1 lane, a 32-byte
//! output: the first of OWASP's recommended argon2id settings. A hash takes
//! about 20-40 ms on one core. Hashing is CPU-bound: call these from the
//! blocking pool, never from an async worker.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

pub const MEMORY_KIB: u32 = 19 * 1024;
pub const ITERATIONS: u32 = 2;
pub const PARALLELISM: u32 = 1;

fn hasher() -> anyhow::Result<Argon2<'static>> {
    let params = Params::new(MEMORY_KIB, ITERATIONS, PARALLELISM, Some(32))
        .map_err(|error| anyhow::anyhow!("argon2 parameters: {error}"))?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

/// Hashes a password with a fresh random salt, in PHC string form.
pub fn hash(password: &str) -> anyhow::Result<String> {
    let hash = hasher()?
        .hash_password(password.as_bytes())
        .map_err(|error| anyhow::anyhow!("cannot hash the password: {error}"))?;
    Ok(hash.to_string())
}

/// Whether `password` matches `stored`. With no stored hash (an unknown
/// account, or one that never set a password) it verifies against a fixed
/// dummy hash, so that the answer takes the same time either way.
pub fn verify(password: &str, stored: Option<&str>) -> bool {
    let Ok(argon) = hasher() else { return false };
    let Some(stored) = stored else {
        let dummy = DUMMY_HASH.get_or_init(|| hash("laurel dummy password").unwrap_or_default());
        if let Ok(parsed) = PasswordHash::new(dummy) {
            let _ = argon.verify_password(password.as_bytes(), &parsed);
        }
        return false;
    };
    match PasswordHash::new(stored) {
        Ok(parsed) => argon.verify_password(password.as_bytes(), &parsed).is_ok(),
        Err(_) => false,
    }
}

static DUMMY_HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hash_verifies_its_password_and_no_other() {
        let stored = hash("correct horse battery").unwrap();
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("correct horse battery", Some(&stored)));
        assert!(!verify("correct horse batterY", Some(&stored)));
    }

    #[test]
    fn two_hashes_of_one_password_differ_by_their_salt() {
        assert_ne!(
            hash("same password").unwrap(),
            hash("same password").unwrap()
        );
    }

    #[test]
    fn no_stored_hash_or_a_broken_one_never_verifies() {
        assert!(!verify("anything", None));
        assert!(!verify("anything", Some("not a hash")));
    }
}
