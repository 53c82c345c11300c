//! Loading a programme (the default one, or another TOML file) as a new cycle.

use chrono::{DateTime, Duration, Utc};

use crate::domain::ids::{CategoryId, CriterionId, CycleId, QuestionId};
use crate::domain::programme::Programme;
use crate::store::cycles::{self, CategoryRow, CriterionRow, CycleRow, QuestionRow};
use crate::store::{DbConnection, to_db_time, write_transaction};

/// Seeds `programme` as a cycle when the database has none. The cycle opens
/// for nominations at the start of today (UTC) and stays open for the
/// programme's nominating weeks. Returns the new cycle's id, or `None` when a
/// cycle already existed (seeding twice changes nothing).
pub fn seed_if_empty(
    conn: &mut DbConnection,
    programme: &Programme,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<CycleId>> {
    write_transaction(conn, |conn| {
        if cycles::count(conn)? > 0 {
            return Ok(None);
        }
        insert_programme(conn, programme, now).map(Some)
    })
}

fn insert_programme(
    conn: &mut DbConnection,
    programme: &Programme,
    now: DateTime<Utc>,
) -> anyhow::Result<CycleId> {
    let template = &programme.cycle;
    let opens = now
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .map(|midnight| midnight.and_utc())
        .unwrap_or(now);
    let closes = opens + Duration::weeks(i64::from(template.nominating_weeks));
    let judging_closes = closes + Duration::weeks(i64::from(template.judging_weeks));
    let cycle_id = CycleId::new();
    cycles::insert_cycle(
        conn,
        &CycleRow {
            id: cycle_id.to_string(),
            slug: template.slug.clone(),
            title: template.title.clone(),
            theme: template.theme.clone(),
            reference_prefix: template.reference_prefix.clone(),
            nominations_open_at: to_db_time(opens),
            nominations_close_at: to_db_time(closes),
            judging_close_at: to_db_time(judging_closes),
            results_published_at: None,
            blind_judging: false,
            created_at: to_db_time(now),
            updated_at: to_db_time(now),
            contact_email: String::new(),
            contact_phone: String::new(),
        },
    )?;
    for (position, category) in (0..).zip(&programme.categories) {
        let category_id = CategoryId::new().to_string();
        cycles::insert_category(
            conn,
            &CategoryRow {
                id: category_id.clone(),
                cycle_id: cycle_id.to_string(),
                slug: category.slug.clone(),
                name: category.name.clone(),
                description: category.description.trim().to_owned(),
                eligibility: category.eligibility.trim().to_owned(),
                judges_per_nomination: to_i32(category.judges_per_nomination),
                shortlist_size: to_i32(category.shortlist_size),
                position,
            },
        )?;
        for (position, question) in (0..).zip(&category.questions) {
            cycles::insert_question(
                conn,
                &QuestionRow {
                    id: QuestionId::new().to_string(),
                    category_id: category_id.clone(),
                    key: question.key.clone(),
                    label: question.label.clone(),
                    help: question.help.clone(),
                    kind: question.kind.as_str().to_owned(),
                    required: question.required,
                    max_words: question.max_words.map(to_i32),
                    options: serde_json::to_string(&question.options)?,
                    position,
                },
            )?;
        }
        for (position, criterion) in (0..).zip(&category.criteria) {
            cycles::insert_criterion(
                conn,
                &CriterionRow {
                    id: CriterionId::new().to_string(),
                    category_id: category_id.clone(),
                    key: criterion.key.clone(),
                    name: criterion.name.clone(),
                    description: criterion.description.clone(),
                    weight: to_i32(criterion.weight),
                    scale_max: to_i32(criterion.scale_max),
                    position,
                },
            )?;
        }
    }
    Ok(cycle_id)
}

fn to_i32(value: u32) -> i32 {
    i32::try_from(value).unwrap_or(i32::MAX)
}
