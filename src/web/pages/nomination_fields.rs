//! The nomination form laid out for `templates/nominate/_fields.html`: each
//! field with its label, hint, error and the value typed. Every input's id
//! is its path with dots as dashes (`nominee-email`, `answers-story`), which
//! is what the error summary links to; a radio group's first button carries
//! the group's id.

use super::layout::FormErrors;
use crate::domain::nomination::{NominationInput, count_words};
use crate::domain::programme::QuestionKind;
use crate::services::cycles::CategoryView;

/// One input: a text box, an email or phone box, or a text area.
#[derive(Debug, Clone)]
pub struct Field {
    pub id: String,
    pub name: String,
    pub label: String,
    pub hint: String,
    /// `text`, `email`, `tel`, `textarea`, `radios` or `checkbox`.
    pub input: &'static str,
    pub autocomplete: &'static str,
    pub value: String,
    pub error: Option<String>,
    pub options: Vec<Choice>,
}

/// One radio button of a group.
#[derive(Debug, Clone)]
pub struct Choice {
    pub id: String,
    pub value: String,
    pub label: String,
    pub checked: bool,
}

impl Field {
    /// The ids of the hint and the error message, for `aria-describedby`.
    pub fn described_by(&self) -> String {
        let mut ids = Vec::new();
        if !self.hint.is_empty() {
            ids.push(format!("{}-hint", self.id));
        }
        if self.error.is_some() {
            ids.push(format!("{}-error", self.id));
        }
        ids.join(" ")
    }

    pub fn is_checked(&self) -> bool {
        self.value == "true"
    }
}

/// The whole form laid out: the nominator, the nominee, the questions and
/// the declaration, in the order of the error summary.
#[derive(Debug, Clone)]
pub struct FormView {
    pub nominator: Vec<Field>,
    pub nominee: Vec<Field>,
    pub questions: Vec<Field>,
    pub consent: Field,
    /// Whether staff are filling it in for a nominator.
    pub staff: bool,
}

fn field(
    name: &str,
    label: &str,
    hint: &str,
    input: &'static str,
    autocomplete: &'static str,
    value: &str,
    errors: &FormErrors,
) -> Field {
    Field {
        id: name.replace('.', "-"),
        name: name.to_owned(),
        label: label.to_owned(),
        hint: hint.to_owned(),
        input,
        autocomplete,
        value: value.to_owned(),
        error: errors.get(name).map(str::to_owned),
        options: Vec::new(),
    }
}

impl FormView {
    /// Lays out `category`'s form filled with `input`. `staff` words the
    /// nominator's fields for an organiser typing them in.
    pub fn new(
        category: &CategoryView,
        input: &NominationInput,
        errors: &FormErrors,
        staff: bool,
    ) -> FormView {
        let (you, your) = if staff {
            ("The nominator", "The nominator's")
        } else {
            ("You", "Your")
        };
        let person = &input.nominator;
        let nominator = vec![
            field(
                "nominator.name",
                &format!("{your} name"),
                "",
                "text",
                "name",
                &person.name,
                errors,
            ),
            field(
                "nominator.job_title",
                &format!("{your} job title (optional)"),
                "",
                "text",
                "organization-title",
                &person.job_title,
                errors,
            ),
            field(
                "nominator.organisation",
                &format!("{your} organisation (optional)"),
                "",
                "text",
                "organization",
                &person.organisation,
                errors,
            ),
            field(
                "nominator.email",
                &format!("{your} email address"),
                if staff {
                    "We email the nominator a confirmation with a link to check or change the nomination."
                } else {
                    "We will send you a confirmation, and a private link to change your nomination."
                },
                "email",
                "email",
                &person.email,
                errors,
            ),
            field(
                "nominator.phone",
                &format!("{your} phone number (optional)"),
                &format!("{you} may be called if the judges have a question."),
                "tel",
                "tel",
                &person.phone,
                errors,
            ),
        ];
        let nominee_input = &input.nominee;
        let nominee = vec![
            field(
                "nominee.name",
                "Name of the person, group or project",
                "",
                "text",
                "off",
                &nominee_input.name,
                errors,
            ),
            field(
                "nominee.organisation",
                "Their organisation (optional)",
                "",
                "text",
                "off",
                &nominee_input.organisation,
                errors,
            ),
            field(
                "nominee.locality",
                "Their town or area (optional)",
                "For example, Leeds or North Ayrshire.",
                "text",
                "off",
                &nominee_input.locality,
                errors,
            ),
            field(
                "nominee.email",
                "Their email address (optional)",
                "If you give it, we will email them to ask if they agree to be nominated and to have their story published.",
                "email",
                "off",
                &nominee_input.email,
                errors,
            ),
            field(
                "nominee.certificate_name",
                "Name to print on the certificate (optional)",
                "Leave this empty to use the name above.",
                "text",
                "off",
                &nominee_input.certificate_name,
                errors,
            ),
        ];
        let questions = category
            .questions
            .iter()
            .map(|question| {
                let name = format!("answers.{}", question.key);
                let value = input.answers.get(&question.key).map_or("", String::as_str);
                let (kind, autocomplete) = match question.kind {
                    QuestionKind::ShortText => ("text", "off"),
                    QuestionKind::LongText => ("textarea", "off"),
                    QuestionKind::Email => ("email", "off"),
                    QuestionKind::Phone => ("tel", "off"),
                    QuestionKind::YesNo | QuestionKind::Choice => ("radios", "off"),
                };
                let label = if question.required {
                    question.label.clone()
                } else {
                    format!("{} (optional)", question.label)
                };
                let mut hint = question.help.clone();
                if let Some(limit) = question.max_words {
                    let words = count_words(value);
                    let used = match words {
                        0 => String::new(),
                        1 => " You have used 1 word.".to_owned(),
                        n => format!(" You have used {n} words."),
                    };
                    hint = format!("{hint} Up to {limit} words.{used}")
                        .trim()
                        .to_owned();
                }
                let mut field = field(&name, &label, &hint, kind, autocomplete, value, errors);
                let options: Vec<String> = match question.kind {
                    QuestionKind::YesNo => vec!["Yes".into(), "No".into()],
                    QuestionKind::Choice => question.options.clone(),
                    _ => Vec::new(),
                };
                field.options = options
                    .into_iter()
                    .enumerate()
                    .map(|(index, option)| Choice {
                        // The first radio carries the field's own id, so the
                        // error summary's link lands on the group.
                        id: if index == 0 {
                            field.id.clone()
                        } else {
                            format!("{}-{}", field.id, index + 1)
                        },
                        checked: option.eq_ignore_ascii_case(value.trim()),
                        value: if question.kind == QuestionKind::YesNo {
                            option.to_lowercase()
                        } else {
                            option.clone()
                        },
                        label: option,
                    })
                    .collect();
                field
            })
            .collect();
        let consent = field(
            "consent.nominator_confirms",
            if staff {
                "The nominator confirmed that the information is true, and that we can contact them about this nomination"
            } else {
                "I confirm that the information I have given is true, and that you can contact me about this nomination"
            },
            "",
            "checkbox",
            "off",
            if input.consent.nominator_confirms {
                "true"
            } else {
                ""
            },
            errors,
        );
        FormView {
            nominator,
            nominee,
            questions,
            consent,
            staff,
        }
    }
}
