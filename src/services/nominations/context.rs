//! What a nomination is checked against: its category, the category's
//! questions as validation rules, and its cycle's dates and phase.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use uuid::Uuid;

use crate::domain::ids::CategoryId;
use crate::domain::nomination::QuestionRule;
use crate::domain::phase::{CycleDates, Phase};
use crate::domain::programme::{QuestionKind, is_slug};
use crate::error::{AppError, FieldError};
use crate::store::cycles::{self, CategoryRow, CycleRow, QuestionRow};
use crate::store::{Db, DbConnection, from_db_time};

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

/// A stored cycle's dates.
fn dates_of(cycle: &CycleRow) -> CycleDates {
    CycleDates {
        nominations_open_at: from_db_time(cycle.nominations_open_at),
        nominations_close_at: from_db_time(cycle.nominations_close_at),
        judging_close_at: from_db_time(cycle.judging_close_at),
        results_published_at: cycle.results_published_at.map(from_db_time),
    }
}

impl Context {
    pub fn dates(&self) -> CycleDates {
        dates_of(&self.cycle)
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
    let rules = rules_of(cycles::questions_of(
        conn,
        std::slice::from_ref(&category.id),
    )?)?;
    Ok(Some(Context {
        cycle,
        category,
        rules,
    }))
}

/// A category's questions (in order) as validation rules.
fn rules_of(questions: Vec<QuestionRow>) -> anyhow::Result<Vec<QuestionRule>> {
    questions
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
        .collect()
}

/// Every category's context, read in one go and kept with the programme in
/// memory (see [`Db::programme`]), so that checking a nomination before its
/// write needs no database.
struct Contexts {
    /// Newest first.
    cycles: Vec<CycleRow>,
    by_id: HashMap<String, Context>,
    /// Category ids by (cycle id, slug).
    by_slug: HashMap<(String, String), String>,
}

impl Contexts {
    fn read(conn: &mut DbConnection) -> anyhow::Result<Contexts> {
        let cycles = cycles::list(conn)?;
        let cycle_ids: Vec<String> = cycles.iter().map(|cycle| cycle.id.clone()).collect();
        let categories = cycles::categories_of(conn, &cycle_ids)?;
        let category_ids: Vec<String> = categories.iter().map(|c| c.id.clone()).collect();
        let mut questions: HashMap<String, Vec<QuestionRow>> = HashMap::new();
        for question in cycles::questions_of(conn, &category_ids)? {
            questions
                .entry(question.category_id.clone())
                .or_default()
                .push(question);
        }
        let mut by_id = HashMap::new();
        let mut by_slug = HashMap::new();
        for category in categories {
            let Some(cycle) = cycles.iter().find(|cycle| cycle.id == category.cycle_id) else {
                continue;
            };
            let rules = rules_of(questions.remove(&category.id).unwrap_or_default())?;
            by_slug.insert(
                (category.cycle_id.clone(), category.slug.clone()),
                category.id.clone(),
            );
            by_id.insert(
                category.id.clone(),
                Context {
                    cycle: cycle.clone(),
                    category,
                    rules,
                },
            );
        }
        Ok(Contexts {
            cycles,
            by_id,
            by_slug,
        })
    }

    /// The category a caller named. A slug is looked up in the cycle that is
    /// taking nominations, else in the newest cycle that has it.
    fn find(&self, category: &CategoryRef, now: DateTime<Utc>) -> Option<&Context> {
        let id = match category {
            CategoryRef::Id(id) => id.to_string(),
            // Anything that is not a slug names nothing.
            CategoryRef::Slug(slug) if !is_slug(slug) => return None,
            CategoryRef::Slug(slug) => {
                let nominating = (self.cycles.iter())
                    .filter(|cycle| dates_of(cycle).phase_at(now) == Phase::Nominating);
                nominating
                    .chain(self.cycles.iter())
                    .find_map(|cycle| self.by_slug.get(&(cycle.id.clone(), slug.clone())))?
                    .clone()
            }
        };
        self.by_id.get(&id)
    }
}

/// Finds the category a caller named (see [`Contexts::find`]), from memory
/// while the programme is unchanged.
pub(super) async fn resolve(
    db: &Db,
    category: &CategoryRef,
    now: DateTime<Utc>,
) -> Result<Context, AppError> {
    let contexts: Arc<Contexts> = db
        .programme()
        .get_or_read(|| db.run(Contexts::read))
        .await?;
    contexts.find(category, now).cloned().ok_or_else(|| {
        AppError::validation(vec![FieldError::new(
            "category",
            "There is no such category: give a category's slug or id from GET /api/v1/cycles",
        )])
    })
}
