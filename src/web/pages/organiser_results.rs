//! The organisers' results page: a sortable table per category with the
//! chosen ranking beside the other scores, flags, decisions by hand or as
//! suggested, the judges' score chart, and links to the exports.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::chart::{self, Chart};
use super::layout::Nav;
use super::render;
use super::sign_in::see_other;
use crate::domain::decision::{self, Decision, parse_rank_by, rank_by_str};
use crate::domain::ids::NominationId;
use crate::domain::scoring::RankBy;
use crate::error::AppError;
use crate::services::authz::require_organiser;
use crate::services::cycles::{self, CycleView};
use crate::services::decisions;
use crate::services::results::{self, JudgeScores, ResultRow};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

/// The columns the table can be sorted by.
const SORTS: [(&str, &str); 8] = [
    ("rank", "Rank"),
    ("reference", "Reference"),
    ("nominee", "Nominee"),
    ("reviews", "Reviews"),
    ("normalised", "Normalised"),
    ("mean", "Mean"),
    ("median", "Median"),
    ("spread", "Spread"),
];

pub(super) async fn current_cycle(state: &AppState) -> Result<CycleView, PageError> {
    cycles::current(&state.db, Utc::now())
        .await?
        .ok_or_else(|| PageError(AppError::not_found("cycle")))
}

#[derive(Debug, Default, Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    category: String,
    #[serde(default)]
    rank_by: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    dir: String,
    done: Option<String>,
}

/// A column heading: its label, the link that sorts by it, and aria-sort.
struct Heading {
    key: &'static str,
    label: &'static str,
    href: String,
    aria_sort: &'static str,
}

#[derive(Template)]
#[template(path = "organiser/results.html")]
struct ResultsPage {
    nav: Nav,
    cycle: CycleView,
    category: String,
    category_name: String,
    rank_by: &'static str,
    headings: Vec<Heading>,
    rows: Vec<ResultRow>,
    chart: Chart,
    judges: Vec<JudgeScores>,
    decisions: Vec<Decision>,
    outcome: Option<String>,
    query: String,
}

impl ResultsPage {
    fn score(&self, value: &Option<f64>) -> String {
        value.map_or_else(|| "–".into(), |v| format!("{v:.2}"))
    }

    /// The option a row's form starts on: its decision, else the suggestion.
    fn is_decided(&self, row: &ResultRow, decision: &Decision) -> bool {
        row.decision.or(row.suggested) == Some(*decision)
    }

    fn decision_label(&self, decision: &Option<Decision>) -> &'static str {
        decision.map_or("Not decided", Decision::label)
    }

    /// How many groups of linked judges the shown rows were scored in.
    fn group_count(&self) -> u32 {
        self.rows.iter().filter_map(|r| r.group).max().unwrap_or(0)
    }

    fn category_link(&self, slug: &str) -> String {
        format!(
            "/organiser/results?category={slug}&rank_by={}",
            self.rank_by
        )
    }
}

fn sort_rows(rows: &mut [ResultRow], sort: &str, descending: bool) {
    let number = |v: Option<f64>| v.unwrap_or(f64::NEG_INFINITY);
    rows.sort_by(|a, b| {
        let order = match sort {
            "reference" => a.reference.cmp(&b.reference),
            "nominee" => a
                .nominee_name
                .to_lowercase()
                .cmp(&b.nominee_name.to_lowercase()),
            "reviews" => a.reviews.cmp(&b.reviews),
            "normalised" => number(a.normalised).total_cmp(&number(b.normalised)),
            "mean" => number(a.mean).total_cmp(&number(b.mean)),
            "median" => number(a.median).total_cmp(&number(b.median)),
            "spread" => number(a.spread).total_cmp(&number(b.spread)),
            _ => a.rank.unwrap_or(u32::MAX).cmp(&b.rank.unwrap_or(u32::MAX)),
        };
        if descending { order.reverse() } else { order }
    });
}

fn headings(category: &str, rank_by: &str, sort: &str, descending: bool) -> Vec<Heading> {
    SORTS
        .iter()
        .map(|&(key, label)| {
            let active = key == sort;
            // Scores read best first; names and rank read from the top.
            let natural_desc = !matches!(key, "rank" | "reference" | "nominee");
            let next_desc = if active { !descending } else { natural_desc };
            Heading {
                key,
                label,
                href: format!(
                    "/organiser/results?category={category}&rank_by={rank_by}&sort={key}&dir={}",
                    if next_desc { "desc" } else { "asc" }
                ),
                aria_sort: match (active, descending) {
                    (false, _) => "none",
                    (true, true) => "descending",
                    (true, false) => "ascending",
                },
            }
        })
        .collect()
}

#[get("/organiser/results")]
pub async fn results_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<ResultsQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let query = query.into_inner();
    let cycle = current_cycle(&state).await?;
    let rank_by = parse_rank_by(&query.rank_by).unwrap_or(RankBy::Normalised);
    let slug = if query.category.is_empty() {
        cycle
            .categories
            .first()
            .map(|c| c.slug.clone())
            .unwrap_or_default()
    } else {
        query.category.clone()
    };
    let found = results::results(
        &state.db,
        &principal,
        cycle.id,
        Some(&slug),
        rank_by,
        Utc::now(),
    )
    .await?;
    let mut rows = found.rows;
    let sort = if SORTS.iter().any(|(key, _)| *key == query.sort) {
        query.sort.as_str()
    } else {
        "rank"
    };
    let descending = query.dir == "desc";
    sort_rows(&mut rows, sort, descending);
    let rank_by = rank_by_str(rank_by);
    let page = ResultsPage {
        nav: Nav::new(&request, Some(&principal)),
        category_name: found.category.map(|c| c.name).unwrap_or_default(),
        headings: headings(&slug, rank_by, sort, descending),
        query: format!(
            "category={slug}&rank_by={rank_by}&sort={sort}&dir={}",
            if descending { "desc" } else { "asc" }
        ),
        category: slug,
        rank_by,
        rows,
        chart: chart::layout(&found.judges),
        judges: found.judges,
        decisions: Decision::ALL.to_vec(),
        outcome: query.done,
        cycle,
    };
    render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    nomination_id: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    back: String,
}

/// Where to go back to: only our own results page.
fn back_to(back: &str, done: &str) -> String {
    let query = if back.contains(['\r', '\n', '#']) {
        ""
    } else {
        back
    };
    let done = url::form_urlencoded::byte_serialize(done.as_bytes()).collect::<String>();
    format!("/organiser/results?{query}&done={done}")
}

#[post("/organiser/results/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<DecisionForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let id = uuid::Uuid::parse_str(form.nomination_id.trim())
        .map(NominationId)
        .map_err(|_| PageError(AppError::not_found("nomination")))?;
    let decision = Decision::parse(&form.decision).ok_or_else(|| {
        PageError(AppError::BadRequest(
            "Choose a decision from the list".into(),
        ))
    })?;
    let decided = decisions::decide(&state.db, &principal, id, decision, &ip.0, Utc::now()).await?;
    let done = format!("{}: {}", decided.reference, decision.label());
    Ok(see_other(&back_to(&form.back, &done)))
}

#[derive(Deserialize)]
pub struct SuggestForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    rank_by: String,
    #[serde(default)]
    back: String,
}

#[post("/organiser/results/suggest")]
pub async fn apply_suggestion(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<SuggestForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let rank_by = decision::parse_rank_by(&form.rank_by).unwrap_or(RankBy::Normalised);
    let category = Some(form.category.as_str()).filter(|c| !c.is_empty());
    let changed = decisions::apply_suggestion(
        &state.db,
        &principal,
        cycle.id,
        category,
        rank_by,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(see_other(&back_to(
        &form.back,
        &format!("{changed} decisions set from the suggestion"),
    )))
}

#[derive(Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    category: String,
}

/// The same downloads as the API, for a signed-in organiser.
#[get("/organiser/results/export/{file}")]
pub async fn export(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    file: web::Path<String>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let kind = crate::web::api::exports::kind_of(&file)?;
    let category = Some(query.category.as_str()).filter(|c| !c.is_empty());
    let file = crate::services::exports::export(
        &state.db,
        &principal,
        cycle.id,
        kind,
        category,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(crate::web::api::exports::download(file))
}
