//! Demonstration data: realistic nominations across the categories, judges
//! with panels (a few sharing an organisation with nominators, so conflicts
//! appear), the optimal assignment, and optionally submitted reviews from
//! judges of different leniency. For trying Laurel out and for benchmarks.

mod lists;
mod people;
mod reviews;

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::assignment::{CostModel, assign};
use crate::domain::ids::{NominationId, UserId};
use crate::domain::reference::format_reference;
use crate::domain::role::Role;
use crate::services::assignments::{AutoOptions, build_problem, new_assignment};
use crate::services::cycles::CycleView;
use crate::services::{conflicts, passwords, tokens};
use crate::store::assignments::AssignmentRow;
use crate::store::demo::{self, DemoNomination, PanelRow};
use crate::store::users::UserRow;
use crate::store::{DbConnection, to_db_time, write_transaction};

/// The password of every demonstration judge.
pub const JUDGE_PASSWORD: &str = "demo judge passphrase";

pub struct DemoRequest {
    pub nominations: usize,
    pub judges: usize,
    pub reviews: bool,
    pub seed: u64,
}

#[derive(Debug, Default)]
pub struct DemoOutcome {
    pub nominations: usize,
    pub judges: usize,
    pub assignments: usize,
    pub reviews: usize,
    pub conflicts: usize,
}

/// Fills `cycle` with demonstration data.
pub fn seed(
    conn: &mut DbConnection,
    cycle: &CycleView,
    request: &DemoRequest,
    now: DateTime<Utc>,
) -> anyhow::Result<DemoOutcome> {
    anyhow::ensure!(!cycle.categories.is_empty(), "the cycle has no categories");
    let mut rng = StdRng::seed_from_u64(request.seed);
    let password = passwords::hash(JUDGE_PASSWORD)?;
    write_transaction(conn, |conn| {
        let mut outcome = DemoOutcome {
            judges: insert_judges(conn, cycle, request.judges, &password, &mut rng, now)?,
            nominations: insert_nominations(conn, cycle, request.nominations, &mut rng, now)?,
            conflicts: conflicts::propose_in(conn, &cycle.id.to_string(), now)?,
            ..DemoOutcome::default()
        };
        let mut planned = plan_assignments(conn, cycle, now)?;
        outcome.assignments = planned.len();
        if request.reviews {
            reviews::review_all(cycle, &mut planned, &mut rng, now, &mut outcome)?;
        }
        let rows: Vec<AssignmentRow> = planned.into_iter().map(|(row, _)| row).collect();
        demo::insert_assignments(conn, &rows)?;
        Ok(outcome)
    })
}

fn insert_judges(
    conn: &mut DbConnection,
    cycle: &CycleView,
    count: usize,
    password: &str,
    rng: &mut StdRng,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let mut rows = Vec::with_capacity(count);
    let mut panels = Vec::with_capacity(count * 2);
    for n in 0..count {
        let id = UserId::new();
        let name = people::person(rng);
        rows.push(UserRow {
            id: id.to_string(),
            email: format!(
                "judge{n}.{}@demo.laurel.test",
                tokens::generate().0[..6].to_lowercase()
            ),
            organisation: people::judge_organisation(rng),
            name,
            role: Role::Judge.as_str().to_owned(),
            password_hash: Some(password.to_owned()),
            active: true,
            created_at: to_db_time(now),
            updated_at: to_db_time(now),
        });
        let first = n % cycle.categories.len();
        let size = if rng.random_bool(0.5) { 2 } else { 1 };
        panels.extend((first..first + size).map(|c| PanelRow {
            user_id: id.to_string(),
            category_id: cycle.categories[c % cycle.categories.len()].id.to_string(),
        }));
    }
    demo::insert_users(conn, &rows)?;
    demo::insert_panels(conn, &panels)?;
    Ok(count)
}

fn insert_nominations(
    conn: &mut DbConnection,
    cycle: &CycleView,
    count: usize,
    rng: &mut StdRng,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let cycle_id = cycle.id.to_string();
    let first_number = demo::last_reference_number(conn, &cycle_id)?;
    let mut rows = Vec::with_capacity(count);
    for n in 0..count {
        let number = first_number + i32::try_from(n).context("too many nominations")? + 1;
        let category = &cycle.categories[n % cycle.categories.len()];
        let answers: BTreeMap<&str, String> = category
            .questions
            .iter()
            .map(|question| {
                let answer = match (question.kind, question.options.first()) {
                    (crate::domain::programme::QuestionKind::Choice, Some(option)) => {
                        option.clone()
                    }
                    (crate::domain::programme::QuestionKind::YesNo, _) => "yes".to_owned(),
                    _ => {
                        let words = 12 + rng.random_range(0..40);
                        people::sentence(rng, words)
                    }
                };
                (question.key.as_str(), answer)
            })
            .collect();
        let nominee = people::person(rng);
        let nominator = people::person(rng);
        let (nominator_organisation, nominee_organisation) = people::nomination_organisations(rng);
        let reference =
            format_reference(&cycle.reference_prefix, u32::try_from(number).unwrap_or(0));
        rows.push(DemoNomination {
            id: NominationId::new().to_string(),
            cycle_id: cycle_id.clone(),
            category_id: category.id.to_string(),
            status: "submitted".to_owned(),
            search_text: format!("{} {} {}", reference, nominee, nominator).to_lowercase(),
            reference: Some(reference),
            number: Some(number),
            entry_method: "online".to_owned(),
            token_hash: tokens::hash(&NominationId::new().to_string()),
            nominator_email: format!("nominator{number}@example.org"),
            nominator_job_title: "Volunteer".to_owned(),
            nominator_organisation,
            nominator_name: nominator,
            nominee_email: String::new(),
            nominee_organisation,
            nominee_locality: people::place(rng).to_owned(),
            certificate_name: nominee.clone(),
            nominee_name: nominee,
            answers: serde_json::to_string(&answers)?,
            nominator_confirms: true,
            created_at: to_db_time(now),
            updated_at: to_db_time(now),
            submitted_at: Some(to_db_time(now)),
        });
    }
    demo::insert_nominations(conn, &rows)?;
    demo::set_last_reference_number(
        conn,
        &cycle_id,
        first_number + i32::try_from(count).unwrap_or(0),
    )?;
    Ok(count)
}

/// The optimal assignment of every nomination, as rows already notified (no
/// emails), each with the index of its nomination's category.
fn plan_assignments(
    conn: &mut DbConnection,
    cycle: &CycleView,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<(AssignmentRow, usize)>> {
    let existing = crate::store::assignments::for_cycle(conn, &cycle.id.to_string())?;
    let (problem, nominations, judges) =
        build_problem(conn, cycle, &existing, &AutoOptions::default())?;
    let plan = assign(&problem, &CostModel::default())
        .map_err(|error| anyhow::anyhow!("assignment: {error}"))?;
    Ok(plan
        .added
        .iter()
        .map(|&(n, j)| {
            let mut row = new_assignment(&cycle.id.to_string(), &nominations[n].0, &judges[j], now);
            row.notified_at = Some(to_db_time(now));
            (row, nominations[n].1)
        })
        .collect())
}
