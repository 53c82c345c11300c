//! What organisers see of the nominations: the filtered, paginated list with
//! counts per category, and one nomination with its history and the others
//! that look like the same nominee. Changing a status is in [`marking`]; the
//! API's list is in [`listing`].

mod listing;
mod marking;

pub use listing::{Listing, PageAsked, list_for_api};
pub use marking::{mark_duplicate, mark_ineligible, restore};

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use super::{CategoryNames, NominationSummary, NominationView, view_of};
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::{ConsentStatus, NominationStatus};
use crate::domain::names::PersonKeys;
use crate::domain::reference::{format_reference, parse_reference};
use crate::error::AppError;
use crate::services::authz::{
    JudgeStanding, NominationAccess, Principal, require_nomination_reader, require_organiser,
};
use crate::services::cycles::{self, CycleView, QuestionView};
use crate::store::nominations::{self, NominationFilter, NominationRow, NomineeName};
use crate::store::{Db, DbConnection, audit, consents, from_db_time};

/// Nominations a page of the organisers' list shows.
pub const PAGE_SIZE: i64 = 50;

/// The organisers' filters; blank parts do not filter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListQuery {
    /// A category's slug.
    pub category: String,
    /// A status; blank means every status but draft.
    pub status: String,
    pub consent: String,
    /// Text in the reference, the names or the nominator's email.
    pub text: String,
    /// From 1.
    pub page: i64,
}

#[derive(Debug, Clone)]
pub struct ListedNomination {
    pub nomination: NominationSummary,
    /// References of other nominations in its category that look like the
    /// same nominee.
    pub looks_like: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct CategoryCount {
    pub slug: String,
    pub name: String,
    pub count: i64,
}

#[derive(Debug, Clone)]
pub struct NominationList {
    pub cycle: Option<CycleView>,
    pub items: Vec<ListedNomination>,
    /// How many match the filters, over every page.
    pub total: i64,
    pub page: i64,
    pub pages: i64,
    /// Sent nominations per category, whatever the filters.
    pub counts: Vec<CategoryCount>,
}

/// A nomination with what an organiser needs to review it.
#[derive(Debug, Clone)]
pub struct NominationDetail {
    pub nomination: NominationView,
    /// The category's questions, to label the answers.
    pub questions: Vec<QuestionView>,
    pub history: Vec<HistoryEntry>,
    /// Other nominations in the category that look like the same nominee.
    pub similar: Vec<Similar>,
}

#[derive(Debug, Clone)]
pub struct HistoryEntry {
    pub at: DateTime<Utc>,
    pub who: String,
    pub what: String,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct Similar {
    pub id: String,
    pub reference: String,
    pub nominee_name: String,
}

fn unknown(what: &str, value: &str, allowed: &[&str]) -> AppError {
    AppError::BadRequest(format!(
        "There is no {what} {value:?}: use one of {}",
        allowed.join(", ")
    ))
}

/// Builds the database filter for `query` in `cycle`, checking each value.
fn filter_of(query: &ListQuery, cycle: &CycleView) -> Result<NominationFilter, AppError> {
    let category_id = match query.category.trim() {
        "" => None,
        slug => Some(
            cycle
                .categories
                .iter()
                .find(|category| category.slug == slug)
                .map(|category| category.id.to_string())
                .ok_or_else(|| {
                    let slugs: Vec<&str> =
                        cycle.categories.iter().map(|c| c.slug.as_str()).collect();
                    unknown("category", slug, &slugs)
                })?,
        ),
    };
    let status = match query.status.trim() {
        "" => None,
        text => Some(
            NominationStatus::parse(text)
                .ok_or_else(|| {
                    unknown(
                        "status",
                        text,
                        &NominationStatus::ALL.map(NominationStatus::as_str),
                    )
                })?
                .as_str()
                .to_owned(),
        ),
    };
    let consent = match query.consent.trim() {
        "" => None,
        text => Some(
            ConsentStatus::parse(text)
                .ok_or_else(|| {
                    unknown(
                        "consent",
                        text,
                        &ConsentStatus::ALL.map(ConsentStatus::as_str),
                    )
                })?
                .as_str()
                .to_owned(),
        ),
    };
    // Control characters cannot be in what is stored, and PostgreSQL refuses NUL.
    let text: String = query.text.chars().filter(|c| !c.is_control()).collect();
    let text = text.trim().to_lowercase();
    let reference =
        parse_reference(&text).map(|(prefix, number)| format_reference(&prefix, number));
    Ok(NominationFilter {
        cycle_id: cycle.id.to_string(),
        category_id,
        status,
        consent,
        text,
        reference,
    })
}

fn names_of(cycle: &CycleView) -> CategoryNames {
    cycle
        .categories
        .iter()
        .map(|category| {
            (
                category.id.to_string(),
                (category.slug.clone(), category.name.clone()),
            )
        })
        .collect()
}

/// Views of `rows` with their consent and duplicate references.
fn views_of(
    conn: &mut DbConnection,
    rows: Vec<NominationRow>,
    names: &CategoryNames,
) -> anyhow::Result<Vec<NominationView>> {
    let ids: Vec<String> = rows.iter().map(|row| row.id.clone()).collect();
    let consents: HashMap<String, _> = consents::of(conn, &ids)?
        .into_iter()
        .map(|consent| (consent.nomination_id.clone(), consent))
        .collect();
    let originals: Vec<String> = rows
        .iter()
        .filter_map(|row| row.duplicate_of.clone())
        .collect();
    let references: HashMap<String, Option<String>> = nominations::references_of(conn, &originals)?
        .into_iter()
        .collect();
    rows.into_iter()
        .map(|row| {
            let consent = consents.get(&row.id);
            let duplicate_of = row
                .duplicate_of
                .as_ref()
                .and_then(|id| references.get(id).cloned().flatten());
            view_of(row, names, consent, duplicate_of)
        })
        .collect()
}

/// One page of the current cycle's nominations.
pub async fn list(
    db: &Db,
    principal: &Principal,
    query: ListQuery,
    now: DateTime<Utc>,
) -> Result<NominationList, AppError> {
    require_organiser(principal)?;
    let Some(cycle) = cycles::current(db, now).await? else {
        return Ok(NominationList {
            cycle: None,
            items: Vec::new(),
            total: 0,
            page: 1,
            pages: 1,
            counts: Vec::new(),
        });
    };
    let filter = filter_of(&query, &cycle)?;
    let names = names_of(&cycle);
    let category_ids: Vec<String> = names.keys().cloned().collect();
    let cycle_id = cycle.id.to_string();
    let requested = query.page;
    let (total, views, nominees, counts) = db
        .run(move |conn| {
            let total = nominations::count(conn, &filter)?;
            let page = requested.clamp(1, pages_for(total));
            let rows = nominations::search(conn, &filter, (page - 1) * PAGE_SIZE, PAGE_SIZE)?;
            let views = views_of(conn, rows, &names)?;
            let nominees = nominations::nominees_in(conn, &category_ids)?;
            let counts = nominations::counts_by_category(conn, &cycle_id)?;
            Ok((total, views, nominees, counts))
        })
        .await?;
    let pages = pages_for(total);
    let page = requested.clamp(1, pages);
    let counts: HashMap<String, i64> = counts.into_iter().collect();
    let counts = cycle
        .categories
        .iter()
        .map(|category| CategoryCount {
            slug: category.slug.clone(),
            name: category.name.clone(),
            count: counts.get(&category.id.to_string()).copied().unwrap_or(0),
        })
        .collect();
    let look_alikes = LookAlikes::new(&nominees);
    let items = views
        .into_iter()
        .map(|view| {
            let category_id = category_id_of(&cycle, &view.category).unwrap_or_default();
            let looks_like = look_alikes
                .of(&category_id, &view.id.to_string(), &view.nominee.name)
                .filter_map(|other| other.reference.clone())
                .collect();
            ListedNomination {
                nomination: view.into(),
                looks_like,
            }
        })
        .collect();
    Ok(NominationList {
        cycle: Some(cycle),
        items,
        total,
        page,
        pages,
        counts,
    })
}

/// The nominees of a cycle indexed by their names' [`PersonKeys`], so that a
/// page of nominations finds its look-alikes without comparing every pair.
struct LookAlikes<'a> {
    by_key: HashMap<(&'a str, String), Vec<&'a NomineeName>>,
}

impl<'a> LookAlikes<'a> {
    fn new(nominees: &'a [NomineeName]) -> LookAlikes<'a> {
        let mut by_key: HashMap<(&str, String), Vec<&NomineeName>> = HashMap::new();
        for nominee in nominees {
            if let Some(keys) = PersonKeys::of(&nominee.nominee_name) {
                let category = nominee.category_id.as_str();
                by_key
                    .entry((category, keys.joined))
                    .or_default()
                    .push(nominee);
                by_key
                    .entry((category, keys.sorted))
                    .or_default()
                    .push(nominee);
            }
        }
        LookAlikes { by_key }
    }

    /// The other nominations of `category_id` whose nominee seems to be the
    /// same person as `name`, each once, in the order they were given.
    fn of(&self, category_id: &str, id: &str, name: &str) -> impl Iterator<Item = &'a NomineeName> {
        let mut found: Vec<&NomineeName> = PersonKeys::of(name)
            .into_iter()
            .flat_map(|keys| [keys.joined, keys.sorted])
            .filter_map(|key| self.by_key.get(&(category_id, key)))
            .flatten()
            .copied()
            .filter(|other| other.id != id)
            .collect();
        found.sort_by_key(|other| std::ptr::from_ref(*other));
        found.dedup_by_key(|other| std::ptr::from_ref(*other));
        found.into_iter()
    }
}

/// How many pages `total` nominations fill; at least one.
fn pages_for(total: i64) -> i64 {
    ((total + PAGE_SIZE - 1) / PAGE_SIZE).max(1)
}

fn category_id_of(cycle: &CycleView, slug: &str) -> Option<String> {
    cycle
        .categories
        .iter()
        .find(|category| category.slug == slug)
        .map(|category| category.id.to_string())
}

/// One nomination with its answers, history and look-alikes.
pub async fn get(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    now: DateTime<Utc>,
) -> Result<NominationDetail, AppError> {
    let judge =
        (principal.role == crate::domain::role::Role::Judge).then(|| principal.user_id.to_string());
    let found = db
        .run(move |conn| {
            let Some(row) = nominations::find(conn, &id.to_string())? else {
                return Ok(None);
            };
            let standing = match &judge {
                Some(judge) => JudgeStanding {
                    assigned: crate::store::assignments::find_pair(conn, &row.id, judge)?.is_some(),
                    conflicted: crate::store::conflicts::blocks(conn, &row.id, judge)?,
                },
                None => JudgeStanding::default(),
            };
            let cycle_id = row.cycle_id.clone();
            let history = audit::for_subject(conn, "nomination", &row.id)?;
            let others = nominations::nominees_in(conn, std::slice::from_ref(&row.category_id))?;
            Ok(Some((row, cycle_id, history, others, standing)))
        })
        .await?;
    let Some((row, cycle_id, history, others, standing)) = found else {
        // A judge learns nothing, not even whether the id exists.
        require_nomination_reader(principal, JudgeStanding::default(), true)?;
        return Err(AppError::not_found("nomination"));
    };
    let cycle = cycles::get(db, crate::store::parse_id(&cycle_id)?, now).await?;
    let access = require_nomination_reader(principal, standing, cycle.blind_judging)?;
    let names = names_of(&cycle);
    let questions = cycle
        .categories
        .iter()
        .find(|category| category.id.to_string() == row.category_id)
        .map(|category| category.questions.clone())
        .unwrap_or_default();
    let row_category = row.category_id.clone();
    let nomination = db
        .run(move |conn| views_of(conn, vec![row], &names))
        .await?
        .pop()
        .ok_or_else(|| AppError::not_found("nomination"))?;
    let similar = LookAlikes::new(&others)
        .of(
            &row_category,
            &nomination.id.to_string(),
            &nomination.nominee.name,
        )
        .map(|other| Similar {
            id: other.id.clone(),
            reference: other.reference.clone().unwrap_or_default(),
            nominee_name: other.nominee_name.clone(),
        })
        .collect();
    let detail = NominationDetail {
        nomination,
        questions,
        history: history.into_iter().map(history_entry).collect(),
        similar,
    };
    Ok(match access {
        NominationAccess::Full => detail,
        NominationAccess::Judging { blind } => for_judging(detail, blind),
    })
}

/// What a judge sees: no history, no look-alikes, no contact details, and
/// in blind judging nothing of the nominator.
fn for_judging(mut detail: NominationDetail, blind: bool) -> NominationDetail {
    detail.history.clear();
    detail.similar.clear();
    let nominator = &mut detail.nomination.nominator;
    nominator.email.clear();
    nominator.phone.clear();
    if blind {
        nominator.name.clear();
        nominator.job_title.clear();
        nominator.organisation.clear();
    }
    detail.nomination.nominee.email = None;
    detail
}

fn history_entry(row: crate::store::audit::AuditRow) -> HistoryEntry {
    let what = match row.action.as_str() {
        "nomination.draft_saved" => "Draft saved",
        "nomination.submitted" => "Submitted",
        "nomination.changed" => "Changed by the nominator",
        "nomination.withdrawn" => "Withdrawn by the nominator",
        "nomination.marked_ineligible" => "Marked ineligible",
        "nomination.marked_duplicate" => "Marked as a duplicate",
        "nomination.restored" => "Restored to submitted",
        "consent.decided" => "The nominee answered",
        "consent.recorded" => "Consent recorded by staff",
        other => other,
    }
    .to_owned();
    let who = match (row.actor_id.is_some(), row.action.as_str()) {
        (true, _) => row.actor_label,
        (false, "consent.decided") => "The nominee, by their link".to_owned(),
        (false, _) => "The nominator".to_owned(),
    };
    HistoryEntry {
        at: from_db_time(row.at),
        who,
        what,
        detail: row.detail,
    }
}
