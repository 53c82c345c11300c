//! Property tests of nomination validation: it never panics, whatever is
//! typed; cleaned values validate to themselves; words are counted as
//! `split_whitespace` counts them; cleaning twice is cleaning once.

use std::collections::BTreeMap;

use proptest::prelude::*;

use super::tests::questions;
use super::*;

/// Any text, favouring the awkward: control and invisible characters,
/// combining marks, all of Unicode, and texts of many thousands of characters.
fn awkward_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,300}",
        "[ \\t\\r\\n\\x00-\\x1f\\x7f\\u{85}\\u{a0}\\u{202a}-\\u{202e}\\u{2066}-\\u{2069}\\u{feff}\\u{0301}a-zA-Z@.+()-]{0,80}",
        ("\\PC{0,12}", 500..2_000usize).prop_map(|(text, times)| text.repeat(times)),
    ]
}

fn awkward_input() -> impl Strategy<Value = NominationInput> {
    let person = (
        awkward_text(),
        awkward_text(),
        awkward_text(),
        awkward_text(),
        awkward_text(),
    );
    let nominee = (
        awkward_text(),
        awkward_text(),
        awkward_text(),
        awkward_text(),
        awkward_text(),
    );
    let key = prop_oneof![
        Just("why".to_owned()),
        Just("role".to_owned()),
        Just("referee".to_owned()),
        Just("referee_phone".to_owned()),
        Just("agreed".to_owned()),
        Just("region".to_owned()),
        awkward_text(),
    ];
    let answers = prop::collection::btree_map(key, awkward_text(), 0..8);
    (person, nominee, answers, any::<bool>()).prop_map(|(p, n, answers, confirms)| {
        NominationInput {
            nominator: PersonInput {
                name: p.0,
                email: p.1,
                job_title: p.2,
                organisation: p.3,
                phone: p.4,
            },
            nominee: NomineeInput {
                name: n.0,
                email: n.1,
                organisation: n.2,
                locality: n.3,
                certificate_name: n.4,
            },
            answers,
            consent: ConsentInput {
                nominator_confirms: confirms,
            },
        }
    })
}

/// A one-line text that is never blank once cleaned, with awkward parts.
fn typed_line() -> impl Strategy<Value = String> {
    (
        "\\PC{0,40}",
        "[\\x00-\\x1f \\u{202e}\\u{feff}]{0,3}",
        "[a-zA-Z]{1,10}",
    )
        .prop_map(|(a, gap, b)| format!("{a}{gap}{b}"))
}

/// A nomination that should pass every check on submission.
fn valid_input() -> impl Strategy<Value = NominationInput> {
    let people = (
        (
            typed_line(),
            "[a-z0-9]{1,6}(\\.[a-z0-9]{1,6})?@[a-z]{1,10}\\.(org|co\\.uk)",
        ),
        prop_oneof![Just(String::new()), typed_line()],
        prop_oneof![Just(String::new()), "\\+?[0-9 ()-]{0,4}[0-9]{7,10}"],
        (typed_line(), prop_oneof![Just(String::new()), typed_line()]),
    );
    let answers = (
        "(\\PC{0,12}[ \\t\\r\\n]{1,3}){1,30}[a-z]",
        prop_oneof![Just("yes"), Just("No"), Just(" YES ")],
        prop_oneof![Just("England"), Just("Scotland"), Just(" Wales ")],
        prop_oneof![Just(String::new()), "\\PC{0,100}"],
    );
    (people, answers, any::<bool>()).prop_map(|(people, answers, optional)| {
        let ((name, email), job_title, phone, (nominee, certificate_name)) = people;
        let (why, agreed, region, role) = answers;
        let mut given = BTreeMap::from([
            ("why".to_owned(), why),
            ("agreed".to_owned(), agreed.to_owned()),
            ("region".to_owned(), region.to_owned()),
        ]);
        if optional {
            given.insert("role".to_owned(), role);
        }
        NominationInput {
            nominator: PersonInput {
                name,
                email,
                job_title,
                organisation: String::new(),
                phone,
            },
            nominee: NomineeInput {
                name: nominee,
                certificate_name,
                ..NomineeInput::default()
            },
            answers: given,
            consent: ConsentInput {
                nominator_confirms: true,
            },
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn validation_never_panics_whatever_is_typed(input in awkward_input()) {
        let rules = questions();
        if let Ok(valid) = validate_for_submit(&input, &rules) {
            prop_assert_eq!(validate_for_submit(&valid.to_input(), &rules), Ok(valid));
        }
        if let Ok(draft) = validate_for_draft(&input, &rules) {
            prop_assert_eq!(validate_for_draft(&draft.to_input(), &rules), Ok(draft));
        }
    }

    #[test]
    fn a_valid_nomination_validates_again_to_itself(input in valid_input()) {
        let rules = questions();
        let valid = validate_for_submit(&input, &rules);
        prop_assert!(valid.is_ok(), "{:?}", valid);
        if let Ok(valid) = valid {
            let again = validate_for_submit(&valid.to_input(), &rules);
            prop_assert_eq!(again, Ok(valid.clone()));
            let draft = validate_for_draft(&valid.to_input(), &rules);
            prop_assert_eq!(draft, Ok(valid));
        }
    }

    #[test]
    fn every_error_names_a_field_of_the_form(input in awkward_input()) {
        let rules = questions();
        if let Err(errors) = validate_for_submit(&input, &rules) {
            for error in errors {
                prop_assert!(!error.message.is_empty());
                let section = error.field.split('.').next().unwrap_or_default();
                prop_assert!(
                    ["nominator", "nominee", "answers", "consent"].contains(&section),
                    "{}", error.field
                );
            }
        }
    }

    #[test]
    fn words_are_counted_as_split_whitespace_counts_them(text in awkward_text()) {
        prop_assert_eq!(count_words(&text), text.split_whitespace().count());
    }

    #[test]
    fn cleaning_twice_is_the_same_as_cleaning_once(text in awkward_text()) {
        let line = text::clean_line(&text);
        prop_assert_eq!(text::clean_line(&line), line.clone());
        prop_assert_eq!(text::is_blank(&text), line.is_empty());
        let multiline = text::clean_multiline(&text);
        prop_assert_eq!(text::clean_multiline(&multiline), multiline);
        let phone = text::clean_phone(&text);
        prop_assert_eq!(text::clean_phone(&phone), phone);
    }
}
