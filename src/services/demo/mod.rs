//! Demonstration data: realistic nominations across the categories, judges
//! with panels (a few sharing an organisation with nominators, so conflicts
//! appear), the optimal assignment, and optionally submitted reviews from
//! judges of different leniency. For trying Laurel out and for benchmarks.

mod lists;
mod people;
mod reviews;

use reviews::Reviewer;

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::assignment::{CostModel, assign};
use crate::domain::ids::{NominationId, UserId};
use crate::domain::programme::QuestionKind;
use crate::domain::reference::format_reference;
use crate::domain::role::Role;
use crate::services::assignments::{AutoOptions, build_problem, new_assignment};
use crate::services::cycles::{CategoryView, CycleView};
use crate::services::{conflicts, passwords, tokens};
use crate::store::assignments::AssignmentRow;
use crate::store::demo::{self, DemoNomination, PanelRow};
use crate::store::users::UserRow;
use crate::store::{DbConnection, to_db_time, write_transaction};

/// Rows made and inserted at a time.
const BATCH: usize = crate::store::batch::ROWS;

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

/// Fills `cycle` with demonstration data, in one transaction. Rows are made
/// and inserted a batch at a time, so memory stays flat whatever the size.
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
        let plan = plan_assignments(conn, cycle)?;
        let mut reviewer = request.reviews.then(|| Reviewer::new(cycle));
        for batch in plan.added.chunks(BATCH) {
            let mut rows: Vec<(AssignmentRow, usize)> = batch
                .iter()
                .map(|&(n, j)| plan.row(cycle, n, j, now))
                .collect();
            if let Some(reviewer) = &mut reviewer {
                reviewer.review(&mut rows, &mut rng, now)?;
                outcome.reviews += rows.len();
            }
            let rows: Vec<AssignmentRow> = rows.into_iter().map(|(row, _)| row).collect();
            outcome.assignments += demo::insert_assignments(conn, &rows)?;
        }
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
    let last_number = i32::try_from(count)
        .ok()
        .and_then(|count| first_number.checked_add(count))
        .context("too many nominations")?;
    let mut rows = Vec::with_capacity(BATCH);
    for (n, number) in (first_number + 1..=last_number).enumerate() {
        let category = &cycle.categories[n % cycle.categories.len()];
        rows.push(nomination(cycle, category, number, rng, now)?);
        if rows.len() == BATCH || number == last_number {
            demo::insert_nominations(conn, &rows)?;
            rows.clear();
        }
    }
    demo::set_last_reference_number(conn, &cycle_id, last_number)?;
    Ok(count)
}

/// A submitted nomination in `category` with the reference `number`.
fn nomination(
    cycle: &CycleView,
    category: &CategoryView,
    number: i32,
    rng: &mut StdRng,
    now: DateTime<Utc>,
) -> anyhow::Result<DemoNomination> {
    let answers: BTreeMap<&str, String> = category
        .questions
        .iter()
        .map(|question| {
            let answer = match (question.kind, question.options.first()) {
                (QuestionKind::Choice, Some(option)) => option.clone(),
                (QuestionKind::YesNo, _) => "yes".to_owned(),
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
    let reference = format_reference(&cycle.reference_prefix, u32::try_from(number)?);
    Ok(DemoNomination {
        id: NominationId::new().to_string(),
        cycle_id: cycle.id.to_string(),
        category_id: category.id.to_string(),
        status: "submitted".to_owned(),
        search_text: format!("{reference} {nominee} {nominator}").to_lowercase(),
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
    })
}

/// The optimal assignment of every nomination: pairs of indexes into
/// `nominations` (with their category's index) and `judges`.
struct Plan {
    added: Vec<(usize, usize)>,
    nominations: Vec<(String, usize)>,
    judges: Vec<String>,
}

impl Plan {
    /// The assignment of a planned pair, as already notified (no emails),
    /// with its category's index.
    fn row(
        &self,
        cycle: &CycleView,
        n: usize,
        j: usize,
        now: DateTime<Utc>,
    ) -> (AssignmentRow, usize) {
        let (nomination, category) = &self.nominations[n];
        let mut row = new_assignment(&cycle.id.to_string(), nomination, &self.judges[j], now);
        row.notified_at = Some(to_db_time(now));
        (row, *category)
    }
}

fn plan_assignments(conn: &mut DbConnection, cycle: &CycleView) -> anyhow::Result<Plan> {
    let existing = crate::store::assignments::for_cycle(conn, &cycle.id.to_string())?;
    let (problem, nominations, judges) =
        build_problem(conn, cycle, &existing, &AutoOptions::default())?;
    let plan = assign(&problem, &CostModel::default())
        .map_err(|error| anyhow::anyhow!("assignment: {error}"))?;
    Ok(Plan {
        added: plan.added,
        nominations,
        judges,
    })
}
