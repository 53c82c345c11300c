//! Which nominations have fewer judges than their category asks for, for the
//! organisers' assignments page: after a conflict withdrew an assignment, or
//! while one is suspended awaiting a decision.

use std::collections::BTreeMap;

use crate::services::assignments::AssignmentView;
use crate::services::cycles::CycleView;

/// A nomination short of judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgesNeeded {
    pub reference: Option<String>,
    pub nominee_name: String,
    /// How many more judges it needs.
    pub more: usize,
}

/// The nominations among `assignments` whose assignments that count (not
/// suspended) are fewer than their category's judges per nomination, in the
/// order of `assignments`.
pub fn judges_needed(cycle: &CycleView, assignments: &[AssignmentView]) -> Vec<JudgesNeeded> {
    let wanted = |slug: &str| {
        cycle
            .categories
            .iter()
            .find(|category| category.slug == slug)
            .map_or(0, |category| {
                usize::try_from(category.judges_per_nomination).unwrap_or(0)
            })
    };
    let mut order = Vec::new();
    let mut counted: BTreeMap<String, (usize, &AssignmentView)> = BTreeMap::new();
    for assignment in assignments {
        let key = assignment.nomination_id.to_string();
        let entry = counted.entry(key.clone()).or_insert_with(|| {
            order.push(key);
            (0, assignment)
        });
        if !assignment.suspended {
            entry.0 += 1;
        }
    }
    order
        .iter()
        .filter_map(|key| {
            let (have, assignment) = counted.get(key)?;
            let more = wanted(&assignment.category).saturating_sub(*have);
            (more > 0).then(|| JudgesNeeded {
                reference: assignment.reference.clone(),
                nominee_name: assignment.nominee_name.clone(),
                more,
            })
        })
        .collect()
}
