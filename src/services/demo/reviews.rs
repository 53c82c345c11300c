//! Submitted reviews for demonstration assignments: each nomination has a
//! quality and each judge a leniency, so normalised scores have something to
//! correct.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use super::DemoOutcome;
use crate::domain::review::{CriterionRule, weighted};
use crate::services::cycles::CycleView;
use crate::services::reviews::criteria_rules;
use crate::store::assignments::{AssignmentRow, SUBMITTED};
use crate::store::to_db_time;

/// Submits a review for every assignment: each nomination has a quality and
/// each judge a leniency, so normalised scores have something to correct.
pub fn review_all(
    cycle: &CycleView,
    rows: &mut [(AssignmentRow, usize)],
    rng: &mut StdRng,
    now: DateTime<Utc>,
    outcome: &mut DemoOutcome,
) -> anyhow::Result<()> {
    let rules: Vec<Vec<CriterionRule>> = cycle.categories.iter().map(criteria_rules).collect();
    let mut quality: BTreeMap<String, f64> = BTreeMap::new();
    let mut leniency: BTreeMap<String, f64> = BTreeMap::new();
    for (row, category) in rows.iter_mut() {
        let q = *quality
            .entry(row.nomination_id.clone())
            .or_insert_with(|| rng.random_range(3.0..9.0));
        let l = *leniency
            .entry(row.judge_id.clone())
            .or_insert_with(|| rng.random_range(-1.5..1.5));
        let rules = &rules[*category];
        let scores: BTreeMap<String, u32> = rules
            .iter()
            .map(|rule| {
                let raw = (q + l + rng.random_range(-1.0..1.0)) * f64::from(rule.scale_max) / 10.0;
                (
                    rule.key.clone(),
                    raw.round().clamp(0.0, f64::from(rule.scale_max)) as u32,
                )
            })
            .collect();
        row.weighted_score = weighted(&scores, rules);
        row.scores = serde_json::to_string(&scores)?;
        row.status = SUBMITTED.to_owned();
        row.comment = "A clear and moving nomination.".to_owned();
        row.submitted_at = Some(to_db_time(now));
        outcome.reviews += 1;
    }
    Ok(())
}
