//! Tests of nomination validation: the people's fields, consent, drafts and
//! the order of errors. Answers are tested in `answer_tests.rs`, the JSON
//! shapes in `json_tests.rs`, and properties in `proptests.rs`.

use super::*;
use crate::domain::programme::QuestionKind;

pub(super) fn rule(
    key: &str,
    label: &str,
    kind: QuestionKind,
    required: bool,
    max_words: Option<u32>,
    options: &[&str],
) -> QuestionRule {
    QuestionRule {
        key: key.to_owned(),
        label: label.to_owned(),
        kind,
        required,
        max_words,
        options: options.iter().map(|o| (*o).to_owned()).collect(),
    }
}

/// A category's questions, one of each kind.
pub(super) fn questions() -> Vec<QuestionRule> {
    vec![
        rule(
            "why",
            "Why do they deserve an award?",
            QuestionKind::LongText,
            true,
            Some(300),
            &[],
        ),
        rule(
            "role",
            "What is their role?",
            QuestionKind::ShortText,
            false,
            None,
            &[],
        ),
        rule(
            "referee",
            "Who else knows their work?",
            QuestionKind::Email,
            false,
            None,
            &[],
        ),
        rule(
            "referee_phone",
            "The referee's phone number",
            QuestionKind::Phone,
            false,
            None,
            &[],
        ),
        rule(
            "agreed",
            "Do they know about this nomination?",
            QuestionKind::YesNo,
            true,
            None,
            &[],
        ),
        rule(
            "region",
            "Where do they live?",
            QuestionKind::Choice,
            true,
            None,
            &["England", "Scotland", "Wales", "Northern Ireland"],
        ),
    ]
}

/// A nomination that passes every check, as a person might type it.
pub(super) fn complete() -> NominationInput {
    NominationInput {
        nominator: PersonInput {
            name: " Priya Shah ".to_owned(),
            email: "Priya.Shah@Example.org ".to_owned(),
            job_title: "Peer support worker".to_owned(),
            organisation: "The Pain Association".to_owned(),
            phone: "01632 960 001".to_owned(),
        },
        nominee: NomineeInput {
            name: "Tom O'Neil".to_owned(),
            email: String::new(),
            organisation: "Leeds Walking Group".to_owned(),
            locality: "Leeds".to_owned(),
            certificate_name: String::new(),
        },
        answers: [
            ("why", "He set up a walking group.\r\nIt meets every week."),
            ("agreed", "Yes"),
            ("region", "England"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect(),
        consent: ConsentInput {
            nominator_confirms: true,
        },
    }
}

fn fields(errors: &[FieldError]) -> Vec<&str> {
    errors.iter().map(|e| e.field.as_str()).collect()
}

#[test]
fn a_complete_nomination_is_accepted_and_cleaned() {
    let valid = validate_for_submit(&complete(), &questions()).expect("valid");
    assert_eq!(valid.nominator.name, "Priya Shah");
    assert_eq!(
        valid.nominator.email.as_ref().map(EmailAddress::as_str),
        Some("priya.shah@example.org")
    );
    assert_eq!(valid.nominee.email, None);
    assert_eq!(valid.nominee.certificate_name, "Tom O'Neil");
    assert_eq!(
        valid.answers["why"],
        "He set up a walking group.\nIt meets every week."
    );
    assert_eq!(valid.answers["agreed"], "yes");
    assert!(
        !valid.answers.contains_key("role"),
        "blank answers are left out"
    );
    assert!(valid.nominator_confirms);
}

#[test]
fn a_certificate_name_that_was_given_is_kept() {
    let mut input = complete();
    input.nominee.certificate_name = "  Tommy   O'Neil ".to_owned();
    let valid = validate_for_submit(&input, &questions()).expect("valid");
    assert_eq!(valid.nominee.certificate_name, "Tommy O'Neil");
}

#[test]
fn an_empty_submission_lists_every_missing_thing_in_form_order() {
    let errors = validate_for_submit(&NominationInput::default(), &questions())
        .expect_err("nothing was filled in");
    let expected = [
        ("nominator.name", "Enter your name"),
        ("nominator.email", "Enter your email address"),
        ("nominee.name", "Enter the nominee's name"),
        (
            "answers.why",
            "Enter an answer to \u{201c}Why do they deserve an award?\u{201d}",
        ),
        (
            "answers.agreed",
            "Select yes or no for \u{201c}Do they know about this nomination?\u{201d}",
        ),
        (
            "answers.region",
            "Select one of the options for \u{201c}Where do they live?\u{201d}",
        ),
        (
            "consent.nominator_confirms",
            "Confirm that the information is true and that we can contact you about this nomination",
        ),
    ];
    let expected: Vec<FieldError> = expected
        .iter()
        .map(|(field, message)| FieldError::new(*field, *message))
        .collect();
    assert_eq!(errors, expected);
}

#[test]
fn problems_with_the_people_are_reported_with_a_specific_message() {
    type Change = fn(&mut NominationInput);
    let cases: [(&str, Change, &str, &str); 12] = [
        (
            "blank name",
            |i| i.nominator.name = " \t ".into(),
            "nominator.name",
            "Enter your name",
        ),
        (
            "name of control characters only",
            |i| i.nominator.name = "\u{0}\u{1b}".into(),
            "nominator.name",
            "Enter your name",
        ),
        (
            "blank email",
            |i| i.nominator.email = String::new(),
            "nominator.email",
            "Enter your email address",
        ),
        (
            "email without a domain",
            |i| i.nominator.email = "priya@".into(),
            "nominator.email",
            "Enter your email address in the right format, like name@example.com",
        ),
        (
            "email with a display name",
            |i| i.nominator.email = "Priya <p@example.org>".into(),
            "nominator.email",
            "Enter your email address in the right format, like name@example.com",
        ),
        (
            "phone with letters",
            |i| i.nominator.phone = "call me".into(),
            "nominator.phone",
            "A phone number can only include numbers, spaces, brackets, hyphens and +",
        ),
        (
            "phone too short",
            |i| i.nominator.phone = "12345".into(),
            "nominator.phone",
            "A phone number must have between 7 and 20 digits: it has 5 digits",
        ),
        (
            "blank nominee name",
            |i| i.nominee.name = String::new(),
            "nominee.name",
            "Enter the nominee's name",
        ),
        (
            "nominee email mistyped",
            |i| i.nominee.email = "tom at example.org".into(),
            "nominee.email",
            "Enter the nominee's email address in the right format, like name@example.com",
        ),
        (
            "long job title",
            |i| i.nominator.job_title = "a".repeat(201),
            "nominator.job_title",
            "Your job title must be 200 characters or fewer: it is 201 characters",
        ),
        (
            "long locality",
            |i| i.nominee.locality = "a".repeat(201),
            "nominee.locality",
            "The nominee's town or area must be 200 characters or fewer: it is 201 characters",
        ),
        (
            "long certificate name",
            |i| i.nominee.certificate_name = "a".repeat(201),
            "nominee.certificate_name",
            "The name for the certificate must be 200 characters or fewer: it is 201 characters",
        ),
    ];
    for (case, change, field, message) in cases {
        let mut input = complete();
        change(&mut input);
        let errors = validate_for_submit(&input, &questions()).expect_err(case);
        assert_eq!(errors, vec![FieldError::new(field, message)], "{case}");
    }
}

#[test]
fn lengths_are_counted_in_characters_not_bytes() {
    let mut input = complete();
    input.nominee.name = "é".repeat(200);
    input.nominator.organisation = "名".repeat(200);
    assert!(validate_for_submit(&input, &questions()).is_ok());
    input.nominee.organisation = "名".repeat(201);
    let errors = validate_for_submit(&input, &questions()).expect_err("too long");
    assert_eq!(
        errors,
        vec![FieldError::new(
            "nominee.organisation",
            "The name of the nominee's organisation must be 200 characters or fewer: it is 201 characters"
        )]
    );
}

#[test]
fn hidden_characters_are_removed_from_what_is_stored() {
    let mut input = complete();
    input.nominee.name = "Tom\u{202E} O'Neil\u{0}\n".to_owned();
    input.nominator.phone = "\u{FEFF}01632\t960 001".to_owned();
    let valid = validate_for_submit(&input, &questions()).expect("valid");
    assert_eq!(valid.nominee.name, "Tom O'Neil");
    assert_eq!(valid.nominator.phone, "01632 960 001");
}

#[test]
fn consent_is_needed_to_submit_but_not_to_save_a_draft() {
    let mut input = complete();
    input.consent.nominator_confirms = false;
    let errors = validate_for_submit(&input, &questions()).expect_err("no consent");
    assert_eq!(fields(&errors), ["consent.nominator_confirms"]);
    let draft = validate_for_draft(&input, &questions()).expect("a draft needs no consent");
    assert!(!draft.nominator_confirms);
}

#[test]
fn an_empty_draft_can_be_saved() {
    let draft = validate_for_draft(&NominationInput::default(), &questions()).expect("valid");
    assert_eq!(draft.nominator.name, "");
    assert_eq!(draft.nominator.email, None);
    assert_eq!(
        draft.nominee.certificate_name, "",
        "a draft does not default it"
    );
    assert!(draft.answers.is_empty());
}

#[test]
fn a_draft_must_still_fit_the_form() {
    type Change = fn(&mut NominationInput);
    let cases: [(&str, Change, &str); 7] = [
        (
            "a mistyped email",
            |i| i.nominator.email = "priya@".into(),
            "nominator.email",
        ),
        (
            "a phone number with letters",
            |i| i.nominator.phone = "none".into(),
            "nominator.phone",
        ),
        (
            "an overlong name",
            |i| i.nominee.name = "a".repeat(201),
            "nominee.name",
        ),
        (
            "too many words",
            |i| {
                i.answers.insert("why".into(), "word ".repeat(301));
            },
            "answers.why",
        ),
        (
            "a yes-or-no answer of maybe",
            |i| {
                i.answers.insert("agreed".into(), "maybe".into());
            },
            "answers.agreed",
        ),
        (
            "an option not offered",
            |i| {
                i.answers.insert("region".into(), "Mars".into());
            },
            "answers.region",
        ),
        (
            "an unknown question",
            |i| {
                i.answers.insert("bribe".into(), "£50".into());
            },
            "answers.bribe",
        ),
    ];
    for (case, change, field) in cases {
        let mut input = NominationInput::default();
        change(&mut input);
        let errors = validate_for_draft(&input, &questions()).expect_err(case);
        assert_eq!(fields(&errors), [field], "{case}");
    }
}

#[test]
fn a_reopened_draft_validates_to_the_same_draft() {
    let mut input = complete();
    input.nominee.certificate_name = String::new();
    input.consent.nominator_confirms = false;
    let draft = validate_for_draft(&input, &questions()).expect("valid");
    assert_eq!(
        validate_for_draft(&draft.to_input(), &questions()),
        Ok(draft)
    );
}
