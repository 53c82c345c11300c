//! What a nomination is checked against: its category, the category's
//! questions as validation rules, and its cycle's dates and phase.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::ids::CategoryId;
use crate::domain::nomination::QuestionRule;
use crate::domain::phase::{CycleDates, Phase};
use crate::domain::programme::{QuestionKind, is_slug};
use crate::error::{AppError, FieldError};
use crate::store::cycles::{self, CategoryRow, CycleRow};
use crate::store::{DbConnection, from_db_time};

/// How a caller names a category: by id, or by slug in the cycle taking
/// nominations (else the current one).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryRef {
    Id(CategoryId),
    Slug(String),
}

impl CategoryRef {
    /// Reads what the API's `category` holds: an id or a slug.
    pub fn parse(text: &str) -> CategoryRef {
        match Uuid::parse_str(text.trim()) {
            Ok(uuid) => CategoryRef::Id(CategoryId(uuid)),
            Err(_) => CategoryRef::Slug(text.trim().to_owned()),
        }
    }
}

#[derive(Clone)]
pub(super) struct Context {
    pub cycle: CycleRow,
    pub category: CategoryRow,
    pub rules: Vec<QuestionRule>,
}

impl Context {
    pub fn dates(&self) -> CycleDates {
        CycleDates {
            nominations_open_at: from_db_time(self.cycle.nominations_open_at),
            nominations_close_at: from_db_time(self.cycle.nominations_close_at),
            judging_close_at: from_db_time(self.cycle.judging_close_at),
            results_published_at: self.cycle.results_published_at.map(from_db_time),
        }
    }

    pub fn deadline(&self) -> DateTime<Utc> {
        from_db_time(self.cycle.nominations_close_at)
    }

    /// 409 unless the cycle is taking nominations at `now`.
    pub fn require_open(&self, now: DateTime<Utc>) -> Result<(), AppError> {
        let dates = self.dates();
        match dates.phase_at(now) {
            Phase::Nominating => Ok(()),
            phase => Err(AppError::Conflict(closed_message(
                &self.cycle.title,
                phase,
                &dates,
            ))),
        }
    }
}

/// A time as the pages and emails write it: "17:00 UTC on 5 August 2016".
pub fn when(at: DateTime<Utc>) -> String {
    at.format("%H:%M UTC on %-d %B %Y").to_string()
}

/// What to tell someone who tries to nominate outside the nominating phase.
pub fn closed_message(title: &str, phase: Phase, dates: &CycleDates) -> String {
    match phase {
        Phase::Upcoming => format!(
            "Nominations for {title} are not open yet. They open at {}.",
            when(dates.nominations_open_at)
        ),
        _ => format!(
            "Nominations for {title} have closed. They closed at {}.",
            when(dates.nominations_close_at)
        ),
    }
}

/// Loads a category with its cycle and questions; `None` when there is no such category.
pub(super) fn load(conn: &mut DbConnection, category_id: &str) -> anyhow::Result<Option<Context>> {
    let Some(category) = cycles::find_category(conn, category_id)? else {
        return Ok(None);
    };
    let Some(cycle) = cycles::find(conn, &category.cycle_id)? else {
        return Ok(None);
    };
    let rules = cycles::questions_of(conn, std::slice::from_ref(&category.id))?
        .into_iter()
        .map(|question| {
            let kind = QuestionKind::parse(&question.kind).ok_or_else(|| {
                anyhow::anyhow!("question {} has kind {:?}", question.id, question.kind)
            })?;
            Ok(QuestionRule {
                options: serde_json::from_str(&question.options)?,
                max_words: question
                    .max_words
                    .and_then(|words| u32::try_from(words).ok()),
                key: question.key,
                label: question.label,
                kind,
                required: question.required,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(Some(Context {
        cycle,
        category,
        rules,
    }))
}

/// Finds the category a caller named. A slug is looked up in the cycle that
/// is taking nominations, else in the newest cycle that has it.
pub(super) fn resolve(
    conn: &mut DbConnection,
    category: &CategoryRef,
    now: DateTime<Utc>,
) -> Result<Context, AppError> {
    let found = match category {
        CategoryRef::Id(id) => load(conn, &id.to_string())?,
        // Anything that is not a slug names nothing (and never reaches SQL).
        CategoryRef::Slug(slug) if !is_slug(slug) => None,
        CategoryRef::Slug(slug) => {
            let mut found = None;
            let all = cycles::list(conn)?;
            let nominating = all.iter().filter(|cycle| {
                CycleDates {
                    nominations_open_at: from_db_time(cycle.nominations_open_at),
                    nominations_close_at: from_db_time(cycle.nominations_close_at),
                    judging_close_at: from_db_time(cycle.judging_close_at),
                    results_published_at: cycle.results_published_at.map(from_db_time),
                }
                .phase_at(now)
                    == Phase::Nominating
            });
            for cycle in nominating.chain(all.iter()) {
                if let Some(row) = cycles::find_category_by_slug(conn, &cycle.id, slug)? {
                    found = load(conn, &row.id)?;
                    break;
                }
            }
            found
        }
    };
    found.ok_or_else(|| {
        AppError::validation(vec![FieldError::new(
            "category",
            "There is no such category: give a category's slug or id from GET /api/v1/cycles",
        )])
    })
}
