//! A judge's review of one nomination: a score per criterion on its scale,
//! a comment, saved as a draft or submitted; or an abstention with a reason.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::FieldError;

/// The longest comment a judge can write.
pub const MAX_COMMENT_CHARS: usize = 5_000;
/// The longest reason for abstaining.
pub const MAX_REASON_CHARS: usize = 1_000;

/// A criterion as the review form needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriterionRule {
    pub key: String,
    pub name: String,
    pub weight: u32,
    pub scale_max: u32,
}

/// What a judge sends.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct ReviewInput {
    pub scores: BTreeMap<String, serde_json::Value>,
    pub comment: String,
    pub submit: bool,
    pub abstain: bool,
    pub reason: String,
}

/// A review that fits its criteria.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ValidReview {
    /// Scores so far (a draft may lack some) and the comment.
    Scored {
        scores: BTreeMap<String, u32>,
        comment: String,
        submit: bool,
    },
    Abstained {
        reason: String,
    },
}

fn score_of(value: &serde_json::Value) -> Option<i64> {
    match value {
        serde_json::Value::Number(number) => number.as_i64().or_else(|| {
            number
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 1e9)
                .map(|f| f as i64)
        }),
        serde_json::Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// Checks a review against the category's criteria. Every score must be a
/// whole number on its criterion's scale; a submitted review needs them all.
pub fn validate(
    input: &ReviewInput,
    criteria: &[CriterionRule],
) -> Result<ValidReview, Vec<FieldError>> {
    let mut errors = Vec::new();
    if input.abstain {
        let reason = input.reason.trim();
        if reason.is_empty() {
            errors.push(FieldError::new(
                "reason",
                "Say why you are not scoring this nomination",
            ));
        } else if reason.chars().count() > MAX_REASON_CHARS {
            errors.push(FieldError::new(
                "reason",
                format!("The reason must be {MAX_REASON_CHARS} characters or fewer"),
            ));
        }
        return if errors.is_empty() {
            Ok(ValidReview::Abstained {
                reason: reason.to_owned(),
            })
        } else {
            Err(errors)
        };
    }
    for key in input.scores.keys() {
        if !criteria.iter().any(|criterion| &criterion.key == key) {
            errors.push(FieldError::new(
                format!("scores.{key}"),
                "This is not one of the criteria",
            ));
        }
    }
    let mut scores = BTreeMap::new();
    for criterion in criteria {
        let field = format!("scores.{}", criterion.key);
        match input
            .scores
            .get(&criterion.key)
            .filter(|value| !value.is_null() && value.as_str() != Some(""))
        {
            None if input.submit => {
                errors.push(FieldError::new(
                    field,
                    format!("Choose a score for {}", criterion.name),
                ));
            }
            None => {}
            Some(value) => match score_of(value)
                .and_then(|score| u32::try_from(score).ok())
                .filter(|score| *score <= criterion.scale_max)
            {
                Some(score) => {
                    scores.insert(criterion.key.clone(), score);
                }
                None => errors.push(FieldError::new(
                    field,
                    format!(
                        "The score for {} must be a whole number from 0 to {}",
                        criterion.name, criterion.scale_max
                    ),
                )),
            },
        }
    }
    let comment = input.comment.trim();
    if comment.chars().count() > MAX_COMMENT_CHARS {
        errors.push(FieldError::new(
            "comment",
            format!("The comment must be {MAX_COMMENT_CHARS} characters or fewer"),
        ));
    }
    if errors.is_empty() {
        Ok(ValidReview::Scored {
            scores,
            comment: comment.to_owned(),
            submit: input.submit,
        })
    } else {
        Err(errors)
    }
}

/// The review's weighted score on 0-10, when every criterion is scored.
pub fn weighted(scores: &BTreeMap<String, u32>, criteria: &[CriterionRule]) -> Option<f64> {
    let parts: Option<Vec<_>> = criteria
        .iter()
        .map(|criterion| {
            scores
                .get(&criterion.key)
                .map(|score| crate::domain::scoring::CriterionScore {
                    score: f64::from(*score),
                    weight: criterion.weight,
                    scale_max: criterion.scale_max,
                })
        })
        .collect();
    crate::domain::scoring::weighted_score(&parts?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use serde_json::json;

    fn criteria() -> Vec<CriterionRule> {
        vec![
            CriterionRule {
                key: "impact".into(),
                name: "Impact".into(),
                weight: 3,
                scale_max: 10,
            },
            CriterionRule {
                key: "reach".into(),
                name: "Reach".into(),
                weight: 1,
                scale_max: 5,
            },
        ]
    }

    fn input(scores: serde_json::Value, submit: bool) -> ReviewInput {
        ReviewInput {
            scores: serde_json::from_value(scores).unwrap(),
            comment: " Strong. ".into(),
            submit,
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_review_on_scale_is_accepted_and_trimmed() {
        let review = validate(
            &input(json!({"impact": 8, "reach": "4"}), true),
            &criteria(),
        )
        .unwrap();
        let ValidReview::Scored {
            scores,
            comment,
            submit,
        } = review
        else {
            panic!("scored")
        };
        assert_eq!(scores["impact"], 8);
        assert_eq!(scores["reach"], 4);
        assert_eq!(comment, "Strong.");
        assert!(submit);
    }

    #[test]
    fn a_draft_may_leave_scores_out_but_a_submit_may_not() {
        assert!(validate(&input(json!({"impact": 8}), false), &criteria()).is_ok());
        let errors = validate(&input(json!({"impact": 8}), true), &criteria()).unwrap_err();
        assert_eq!(
            errors,
            vec![FieldError::new("scores.reach", "Choose a score for Reach")]
        );
    }

    #[test]
    fn bad_scores_are_refused_with_the_criterion_named() {
        let cases = [
            (
                json!({"impact": 11, "reach": 1}),
                "scores.impact",
                "above the scale",
            ),
            (
                json!({"impact": -1, "reach": 1}),
                "scores.impact",
                "negative",
            ),
            (
                json!({"impact": 7.5, "reach": 1}),
                "scores.impact",
                "not whole",
            ),
            (
                json!({"impact": "lots", "reach": 1}),
                "scores.impact",
                "not a number",
            ),
            (
                json!({"impact": 5, "reach": 6}),
                "scores.reach",
                "above a smaller scale",
            ),
            (
                json!({"impact": 5, "reach": 1, "charm": 3}),
                "scores.charm",
                "an unknown criterion",
            ),
            (
                json!({"impact": true, "reach": 1}),
                "scores.impact",
                "a boolean",
            ),
        ];
        for (scores, field, case) in cases {
            let errors = validate(&input(scores, true), &criteria()).unwrap_err();
            assert_eq!(errors[0].field, field, "{case}");
        }
    }

    #[test]
    fn an_abstention_needs_a_reason() {
        let abstain = ReviewInput {
            abstain: true,
            reason: "  I know the nominee  ".into(),
            ..Default::default()
        };
        assert_eq!(
            validate(&abstain, &criteria()),
            Ok(ValidReview::Abstained {
                reason: "I know the nominee".into()
            })
        );
        let blank = ReviewInput {
            abstain: true,
            ..Default::default()
        };
        assert_eq!(
            validate(&blank, &criteria()).unwrap_err()[0].field,
            "reason"
        );
    }

    #[test]
    fn an_overlong_comment_is_refused() {
        let mut long = input(json!({"impact": 1, "reach": 1}), true);
        long.comment = "x".repeat(MAX_COMMENT_CHARS + 1);
        assert_eq!(
            validate(&long, &criteria()).unwrap_err()[0].field,
            "comment"
        );
    }

    #[test]
    fn the_weighted_score_normalises_scales_and_needs_every_criterion() {
        let scores = BTreeMap::from([("impact".to_owned(), 10), ("reach".to_owned(), 0)]);
        let score = weighted(&scores, &criteria()).unwrap();
        assert!((score - 7.5).abs() < 1e-9, "{score}");
        let partial = BTreeMap::from([("impact".to_owned(), 10)]);
        assert_eq!(weighted(&partial, &criteria()), None);
    }

    proptest! {
        #[test]
        fn every_score_on_the_scale_is_accepted(impact in 0u32..=10, reach in 0u32..=5) {
            let review = validate(&input(json!({"impact": impact, "reach": reach}), true), &criteria());
            prop_assert!(review.is_ok());
        }

        #[test]
        fn every_score_off_the_scale_is_refused(impact in 11i64..1_000_000) {
            let review = validate(&input(json!({"impact": impact, "reach": 1}), true), &criteria());
            prop_assert!(review.is_err());
        }
    }
}
