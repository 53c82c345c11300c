//! A person's name as Laurel stores and shows it: judges, organisers,
//! nominators, nominees, the name on a certificate, and the names merged into
//! emails. Every name anywhere in Laurel is made through [`PersonName`].
//!
//! Decision: unsafe characters are folded, not refused. Control characters
//! (carriage return, line feed, tab, NUL...), the bidirectional embeddings,
//! overrides and isolates (U+202A-U+202E, U+2066-U+2069) and the byte-order
//! mark are taken out, every run of whitespace becomes one space, and the name
//! is trimmed and put in NFC; this is how the nomination form has always
//! cleaned one-line texts, so a pasted name with a stray line break still
//! goes through. So "Jim\r\nBcc: x@y.test" is kept as "Jim Bcc: x@y.test":
//! plain text, harmless in an email header. A name left blank once folded,
//! or longer than [`MAX_NAME_CHARS`], is refused.

use std::fmt;

use crate::domain::nomination::text::clean_line;

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A folded, non-blank name of at most [`MAX_NAME_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PersonNameError {
    #[error("Enter a name")]
    Blank,
    #[error("A name must be {MAX_NAME_CHARS} characters or fewer: it is {0} characters")]
    TooLong(usize),
}

impl PersonName {
    /// Folds `raw` and checks what is left.
    pub fn parse(raw: &str) -> Result<PersonName, PersonNameError> {
        let folded = clean_line(raw);
        let length = folded.chars().count();
        if length == 0 {
            Err(PersonNameError::Blank)
        } else if length > MAX_NAME_CHARS {
            Err(PersonNameError::TooLong(length))
        } else {
            Ok(PersonName(folded))
        }
    }

    /// `raw` folded, whatever its length, for a name already stored (which
    /// may predate these rules) on its way into an email; blank stays blank.
    pub fn fold(raw: &str) -> String {
        clean_line(raw)
    }

    /// Whether `raw` is already as [`PersonName::fold`] leaves it: no control
    /// or bidirectional-override characters, no runs of whitespace.
    pub fn is_folded(raw: &str) -> bool {
        clean_line(raw) == raw
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for PersonName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn unsafe_characters_are_folded_out_of_names() {
        let cases = [
            ("Jim\r\nBcc: j@evil.test", "Jim Bcc: j@evil.test", "CR/LF"),
            ("Ann\nSmith", "Ann Smith", "a line feed"),
            ("Ann\tSmith", "Ann Smith", "a tab"),
            ("An\u{0}n", "Ann", "NUL"),
            ("Ann \u{202E}htimS", "Ann htimS", "a right-to-left override"),
            ("\u{202A}Ann\u{202C}", "Ann", "an embedding and its pop"),
            ("\u{2066}Ann\u{2069}", "Ann", "an isolate"),
            ("\u{2067}Ann\u{2068}", "Ann", "the other isolates"),
            ("\u{FEFF}Ann", "Ann", "a byte-order mark"),
            ("  José   Møller ", "José Møller", "spaces; accents kept"),
        ];
        for (raw, expected, case) in cases {
            assert_eq!(
                PersonName::parse(raw).map(PersonName::into_string),
                Ok(expected.to_owned()),
                "{case}"
            );
            assert!(!PersonName::is_folded(raw), "{case}");
            assert!(PersonName::is_folded(expected), "{case}");
        }
    }

    #[test]
    fn blank_and_overlong_names_are_refused() {
        assert_eq!(PersonName::parse(""), Err(PersonNameError::Blank));
        assert_eq!(
            PersonName::parse(" \r\n\u{202E}\t"),
            Err(PersonNameError::Blank)
        );
        assert_eq!(
            PersonName::parse(&"a".repeat(201)),
            Err(PersonNameError::TooLong(201))
        );
        assert!(PersonName::parse(&"a".repeat(200)).is_ok());
        assert_eq!(
            PersonNameError::TooLong(201).to_string(),
            "A name must be 200 characters or fewer: it is 201 characters"
        );
    }

    fn is_unsafe(c: char) -> bool {
        c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }

    proptest! {
        #[test]
        fn a_name_never_holds_a_control_or_bidi_character(
            raw in prop_oneof![
                any::<String>(),
                "[ a-z\\r\\n\\t\\x00-\\x1f\\x7f\\u{85}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}]{0,60}",
            ]
        ) {
            if let Ok(name) = PersonName::parse(&raw) {
                prop_assert!(!name.as_str().chars().any(is_unsafe), "{:?}", name);
                prop_assert!(PersonName::is_folded(name.as_str()));
                prop_assert_eq!(PersonName::parse(name.as_str()), Ok(name.clone()));
            }
            prop_assert!(!PersonName::fold(&raw).chars().any(is_unsafe));
        }
    }
}
