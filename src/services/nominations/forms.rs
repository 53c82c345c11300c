//! What the nomination form of a category needs to be shown: the category,
//! its cycle, and why it is closed when it is; for the public, and for
//! organisers entering a nomination taken by phone or on paper.

use chrono::{DateTime, Utc};

use super::context;
use crate::domain::phase::Phase;
use crate::error::AppError;
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CategoryView, CycleView};
use crate::store::Db;

/// What the nomination form of a category needs.
#[derive(Debug, Clone)]
pub struct FormContext {
    pub cycle: CycleView,
    pub category: CategoryView,
    /// Why the form is not taking nominations, when it is not.
    pub closed: Option<String>,
}

/// The form of the category `slug` in the cycle shown to the public.
pub async fn form(db: &Db, slug: &str, now: DateTime<Utc>) -> Result<FormContext, AppError> {
    let cycle = cycles::current(db, now)
        .await?
        .ok_or_else(|| AppError::not_found("category"))?;
    form_in(cycle, |category| category.slug == slug)
}

/// The form of a category of `cycle` chosen by `pick`.
pub(super) fn form_in(
    cycle: CycleView,
    pick: impl Fn(&CategoryView) -> bool,
) -> Result<FormContext, AppError> {
    let category = cycle
        .categories
        .iter()
        .find(|category| pick(category))
        .cloned()
        .ok_or_else(|| AppError::not_found("category"))?;
    let closed = (cycle.phase != Phase::Nominating)
        .then(|| context::closed_message(&cycle.title, cycle.phase, &cycle.dates()));
    Ok(FormContext {
        cycle,
        category,
        closed,
    })
}

/// What staff see before entering a nomination: the categories to choose
/// from, or the chosen category's form.
#[derive(Debug, Clone)]
pub enum StaffForm {
    Choose(Vec<(String, String)>),
    Form(Box<FormContext>),
}

/// The form for an organiser entering a nomination taken by phone or on
/// paper, in the category `slug` (or the list of categories without one).
pub async fn staff_form(
    db: &Db,
    principal: &Principal,
    slug: Option<&str>,
    now: DateTime<Utc>,
) -> Result<StaffForm, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::current(db, now)
        .await?
        .ok_or_else(|| AppError::not_found("awards cycle"))?;
    match slug.map(str::trim).filter(|slug| !slug.is_empty()) {
        Some(slug) => form_in(cycle, |category| category.slug == slug)
            .map(|context| StaffForm::Form(Box::new(context))),
        None => Ok(StaffForm::Choose(
            cycle
                .categories
                .into_iter()
                .map(|category| (category.slug, category.name))
                .collect(),
        )),
    }
}
