//! Normalising names, organisations and email domains for comparison only
//! (never for display): hinting that two nominations in a category look like
//! the same nominee, and proposing conflicts of interest between judges and
//! nominations. Every comparison here is a hint for a person to confirm, so it
//! leans towards matching too much rather than missing a match.
//!
//! Decisions:
//! - Accents and other marks are dropped after compatibility decomposition
//!   (NFKD), and letters that do not decompose are spelt in ASCII (ø → o,
//!   ł → l, ß → ss, æ → ae), so "José Møller" matches "Jose Moller". In
//!   scripts whose vowel signs are marks, such as Devanagari, this makes some
//!   different names match.
//! - Apostrophes join the letters either side ("O'Neil" is "oneil"); every
//!   other character that is not a letter or digit separates words. So
//!   `normalise_name("  José  O'Neil ")` is `"jose oneil"`, the same as for
//!   "jose oneil"; "Jose O Neil" normalises to `"jose o neil"`, but
//!   [`same_person`] matches all three because it also compares names with
//!   their spaces taken out.

use unicode_normalization::char::{decompose_compatible, is_combining_mark};

use crate::domain::email::EmailAddress;

/// Titles dropped from the start of a name by [`same_person`].
const TITLES: &[&str] = &[
    "mr",
    "mrs",
    "ms",
    "miss",
    "mx",
    "dr",
    "doctor",
    "prof",
    "professor",
    "sir",
    "dame",
    "lady",
    "lord",
    "rev",
    "revd",
    "reverend",
    "cllr",
    "councillor",
];

/// Honours and degrees dropped from the end of a name by [`same_person`].
const POSTNOMINALS: &[&str] = &[
    "mbe", "obe", "cbe", "kbe", "dbe", "bem", "phd", "frcp", "frcgp", "frcn", "rn",
];

/// Words left out when comparing organisations: "the", "and" (so that "&"
/// and "and" match) and legal forms. "NHS", "UK", "trust" and "foundation"
/// are kept: NHS bodies and national charities are told apart by them ("Age
/// UK" is not "Age Scotland"; "NHS Leeds" is not the city of Leeds).
const ORGANISATION_FILLERS: &[&str] = &[
    "the",
    "and",
    "ltd",
    "limited",
    "plc",
    "cic",
    "cio",
    "llp",
    "lp",
    "llc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
];

/// Email domains shared by people with nothing else in common: webmail,
/// consumer internet providers, and NHSmail (`nhs.net`, used across the
/// whole NHS), where two people with one domain are not colleagues.
const SHARED_MAIL_DOMAINS: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "hotmail.com",
    "hotmail.co.uk",
    "outlook.com",
    "live.com",
    "live.co.uk",
    "msn.com",
    "yahoo.com",
    "yahoo.co.uk",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "aol.co.uk",
    "btinternet.com",
    "btopenworld.com",
    "sky.com",
    "virginmedia.com",
    "ntlworld.com",
    "blueyonder.co.uk",
    "talktalk.net",
    "tiscali.co.uk",
    "plus.net",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "gmx.com",
    "gmx.co.uk",
    "mail.com",
    "zoho.com",
    "fastmail.com",
    "yandex.com",
    "tutanota.com",
    "nhs.net",
];

/// A name reduced for comparison: decomposed, marks dropped, lower case,
/// apostrophes removed, and every other run of non-letters and non-digits
/// made one space, trimmed. Applying it twice changes nothing more.
pub fn normalise_name(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut gap = false;
    let mut folded = Vec::new();
    for c in name.chars() {
        if is_apostrophe(c) {
            continue;
        }
        folded.clear();
        if c.is_ascii() {
            // What `fold_char` gives for ASCII, without its work: nothing
            // in ASCII decomposes or is a mark.
            folded.push(c.to_ascii_lowercase());
        } else {
            fold_char(c, &mut folded, 0);
        }
        for &c in &folded {
            if is_apostrophe(c) {
                continue;
            }
            if c.is_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                push_ascii_spelling(c, &mut out);
            } else {
                gap = true;
            }
        }
    }
    out
}

/// Whether two names look like the same person's, for a hint to an
/// administrator. Leading titles ("Dr") and trailing honours ("MBE") are
/// ignored; then the names match when they are equal with their spaces taken
/// out ("O Neil" and "O'Neil") or when they have the same words in another
/// order ("Smith, Ann" and "Ann Smith"). Blank names never match.
pub fn same_person(a: &str, b: &str) -> bool {
    let (mut a, mut b) = (name_words(a), name_words(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a.concat() == b.concat() {
        return true;
    }
    a.sort_unstable();
    b.sort_unstable();
    a == b
}

/// What [`same_person`] compares, worked out once so that many names can be
/// matched through a hash map: two names are the same person exactly when
/// they share their `joined` or their `sorted` key. Blank names have none.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonKeys {
    /// The words run together: "O Neil" and "O'Neil" give "oneil".
    pub joined: String,
    /// The words in order, space separated: "Smith, Ann" gives "ann smith".
    pub sorted: String,
}

impl PersonKeys {
    pub fn of(name: &str) -> Option<PersonKeys> {
        let mut words = name_words(name);
        if words.is_empty() {
            return None;
        }
        let joined = words.concat();
        words.sort_unstable();
        Some(PersonKeys {
            joined,
            sorted: words.join(" "),
        })
    }

    pub fn matches(&self, other: &PersonKeys) -> bool {
        self.joined == other.joined || self.sorted == other.sorted
    }
}

/// An organisation's name reduced for comparison: [`normalise_name`], then
/// initials written with dots or spaces joined ("C.I.C." is "cic"), then
/// [`ORGANISATION_FILLERS`] left out. So "The Pain Association Ltd." and
/// "pain association" both give `"pain association"`. A name made only of
/// fillers, such as "The The", is kept as [`normalise_name`] gives it.
pub fn normalise_organisation(name: &str) -> String {
    let normalised = normalise_name(name);
    let mut words: Vec<String> = normalised.split(' ').map(str::to_owned).collect();
    loop {
        let before = words.len();
        words = join_initials(words);
        words.retain(|word| !ORGANISATION_FILLERS.contains(&word.as_str()));
        if words.len() == before {
            break;
        }
    }
    if words.is_empty() {
        normalised
    } else {
        words.join(" ")
    }
}

/// Whether two people's email addresses suggest they work together: the same
/// domain, which is not a webmail or other shared domain. Subdomains count as
/// different domains.
pub fn email_domain_conflict(a: &EmailAddress, b: &EmailAddress) -> bool {
    a.domain() == b.domain() && !is_shared_mail_domain(a.domain())
}

/// Whether people with addresses at `domain` share nothing but a mail
/// provider. Compared without regard to case.
pub fn is_shared_mail_domain(domain: &str) -> bool {
    let domain = domain.trim().trim_end_matches('.').to_ascii_lowercase();
    SHARED_MAIL_DOMAINS.contains(&domain.as_str())
}

fn is_apostrophe(c: char) -> bool {
    matches!(
        c,
        '\'' | '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}'
    )
}

/// Appends `c` decomposed (NFKD), without marks and in lower case, repeating
/// for characters whose lower case decomposes further.
fn fold_char(c: char, out: &mut Vec<char>, depth: u8) {
    let mut parts = Vec::new();
    decompose_compatible(c, |part| parts.push(part));
    for part in parts {
        if is_combining_mark(part) {
            continue;
        }
        for lower in part.to_lowercase() {
            if lower != part && depth < 3 {
                fold_char(lower, out, depth + 1);
            } else {
                out.push(lower);
            }
        }
    }
}

/// Appends a letter, spelling in ASCII the Latin letters that have no
/// decomposition.
fn push_ascii_spelling(c: char, out: &mut String) {
    let spelling = match c {
        'ø' => "o",
        'ł' => "l",
        'đ' | 'ð' => "d",
        'ħ' => "h",
        'ı' => "i",
        'ß' => "ss",
        'æ' => "ae",
        'œ' => "oe",
        'þ' => "th",
        _ => {
            out.push(c);
            return;
        }
    };
    out.push_str(spelling);
}

/// The words of a normalised name without leading titles and trailing
/// honours, keeping at least one word.
fn name_words(name: &str) -> Vec<String> {
    let normalised = normalise_name(name);
    let mut words: Vec<&str> = normalised.split_whitespace().collect();
    while words.len() > 1 && words.first().is_some_and(|w| TITLES.contains(w)) {
        words.remove(0);
    }
    while words.len() > 1 && words.last().is_some_and(|w| POSTNOMINALS.contains(w)) {
        words.pop();
    }
    words.into_iter().map(str::to_owned).collect()
}

/// Joins each run of two or more one-character words into one word, so that
/// "c i c" (from "C.I.C.") is "cic".
fn join_initials(words: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut initials = String::new();
    for word in words {
        if word.chars().count() == 1 {
            initials.push_str(&word);
            continue;
        }
        if !initials.is_empty() {
            out.push(std::mem::take(&mut initials));
        }
        if !word.is_empty() {
            out.push(word);
        }
    }
    if !initials.is_empty() {
        out.push(initials);
    }
    out
}

#[cfg(test)]
mod tests;
