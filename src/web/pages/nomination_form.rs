//! The nomination form as HTTP: reading its fields (named by their dotted
//! path, such as `nominee.email` and `answers.story`) into a
//! [`NominationInput`], rewording messages for staff, and listing a stored
//! nomination as lines. Laying the fields out is in `nomination_fields`.

use crate::domain::nomination::NominationInput;
use crate::error::FieldError;
use crate::services::cycles::QuestionView;
use crate::services::nominations::NominationView;

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
