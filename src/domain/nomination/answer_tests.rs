//! Tests of the answers to a category's questions: each kind's rules, word
//! and length limits, and answers to questions the form does not ask.

use super::tests::{complete, questions};
use super::*;

/// The errors from submitting the complete nomination with one answer set.
fn submit_with(key: &str, answer: &str) -> Result<ValidNomination, Vec<FieldError>> {
    let mut input = complete();
    input.answers.insert(key.to_owned(), answer.to_owned());
    validate_for_submit(&input, &questions())
}

fn stored(key: &str, answer: &str) -> Option<String> {
    submit_with(key, answer)
        .ok()
        .and_then(|valid| valid.answers.get(key).cloned())
}

#[test]
fn a_long_answer_over_its_word_limit_says_how_many_words_it_has() {
    let answer = "word ".repeat(312);
    assert_eq!(
        submit_with("why", &answer),
        Err(vec![FieldError::new(
            "answers.why",
            "Your answer must be 300 words or fewer: it is 312 words"
        )])
    );
}

#[test]
fn an_answer_of_exactly_the_word_limit_is_accepted() {
    let answer = format!("{}\n\n", "word\t".repeat(300));
    assert_eq!(stored("why", &answer).map(|a| count_words(&a)), Some(300));
}

#[test]
fn a_word_limit_of_one_is_worded_in_the_singular() {
    let mut rules = questions();
    rules[1].max_words = Some(1);
    let mut input = complete();
    input
        .answers
        .insert("role".to_owned(), "Group leader".to_owned());
    let errors = validate_for_submit(&input, &rules).expect_err("two words");
    assert_eq!(
        errors[0].message,
        "Your answer must be 1 word or fewer: it is 2 words"
    );
}

#[test]
fn answers_have_a_length_limit_even_without_a_word_limit() {
    let mut rules = questions();
    rules[0].max_words = None;
    let mut input = complete();
    input.answers.insert("why".to_owned(), "a".repeat(10_001));
    let errors = validate_for_submit(&input, &rules).expect_err("too long");
    assert_eq!(
        errors,
        vec![FieldError::new(
            "answers.why",
            "Your answer must be 10,000 characters or fewer: it is 10,001 characters"
        )]
    );
}

#[test]
fn short_text_answers_keep_to_one_line_and_500_characters() {
    assert_eq!(
        stored("role", " Group\r\n  leader ").as_deref(),
        Some("Group leader")
    );
    assert_eq!(
        submit_with("role", &"a".repeat(501)),
        Err(vec![FieldError::new(
            "answers.role",
            "Your answer must be 500 characters or fewer: it is 501 characters"
        )])
    );
}

#[test]
fn long_text_answers_keep_their_paragraphs() {
    let answer = "  First point.\r\n\r\n\tSecond point.  ";
    assert_eq!(
        stored("why", answer).as_deref(),
        Some("First point.\n\n\tSecond point.")
    );
}

#[test]
fn well_formed_answers_of_each_kind_are_stored_cleaned() {
    let cases = [
        (
            "referee",
            " Ann@Example.ORG ",
            "ann@example.org",
            "an email address",
        ),
        (
            "referee_phone",
            "+44 (0)1632 960001",
            "+44 (0)1632 960001",
            "a phone number",
        ),
        ("agreed", "yes", "yes", "yes"),
        ("agreed", " NO ", "no", "no in capitals"),
        (
            "region",
            " Northern   Ireland ",
            "Northern Ireland",
            "an option with extra spaces",
        ),
    ];
    for (key, answer, expected, case) in cases {
        assert_eq!(stored(key, answer).as_deref(), Some(expected), "{case}");
    }
}

#[test]
fn badly_formed_answers_are_refused_with_a_specific_message() {
    let cases = [
        (
            "referee",
            "ann",
            "Enter an email address in the right format, like name@example.com",
            "an email address without a domain",
        ),
        (
            "referee_phone",
            "ask Ann",
            "A phone number can only include numbers, spaces, brackets, hyphens and +",
            "a phone number in words",
        ),
        (
            "referee_phone",
            "999",
            "A phone number must have between 7 and 20 digits: it has 3 digits",
            "a phone number that is too short",
        ),
        (
            "agreed",
            "y",
            "Select yes or no for \u{201c}Do they know about this nomination?\u{201d}",
            "an abbreviated yes",
        ),
        (
            "agreed",
            "true",
            "Select yes or no for \u{201c}Do they know about this nomination?\u{201d}",
            "true instead of yes",
        ),
        (
            "region",
            "england",
            "Select one of the options for \u{201c}Where do they live?\u{201d}",
            "an option in the wrong case",
        ),
        (
            "region",
            "Cornwall",
            "Select one of the options for \u{201c}Where do they live?\u{201d}",
            "an option not offered",
        ),
        (
            "why",
            " \u{0}\n ",
            "Enter an answer to \u{201c}Why do they deserve an award?\u{201d}",
            "a required answer of only blanks",
        ),
    ];
    for (key, answer, message, case) in cases {
        assert_eq!(
            submit_with(key, answer),
            Err(vec![FieldError::new(format!("answers.{key}"), message)]),
            "{case}"
        );
    }
}

#[test]
fn a_question_without_a_label_is_called_this_question() {
    let mut rules = questions();
    rules[0].label = "  ".to_owned();
    let mut input = complete();
    input.answers.remove("why");
    let errors = validate_for_submit(&input, &rules).expect_err("missing");
    assert_eq!(errors[0].message, "Enter an answer to this question");
}

#[test]
fn an_answer_to_a_question_not_on_the_form_is_refused() {
    assert_eq!(
        submit_with("favourite_colour", "blue"),
        Err(vec![FieldError::new(
            "answers.favourite_colour",
            "This question is not part of the form"
        )])
    );
}

#[test]
fn a_blank_answer_to_a_question_not_on_the_form_is_ignored() {
    let valid = submit_with("removed_question", " \n").expect("valid");
    assert!(!valid.answers.contains_key("removed_question"));
}

#[test]
fn answers_to_unknown_questions_are_reported_after_the_known_ones() {
    let mut input = complete();
    input.answers.insert("aaa".to_owned(), "x".to_owned());
    input
        .answers
        .insert("agreed".to_owned(), "perhaps".to_owned());
    input.consent.nominator_confirms = false;
    let errors = validate_for_submit(&input, &questions()).expect_err("invalid");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    assert_eq!(
        fields,
        [
            "answers.agreed",
            "answers.aaa",
            "consent.nominator_confirms"
        ]
    );
}

#[test]
fn optional_questions_can_be_left_blank() {
    let valid = submit_with("referee", "   ").expect("valid");
    assert!(!valid.answers.contains_key("referee"));
}
