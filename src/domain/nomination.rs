//! Validating a nomination as a member of the public typed it.
//!
//! Owns the shape of the nomination form's input ([`NominationInput`], which
//! the JSON API body deserialises straight onto), the rules for each field and
//! answer, the plain-language messages shown when something needs fixing, and
//! the cleaned [`ValidNomination`] that is stored. A submitted nomination must
//! be complete; a draft may be half-done, but what it holds must still fit.
//!
//! Cleaning, applied to every text: Windows and old Mac line breaks become
//! `\n`; control characters other than newline and tab are removed, and so are
//! the invisible bidirectional-override characters and the byte-order mark;
//! the text is trimmed and put in Unicode NFC. One-line fields (everything but
//! long-text answers) also have every run of whitespace turned into one space.

mod answers;
pub(crate) mod text;

#[cfg(test)]
mod answer_tests;
#[cfg(test)]
mod json_tests;
#[cfg(test)]
mod proptests;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize};

use crate::domain::email::EmailAddress;
use crate::domain::person_name::{PersonName, PersonNameError};
use crate::error::FieldError;

pub use answers::QuestionRule;
pub use text::count_words;

/// The longest name, job title, organisation or locality, in characters.
pub const MAX_FIELD_CHARS: usize = 200;
/// The longest answer of any kind, in characters, word limit or not.
pub const MAX_ANSWER_CHARS: usize = 10_000;
/// The longest short-text answer, in characters.
pub const MAX_SHORT_TEXT_CHARS: usize = 500;

/// A nomination as typed. Every part may be missing from JSON (and any text
/// may be `null`): a missing part reads as blank, and blank required fields
/// are reported by [`validate_for_submit`]. Unknown JSON keys such as
/// `category` and `submit` are ignored, for the web layer to read itself.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NominationInput {
    pub nominator: PersonInput,
    pub nominee: NomineeInput,
    /// Answers by question key, as typed.
    #[serde(deserialize_with = "answers_or_null")]
    pub answers: BTreeMap<String, String>,
    pub consent: ConsentInput,
}

/// The person making the nomination: "you" in the messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PersonInput {
    #[serde(deserialize_with = "text_or_null")]
    pub name: String,
    #[serde(deserialize_with = "text_or_null")]
    pub email: String,
    #[serde(deserialize_with = "text_or_null")]
    pub job_title: String,
    #[serde(deserialize_with = "text_or_null")]
    pub organisation: String,
    #[serde(deserialize_with = "text_or_null")]
    pub phone: String,
}

/// The person being nominated: "the nominee" in the messages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NomineeInput {
    #[serde(deserialize_with = "text_or_null")]
    pub name: String,
    #[serde(deserialize_with = "text_or_null")]
    pub email: String,
    #[serde(deserialize_with = "text_or_null")]
    pub organisation: String,
    #[serde(deserialize_with = "text_or_null")]
    pub locality: String,
    /// The name to print on a certificate; blank means the nominee's name.
    #[serde(deserialize_with = "text_or_null")]
    pub certificate_name: String,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ConsentInput {
    /// The nominator confirms the information is true and that they may be
    /// contacted about the nomination.
    #[serde(deserialize_with = "flag_or_null")]
    pub nominator_confirms: bool,
}

/// A nomination whose every field has been cleaned and checked. Blank texts
/// are empty strings; absent email addresses are `None`. Deserialising from
/// storage re-checks the email addresses but trusts everything else.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidNomination {
    pub nominator: Nominator,
    pub nominee: Nominee,
    /// Cleaned answers by question key; unanswered questions are left out.
    pub answers: BTreeMap<String, String>,
    pub nominator_confirms: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominator {
    pub name: String,
    /// Always present in a submitted nomination; may be missing in a draft.
    #[serde(default, with = "stored_email")]
    pub email: Option<EmailAddress>,
    pub job_title: String,
    pub organisation: String,
    pub phone: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Nominee {
    pub name: String,
    #[serde(default, with = "stored_email")]
    pub email: Option<EmailAddress>,
    pub organisation: String,
    pub locality: String,
    /// In a submitted nomination, the nominee's name when none was given. In
    /// a draft it stays blank, so that it follows later edits of the name.
    pub certificate_name: String,
}

impl ValidNomination {
    /// The form filled in with the cleaned values, e.g. to reopen a draft.
    /// Validating it again gives this same nomination.
    pub fn to_input(&self) -> NominationInput {
        let email = |e: &Option<EmailAddress>| e.as_ref().map(|e| e.as_str().to_owned());
        NominationInput {
            nominator: PersonInput {
                name: self.nominator.name.clone(),
                email: email(&self.nominator.email).unwrap_or_default(),
                job_title: self.nominator.job_title.clone(),
                organisation: self.nominator.organisation.clone(),
                phone: self.nominator.phone.clone(),
            },
            nominee: NomineeInput {
                name: self.nominee.name.clone(),
                email: email(&self.nominee.email).unwrap_or_default(),
                organisation: self.nominee.organisation.clone(),
                locality: self.nominee.locality.clone(),
                certificate_name: self.nominee.certificate_name.clone(),
            },
            answers: self.answers.clone(),
            consent: ConsentInput {
                nominator_confirms: self.nominator_confirms,
            },
        }
    }
}

/// Checks a nomination being submitted for judging: everything required must
/// be there. Returns every problem at once, in the order of the form.
pub fn validate_for_submit(
    input: &NominationInput,
    questions: &[QuestionRule],
) -> Result<ValidNomination, Vec<FieldError>> {
    validate(input, questions, true)
}

/// Checks a draft being saved: nothing is required, but whatever was typed
/// must fit (lengths, word limits, formats, known questions only).
pub fn validate_for_draft(
    input: &NominationInput,
    questions: &[QuestionRule],
) -> Result<ValidNomination, Vec<FieldError>> {
    validate(input, questions, false)
}

fn validate(
    input: &NominationInput,
    questions: &[QuestionRule],
    submit: bool,
) -> Result<ValidNomination, Vec<FieldError>> {
    let mut check = Checker {
        errors: Vec::new(),
        submit,
    };
    let (typed_nominator, typed_nominee) = (&input.nominator, &input.nominee);
    // Struct fields are evaluated in the order written: keep it the form's.
    let nominator = Nominator {
        name: check.name(
            "nominator.name",
            &typed_nominator.name,
            "Your name",
            Some("Enter your name"),
        ),
        email: check.email("nominator.email", &typed_nominator.email, "your", true),
        job_title: check.line(
            "nominator.job_title",
            &typed_nominator.job_title,
            "Your job title",
            None,
        ),
        organisation: check.line(
            "nominator.organisation",
            &typed_nominator.organisation,
            "The name of your organisation",
            None,
        ),
        phone: check.phone("nominator.phone", &typed_nominator.phone),
    };
    let mut nominee = Nominee {
        name: check.name(
            "nominee.name",
            &typed_nominee.name,
            "The nominee's name",
            Some("Enter the nominee's name"),
        ),
        email: check.email(
            "nominee.email",
            &typed_nominee.email,
            "the nominee's",
            false,
        ),
        organisation: check.line(
            "nominee.organisation",
            &typed_nominee.organisation,
            "The name of the nominee's organisation",
            None,
        ),
        locality: check.line(
            "nominee.locality",
            &typed_nominee.locality,
            "The nominee's town or area",
            None,
        ),
        certificate_name: check.name(
            "nominee.certificate_name",
            &typed_nominee.certificate_name,
            "The name for the certificate",
            None,
        ),
    };
    if submit && nominee.certificate_name.is_empty() {
        nominee.certificate_name = nominee.name.clone();
    }
    let answers = answers::check_answers(&mut check, &input.answers, questions);
    let nominator_confirms = input.consent.nominator_confirms;
    if submit && !nominator_confirms {
        check.fail(
            "consent.nominator_confirms",
            "Confirm that the information is true and that we can contact you about this nomination",
        );
    }
    if check.errors.is_empty() {
        Ok(ValidNomination {
            nominator,
            nominee,
            answers,
            nominator_confirms,
        })
    } else {
        Err(check.errors)
    }
}

/// Collects the problems found, in the order they were found.
struct Checker {
    errors: Vec<FieldError>,
    /// Whether required fields must be filled in.
    submit: bool,
}

impl Checker {
    fn fail(&mut self, field: &str, message: impl Into<String>) {
        self.errors.push(FieldError::new(field, message));
    }

    /// A one-line text of at most [`MAX_FIELD_CHARS`]. `subject` starts the
    /// too-long message; `missing` is the message when the field is required
    /// and a submitted nomination leaves it blank.
    fn line(&mut self, field: &str, raw: &str, subject: &str, missing: Option<&str>) -> String {
        let value = text::clean_line(raw);
        if value.is_empty() {
            if let (true, Some(message)) = (self.submit, missing) {
                self.fail(field, message);
            }
        } else if let Some(message) = text::too_long(subject, &value, MAX_FIELD_CHARS) {
            self.fail(field, message);
        }
        value
    }

    /// A person's name: folded by [`PersonName`], then checked like
    /// [`Checker::line`] (a blank draft name is kept blank).
    fn name(&mut self, field: &str, raw: &str, subject: &str, missing: Option<&str>) -> String {
        match PersonName::parse(raw) {
            Ok(name) => name.into_string(),
            Err(PersonNameError::Blank) => {
                if let (true, Some(message)) = (self.submit, missing) {
                    self.fail(field, message);
                }
                String::new()
            }
            Err(PersonNameError::TooLong(_)) => {
                let value = PersonName::fold(raw);
                if let Some(message) = text::too_long(subject, &value, MAX_FIELD_CHARS) {
                    self.fail(field, message);
                }
                value
            }
        }
    }

    /// An email address belonging to `whose` ("your", "the nominee's").
    fn email(
        &mut self,
        field: &str,
        raw: &str,
        whose: &str,
        required: bool,
    ) -> Option<EmailAddress> {
        let value = text::clean_line(raw);
        if value.is_empty() {
            if self.submit && required {
                self.fail(field, format!("Enter {whose} email address"));
            }
            return None;
        }
        match EmailAddress::parse(&value) {
            Ok(email) => Some(email),
            Err(_) => {
                self.fail(
                    field,
                    format!(
                        "Enter {whose} email address in the right format, like name@example.com"
                    ),
                );
                None
            }
        }
    }

    /// An optional phone number, kept as typed once cleaned.
    fn phone(&mut self, field: &str, raw: &str) -> String {
        let value = text::clean_phone(raw);
        if !value.is_empty()
            && let Err(message) = text::check_phone(&value)
        {
            self.fail(field, message);
        }
        value
    }
}

/// A text that JSON may send as `null`, read as blank.
fn text_or_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    Ok(Option::<String>::deserialize(deserializer)?.unwrap_or_default())
}

/// A tick box that JSON may send as `null`, read as not ticked.
fn flag_or_null<'de, D: Deserializer<'de>>(deserializer: D) -> Result<bool, D::Error> {
    Ok(Option::<bool>::deserialize(deserializer)?.unwrap_or_default())
}

/// Answers where the map or any answer may be `null`, read as blank.
fn answers_or_null<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<String, String>, D::Error> {
    let answers = Option::<BTreeMap<String, Option<String>>>::deserialize(deserializer)?;
    Ok(answers
        .unwrap_or_default()
        .into_iter()
        .map(|(key, value)| (key, value.unwrap_or_default()))
        .collect())
}

/// Stores an optional [`EmailAddress`] as a string or `null`, checking it
/// again when read back.
mod stored_email {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serializer};

    use crate::domain::email::EmailAddress;

    pub fn serialize<S: Serializer>(
        email: &Option<EmailAddress>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match email {
            Some(email) => serializer.serialize_some(email.as_str()),
            None => serializer.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<EmailAddress>, D::Error> {
        Option::<String>::deserialize(deserializer)?
            .map(|text| EmailAddress::parse(&text).map_err(D::Error::custom))
            .transpose()
    }
}
