//! The nomination form as HTML: reading its fields (named by their dotted
//! path, such as `nominee.email` and `answers.story`) into a
//! [`NominationInput`], and laying out each field with its label, hint,
//! error and the value typed, for `templates/nominate/_fields.html`. Every
//! input's id is its path with dots as dashes, which is what the error
//! summary links to.

use crate::domain::nomination::{NominationInput, count_words};
use crate::domain::programme::QuestionKind;
use crate::error::FieldError;
use crate::services::cycles::{CategoryView, QuestionView};
use crate::services::nominations::NominationView;

use super::layout::FormErrors;

/// The form's fields other than the nomination itself.
#[derive(Debug, Clone, Default)]
pub struct FormMeta {
    /// The one-time id of a new form (see `services::nominations::public`).
    pub form_id: String,
    /// `submit` or `save` (the button pressed).
    pub action: String,
    /// How staff received it: `phone` or `paper`.
    pub entry_method: String,
}

impl FormMeta {
    pub fn submit(&self) -> bool {
        self.action != "save"
    }
}

/// Reads a posted form. Unknown fields are ignored.
pub fn read(fields: Vec<(String, String)>) -> (NominationInput, FormMeta) {
    let mut input = NominationInput::default();
    let mut meta = FormMeta::default();
    for (name, value) in fields {
        let slot = match name.as_str() {
            "form_id" => &mut meta.form_id,
            "action" => &mut meta.action,
            "entry_method" => &mut meta.entry_method,
            "nominator.name" => &mut input.nominator.name,
            "nominator.email" => &mut input.nominator.email,
            "nominator.job_title" => &mut input.nominator.job_title,
            "nominator.organisation" => &mut input.nominator.organisation,
            "nominator.phone" => &mut input.nominator.phone,
            "nominee.name" => &mut input.nominee.name,
            "nominee.email" => &mut input.nominee.email,
            "nominee.organisation" => &mut input.nominee.organisation,
            "nominee.locality" => &mut input.nominee.locality,
            "nominee.certificate_name" => &mut input.nominee.certificate_name,
            "consent.nominator_confirms" => {
                input.consent.nominator_confirms = matches!(value.as_str(), "true" | "yes" | "on");
                continue;
            }
            other => match other.strip_prefix("answers.") {
                Some(key) => input.answers.entry(key.to_owned()).or_default(),
                None => continue,
            },
        };
        *slot = value;
    }
    (input, meta)
}

/// Whether a form id looks like one the server made (43 URL-safe characters).
pub fn is_form_id(text: &str) -> bool {
    text.len() == 43
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

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
            field("nominator.name", &format!("{your} name"), "", "text", "name", &person.name, errors),
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
                    hint = format!("{hint} Up to {limit} words.{used}").trim().to_owned();
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
            if input.consent.nominator_confirms { "true" } else { "" },
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

/// One line of a nomination shown as a list: a label and what was given.
#[derive(Debug, Clone)]
pub struct Line {
    pub label: String,
    pub value: String,
}

/// A stored nomination as label and value lines, in the form's order;
/// empty answers are left out.
pub fn summary_lines(nomination: &NominationView, questions: &[QuestionView]) -> Vec<Line> {
    let (nominator, nominee) = (&nomination.nominator, &nomination.nominee);
    let email = nominee.email.clone().unwrap_or_default();
    let people = [
        ("Nominator's name", &nominator.name),
        ("Nominator's job title", &nominator.job_title),
        ("Nominator's organisation", &nominator.organisation),
        ("Nominator's email address", &nominator.email),
        ("Nominator's phone number", &nominator.phone),
        ("Nominee's name", &nominee.name),
        ("Nominee's organisation", &nominee.organisation),
        ("Nominee's town or area", &nominee.locality),
        ("Nominee's email address", &email),
        ("Name for the certificate", &nominee.certificate_name),
    ];
    let mut lines: Vec<Line> = people
        .into_iter()
        .filter(|(_, value)| !value.is_empty())
        .map(|(label, value)| Line {
            label: label.to_owned(),
            value: value.clone(),
        })
        .collect();
    for question in questions {
        if let Some(answer) = nomination.answers.get(&question.key) {
            lines.push(Line {
                label: question.label.clone(),
                value: answer.clone(),
            });
        }
    }
    lines
}

/// Rewords the public form's messages ("Enter your name") for staff
/// entering a nomination for someone ("Enter the nominator's name").
pub fn for_staff(errors: Vec<FieldError>) -> Vec<FieldError> {
    errors
        .into_iter()
        .map(|mut error| {
            if error.field.starts_with("nominator.") {
                error.message = error
                    .message
                    .replace("Enter your ", "Enter the nominator's ")
                    .replace("Your ", "The nominator's ");
            }
            if error.field == "consent.nominator_confirms" {
                error.message =
                    "Confirm that the nominator agreed the information is true and that we can contact them"
                        .into();
            }
            error
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn dotted_field_names_fill_the_nomination() {
        let (input, meta) = read(fields(&[
            ("nominator.name", "Priya"),
            ("nominee.email", "tom@example.org"),
            ("answers.story", "He helped."),
            ("consent.nominator_confirms", "true"),
            ("action", "save"),
            ("form_id", "x"),
            ("csrf_token", "ignored"),
            ("nominee.unknown", "ignored"),
        ]));
        assert_eq!(input.nominator.name, "Priya");
        assert_eq!(input.nominee.email, "tom@example.org");
        assert_eq!(input.answers["story"], "He helped.");
        assert!(input.consent.nominator_confirms);
        assert!(!meta.submit());
        assert_eq!(meta.form_id, "x");
    }

    #[test]
    fn a_missing_button_means_submit() {
        let (_, meta) = read(Vec::new());
        assert!(meta.submit());
    }

    #[test]
    fn form_ids_are_what_the_server_makes() {
        let (id, _) = crate::services::tokens::generate();
        assert!(is_form_id(&id));
        assert!(!is_form_id("short"));
        assert!(!is_form_id(&"<".repeat(43)));
    }

    #[test]
    fn staff_see_the_nominator_named_in_messages() {
        let errors = for_staff(vec![
            FieldError::new("nominator.name", "Enter your name"),
            FieldError::new("nominee.name", "Enter the nominee's name"),
        ]);
        assert_eq!(errors[0].message, "Enter the nominator's name");
        assert_eq!(errors[1].message, "Enter the nominee's name");
    }
}
