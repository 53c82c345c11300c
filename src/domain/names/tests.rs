//! Tests of name, organisation and email-domain normalisation, with
//! real-looking cases and properties.

use proptest::prelude::*;

use super::*;

fn email(text: &str) -> EmailAddress {
    EmailAddress::parse(text).expect("a valid address")
}

#[test]
fn names_are_reduced_to_plain_lower_case_words() {
    let cases = [
        (
            "  José  O'Neil ",
            "jose oneil",
            "accents, apostrophe and spaces",
        ),
        ("jose oneil", "jose oneil", "already plain"),
        ("Jose O Neil", "jose o neil", "a space for the apostrophe"),
        (
            "JOSÉ O\u{2019}NEIL",
            "jose oneil",
            "capitals and a curly apostrophe",
        ),
        ("Jose\u{301} O'Neil", "jose oneil", "a decomposed accent"),
        ("Mary-Jane Smith-Jones", "mary jane smith jones", "hyphens"),
        ("Smith, Ann (Dr.)", "smith ann dr", "punctuation"),
        ("Søren Kierkegård", "soren kierkegard", "a slashed o"),
        (
            "Łukasz Straße",
            "lukasz strasse",
            "letters with no decomposition",
        ),
        ("Ｔｏｍ", "tom", "full-width letters"),
        (
            "Zoë\u{A0}\u{200B}Ball",
            "zoe ball",
            "a non-breaking and a zero-width space",
        ),
        ("李 小龍", "李 小龍", "Chinese characters are kept"),
        ("Мария Иванова", "мария иванова", "Cyrillic is lower-cased"),
        ("", "", "empty"),
        (" -- ", "", "only punctuation"),
    ];
    for (name, expected, case) in cases {
        assert_eq!(normalise_name(name), expected, "{case}");
    }
}

#[test]
fn the_same_person_is_recognised_under_different_spellings() {
    let cases = [
        ("José O'Neil", "jose oneil", "accents and apostrophe"),
        (
            "José O'Neil",
            "Jose O Neil",
            "an apostrophe written as a space",
        ),
        (
            "Anne-Marie Duff",
            "Annemarie Duff",
            "a hyphenated first name",
        ),
        ("Smith, Ann", "Ann Smith", "surname first"),
        ("Dr Ann Smith", "ann smith", "a title"),
        ("Prof. Sir Tom Jones OBE", "Tom Jones", "titles and honours"),
        ("Ann Smith MBE", "ANN SMITH", "an honour"),
    ];
    for (a, b, case) in cases {
        assert!(same_person(a, b), "{case}");
        assert!(same_person(b, a), "{case}, the other way round");
    }
}

#[test]
fn different_people_are_not_confused() {
    let cases = [
        ("Ann Smith", "Anne Smith", "a different first name"),
        ("Ann Smith", "Ann Smyth", "a different surname"),
        ("Ann Smith", "Ann", "a first name only"),
        ("", "", "two blank names"),
        ("Dr", "", "a title against a blank"),
        ("   ", "Ann Smith", "a blank name"),
    ];
    for (a, b, case) in cases {
        assert!(!same_person(a, b), "{case}");
    }
}

#[test]
fn a_title_on_its_own_is_kept_as_the_name() {
    assert!(same_person("Dr", "dr."));
}

#[test]
fn organisations_lose_legal_forms_and_filler_words() {
    let cases = [
        (
            "The Pain Association Ltd.",
            "pain association",
            "the and ltd",
        ),
        ("pain association", "pain association", "already plain"),
        (
            "PAIN ASSOCIATION LIMITED",
            "pain association",
            "limited in capitals",
        ),
        ("Smith & Nephew plc", "smith nephew", "an ampersand"),
        ("Smith and Nephew PLC", "smith nephew", "and spelt out"),
        (
            "Walking Together C.I.C.",
            "walking together",
            "initials with dots",
        ),
        (
            "Walking Together CIC",
            "walking together",
            "initials without dots",
        ),
        ("B.B.C.", "bbc", "initials only"),
        (
            "Leeds Teaching Hospitals NHS Trust",
            "leeds teaching hospitals nhs trust",
            "NHS and trust are kept",
        ),
        ("Age UK", "age uk", "UK is kept"),
        ("The The", "the the", "only filler words"),
        ("Ltd", "ltd", "one filler word"),
        ("", "", "empty"),
    ];
    for (name, expected, case) in cases {
        assert_eq!(normalise_organisation(name), expected, "{case}");
    }
}

#[test]
fn organisations_that_differ_only_in_form_compare_equal() {
    assert_eq!(
        normalise_organisation("The Pain Association Ltd."),
        normalise_organisation("pain association")
    );
    assert_ne!(
        normalise_organisation("Age UK"),
        normalise_organisation("Age Scotland")
    );
}

#[test]
fn colleagues_at_one_employer_have_a_domain_conflict() {
    assert!(email_domain_conflict(
        &email("ann@painassociation.org.uk"),
        &email("Tom@PainAssociation.org.uk"),
    ));
}

#[test]
fn no_conflict_is_proposed_for_shared_or_different_domains() {
    let cases = [
        ("ann@gmail.com", "tom@gmail.com", "webmail"),
        ("ann@hotmail.co.uk", "tom@hotmail.co.uk", "British webmail"),
        (
            "ann@btinternet.com",
            "tom@btinternet.com",
            "an internet provider",
        ),
        ("ann@proton.me", "tom@proton.me", "private email"),
        (
            "ann.smith@nhs.net",
            "tom.jones@nhs.net",
            "NHSmail, shared by the whole NHS",
        ),
        ("ann@leeds.ac.uk", "tom@york.ac.uk", "different employers"),
        ("ann@leeds.ac.uk", "tom@student.leeds.ac.uk", "a subdomain"),
    ];
    for (a, b, case) in cases {
        assert!(!email_domain_conflict(&email(a), &email(b)), "{case}");
    }
}

#[test]
fn person_keys_join_and_sort_the_words_without_titles() {
    let keys = PersonKeys::of("Dr O'Neil, Ann MBE").unwrap();
    assert_eq!(keys.joined, "oneilann");
    assert_eq!(keys.sorted, "ann oneil");
    assert!(!keys.matches(&PersonKeys::of("Ann O Neil").unwrap()));
    assert!(keys.matches(&PersonKeys::of("ann o'neil").unwrap()));
    assert!(
        PersonKeys::of("O Neil Ann")
            .unwrap()
            .matches(&PersonKeys::of("O'Neil Ann").unwrap())
    );
    assert_eq!(PersonKeys::of(" , "), None);
}

#[test]
fn shared_domains_are_recognised_in_any_case() {
    assert!(is_shared_mail_domain("GMail.com"));
    assert!(is_shared_mail_domain(" yahoo.co.uk. "));
    assert!(!is_shared_mail_domain("gmail.com.example.org"));
    assert!(SHARED_MAIL_DOMAINS.len() >= 30);
}

proptest! {
    #[test]
    fn the_ascii_shortcut_folds_as_the_full_decomposition_does(c in proptest::char::range('\0', '\x7f')) {
        let mut folded = Vec::new();
        fold_char(c, &mut folded, 0);
        prop_assert_eq!(folded, vec![c.to_ascii_lowercase()]);
    }

    #[test]
    fn normalising_a_name_twice_changes_nothing_more(name in any::<String>()) {
        let once = normalise_name(&name);
        prop_assert_eq!(normalise_name(&once), once);
    }

    #[test]
    fn normalising_an_organisation_twice_changes_nothing_more(
        name in "((the|and|ltd|c|i|[a-zA-Z]{1,3}|\\PC{1,4})[ .&']{1,2}){0,8}",
    ) {
        let once = normalise_organisation(&name);
        prop_assert_eq!(normalise_organisation(&once), once);
    }

    #[test]
    fn normalising_any_organisation_twice_changes_nothing_more(name in any::<String>()) {
        let once = normalise_organisation(&name);
        prop_assert_eq!(normalise_organisation(&once), once);
    }

    #[test]
    fn same_person_does_not_depend_on_the_order_asked(
        a in "((dr|mbe|[a-zA-Zé']{1,5}|\\PC{1,3})[ ,.-]{1,2}){0,4}",
        b in "((dr|mbe|[a-zA-Zé']{1,5}|\\PC{1,3})[ ,.-]{1,2}){0,4}",
    ) {
        prop_assert_eq!(same_person(&a, &b), same_person(&b, &a));
    }

    #[test]
    fn person_keys_match_exactly_when_same_person_says_so(
        a in "((dr|mbe|o|neil|ann|[a-zA-Zé']{1,3}|\\PC{1,3})[ ,.'-]{1,2}){0,4}",
        b in "((dr|mbe|o|neil|ann|[a-zA-Zé']{1,3}|\\PC{1,3})[ ,.'-]{1,2}){0,4}",
    ) {
        let keys = PersonKeys::of(&a).zip(PersonKeys::of(&b));
        let matched = keys.is_some_and(|(a, b)| a.matches(&b));
        prop_assert_eq!(matched, same_person(&a, &b));
    }

    #[test]
    fn a_name_is_the_same_person_as_itself_in_capitals(name in "[a-zA-Z][a-zA-Z ,.'-]{0,30}") {
        prop_assert!(same_person(&name, &name.to_uppercase()));
    }
}
