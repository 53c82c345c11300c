//! Which nominations have fewer judges than their category asks for, for the
//! organisers' assignments page: after a conflict withdrew an assignment
//! (even the last one), or while one is suspended awaiting a decision.

use std::collections::BTreeMap;

use crate::services::assignments::AssignmentView;
use crate::services::conflicts::ConflictView;
use crate::services::cycles::CycleView;
use crate::store::conflicts::CONFIRMED;

/// A nomination short of judges.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JudgesNeeded {
    pub reference: Option<String>,
    pub nominee_name: String,
    /// How many more judges it needs.
    pub more: usize,
}

/// The nominations among `assignments`, and those with a confirmed conflict
/// in `conflicts`, whose assignments that count (not suspended) are fewer than
/// their category's judges per nomination: those of `assignments` first, in
/// their order, then those that have none left.
pub fn judges_needed(
    cycle: &CycleView,
    assignments: &[AssignmentView],
    conflicts: &[ConflictView],
) -> Vec<JudgesNeeded> {
    let wanted = |found: Option<i32>| found.map_or(0, |k| usize::try_from(k).unwrap_or(0));
    let by_slug = |slug: &str| {
        wanted(
            cycle
                .categories
                .iter()
                .find(|c| c.slug == slug)
                .map(|c| c.judges_per_nomination),
        )
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
    let mut needed: Vec<JudgesNeeded> = order
        .iter()
        .filter_map(|key| {
            let (have, assignment) = counted.get(key)?;
            let more = by_slug(&assignment.category).saturating_sub(*have);
            (more > 0).then(|| JudgesNeeded {
                reference: assignment.reference.clone(),
                nominee_name: assignment.nominee_name.clone(),
                more,
            })
        })
        .collect();
    let mut left_with_none: BTreeMap<String, JudgesNeeded> = BTreeMap::new();
    for conflict in conflicts.iter().filter(|c| c.status == CONFIRMED) {
        let key = conflict.nomination_id.to_string();
        if counted.contains_key(&key) {
            continue;
        }
        let more = wanted(
            (cycle.categories.iter())
                .find(|c| c.id == conflict.category_id)
                .map(|c| c.judges_per_nomination),
        );
        if more > 0 {
            left_with_none.entry(key).or_insert_with(|| JudgesNeeded {
                reference: conflict.reference.clone(),
                nominee_name: conflict.nominee_name.clone(),
                more,
            });
        }
    }
    needed.extend(left_with_none.into_values());
    needed
}
