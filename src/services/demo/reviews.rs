//! Submitted reviews for demonstration assignments: each nomination has a
//! quality and each judge a leniency, so normalised scores have something to
//! correct.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use rand::Rng;
use rand::rngs::StdRng;

use crate::domain::review::{CriterionRule, weighted};
use crate::services::cycles::CycleView;
use crate::services::reviews::criteria_rules;
use crate::store::assignments::{AssignmentRow, SUBMITTED};
use crate::store::to_db_time;

/// Reviews assignments batch by batch: each nomination has a quality and
/// each judge a leniency, kept from one batch to the next, so normalised
/// scores have something to correct.
pub struct Reviewer {
    rules: Vec<Vec<CriterionRule>>,
    quality: HashMap<String, f64>,
    leniency: HashMap<String, f64>,
}

impl Reviewer {
    pub fn new(cycle: &CycleView) -> Reviewer {
        Reviewer {
            rules: cycle.categories.iter().map(criteria_rules).collect(),
            quality: HashMap::new(),
            leniency: HashMap::new(),
        }
    }

    /// Submits a review for each of `rows` (with its category's index).
    pub fn review(
        &mut self,
        rows: &mut [(AssignmentRow, usize)],
        rng: &mut StdRng,
        now: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        for (row, category) in rows.iter_mut() {
            let q = *self
                .quality
                .entry(row.nomination_id.clone())
                .or_insert_with(|| rng.random_range(3.0..9.0));
            let l = *self
                .leniency
                .entry(row.judge_id.clone())
                .or_insert_with(|| rng.random_range(-1.5..1.5));
            let rules = &self.rules[*category];
            let scores: BTreeMap<String, u32> = rules
                .iter()
                .map(|rule| {
                    let scale = f64::from(rule.scale_max);
                    let raw = (q + l + rng.random_range(-1.0..1.0)) * scale / 10.0;
                    (rule.key.clone(), raw.round().clamp(0.0, scale) as u32)
                })
                .collect();
            row.weighted_score = weighted(&scores, rules);
            row.scores = serde_json::to_string(&scores)?;
            row.status = SUBMITTED.to_owned();
            row.comment = "A clear and moving nomination.".to_owned();
            row.submitted_at = Some(to_db_time(now));
        }
        Ok(())
    }
}
