//! Broadcasts and the outbox over the API.

use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::cycles::parse_path_id;
use crate::domain::ids::CycleId;
use crate::services::broadcasts::{self, BroadcastInput, BroadcastOutcome, BroadcastView};
use crate::services::outbox::{self, OutboxView};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

/// Emails an audience: `nominators`, `shortlisted`, `not_shortlisted`,
/// `winners` (each the nominator of the nomination) or `judges`. The fields
/// `{{nominee_name}}`, `{{nominator_name}}`, `{{category}}`, `{{reference}}`
/// and `{{judge_name}}` are merged by plain replacement. With `preview: true`
/// answers the first rendered message and the count; else `{queued: n}`.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/broadcasts", tag = "broadcasts", security(("bearer" = [])), params(("id" = String, Path)), request_body = BroadcastInput,
    responses((status = 200, body = BroadcastOutcome), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/cycles/{id}/broadcasts")]
pub async fn send(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<BroadcastInput>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let outcome = broadcasts::send(
        &state.db,
        &principal,
        cycle,
        body.into_inner(),
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// A cycle's broadcasts with how many of their messages are pending, sent
/// and failed (organisers).
#[utoipa::path(get, path = "/api/v1/cycles/{id}/broadcasts", tag = "broadcasts", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = [BroadcastView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/cycles/{id}/broadcasts")]
pub async fn list(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    Ok(HttpResponse::Ok().json(broadcasts::list(&state.db, &principal, cycle).await?))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct OutboxQuery {
    /// pending, sending, sent or failed.
    status: Option<String>,
    /// Only the messages of this broadcast.
    broadcast: Option<String>,
}

/// The outbox, newest first (organisers).
#[utoipa::path(get, path = "/api/v1/outbox", tag = "broadcasts", security(("bearer" = [])), params(OutboxQuery),
    responses((status = 200, body = [OutboxView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[get("/outbox")]
pub async fn outbox_list(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    query: web::Query<OutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let query = query.into_inner();
    Ok(HttpResponse::Ok()
        .json(outbox::list(&state.db, &principal, query.status, query.broadcast).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
pub struct RetryInput {
    /// Only this broadcast's failed messages; all when absent.
    pub broadcast_id: Option<String>,
}

/// Sends failed messages again (organisers).
#[utoipa::path(post, path = "/api/v1/outbox/retry", tag = "broadcasts", security(("bearer" = [])), request_body = RetryInput,
    responses((status = 200, description = "{retried: n}"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[post("/outbox/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    body: Option<web::Json<RetryInput>>,
) -> Result<HttpResponse, ApiError> {
    let input = body.map(web::Json::into_inner).unwrap_or_default();
    let retried =
        outbox::retry_failed(&state.db, &principal, input.broadcast_id, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "retried": retried })))
}
