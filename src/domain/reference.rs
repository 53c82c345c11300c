//! Nomination references that a person can read out on the phone: the
//! cycle's prefix, a hyphen and a number of at least four digits, like
//! `SMA16-0042`. Owns formatting them and reading them back as typed.

/// The fewest digits a reference's number is written with.
const MIN_DIGITS: usize = 4;

/// The longest prefix accepted, in characters.
const MAX_PREFIX_CHARS: usize = 20;

/// Whether `prefix` can start references: 1 to 20 ASCII letters, digits and
/// single inner hyphens, such as `SMA16` or `SMA-16`. For checking a cycle's
/// settings before any reference is made with it.
pub fn is_reference_prefix(prefix: &str) -> bool {
    !prefix.is_empty()
        && prefix.len() <= MAX_PREFIX_CHARS
        && !prefix.starts_with('-')
        && !prefix.ends_with('-')
        && !prefix.contains("--")
        && prefix
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// The reference for nomination number `n` of a cycle: the prefix trimmed
/// and in capitals, a hyphen, and `n` with at least four digits.
/// `format_reference("SMA16", 42)` is `"SMA16-0042"`; 12345 gives
/// `"SMA16-12345"`.
pub fn format_reference(prefix: &str, n: u32) -> String {
    format!(
        "{}-{n:0width$}",
        prefix.trim().to_ascii_uppercase(),
        width = MIN_DIGITS
    )
}

/// Reads a reference as a person typed it: any case, surrounding spaces,
/// spaces around the hyphen, a typographic dash or a space instead of the
/// hyphen, and missing leading zeros are all accepted. Returns the prefix in
/// capitals and the number, or `None` when it is not a reference.
///
/// `" sma16 - 42 "` gives `("SMA16", 42)`. The number is the digits after the
/// last separator, so a prefix may itself hold hyphens (`SMA-16-0042`).
pub fn parse_reference(text: &str) -> Option<(String, u32)> {
    let text = text.trim();
    let number_start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map(|(i, _)| i)?;
    let (rest, digits) = text.split_at(number_start);
    let number = digits.parse::<u32>().ok()?;
    let unspaced = rest.trim_end();
    let prefix = match unspaced.strip_suffix(is_dash) {
        Some(prefix) => prefix.trim_end(),
        None if unspaced.len() < rest.len() => unspaced,
        None => return None,
    };
    is_reference_prefix(prefix).then(|| (prefix.to_ascii_uppercase(), number))
}

/// A hyphen, or a dash that a word processor might have put in its place.
fn is_dash(c: char) -> bool {
    matches!(c, '-' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn numbers_have_at_least_four_digits() {
        assert_eq!(format_reference("SMA16", 0), "SMA16-0000");
        assert_eq!(format_reference("SMA16", 42), "SMA16-0042");
        assert_eq!(format_reference("SMA16", 9999), "SMA16-9999");
        assert_eq!(format_reference("SMA16", 12345), "SMA16-12345");
        assert_eq!(format_reference("SMA16", u32::MAX), "SMA16-4294967295");
    }

    #[test]
    fn the_prefix_is_written_in_capitals() {
        assert_eq!(format_reference(" sma16 ", 7), "SMA16-0007");
    }

    #[test]
    fn references_are_read_back_however_they_were_typed() {
        let cases = [
            ("SMA16-0042", "as printed"),
            ("sma16-0042", "lower case"),
            ("  Sma16-0042\n", "surrounding spaces"),
            ("SMA16 - 0042", "spaces around the hyphen"),
            ("SMA16 0042", "a space instead of the hyphen"),
            ("SMA16\u{2013}0042", "an en dash"),
            ("SMA16-42", "no leading zeros"),
            ("SMA16-000042", "extra leading zeros"),
        ];
        for (text, case) in cases {
            assert_eq!(
                parse_reference(text),
                Some(("SMA16".to_owned(), 42)),
                "{case}"
            );
        }
    }

    #[test]
    fn a_prefix_with_a_hyphen_keeps_it() {
        assert_eq!(
            parse_reference("sma-16-0042"),
            Some(("SMA-16".to_owned(), 42))
        );
    }

    #[test]
    fn things_that_are_not_references_are_refused() {
        let cases = [
            ("", "empty"),
            ("   ", "blank"),
            ("SMA16", "no number"),
            ("0042", "no prefix"),
            ("-0042", "a hyphen but no prefix"),
            ("SMA160042", "no separator"),
            ("SMA16-", "a hyphen but no number"),
            ("SMA16--0042", "two hyphens"),
            ("SMA16-0042x", "a letter after the number"),
            ("SMA16-4294967296", "a number too big to be one of ours"),
            ("SMÅ16-0042", "a letter outside A to Z"),
            ("SMA 16-0042", "a space inside the prefix"),
            ("SMA16-٤٢", "Arabic-Indic digits"),
            ("ABCDEFGHIJKLMNOPQRSTU-0042", "a prefix over 20 characters"),
        ];
        for (text, case) in cases {
            assert_eq!(parse_reference(text), None, "{case}");
        }
    }

    #[test]
    fn prefixes_are_letters_digits_and_inner_hyphens() {
        assert!(is_reference_prefix("SMA16"));
        assert!(is_reference_prefix("SMA-16"));
        for (prefix, case) in [
            ("", "empty"),
            ("-SMA", "a leading hyphen"),
            ("SMA-", "a trailing hyphen"),
            ("SM--A", "two hyphens together"),
            ("SMA 16", "a space"),
            ("SMA_16", "an underscore"),
        ] {
            assert!(!is_reference_prefix(prefix), "{case}");
        }
    }

    proptest! {
        #[test]
        fn formatted_references_read_back_to_what_made_them(
            prefix in "[A-Za-z][A-Za-z0-9]{0,7}(-[A-Za-z0-9]{1,4})?",
            n in any::<u32>(),
        ) {
            let reference = format_reference(&prefix, n);
            prop_assert_eq!(
                parse_reference(&reference),
                Some((prefix.to_ascii_uppercase(), n))
            );
            let typed = format!("  {}  ", reference.to_lowercase());
            prop_assert_eq!(
                parse_reference(&typed),
                Some((prefix.to_ascii_uppercase(), n))
            );
        }

        #[test]
        fn reading_any_text_never_panics(text in "\\PC{0,40}") {
            let _ = parse_reference(&text);
        }

        #[test]
        fn a_parsed_reference_formats_to_its_canonical_form(text in "[a-zA-Z0-9 -]{0,16}") {
            if let Some((prefix, n)) = parse_reference(&text) {
                let canonical = format_reference(&prefix, n);
                prop_assert_eq!(parse_reference(&canonical), Some((prefix, n)));
            }
        }
    }
}
