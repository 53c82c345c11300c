//! Next year's cycle: whether a slug is taken, and changes to a category,
//! its questions and its criteria.

use diesel::prelude::*;

use super::DbConnection;
use super::schema::{categories, criteria, cycles, questions};

pub fn slug_taken(conn: &mut DbConnection, slug: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        cycles::table.filter(cycles::slug.eq(slug)),
    ))
    .get_result(conn)
}

/// A category's id by cycle and slug.
pub fn category_id(
    conn: &mut DbConnection,
    cycle_id: &str,
    slug: &str,
) -> QueryResult<Option<String>> {
    categories::table
        .filter(categories::cycle_id.eq(cycle_id))
        .filter(categories::slug.eq(slug))
        .select(categories::id)
        .first(conn)
        .optional()
}

#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = categories)]
pub struct CategoryChange {
    pub name: Option<String>,
    pub description: Option<String>,
    pub eligibility: Option<String>,
    pub judges_per_nomination: Option<i32>,
    pub shortlist_size: Option<i32>,
}

#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = questions)]
pub struct QuestionChange {
    pub label: Option<String>,
    pub help: Option<String>,
    pub required: Option<bool>,
    /// `Some(None)` removes the limit.
    pub max_words: Option<Option<i32>>,
}

#[derive(Debug, Clone, AsChangeset)]
#[diesel(table_name = criteria)]
pub struct CriterionChange {
    pub name: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i32>,
    pub scale_max: Option<i32>,
}

pub fn update_category(
    conn: &mut DbConnection,
    id: &str,
    change: &CategoryChange,
) -> QueryResult<usize> {
    diesel::update(categories::table.find(id))
        .set(change)
        .execute(conn)
}

/// Changes the question `key` of a category; 0 when there is none.
pub fn update_question(
    conn: &mut DbConnection,
    category_id: &str,
    key: &str,
    change: &QuestionChange,
) -> QueryResult<usize> {
    diesel::update(
        questions::table
            .filter(questions::category_id.eq(category_id))
            .filter(questions::key.eq(key)),
    )
    .set(change)
    .execute(conn)
}

/// Changes the criterion `key` of a category; 0 when there is none.
pub fn update_criterion(
    conn: &mut DbConnection,
    category_id: &str,
    key: &str,
    change: &CriterionChange,
) -> QueryResult<usize> {
    diesel::update(
        criteria::table
            .filter(criteria::category_id.eq(category_id))
            .filter(criteria::key.eq(key)),
    )
    .set(change)
    .execute(conn)
}
