//! Checking the answers to a category's questions: one rule per question,
//! applied by kind, plus refusing answers to questions the form does not ask.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::{Checker, MAX_ANSWER_CHARS, MAX_SHORT_TEXT_CHARS, text};
use crate::domain::email::{EmailAddress, EmailError};
use crate::domain::programme::QuestionKind;

/// What one question of a nomination form accepts. Built from the
/// programme's question template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionRule {
    pub key: String,
    /// The question as the form asks it; quoted in messages about it.
    pub label: String,
    pub kind: QuestionKind,
    pub required: bool,
    /// A word limit, for short- and long-text questions.
    pub max_words: Option<u32>,
    /// The options of a choice question, exactly as an answer must give one.
    #[serde(default)]
    pub options: Vec<String>,
}

/// Checks each question's answer in question order, then refuses answers to
/// questions that are not on the form. Blank answers to unknown questions are
/// ignored, so that a draft saved before a question was removed still opens.
/// Returns the cleaned, non-blank answers.
pub(super) fn check_answers(
    check: &mut Checker,
    given: &BTreeMap<String, String>,
    questions: &[QuestionRule],
) -> BTreeMap<String, String> {
    let mut cleaned = BTreeMap::new();
    for rule in questions {
        let raw = given.get(&rule.key).map_or("", String::as_str);
        match check_answer(rule, raw, check.submit) {
            Ok(Some(value)) => {
                cleaned.insert(rule.key.clone(), value);
            }
            Ok(None) => {}
            Err(message) => check.fail(&format!("answers.{}", rule.key), message),
        }
    }
    let known: BTreeSet<&str> = questions.iter().map(|rule| rule.key.as_str()).collect();
    for (key, raw) in given {
        if !known.contains(key.as_str()) && !text::is_blank(raw) {
            check.fail(
                &format!("answers.{key}"),
                "This question is not part of the form",
            );
        }
    }
    cleaned
}

/// The cleaned answer, `None` when blank and allowed to be, or the message.
fn check_answer(rule: &QuestionRule, raw: &str, submit: bool) -> Result<Option<String>, String> {
    let value = match rule.kind {
        QuestionKind::LongText => text::clean_multiline(raw),
        QuestionKind::Phone => text::clean_phone(raw),
        _ => text::clean_line(raw),
    };
    if value.is_empty() {
        return if submit && rule.required {
            Err(missing(rule))
        } else {
            Ok(None)
        };
    }
    let answer = match rule.kind {
        QuestionKind::ShortText => check_text(rule, value, MAX_SHORT_TEXT_CHARS)?,
        QuestionKind::LongText => check_text(rule, value, MAX_ANSWER_CHARS)?,
        QuestionKind::Email => EmailAddress::parse(&value)
            .map_err(|_| EmailError::Invalid.to_string())?
            .as_str()
            .to_owned(),
        QuestionKind::Phone => {
            text::check_phone(&value)?;
            value
        }
        QuestionKind::YesNo => {
            if value.eq_ignore_ascii_case("yes") {
                "yes".to_owned()
            } else if value.eq_ignore_ascii_case("no") {
                "no".to_owned()
            } else {
                return Err(missing(rule));
            }
        }
        QuestionKind::Choice => {
            // Compared once both are cleaned, so that stray spaces in the
            // programme's options cannot make an option impossible to give.
            if rule
                .options
                .iter()
                .any(|option| text::clean_line(option) == value)
            {
                value
            } else {
                return Err(missing(rule));
            }
        }
    };
    Ok(Some(answer))
}

/// Checks a text answer against its word limit, then its length.
fn check_text(rule: &QuestionRule, value: String, max_chars: usize) -> Result<String, String> {
    if let Some(max_words) = rule.max_words {
        let words = text::count_words(&value);
        let max_words = usize::try_from(max_words).unwrap_or(usize::MAX);
        if words > max_words {
            return Err(format!(
                "Your answer must be {} or fewer: it is {}",
                text::counted(max_words, "word", "words"),
                text::counted(words, "word", "words"),
            ));
        }
    }
    match text::too_long("Your answer", &value, max_chars) {
        Some(message) => Err(message),
        None => Ok(value),
    }
}

/// The message for a required question left blank, or for a yes-or-no or
/// choice answer that is not one of those offered.
fn missing(rule: &QuestionRule) -> String {
    let question = rule.label.trim();
    let question = if question.is_empty() {
        "this question".to_owned()
    } else {
        format!("\u{201c}{question}\u{201d}")
    };
    match rule.kind {
        QuestionKind::YesNo => format!("Select yes or no for {question}"),
        QuestionKind::Choice => format!("Select one of the options for {question}"),
        _ => format!("Enter an answer to {question}"),
    }
}
