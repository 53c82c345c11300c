//! `GET /cycles`, `GET /cycles/{id}`, `PATCH /cycles/{id}`.

use actix_web::{HttpResponse, get, patch, web};
use chrono::Utc;
use uuid::Uuid;

use crate::domain::ids::CycleId;
use crate::services::cycles::{self, CycleChanges, CycleView};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

/// Every cycle with its categories, questions and criteria, newest first.
#[utoipa::path(get, path = "/api/v1/cycles", tag = "cycles",
    responses((status = 200, description = "The cycles", body = [CycleView])))]
#[get("/cycles")]
pub async fn list(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let cycles = cycles::list(&state.db, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(cycles))
}

/// One cycle.
#[utoipa::path(get, path = "/api/v1/cycles/{id}", tag = "cycles",
    params(("id" = String, Path, description = "The cycle's id")),
    responses(
        (status = 200, description = "The cycle", body = CycleView),
        (status = 404, description = "No such cycle", body = ErrorBody),
    ))]
#[get("/cycles/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<CycleId>(&id, "cycle")?;
    let cycle = cycles::get(&state.db, id, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(cycle))
}

/// Changes a cycle's title or dates (RFC 3339); the dates must stay in order.
#[utoipa::path(patch, path = "/api/v1/cycles/{id}", tag = "cycles", security(("bearer" = [])),
    params(("id" = String, Path, description = "The cycle's id")), request_body = CycleChanges,
    responses(
        (status = 200, description = "The changed cycle", body = CycleView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, description = "No such cycle", body = ErrorBody),
        (status = 422, description = "A date that cannot be read, or dates out of order", body = ErrorBody),
    ))]
#[patch("/cycles/{id}")]
pub async fn update(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<CycleChanges>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<CycleId>(&id, "cycle")?;
    let cycle = cycles::update(
        &state.db,
        &principal,
        id,
        body.into_inner(),
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(cycle))
}

/// An id from the path: anything that is not a UUID names nothing (404).
pub fn parse_path_id<T: From<Uuid>>(text: &str, what: &str) -> Result<T, ApiError> {
    Uuid::parse_str(text)
        .map(T::from)
        .map_err(|_| ApiError(crate::error::AppError::not_found(what)))
}
