//! Reading cycles with their categories, questions and criteria.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, DurationRound as _, TimeDelta, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::email::EmailAddress;
use crate::domain::ids::{CategoryId, CycleId};
use crate::domain::phase::{CycleDates, DatesError, Phase};
use crate::domain::programme::QuestionKind;
use crate::error::{AppError, FieldError};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::store::cycles::{self, CategoryRow, CriterionRow, CycleRow, QuestionRow};
use crate::store::{Db, DbConnection, from_db_time, parse_id, to_db_time, write_transaction};

/// A cycle as the public and the API see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CycleView {
    #[schema(value_type = String, format = Uuid)]
    pub id: CycleId,
    pub slug: String,
    pub title: String,
    pub theme: String,
    pub reference_prefix: String,
    pub phase: Phase,
    pub nominations_open_at: DateTime<Utc>,
    pub nominations_close_at: DateTime<Utc>,
    pub judging_close_at: DateTime<Utc>,
    pub results_published_at: Option<DateTime<Utc>>,
    /// Whether judges see nominations without the nominator's details.
    pub blind_judging: bool,
    /// The awards team's email address, shown in page and email footers; empty if unset.
    pub contact_email: String,
    /// The awards team's phone number, shown beside the email; empty if unset.
    pub contact_phone: String,
    pub categories: Vec<CategoryView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CategoryView {
    #[schema(value_type = String, format = Uuid)]
    pub id: CategoryId,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub eligibility: String,
    pub judges_per_nomination: i32,
    pub shortlist_size: i32,
    pub questions: Vec<QuestionView>,
    pub criteria: Vec<CriterionView>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QuestionView {
    pub key: String,
    pub label: String,
    pub help: String,
    pub kind: QuestionKind,
    pub required: bool,
    pub max_words: Option<i32>,
    pub options: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CriterionView {
    pub key: String,
    pub name: String,
    pub description: String,
    pub weight: i32,
    pub scale_max: i32,
}

impl CycleView {
    pub fn dates(&self) -> CycleDates {
        CycleDates {
            nominations_open_at: self.nominations_open_at,
            nominations_close_at: self.nominations_close_at,
            judging_close_at: self.judging_close_at,
            results_published_at: self.results_published_at,
        }
    }
}

/// Every cycle, newest first. Served from memory while the programme is
/// unchanged (see [`Db::programme`]); phases are always worked out for `now`.
pub async fn list(db: &Db, now: DateTime<Utc>) -> Result<Vec<CycleView>, AppError> {
    let all: Arc<Vec<CycleView>> = db
        .programme()
        .get_or_read(|| {
            db.run(move |conn| {
                let rows = cycles::list(conn)?;
                load_views(conn, rows, now)
            })
        })
        .await?;
    Ok(all
        .iter()
        .map(|cycle| {
            let mut cycle = cycle.clone();
            cycle.phase = cycle.dates().phase_at(now);
            cycle
        })
        .collect())
}

/// One cycle by id.
pub async fn get(db: &Db, id: CycleId, now: DateTime<Utc>) -> Result<CycleView, AppError> {
    let found = db
        .run(move |conn| {
            let rows = cycles::find(conn, &id.to_string())?.into_iter().collect();
            load_views(conn, rows, now)
        })
        .await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| AppError::not_found("cycle"))
}

/// The cycle the public page shows: the one taking nominations, else the next
/// to open, else the latest.
pub async fn current(db: &Db, now: DateTime<Utc>) -> Result<Option<CycleView>, AppError> {
    let all = list(db, now).await?;
    let pick = |phase: Phase| all.iter().position(|cycle| cycle.phase == phase);
    let index = pick(Phase::Nominating)
        .or_else(|| {
            all.iter()
                .enumerate()
                .filter(|(_, cycle)| cycle.phase == Phase::Upcoming)
                .min_by_key(|(_, cycle)| cycle.nominations_open_at)
                .map(|(index, _)| index)
        })
        .or(if all.is_empty() { None } else { Some(0) });
    Ok(index.and_then(|index| all.into_iter().nth(index)))
}

/// What an organiser may change of a cycle; absent (or `null`) parts stay
/// as they are. Times are RFC 3339, such as `2016-08-05T17:00:00+01:00`.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CycleChanges {
    pub title: Option<String>,
    pub nominations_open_at: Option<String>,
    pub nominations_close_at: Option<String>,
    pub judging_close_at: Option<String>,
    /// Whether judges see nominations without the nominator's details.
    pub blind_judging: Option<bool>,
    /// The awards team's email address for the footers; empty removes it.
    pub contact_email: Option<String>,
    /// The awards team's phone number for the footers; empty removes it.
    pub contact_phone: Option<String>,
}

/// The longest phone number, in characters.
const MAX_PHONE_CHARS: usize = 30;

/// Checks the contact details, pushing an error for each bad one.
fn contact_changes(
    changes: &CycleChanges,
    errors: &mut Vec<FieldError>,
) -> (Option<String>, Option<String>) {
    let email = changes.contact_email.as_deref().map(str::trim).map(|text| {
        if !text.is_empty() && EmailAddress::parse(text).is_err() {
            errors.push(FieldError::new(
                "contact_email",
                "Enter an email address in the correct format, like awards@example.org",
            ));
        }
        text.to_owned()
    });
    let phone = changes.contact_phone.as_deref().map(str::trim).map(|text| {
        let allowed = |c: char| c.is_ascii_digit() || " +()-".contains(c);
        if text.chars().count() > MAX_PHONE_CHARS
            || !text.chars().all(allowed)
            || (!text.is_empty() && text.chars().filter(char::is_ascii_digit).count() < 6)
        {
            errors.push(FieldError::new(
                "contact_phone",
                "Enter a phone number, like 0141 496 0000 or +44 141 496 0000",
            ));
        }
        text.to_owned()
    });
    (email, phone)
}

/// The longest cycle title, in characters.
const MAX_TITLE_CHARS: usize = 200;

/// Changes a cycle's title, dates or blind judging; the dates must stay in order.
pub async fn update(
    db: &Db,
    principal: &Principal,
    id: CycleId,
    changes: CycleChanges,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<CycleView, AppError> {
    require_organiser(principal)?;
    let mut errors = Vec::new();
    let title = changes.title.clone().map(|title| {
        let title: String = title.chars().filter(|c| !c.is_control()).collect();
        title.trim().to_owned()
    });
    match title.as_deref().map(|title| title.chars().count()) {
        Some(0) => errors.push(FieldError::new("title", "Enter the cycle's title")),
        Some(n) if n > MAX_TITLE_CHARS => errors.push(FieldError::new(
            "title",
            format!("The title must be {MAX_TITLE_CHARS} characters or fewer"),
        )),
        _ => {}
    }
    let mut time = |field: &str, text: Option<String>| {
        let text = text?;
        match DateTime::parse_from_rfc3339(text.trim()) {
            Ok(at) => {
                let at = at.with_timezone(&Utc);
                Some(at.duration_trunc(TimeDelta::microseconds(1)).unwrap_or(at))
            }
            Err(_) => {
                errors.push(FieldError::new(
                    field,
                    "Enter a date and time in RFC 3339 form, like 2016-08-05T17:00:00Z",
                ));
                None
            }
        }
    };
    let open = time("nominations_open_at", changes.nominations_open_at.clone());
    let close = time("nominations_close_at", changes.nominations_close_at.clone());
    let judging = time("judging_close_at", changes.judging_close_at.clone());
    let (contact_email, contact_phone) = contact_changes(&changes, &mut errors);
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let (principal, ip) = (principal.clone(), ip.to_owned());
    let updated = db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let row =
                cycles::find(conn, &id.to_string())?.ok_or_else(|| AppError::not_found("cycle"))?;
            let dates = CycleDates {
                nominations_open_at: open.unwrap_or(from_db_time(row.nominations_open_at)),
                nominations_close_at: close.unwrap_or(from_db_time(row.nominations_close_at)),
                judging_close_at: judging.unwrap_or(from_db_time(row.judging_close_at)),
                results_published_at: row.results_published_at.map(from_db_time),
            }
            .validate()
            .map_err(|error| {
                let (field, message) = match error {
                    DatesError::CloseBeforeOpen => (
                        "nominations_close_at",
                        "Nominations must close after they open",
                    ),
                    DatesError::JudgingBeforeClose => (
                        "judging_close_at",
                        "Judging must close after nominations close",
                    ),
                };
                AppError::validation(vec![FieldError::new(field, message)])
            })?;
            let title = title.clone().unwrap_or_else(|| row.title.clone());
            let blind = changes.blind_judging.unwrap_or(row.blind_judging);
            let contact_email = contact_email.clone().unwrap_or_else(|| row.contact_email.clone());
            let contact_phone = contact_phone.clone().unwrap_or_else(|| row.contact_phone.clone());
            cycles::update_settings(
                conn,
                &row.id,
                &cycles::SettingsChange {
                    title: &title,
                    blind_judging: blind,
                    nominations_open_at: to_db_time(dates.nominations_open_at),
                    nominations_close_at: to_db_time(dates.nominations_close_at),
                    judging_close_at: to_db_time(dates.judging_close_at),
                    contact_email: &contact_email,
                    contact_phone: &contact_phone,
                },
                to_db_time(now),
            )?;
            let detail = format!(
                "title {title:?}; blind judging {blind}; nominations {} to {}; judging closes {}; contact {contact_email:?} {contact_phone:?}",
                dates.nominations_open_at.to_rfc3339(),
                dates.nominations_close_at.to_rfc3339(),
                dates.judging_close_at.to_rfc3339(),
            );
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "cycle.updated",
                    subject_type: "cycle",
                    subject_id: row.id.clone(),
                    detail,
                },
                &ip,
                now,
            )?;
            let rows = cycles::find(conn, &row.id)?.into_iter().collect();
            load_views(conn, rows, now)?
                .pop()
                .ok_or_else(|| AppError::not_found("cycle"))
        }))
    })
    .await??;
    db.programme().forget();
    Ok(updated)
}

fn load_views(
    conn: &mut DbConnection,
    rows: Vec<CycleRow>,
    now: DateTime<Utc>,
) -> anyhow::Result<Vec<CycleView>> {
    let cycle_ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let category_rows = cycles::categories_of(conn, &cycle_ids)?;
    let category_ids: Vec<String> = category_rows.iter().map(|row| row.id.clone()).collect();
    let mut questions = group_by(cycles::questions_of(conn, &category_ids)?, |row| {
        row.category_id.clone()
    });
    let mut criteria = group_by(cycles::criteria_of(conn, &category_ids)?, |row| {
        row.category_id.clone()
    });
    let mut categories: HashMap<String, Vec<CategoryView>> = HashMap::new();
    for row in category_rows {
        let view = category_view(&row, questions.remove(&row.id), criteria.remove(&row.id))?;
        categories.entry(row.cycle_id).or_default().push(view);
    }
    rows.into_iter()
        .map(|row| {
            let categories = categories.remove(&row.id).unwrap_or_default();
            cycle_view(row, categories, now)
        })
        .collect()
}

fn group_by<T>(rows: Vec<T>, key: impl Fn(&T) -> String) -> HashMap<String, Vec<T>> {
    let mut groups: HashMap<String, Vec<T>> = HashMap::new();
    for row in rows {
        groups.entry(key(&row)).or_default().push(row);
    }
    groups
}

fn cycle_view(
    row: CycleRow,
    categories: Vec<CategoryView>,
    now: DateTime<Utc>,
) -> anyhow::Result<CycleView> {
    let dates = CycleDates {
        nominations_open_at: from_db_time(row.nominations_open_at),
        nominations_close_at: from_db_time(row.nominations_close_at),
        judging_close_at: from_db_time(row.judging_close_at),
        results_published_at: row.results_published_at.map(from_db_time),
    };
    Ok(CycleView {
        id: parse_id(&row.id)?,
        slug: row.slug,
        title: row.title,
        theme: row.theme,
        reference_prefix: row.reference_prefix,
        phase: dates.phase_at(now),
        nominations_open_at: dates.nominations_open_at,
        nominations_close_at: dates.nominations_close_at,
        judging_close_at: dates.judging_close_at,
        results_published_at: dates.results_published_at,
        blind_judging: row.blind_judging,
        contact_email: row.contact_email,
        contact_phone: row.contact_phone,
        categories,
    })
}

fn category_view(
    row: &CategoryRow,
    questions: Option<Vec<QuestionRow>>,
    criteria: Option<Vec<CriterionRow>>,
) -> anyhow::Result<CategoryView> {
    let questions = questions
        .unwrap_or_default()
        .into_iter()
        .map(|question| {
            let kind = QuestionKind::parse(&question.kind).ok_or_else(|| {
                anyhow::anyhow!(
                    "question {} has an unknown kind {:?}",
                    question.id,
                    question.kind
                )
            })?;
            Ok(QuestionView {
                options: serde_json::from_str(&question.options)?,
                key: question.key,
                label: question.label,
                help: question.help,
                kind,
                required: question.required,
                max_words: question.max_words,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    let criteria = criteria
        .unwrap_or_default()
        .into_iter()
        .map(|criterion| CriterionView {
            key: criterion.key,
            name: criterion.name,
            description: criterion.description,
            weight: criterion.weight,
            scale_max: criterion.scale_max,
        })
        .collect();
    Ok(CategoryView {
        id: parse_id(&row.id)?,
        slug: row.slug.clone(),
        name: row.name.clone(),
        description: row.description.clone(),
        eligibility: row.eligibility.clone(),
        judges_per_nomination: row.judges_per_nomination,
        shortlist_size: row.shortlist_size,
        questions,
        criteria,
    })
}
