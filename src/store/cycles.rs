//! Cycles and what defines them: categories, questions and criteria.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::{categories, criteria, cycles, questions};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = cycles)]
pub struct CycleRow {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub theme: String,
    pub reference_prefix: String,
    pub nominations_open_at: NaiveDateTime,
    pub nominations_close_at: NaiveDateTime,
    pub judging_close_at: NaiveDateTime,
    pub results_published_at: Option<NaiveDateTime>,
    pub blind_judging: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// The awards team's contact details, shown in page and email footers.
    pub contact_email: String,
    pub contact_phone: String,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = categories)]
pub struct CategoryRow {
    pub id: String,
    pub cycle_id: String,
    pub slug: String,
    pub name: String,
    pub description: String,
    pub eligibility: String,
    pub judges_per_nomination: i32,
    pub shortlist_size: i32,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = questions)]
pub struct QuestionRow {
    pub id: String,
    pub category_id: String,
    pub key: String,
    pub label: String,
    pub help: String,
    pub kind: String,
    pub required: bool,
    pub max_words: Option<i32>,
    pub options: String,
    pub position: i32,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = criteria)]
pub struct CriterionRow {
    pub id: String,
    pub category_id: String,
    pub key: String,
    pub name: String,
    pub description: String,
    pub weight: i32,
    pub scale_max: i32,
    pub position: i32,
}

pub fn count(conn: &mut DbConnection) -> QueryResult<i64> {
    cycles::table.count().get_result(conn)
}

pub fn insert_cycle(conn: &mut DbConnection, row: &CycleRow) -> QueryResult<()> {
    diesel::insert_into(cycles::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn insert_category(conn: &mut DbConnection, row: &CategoryRow) -> QueryResult<()> {
    diesel::insert_into(categories::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn insert_question(conn: &mut DbConnection, row: &QuestionRow) -> QueryResult<()> {
    diesel::insert_into(questions::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

pub fn insert_criterion(conn: &mut DbConnection, row: &CriterionRow) -> QueryResult<()> {
    diesel::insert_into(criteria::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Every cycle, the newest first.
pub fn list(conn: &mut DbConnection) -> QueryResult<Vec<CycleRow>> {
    cycles::table
        .order(cycles::nominations_open_at.desc())
        .select(CycleRow::as_select())
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CycleRow>> {
    cycles::table
        .find(id)
        .select(CycleRow::as_select())
        .first(conn)
        .optional()
}

/// The categories of the given cycles, in their display order.
pub fn categories_of(
    conn: &mut DbConnection,
    cycle_ids: &[String],
) -> QueryResult<Vec<CategoryRow>> {
    categories::table
        .filter(categories::cycle_id.eq_any(cycle_ids))
        .order((categories::cycle_id, categories::position))
        .select(CategoryRow::as_select())
        .load(conn)
}

pub fn questions_of(
    conn: &mut DbConnection,
    category_ids: &[String],
) -> QueryResult<Vec<QuestionRow>> {
    questions::table
        .filter(questions::category_id.eq_any(category_ids))
        .order((questions::category_id, questions::position))
        .select(QuestionRow::as_select())
        .load(conn)
}

pub fn criteria_of(
    conn: &mut DbConnection,
    category_ids: &[String],
) -> QueryResult<Vec<CriterionRow>> {
    criteria::table
        .filter(criteria::category_id.eq_any(category_ids))
        .order((criteria::category_id, criteria::position))
        .select(CriterionRow::as_select())
        .load(conn)
}

/// Every category's (id, slug).
pub fn category_slugs(conn: &mut DbConnection) -> QueryResult<Vec<(String, String)>> {
    categories::table
        .select((categories::id, categories::slug))
        .load(conn)
}

/// Changes a cycle's title and dates.
/// What an organiser may change of a cycle.
pub struct SettingsChange<'a> {
    pub title: &'a str,
    pub blind_judging: bool,
    pub nominations_open_at: NaiveDateTime,
    pub nominations_close_at: NaiveDateTime,
    pub judging_close_at: NaiveDateTime,
    pub contact_email: &'a str,
    pub contact_phone: &'a str,
}

pub fn update_settings(
    conn: &mut DbConnection,
    id: &str,
    change: &SettingsChange<'_>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    diesel::update(cycles::table.find(id))
        .set((
            cycles::title.eq(change.title),
            cycles::blind_judging.eq(change.blind_judging),
            cycles::nominations_open_at.eq(change.nominations_open_at),
            cycles::nominations_close_at.eq(change.nominations_close_at),
            cycles::judging_close_at.eq(change.judging_close_at),
            cycles::contact_email.eq(change.contact_email),
            cycles::contact_phone.eq(change.contact_phone),
            cycles::updated_at.eq(now),
        ))
        .execute(conn)
}

pub fn find_category(conn: &mut DbConnection, id: &str) -> QueryResult<Option<CategoryRow>> {
    categories::table
        .find(id)
        .select(CategoryRow::as_select())
        .first(conn)
        .optional()
}
