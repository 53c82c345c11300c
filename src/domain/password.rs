//! The rules a new password must meet: long enough to resist guessing, short
//! enough to hash cheaply, not the account's email, not a well-known password.

/// A password that meets the rules, kept only until it is hashed.
pub struct NewPassword(String);

pub const MIN_LENGTH: usize = 10;
pub const MAX_LENGTH: usize = 128;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("Enter a password")]
    Empty,
    #[error("Use at least {MIN_LENGTH} characters")]
    TooShort,
    #[error("Use at most {MAX_LENGTH} characters")]
    TooLong,
    #[error("Do not use your email address as your password")]
    SameAsEmail,
    #[error("This password is too common and easy to guess: choose another")]
    Common,
}

/// Passwords from public lists of the most used ones, compared in lower case.
const COMMON: &str = include_str!("common_passwords.txt");

impl NewPassword {
    pub fn parse(password: &str, email: &str) -> Result<NewPassword, PasswordError> {
        let length = password.chars().count();
        if password.trim().is_empty() {
            return Err(PasswordError::Empty);
        }
        if length < MIN_LENGTH {
            return Err(PasswordError::TooShort);
        }
        if length > MAX_LENGTH {
            return Err(PasswordError::TooLong);
        }
        let lowered = password.trim().to_lowercase();
        let email = email.trim().to_lowercase();
        let local_part = email.split('@').next().unwrap_or_default();
        if lowered == email || (local_part.len() >= MIN_LENGTH && lowered == local_part) {
            return Err(PasswordError::SameAsEmail);
        }
        if COMMON.lines().any(|common| common == lowered) {
            return Err(PasswordError::Common);
        }
        Ok(NewPassword(password.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_uncommon_password_is_accepted() {
        let password = NewPassword::parse("correct horse battery", "ann@example.org").unwrap();
        assert_eq!(password.expose(), "correct horse battery");
    }

    #[test]
    fn weak_passwords_are_refused_with_a_reason() {
        let cases = [
            ("", PasswordError::Empty, "empty"),
            ("          ", PasswordError::Empty, "only spaces"),
            ("short", PasswordError::TooShort, "too short"),
            (
                "ann.smith@example.org",
                PasswordError::SameAsEmail,
                "the email",
            ),
            ("Password123", PasswordError::Common, "common, any case"),
            ("qwertyuiop", PasswordError::Common, "keyboard row"),
        ];
        for (input, expected, case) in cases {
            assert_eq!(
                NewPassword::parse(input, "ann.smith@example.org").err(),
                Some(expected),
                "{case}"
            );
        }
        let long = "x".repeat(MAX_LENGTH + 1);
        assert_eq!(
            NewPassword::parse(&long, "a@b.org").err(),
            Some(PasswordError::TooLong)
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Ten characters, twenty bytes.
        assert!(NewPassword::parse("éééééééééé", "a@b.org").is_ok());
    }
}
