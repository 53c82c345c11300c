//! Results over the API: ranked results, decisions, the suggested shortlist.

use actix_web::{HttpResponse, get, post, put, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::cycles::parse_path_id;
use crate::domain::decision::{Decision, parse_rank_by};
use crate::domain::ids::{CycleId, NominationId};
use crate::domain::scoring::RankBy;
use crate::error::{AppError, FieldError};
use crate::services::decisions::{self, DecidedNomination};
use crate::services::results::{self, ResultRow};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

#[derive(Debug, Default, Deserialize, IntoParams, ToSchema)]
pub struct ResultsQuery {
    /// One category (by slug); all when absent.
    pub category: Option<String>,
    /// `normalised` (the default), `mean` or `median`.
    pub rank_by: Option<String>,
}

/// The ranking method named by a query, or a 422.
pub fn rank_by_of(text: Option<&str>) -> Result<RankBy, AppError> {
    parse_rank_by(text.unwrap_or_default()).ok_or_else(|| {
        AppError::validation(vec![FieldError::new(
            "rank_by",
            "Choose normalised, mean or median",
        )])
    })
}

/// Every submitted nomination of the cycle with its reviews' mean, median
/// and normalised score, disagreement flag and rank within its category
/// (organisers). The normalised score is fitted across the whole cycle.
#[utoipa::path(get, path = "/api/v1/cycles/{id}/results", tag = "results", security(("bearer" = [])), params(("id" = String, Path), ResultsQuery),
    responses((status = 200, body = [ResultRow]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/cycles/{id}/results")]
pub async fn list(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
    query: web::Query<ResultsQuery>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let rank_by = rank_by_of(query.rank_by.as_deref())?;
    let results = results::results(
        &state.db,
        &principal,
        cycle,
        query.category.as_deref(),
        rank_by,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(results.rows))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct DecisionInput {
    pub decision: Decision,
}

/// Records the organisers' decision on a nomination: `shortlisted`,
/// `winner`, `not_shortlisted` or `ineligible` (organisers; audit-logged).
#[utoipa::path(put, path = "/api/v1/nominations/{id}/decision", tag = "results", security(("bearer" = [])), params(("id" = String, Path)), request_body = DecisionInput,
    responses((status = 200, body = DecidedNomination), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/nominations/{id}/decision")]
pub async fn decide(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<DecisionInput>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<NominationId>(&id, "nomination")?;
    let decided =
        decisions::decide(&state.db, &principal, id, body.decision, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(decided))
}

/// Applies the suggested decisions to a category (or all): the top
/// `shortlist_size` ranks shortlisted, the rest not; winners and ineligible
/// nominations are kept (organisers).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/decisions/suggested", tag = "results", security(("bearer" = [])), params(("id" = String, Path), ResultsQuery),
    responses((status = 200, description = "{changed: n}"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/cycles/{id}/decisions/suggested")]
pub async fn apply_suggestion(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    query: web::Query<ResultsQuery>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let rank_by = rank_by_of(query.rank_by.as_deref())?;
    let changed = decisions::apply_suggestion(
        &state.db,
        &principal,
        cycle,
        query.category.as_deref(),
        rank_by,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "changed": changed })))
}

/// Publishes the cycle's results: the winners page shows the winners and the
/// shortlist (organisers; 409 before judging has closed).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/publish", tag = "results", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = crate::services::cycles::CycleView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/cycles/{id}/publish")]
pub async fn publish(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let published =
        crate::services::publication::publish(&state.db, &principal, cycle, &ip.0, Utc::now())
            .await?;
    Ok(HttpResponse::Ok().json(published))
}

/// The latest published winners and shortlist, naming only nominees who
/// agreed to be named (anyone; 404 before any results are published).
#[utoipa::path(get, path = "/api/v1/winners", tag = "results",
    responses((status = 200, body = crate::services::publication::Winners), (status = 404, body = ErrorBody)))]
#[get("/winners")]
pub async fn winners(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let winners = crate::services::publication::winners(&state.db, Utc::now())
        .await?
        .ok_or_else(|| AppError::NotFound("No results have been published yet".into()))?;
    Ok(HttpResponse::Ok().json(winners))
}
