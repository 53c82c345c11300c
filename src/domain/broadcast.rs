//! Broadcast emails: who they go to, and merging each recipient's details
//! into the organiser's text. Merging is plain string replacement of the
//! known fields, never template evaluation, so nothing an organiser (or a
//! nominator, whose name is merged) types can run as a template.

use serde::{Deserialize, Serialize};

use crate::domain::person_name::PersonName;

/// Who a broadcast goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    /// The nominator of every submitted nomination.
    Nominators,
    /// The nominators of shortlisted nominations.
    Shortlisted,
    /// The nominators of nominations not shortlisted.
    NotShortlisted,
    /// The nominators of winning nominations.
    Winners,
    /// Every active judge of the cycle (on a panel or with an assignment).
    Judges,
}

impl Audience {
    pub const ALL: [Audience; 5] = [
        Audience::Nominators,
        Audience::Shortlisted,
        Audience::NotShortlisted,
        Audience::Winners,
        Audience::Judges,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Nominators => "nominators",
            Audience::Shortlisted => "shortlisted",
            Audience::NotShortlisted => "not_shortlisted",
            Audience::Winners => "winners",
            Audience::Judges => "judges",
        }
    }

    pub fn parse(text: &str) -> Option<Audience> {
        Audience::ALL.into_iter().find(|a| a.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            Audience::Nominators => "Every nominator",
            Audience::Shortlisted => "Nominators of shortlisted nominations",
            Audience::NotShortlisted => "Nominators of nominations not shortlisted",
            Audience::Winners => "Nominators of winners",
            Audience::Judges => "Judges",
        }
    }
}

/// The details of one recipient that can be merged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MergeFields {
    pub nominee_name: String,
    pub nominator_name: String,
    pub category: String,
    pub reference: String,
    pub judge_name: String,
}

/// The merge fields an organiser may use, as they are written.
pub const FIELDS: [&str; 5] = [
    "{{nominee_name}}",
    "{{nominator_name}}",
    "{{category}}",
    "{{reference}}",
    "{{judge_name}}",
];

/// Replaces each known `{{field}}` (spaces inside the braces allowed) with
/// the recipient's value, in one pass: a value that itself contains
/// `{{…}}` is never merged again. Unknown fields are left as written.
pub fn merge(text: &str, fields: &MergeFields) -> String {
    // Names stored before they were folded are folded here, so that no
    // line break or direction override reaches a subject or a body.
    let value = |name: &str| match name {
        "nominee_name" => Some(PersonName::fold(&fields.nominee_name)),
        "nominator_name" => Some(PersonName::fold(&fields.nominator_name)),
        "category" => Some(fields.category.clone()),
        "reference" => Some(fields.reference.clone()),
        "judge_name" => Some(PersonName::fold(&fields.judge_name)),
        _ => None,
    };
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("{{") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after
            .find("}}")
            .and_then(|end| value(after[..end].trim()).map(|v| (end, v)))
        {
            Some((end, v)) => {
                out.push_str(&v);
                rest = &after[end + 2..];
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A text body as paragraphs (split at blank lines), for the HTML part.
pub fn paragraphs(text: &str) -> Vec<String> {
    text.replace("\r\n", "\n")
        .split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> MergeFields {
        MergeFields {
            nominee_name: "Ann {{reference}}".into(),
            nominator_name: "Nora".into(),
            category: "Best Resource".into(),
            reference: "SMA16-0001".into(),
            judge_name: String::new(),
        }
    }

    #[test]
    fn known_fields_are_merged_once_and_unknown_ones_left_alone() {
        let text = "Dear {{nominator_name}}, {{ nominee_name }} ({{reference}}) in {{category}}. {{secret}} {{";
        assert_eq!(
            merge(text, &fields()),
            "Dear Nora, Ann {{reference}} (SMA16-0001) in Best Resource. {{secret}} {{"
        );
    }

    #[test]
    fn merged_names_stored_with_line_breaks_or_overrides_are_folded() {
        let stored = MergeFields {
            nominee_name: "Ann\r\nBcc: x@evil.test".into(),
            nominator_name: "\u{202E}Nora".into(),
            judge_name: "Jim\n".into(),
            ..fields()
        };
        assert_eq!(
            merge(
                "{{nominee_name}}|{{nominator_name}}|{{judge_name}}",
                &stored
            ),
            "Ann Bcc: x@evil.test|Nora|Jim"
        );
    }

    #[test]
    fn template_syntax_in_the_text_is_not_evaluated() {
        let text = "{% for x in y %}{{ 1 + 1 }}{% endfor %}";
        assert_eq!(merge(text, &fields()), text);
    }

    #[test]
    fn audiences_round_trip_and_paragraphs_split_at_blank_lines() {
        for audience in Audience::ALL {
            assert_eq!(Audience::parse(audience.as_str()), Some(audience));
        }
        assert_eq!(
            paragraphs("One\nline\r\n\r\nTwo\n\n\n"),
            ["One\nline", "Two"]
        );
    }
}
