//! Next year: cloning a cycle (categories, questions, criteria and settings;
//! no nominations) and changing a category, its questions and its criteria.

use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

use crate::domain::ids::{CategoryId, CriterionId, CycleId, QuestionId};
use crate::domain::phase::{CycleDates, DatesError};
use crate::error::{AppError, FieldError};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CategoryView, CycleView};
use crate::store::cycles::{self as cycle_store, CategoryRow, CriterionRow, CycleRow, QuestionRow};
use crate::store::next_year::{self as store, CategoryChange, CriterionChange, QuestionChange};
use crate::store::{Db, to_db_time, write_transaction};

/// Every field is required; missing ones are reported as field errors.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct CloneInput {
    pub title: String,
    /// Lower-case letters, digits and dashes, unused by any cycle.
    pub slug: String,
    /// Capital letters and digits, like SMA17.
    pub reference_prefix: String,
    pub nominations_open_at: Option<DateTime<Utc>>,
    pub nominations_close_at: Option<DateTime<Utc>>,
    pub judging_close_at: Option<DateTime<Utc>>,
}

fn validate_clone(input: &CloneInput) -> Vec<FieldError> {
    let mut errors = Vec::new();
    if input.title.trim().is_empty() {
        errors.push(FieldError::new("title", "Enter a title"));
    }
    let slug = input.slug.trim();
    let slug_ok = !slug.is_empty()
        && slug.len() <= 60
        && slug
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !slug.starts_with('-')
        && !slug.ends_with('-');
    if !slug_ok {
        errors.push(FieldError::new(
            "slug",
            "Use lower-case letters, digits and dashes, like sma-2017",
        ));
    }
    let prefix = input.reference_prefix.trim();
    if prefix.is_empty()
        || prefix.len() > 12
        || !prefix
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit())
    {
        errors.push(FieldError::new(
            "reference_prefix",
            "Use up to 12 capital letters and digits, like SMA17",
        ));
    }
    let (Some(open), Some(close), Some(judging)) = (
        input.nominations_open_at,
        input.nominations_close_at,
        input.judging_close_at,
    ) else {
        for (field, value) in [
            ("nominations_open_at", input.nominations_open_at),
            ("nominations_close_at", input.nominations_close_at),
            ("judging_close_at", input.judging_close_at),
        ] {
            if value.is_none() {
                errors.push(FieldError::new(
                    field,
                    "Enter a date, like 2027-06-01 (or in the API, 2027-06-01T00:00:00Z)",
                ));
            }
        }
        return errors;
    };
    let dates = CycleDates {
        nominations_open_at: open,
        nominations_close_at: close,
        judging_close_at: judging,
        results_published_at: None,
    };
    match dates.validate() {
        Ok(_) => {}
        Err(DatesError::CloseBeforeOpen) => errors.push(FieldError::new(
            "nominations_close_at",
            "Nominations must close after they open",
        )),
        Err(DatesError::JudgingBeforeClose) => errors.push(FieldError::new(
            "judging_close_at",
            "Judging must close after nominations close",
        )),
    }
    errors
}

/// Copies a cycle's categories, questions, criteria and settings into a new
/// cycle with its own dates (organisers; audit-logged). No nominations.
#[tracing::instrument(skip(db, principal, input, ip), fields(cycle = %from))]
pub async fn clone_cycle(
    db: &Db,
    principal: &Principal,
    from: CycleId,
    input: CloneInput,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<CycleView, AppError> {
    require_organiser(principal)?;
    let errors = validate_clone(&input);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let source = cycles::get(db, from, now).await?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    let new_id = CycleId::new();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let slug = input.slug.trim().to_owned();
            if store::slug_taken(conn, &slug)? {
                return Ok(Err(AppError::validation(vec![FieldError::new(
                    "slug",
                    "Another cycle already uses this short name",
                )])));
            }
            let at = to_db_time(now);
            cycle_store::insert_cycle(
                conn,
                &CycleRow {
                    id: new_id.to_string(),
                    slug: slug.clone(),
                    title: input.title.trim().to_owned(),
                    theme: source.theme.clone(),
                    reference_prefix: input.reference_prefix.trim().to_owned(),
                    nominations_open_at: to_db_time(input.nominations_open_at.unwrap_or(now)),
                    nominations_close_at: to_db_time(input.nominations_close_at.unwrap_or(now)),
                    judging_close_at: to_db_time(input.judging_close_at.unwrap_or(now)),
                    results_published_at: None,
                    blind_judging: source.blind_judging,
                    created_at: at,
                    updated_at: at,
                    contact_email: source.contact_email.clone(),
                    contact_phone: source.contact_phone.clone(),
                },
            )?;
            for (position, category) in (0..).zip(&source.categories) {
                let category_id = CategoryId::new().to_string();
                cycle_store::insert_category(
                    conn,
                    &CategoryRow {
                        id: category_id.clone(),
                        cycle_id: new_id.to_string(),
                        slug: category.slug.clone(),
                        name: category.name.clone(),
                        description: category.description.clone(),
                        eligibility: category.eligibility.clone(),
                        judges_per_nomination: category.judges_per_nomination,
                        shortlist_size: category.shortlist_size,
                        position,
                    },
                )?;
                for (position, q) in (0..).zip(&category.questions) {
                    cycle_store::insert_question(
                        conn,
                        &QuestionRow {
                            id: QuestionId::new().to_string(),
                            category_id: category_id.clone(),
                            key: q.key.clone(),
                            label: q.label.clone(),
                            help: q.help.clone(),
                            kind: q.kind.as_str().to_owned(),
                            required: q.required,
                            max_words: q.max_words,
                            options: serde_json::to_string(&q.options)?,
                            position,
                        },
                    )?;
                }
                for (position, c) in (0..).zip(&category.criteria) {
                    cycle_store::insert_criterion(
                        conn,
                        &CriterionRow {
                            id: CriterionId::new().to_string(),
                            category_id: category_id.clone(),
                            key: c.key.clone(),
                            name: c.name.clone(),
                            description: c.description.clone(),
                            weight: c.weight,
                            scale_max: c.scale_max,
                            position,
                        },
                    )?;
                }
            }
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "cycle.cloned",
                    subject_type: "cycle",
                    subject_id: new_id.to_string(),
                    detail: format!("{slug} from {}", source.slug),
                },
                &ip,
                now,
            )?;
            Ok::<_, anyhow::Error>(Ok(()))
        })
    })
    .await??;
    db.programme().forget();
    cycles::get(db, new_id, now).await
}

/// What a change to a category, a question or a criterion says.
#[derive(Debug, Clone)]
pub enum Change {
    Category(CategoryChange),
    Question(String, QuestionChange),
    Criterion(String, CriterionChange),
}

fn out_of(
    field: &str,
    value: Option<i32>,
    range: std::ops::RangeInclusive<i32>,
    errors: &mut Vec<FieldError>,
) {
    if value.is_some_and(|v| !range.contains(&v)) {
        errors.push(FieldError::new(
            field,
            format!(
                "Enter a whole number from {} to {}",
                range.start(),
                range.end()
            ),
        ));
    }
}

fn blank(field: &str, value: Option<&String>, errors: &mut Vec<FieldError>) {
    if value.is_some_and(|v| v.trim().is_empty()) {
        errors.push(FieldError::new(field, "This cannot be empty"));
    }
}

fn validate_change(change: &Change) -> Vec<FieldError> {
    let mut errors = Vec::new();
    match change {
        Change::Category(c) => {
            blank("name", c.name.as_ref(), &mut errors);
            out_of(
                "judges_per_nomination",
                c.judges_per_nomination,
                1..=20,
                &mut errors,
            );
            out_of("shortlist_size", c.shortlist_size, 0..=100, &mut errors);
        }
        Change::Question(_, q) => {
            blank("label", q.label.as_ref(), &mut errors);
            out_of("max_words", q.max_words.flatten(), 1..=10_000, &mut errors);
        }
        Change::Criterion(_, c) => {
            blank("name", c.name.as_ref(), &mut errors);
            out_of("weight", c.weight, 0..=100, &mut errors);
            out_of("scale_max", c.scale_max, 1..=100, &mut errors);
        }
    }
    errors
}

/// Changes a category of a cycle, one of its questions or one of its
/// criteria (organisers; audit-logged). Answers the category as it is now.
#[tracing::instrument(skip(db, principal, change, ip), fields(cycle = %cycle_id))]
pub async fn change_category(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    slug: &str,
    change: Change,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<CategoryView, AppError> {
    require_organiser(principal)?;
    let errors = validate_change(&change);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let (principal, ip, owned_slug) = (principal.clone(), ip.to_owned(), slug.to_owned());
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let Some(category_id) = store::category_id(conn, &cycle_id.to_string(), &owned_slug)?
            else {
                return Ok(Err(AppError::not_found("category")));
            };
            // An empty change has nothing to write (diesel refuses an empty SET).
            let (changed, what) = match &change {
                Change::Category(c) => (
                    store::update_category(conn, &category_id, c).or_else(empty)?,
                    owned_slug.clone(),
                ),
                Change::Question(key, q) => (
                    store::update_question(conn, &category_id, key, q).or_else(empty)?,
                    format!("{owned_slug} question {key}"),
                ),
                Change::Criterion(key, c) => (
                    store::update_criterion(conn, &category_id, key, c).or_else(empty)?,
                    format!("{owned_slug} criterion {key}"),
                ),
            };
            if changed == 0 && !matches!(change, Change::Category(_)) {
                return Ok(Err(AppError::not_found("question or criterion")));
            }
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "category.changed",
                    subject_type: "category",
                    subject_id: category_id,
                    detail: what,
                },
                &ip,
                now,
            )?;
            Ok::<_, anyhow::Error>(Ok(()))
        })
    })
    .await??;
    db.programme().forget();
    cycles::get(db, cycle_id, now)
        .await?
        .categories
        .into_iter()
        .find(|c| c.slug == slug)
        .ok_or_else(|| AppError::not_found("category"))
}

/// Treats diesel's "no changes to save" as one row left as it was.
fn empty(error: diesel::result::Error) -> diesel::QueryResult<usize> {
    match error {
        diesel::result::Error::QueryBuilderError(_) => Ok(1),
        other => Err(other),
    }
}
