//! An email address that has been checked, trimmed and lower-cased.

use std::fmt;
use std::str::FromStr;

/// A syntactically valid email address, trimmed, in lower case so that two
/// spellings of one address compare equal.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EmailError {
    #[error("Enter an email address")]
    Empty,
    #[error("Enter an email address in the right format, like name@example.com")]
    Invalid,
}

/// The longest address we accept (RFC 5321 limits a path to 254 characters).
const MAX_LENGTH: usize = 254;

impl EmailAddress {
    pub fn parse(input: &str) -> Result<EmailAddress, EmailError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(EmailError::Empty);
        }
        if trimmed.len() > MAX_LENGTH || trimmed.contains(char::is_whitespace) {
            return Err(EmailError::Invalid);
        }
        // A display name ("Ann <ann@example.com>") is not an address.
        let parsed =
            email_address::EmailAddress::from_str(trimmed).map_err(|_| EmailError::Invalid)?;
        if parsed.as_str() != trimmed || !parsed.domain().contains('.') {
            return Err(EmailError::Invalid);
        }
        Ok(EmailAddress(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The part after the `@`.
    pub fn domain(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(_, domain)| domain)
    }

    /// The part before the `@`.
    pub fn local_part(&self) -> &str {
        self.0.rsplit_once('@').map_or("", |(local, _)| local)
    }
}

impl fmt::Display for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn addresses_are_trimmed_and_lower_cased() {
        let email = EmailAddress::parse("  Ann.Smith@Example.ORG ").unwrap();
        assert_eq!(email.as_str(), "ann.smith@example.org");
        assert_eq!(email.domain(), "example.org");
        assert_eq!(email.local_part(), "ann.smith");
    }

    #[test]
    fn bad_addresses_are_refused_with_a_reason() {
        let cases = [
            ("", EmailError::Empty, "empty"),
            ("   ", EmailError::Empty, "blank"),
            ("ann", EmailError::Invalid, "no at sign"),
            ("ann@", EmailError::Invalid, "no domain"),
            ("@example.org", EmailError::Invalid, "no local part"),
            ("ann smith@example.org", EmailError::Invalid, "a space"),
            (
                "ann@localhost",
                EmailError::Invalid,
                "a domain without a dot",
            ),
            (
                "Ann <ann@example.org>",
                EmailError::Invalid,
                "a display name",
            ),
            ("<script>@x.org", EmailError::Invalid, "markup"),
        ];
        for (input, expected, case) in cases {
            assert_eq!(EmailAddress::parse(input), Err(expected), "{case}");
        }
    }

    #[test]
    fn an_overlong_address_is_refused() {
        let input = format!("{}@example.org", "a".repeat(250));
        assert_eq!(EmailAddress::parse(&input), Err(EmailError::Invalid));
    }

    proptest! {
        #[test]
        fn parsing_never_panics(input in ".{0,300}") {
            let _ = EmailAddress::parse(&input);
        }

        #[test]
        fn simple_addresses_are_accepted(local in "[a-z0-9]{1,20}", domain in "[a-z]{1,20}\\.[a-z]{2,6}") {
            let input = format!("{local}@{domain}");
            let email = EmailAddress::parse(&input).unwrap();
            prop_assert_eq!(email.as_str(), input.as_str());
        }
    }
}
