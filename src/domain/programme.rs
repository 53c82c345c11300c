//! An awards programme as written in a TOML file: a cycle's settings and its
//! categories, each with the questions of its form and the criteria judges
//! score. Parsing checks everything a seeded cycle relies on.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

/// The programme that ships with Laurel: the 2016 Self Management Awards.
pub const DEFAULT_PROGRAMME: &str = include_str!("../../programme/default.toml");

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Programme {
    pub cycle: CycleTemplate,
    pub categories: Vec<CategoryTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleTemplate {
    pub slug: String,
    pub title: String,
    pub reference_prefix: String,
    #[serde(default)]
    pub theme: String,
    pub nominating_weeks: u32,
    pub judging_weeks: u32,
    pub deciding_weeks: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryTemplate {
    pub slug: String,
    pub name: String,
    pub description: String,
    #[serde(default)]
    pub eligibility: String,
    pub judges_per_nomination: u32,
    pub shortlist_size: u32,
    pub questions: Vec<QuestionTemplate>,
    pub criteria: Vec<CriterionTemplate>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionTemplate {
    pub key: String,
    pub label: String,
    #[serde(default)]
    pub help: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub max_words: Option<u32>,
    #[serde(default)]
    pub options: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionTemplate {
    pub key: String,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub weight: u32,
    pub scale_max: u32,
}

/// The kinds of answer a nomination form can ask for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuestionKind {
    ShortText,
    LongText,
    Email,
    Phone,
    YesNo,
    Choice,
}

impl QuestionKind {
    pub fn as_str(self) -> &'static str {
        match self {
            QuestionKind::ShortText => "short_text",
            QuestionKind::LongText => "long_text",
            QuestionKind::Email => "email",
            QuestionKind::Phone => "phone",
            QuestionKind::YesNo => "yes_no",
            QuestionKind::Choice => "choice",
        }
    }

    pub fn parse(text: &str) -> Option<QuestionKind> {
        [
            QuestionKind::ShortText,
            QuestionKind::LongText,
            QuestionKind::Email,
            QuestionKind::Phone,
            QuestionKind::YesNo,
            QuestionKind::Choice,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProgrammeError {
    #[error("the programme is not valid TOML: {0}")]
    Syntax(String),
    #[error("{0}")]
    Invalid(String),
}

/// A slug: lower-case letters, digits and single hyphens.
pub fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 80
        && !text.starts_with('-')
        && !text.ends_with('-')
        && !text.contains("--")
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn is_key(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 60
        && text.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

impl Programme {
    pub fn parse(text: &str) -> Result<Programme, ProgrammeError> {
        let programme: Programme =
            toml::from_str(text).map_err(|error| ProgrammeError::Syntax(error.to_string()))?;
        programme.check().map_err(ProgrammeError::Invalid)?;
        Ok(programme)
    }

    /// The programme that ships with Laurel.
    pub fn default_programme() -> Result<Programme, ProgrammeError> {
        Programme::parse(DEFAULT_PROGRAMME)
    }

    fn check(&self) -> Result<(), String> {
        let cycle = &self.cycle;
        if !is_slug(&cycle.slug) {
            return Err(format!(
                "cycle slug {:?} must be lower-case words joined by hyphens",
                cycle.slug
            ));
        }
        if cycle.title.trim().is_empty() || cycle.reference_prefix.trim().is_empty() {
            return Err("the cycle needs a title and a reference prefix".into());
        }
        if cycle.nominating_weeks == 0 || cycle.judging_weeks == 0 {
            return Err("nominating_weeks and judging_weeks must be at least 1".into());
        }
        if self.categories.is_empty() {
            return Err("the programme needs at least one category".into());
        }
        let mut slugs = HashSet::new();
        for category in &self.categories {
            if !is_slug(&category.slug) || !slugs.insert(category.slug.as_str()) {
                return Err(format!(
                    "category slug {:?} is not a unique slug",
                    category.slug
                ));
            }
            category
                .check()
                .map_err(|problem| format!("category {:?}: {problem}", category.slug))?;
        }
        Ok(())
    }
}

impl CategoryTemplate {
    fn check(&self) -> Result<(), String> {
        if self.name.trim().is_empty() {
            return Err("it needs a name".into());
        }
        if self.judges_per_nomination == 0 || self.shortlist_size == 0 {
            return Err("judges_per_nomination and shortlist_size must be at least 1".into());
        }
        if self.questions.is_empty() || self.criteria.is_empty() {
            return Err("it needs at least one question and one criterion".into());
        }
        let mut keys = HashSet::new();
        for question in &self.questions {
            if !is_key(&question.key) || !keys.insert(question.key.as_str()) {
                return Err(format!(
                    "question key {:?} is not a unique snake_case key",
                    question.key
                ));
            }
            match question.kind {
                QuestionKind::LongText if question.max_words.is_none_or(|max| max == 0) => {
                    return Err(format!("long question {:?} needs max_words", question.key));
                }
                QuestionKind::Choice if question.options.len() < 2 => {
                    return Err(format!(
                        "choice question {:?} needs two or more options",
                        question.key
                    ));
                }
                _ => {}
            }
        }
        let mut keys = HashSet::new();
        for criterion in &self.criteria {
            if !is_key(&criterion.key) || !keys.insert(criterion.key.as_str()) {
                return Err(format!(
                    "criterion key {:?} is not a unique snake_case key",
                    criterion.key
                ));
            }
            if criterion.weight == 0 || criterion.scale_max == 0 {
                return Err(format!(
                    "criterion {:?} needs a weight and a scale of at least 1",
                    criterion.key
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_programme_has_the_six_2016_categories() {
        let programme = Programme::default_programme().unwrap();
        assert_eq!(programme.cycle.reference_prefix, "SMA16");
        assert_eq!(programme.cycle.nominating_weeks, 8);
        let names: Vec<_> = programme
            .categories
            .iter()
            .map(|c| c.name.as_str())
            .collect();
        assert_eq!(
            names,
            [
                "Self Management Supporting Health and Social Care Partnership of the Year",
                "Self Management Project of the Year",
                "Self Management Supporting Community of the Year",
                "Best Self Management Resource",
                "Individual Transformational Story of the Year",
                "Innovative Partnership Idea of the Year",
            ]
        );
        for category in &programme.categories {
            assert!(
                (3..=5).contains(&category.questions.len()),
                "{}",
                category.slug
            );
            assert!(
                (3..=5).contains(&category.criteria.len()),
                "{}",
                category.slug
            );
        }
    }

    #[test]
    fn slugs_are_lower_case_words_joined_by_hyphens() {
        for good in ["best-resource", "sma-2016", "a"] {
            assert!(is_slug(good), "{good}");
        }
        for bad in [
            "",
            "Best",
            "best resource",
            "-best",
            "best-",
            "best--resource",
            "bést",
        ] {
            assert!(!is_slug(bad), "{bad:?}");
        }
    }

    fn minimal(question_extra: &str) -> String {
        format!(
            r#"
            [cycle]
            slug = "x-2030"
            title = "X"
            reference_prefix = "X30"
            nominating_weeks = 8
            judging_weeks = 4
            deciding_weeks = 2
            [[categories]]
            slug = "one"
            name = "One"
            description = "d"
            judges_per_nomination = 3
            shortlist_size = 3
            [[categories.questions]]
            key = "story"
            label = "Story"
            required = true
            {question_extra}
            [[categories.criteria]]
            key = "impact"
            name = "Impact"
            weight = 1
            scale_max = 10
            "#
        )
    }

    #[test]
    fn mistakes_in_a_programme_are_named() {
        let cases = [
            (
                "kind = \"long_text\"",
                "needs max_words",
                "long text without a limit",
            ),
            (
                "kind = \"choice\"\noptions = [\"a\"]",
                "two or more options",
                "choice with one option",
            ),
            ("kind = \"essay\"", "not valid TOML", "unknown kind"),
            (
                "kind = \"short_text\"\ncolour = \"red\"",
                "not valid TOML",
                "unknown field",
            ),
        ];
        for (extra, expected, case) in cases {
            let error = Programme::parse(&minimal(extra)).unwrap_err().to_string();
            assert!(error.contains(expected), "{case}: {error}");
        }
        assert!(Programme::parse(&minimal("kind = \"short_text\"")).is_ok());
    }

    #[test]
    fn question_kinds_round_trip_through_their_names() {
        for name in [
            "short_text",
            "long_text",
            "email",
            "phone",
            "yes_no",
            "choice",
        ] {
            assert_eq!(
                QuestionKind::parse(name).map(QuestionKind::as_str),
                Some(name)
            );
        }
        assert_eq!(QuestionKind::parse("essay"), None);
    }
}
