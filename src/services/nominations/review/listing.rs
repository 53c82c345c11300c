//! The API's list of nominations: every one at once, or, when a page is
//! asked for, that page alone, read from the database with LIMIT and OFFSET
//! in the same order.

use chrono::{DateTime, Utc};
use diesel::Connection as _;

use super::{ListQuery, filter_of, names_of, views_of};
use crate::domain::paging::Paging;
use crate::error::AppError;
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles;
use crate::services::nominations::NominationSummary;
use crate::store::Db;
use crate::store::nominations;

/// The `page` and `per_page` of a request, as given.
#[derive(Debug, Clone, Default)]
pub struct PageAsked {
    pub page: Option<String>,
    pub per_page: Option<String>,
}

/// What the API lists: the whole list, or one page of it.
#[derive(Debug, Clone)]
pub enum Listing {
    All(Vec<NominationSummary>),
    Page {
        items: Vec<NominationSummary>,
        paging: Paging,
        /// How many match, over every page.
        total: u64,
    },
}

/// The current cycle's nominations matching the filters of `query` (its
/// page is not used), for the API: all of them, or the page `asked`.
pub async fn list_for_api(
    db: &Db,
    principal: &Principal,
    query: ListQuery,
    asked: PageAsked,
    now: DateTime<Utc>,
) -> Result<Listing, AppError> {
    require_organiser(principal)?;
    let paging = Paging::parse(asked.page.as_deref(), asked.per_page.as_deref())
        .map_err(AppError::validation)?;
    let Some(cycle) = cycles::current(db, now).await? else {
        return Ok(listing(Vec::new(), paging, 0));
    };
    let filter = filter_of(&query, &cycle)?;
    let names = names_of(&cycle);
    let (views, total) = db
        .run(move |conn| {
            // One snapshot, so that the total counts the rows listed.
            conn.transaction::<_, anyhow::Error, _>(|conn| {
                let (offset, limit) = paging.map_or((0, i64::MAX), |p| (p.offset(), p.limit()));
                let rows = nominations::search(conn, &filter, offset, limit)?;
                let total = match paging {
                    Some(_) => nominations::count(conn, &filter)?,
                    None => i64::try_from(rows.len())?,
                };
                Ok((views_of(conn, rows, &names)?, u64::try_from(total)?))
            })
        })
        .await?;
    let items = views.into_iter().map(NominationSummary::from).collect();
    Ok(listing(items, paging, total))
}

fn listing(items: Vec<NominationSummary>, paging: Option<Paging>, total: u64) -> Listing {
    match paging {
        None => Listing::All(items),
        Some(paging) => Listing::Page {
            items,
            paging,
            total,
        },
    }
}
