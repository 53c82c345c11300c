//! Demonstration data: realistic nominations across the categories, judges
//! with panels (some sharing an organisation with nominators, so conflicts
//! appear), the optimal assignment, and optionally submitted reviews from
//! judges of different leniency. For trying Laurel out and for benchmarks.

use std::collections::BTreeMap;

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

use crate::domain::assignment::{CostModel, assign};
use crate::domain::ids::{NominationId, UserId};
use crate::domain::reference::format_reference;
use crate::domain::review::{CriterionRule, weighted};
use crate::domain::role::Role;
use crate::services::assignments::{AutoOptions, build_problem, new_assignment};
use crate::services::cycles::CycleView;
use crate::services::{conflicts, passwords, tokens};
use crate::store::assignments::{AssignmentRow, SUBMITTED};
use crate::store::demo::{self, DemoNomination};
use crate::store::users::{self, UserRow};
use crate::store::{DbConnection, to_db_time, write_transaction};

/// The password of every demonstration judge.
pub const JUDGE_PASSWORD: &str = "demo judge passphrase";

const FIRST: &[&str] = &[
    "Aisha", "Ben", "Catriona", "Dev", "Eilidh", "Farah", "Gordon", "Hamish", "Isla", "Jamal",
    "Kirsty", "Liam", "Morag", "Niamh", "Owen", "Priya", "Rory", "Shona", "Tariq", "Una",
];
const LAST: &[&str] = &[
    "Anderson", "Baird", "Campbell", "Das", "Ewing", "Fraser", "Grant", "Hussain", "Irvine",
    "Jones", "Kaur", "Lindsay", "MacLeod", "Nicol", "O'Neill", "Patel", "Ross", "Stewart",
    "Thomson", "Wallace",
];
const ORGANISATIONS: &[&str] = &[
    "Pain Association",
    "Chest Heart & Stroke",
    "Long Term Conditions Alliance",
    "Parkinson's Self Help Group",
    "Diabetes Peer Support",
    "Healthy Minds Network",
    "Fatigue Matters",
    "Breathe Easy Club",
    "Arthritis Care Group",
    "Community Health Partnership",
];
const PLACES: &[&str] = &[
    "Aberdeen",
    "Dundee",
    "Edinburgh",
    "Glasgow",
    "Inverness",
    "Perth",
    "Stirling",
    "Dumfries",
    "Lerwick",
    "Oban",
];
const WORDS: &[&str] = &[
    "people",
    "living",
    "with",
    "long-term",
    "conditions",
    "support",
    "each",
    "other",
    "week",
    "group",
    "confidence",
    "health",
    "manage",
    "together",
    "peer",
    "learning",
    "practical",
    "tools",
    "energy",
    "pacing",
    "kind",
    "listening",
    "changed",
    "lives",
    "local",
    "volunteers",
    "sessions",
    "every",
    "month",
    "welcome",
];

fn pick<'a>(rng: &mut StdRng, list: &[&'a str]) -> &'a str {
    list[rng.random_range(0..list.len())]
}

fn person(rng: &mut StdRng) -> String {
    format!("{} {}", pick(rng, FIRST), pick(rng, LAST))
}

fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut text = String::new();
    for n in 0..words {
        if n > 0 {
            text.push(' ');
        }
        text.push_str(pick(rng, WORDS));
    }
    text.push('.');
    text
}

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
            review_all(cycle, &mut planned, &mut rng, now, &mut outcome)?;
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
    let mut panels = Vec::with_capacity(count);
    for n in 0..count {
        let id = UserId::new();
        let name = person(rng);
        rows.push(UserRow {
            id: id.to_string(),
            email: format!(
                "judge{n}.{}@demo.laurel.test",
                tokens::generate().0[..6].to_lowercase()
            ),
            organisation: if rng.random_bool(0.3) {
                pick(rng, ORGANISATIONS).to_owned()
            } else {
                String::new()
            },
            name,
            role: Role::Judge.as_str().to_owned(),
            password_hash: Some(password.to_owned()),
            active: true,
            created_at: to_db_time(now),
            updated_at: to_db_time(now),
        });
        let first = n % cycle.categories.len();
        let mut panel = vec![cycle.categories[first].id.to_string()];
        if rng.random_bool(0.5) {
            panel.push(
                cycle.categories[(first + 1) % cycle.categories.len()]
                    .id
                    .to_string(),
            );
        }
        panels.push((id, panel));
    }
    demo::insert_users(conn, &rows)?;
    for (id, panel) in panels {
        users::set_panel(conn, &id.to_string(), &panel)?;
    }
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
                        sentence(rng, words)
                    }
                };
                (question.key.as_str(), answer)
            })
            .collect();
        let nominee = person(rng);
        let nominator = person(rng);
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
            nominator_organisation: pick(rng, ORGANISATIONS).to_owned(),
            nominator_name: nominator,
            nominee_email: String::new(),
            nominee_organisation: String::new(),
            nominee_locality: pick(rng, PLACES).to_owned(),
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

/// Submits a review for every assignment: each nomination has a quality and
/// each judge a leniency, so normalised scores have something to correct.
fn review_all(
    cycle: &CycleView,
    rows: &mut [(AssignmentRow, usize)],
    rng: &mut StdRng,
    now: DateTime<Utc>,
    outcome: &mut DemoOutcome,
) -> anyhow::Result<()> {
    let rules: Vec<Vec<CriterionRule>> = cycle
        .categories
        .iter()
        .map(|category| {
            category
                .criteria
                .iter()
                .map(|c| CriterionRule {
                    key: c.key.clone(),
                    name: c.name.clone(),
                    weight: u32::try_from(c.weight).unwrap_or(1),
                    scale_max: u32::try_from(c.scale_max).unwrap_or(10),
                })
                .collect()
        })
        .collect();
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
