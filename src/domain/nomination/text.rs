//! Cleaning and measuring what a person typed into the nomination form:
//! removing invisible characters, trimming, counting words and characters,
//! checking phone numbers, and wording the numbers in messages.

use unicode_normalization::UnicodeNormalization;

/// The fewest and most digits a phone number may have.
const PHONE_DIGITS: std::ops::RangeInclusive<usize> = 7..=20;

/// Characters that are never kept: control characters (newline and tab are
/// handled before this is asked), the bidirectional embeddings, overrides and
/// isolates that can make text display in a different order from how it is
/// stored, and the byte-order mark.
fn is_hidden(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Cleans a one-line text: hidden characters removed, every run of
/// whitespace (newlines and tabs included) made one space, trimmed, NFC.
pub(crate) fn clean_line(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut gap = false;
    for c in raw.chars() {
        if c.is_whitespace() {
            gap = true;
        } else if !is_hidden(c) {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            out.push(c);
        }
    }
    out.nfc().collect()
}

/// Cleans a text of several lines: line breaks made `\n`, hidden characters
/// other than newline and tab removed, trimmed, NFC. Spaces are kept as typed.
pub(super) fn clean_multiline(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                chars.next_if_eq(&'\n');
                out.push('\n');
            }
            '\u{85}' | '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\n' | '\t' => out.push(c),
            c if is_hidden(c) => {}
            c => out.push(c),
        }
    }
    out.trim().nfc().collect()
}

/// Whether nothing would be left of `raw` once cleaned.
pub(super) fn is_blank(raw: &str) -> bool {
    raw.chars().all(|c| c.is_whitespace() || is_hidden(c))
}

/// Cleans a phone number like [`clean_line`], first turning full-width
/// digits and signs into ASCII (NFKC) and typographic dashes into hyphens.
pub(super) fn clean_phone(raw: &str) -> String {
    let plain: String = raw
        .nfkc()
        .map(|c| match c {
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            c => c,
        })
        .collect();
    clean_line(&plain)
}

/// Checks a cleaned, non-blank phone number: only digits, spaces, `+`, `-`,
/// `(` and `)`, with 7 to 20 digits.
pub(super) fn check_phone(value: &str) -> Result<(), String> {
    let allowed = |c: char| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')');
    if !value.chars().all(allowed) {
        return Err(
            "A phone number can only include numbers, spaces, brackets, hyphens and +".to_owned(),
        );
    }
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if PHONE_DIGITS.contains(&digits) {
        Ok(())
    } else {
        Err(format!(
            "A phone number must have between {} and {} digits: it has {}",
            PHONE_DIGITS.start(),
            PHONE_DIGITS.end(),
            counted(digits, "digit", "digits"),
        ))
    }
}

/// The number of words in `text`, a word being a run of characters that are
/// not whitespace (the same as `text.split_whitespace().count()`).
pub fn count_words(text: &str) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for c in text.chars() {
        if c.is_whitespace() {
            in_word = false;
        } else if !in_word {
            in_word = true;
            words += 1;
        }
    }
    words
}

/// "{subject} must be 200 characters or fewer: it is 215 characters" when
/// `value` has more than `max` characters.
pub(super) fn too_long(subject: &str, value: &str, max: usize) -> Option<String> {
    let length = value.chars().count();
    (length > max).then(|| {
        format!(
            "{subject} must be {} or fewer: it is {}",
            counted(max, "character", "characters"),
            counted(length, "character", "characters"),
        )
    })
}

/// "1 word", "312 words", "10,000 characters".
pub(super) fn counted(n: usize, one: &str, many: &str) -> String {
    let unit = if n == 1 { one } else { many };
    format!("{} {unit}", with_commas(n))
}

/// `n` with a comma between each group of three digits, as GOV.UK writes
/// numbers: 10000 is "10,000".
fn with_commas(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_texts_lose_hidden_characters_and_extra_spaces() {
        let cases = [
            (
                "  Ann   Smith ",
                "Ann Smith",
                "surrounding and repeated spaces",
            ),
            ("Ann\r\nSmith", "Ann Smith", "a line break"),
            ("Ann\tSmith", "Ann Smith", "a tab"),
            ("An\u{0}n\u{7}", "Ann", "control characters"),
            ("Ann \u{202E}htimS", "Ann htimS", "a right-to-left override"),
            ("\u{FEFF}Ann", "Ann", "a byte-order mark"),
            (
                "Jose\u{301}",
                "Jos\u{e9}",
                "a decomposed accent, put in NFC",
            ),
            (
                "\u{A0}Ann\u{3000}Smith",
                "Ann Smith",
                "non-breaking and ideographic spaces",
            ),
            (" \u{0} \t ", "", "only blanks and control characters"),
        ];
        for (raw, expected, case) in cases {
            assert_eq!(clean_line(raw), expected, "{case}");
            assert_eq!(is_blank(raw), expected.is_empty(), "{case}");
        }
    }

    #[test]
    fn longer_texts_keep_their_lines_and_tabs() {
        let cases = [
            ("One.\r\nTwo.", "One.\nTwo.", "Windows line breaks"),
            ("One.\rTwo.", "One.\nTwo.", "old Mac line breaks"),
            ("One.\u{2029}Two.", "One.\nTwo.", "a paragraph separator"),
            (
                "\n\n One.\n\n\tTwo.  \n",
                "One.\n\n\tTwo.",
                "blank lines inside",
            ),
            ("One.\u{1b}[31m", "One.[31m", "an escape character"),
        ];
        for (raw, expected, case) in cases {
            assert_eq!(clean_multiline(raw), expected, "{case}");
        }
    }

    #[test]
    fn phone_numbers_are_accepted_in_the_usual_ways_of_writing_them() {
        for raw in ["01632 960 001", "+44 (0)1632 960001", "07700-900-982"] {
            assert_eq!(check_phone(&clean_phone(raw)), Ok(()), "{raw}");
        }
        assert_eq!(clean_phone("０１６３２ ９６０ ００１"), "01632 960 001");
        assert_eq!(clean_phone("01632\u{2013}960001"), "01632-960001");
    }

    #[test]
    fn phone_numbers_with_other_characters_are_refused() {
        let cases = [
            ("01632 960001 ext 2", "an extension in words"),
            ("01632.960.001", "dots"),
            ("tel: 01632 960001", "a label"),
        ];
        for (raw, case) in cases {
            assert_eq!(
                check_phone(&clean_phone(raw)),
                Err(
                    "A phone number can only include numbers, spaces, brackets, hyphens and +"
                        .to_owned()
                ),
                "{case}"
            );
        }
    }

    #[test]
    fn phone_numbers_with_the_wrong_number_of_digits_say_how_many_they_have() {
        assert_eq!(
            check_phone("123 45"),
            Err("A phone number must have between 7 and 20 digits: it has 5 digits".to_owned())
        );
        assert_eq!(
            check_phone(&"1".repeat(21)),
            Err("A phone number must have between 7 and 20 digits: it has 21 digits".to_owned())
        );
    }

    #[test]
    fn numbers_in_messages_have_commas_and_the_right_plural() {
        assert_eq!(counted(1, "word", "words"), "1 word");
        assert_eq!(counted(0, "word", "words"), "0 words");
        assert_eq!(counted(312, "word", "words"), "312 words");
        assert_eq!(counted(10_000, "word", "words"), "10,000 words");
        assert_eq!(counted(1_234_567, "word", "words"), "1,234,567 words");
    }

    #[test]
    fn words_are_runs_of_characters_between_whitespace() {
        let cases = [
            ("", 0, "empty"),
            ("   \n\t ", 0, "only whitespace"),
            ("one", 1, "one word"),
            (" one  two\nthree\tfour ", 4, "mixed whitespace"),
            (
                "self-management isn't two words",
                4,
                "hyphens and apostrophes",
            ),
            ("— a dash counts", 4, "a dash on its own"),
        ];
        for (text, expected, case) in cases {
            assert_eq!(count_words(text), expected, "{case}");
        }
    }
}
