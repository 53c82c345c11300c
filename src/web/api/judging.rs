//! Judging over the API: conflicts, assignments (automatic and by hand),
//! reviews, progress and reminders.

use actix_web::{HttpResponse, delete, get, post, put, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::cycles::parse_path_id;
use crate::domain::ids::{AssignmentId, ConflictId, CycleId, NominationId, UserId};
use crate::domain::review::ReviewInput;
use crate::services::assignments::{self, AssignmentView, AutoOptions, AutoOutcome};
use crate::services::conflicts::{self, ConflictInput, ConflictView};
use crate::services::progress::{self, Progress};
use crate::services::reviews::{self, ReviewView};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

/// Records a conflict of interest: a judge for themself, an organiser for any
/// judge. The pair can no longer be assigned, and an assignment of it is withdrawn.
#[utoipa::path(post, path = "/api/v1/conflicts", tag = "judging", security(("bearer" = [])), request_body = ConflictInput,
    responses((status = 201, description = "Recorded"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/conflicts")]
pub async fn declare_conflict(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    body: web::Json<ConflictInput>,
) -> Result<HttpResponse, ApiError> {
    let id =
        conflicts::declare(&state.db, &principal, body.into_inner(), &ip.0, Utc::now()).await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": id })))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct CycleQuery {
    /// The cycle (by id).
    cycle: String,
}

/// A cycle's conflicts, proposed ones first (organisers).
#[utoipa::path(get, path = "/api/v1/conflicts", tag = "judging", security(("bearer" = [])), params(CycleQuery),
    responses((status = 200, body = [ConflictView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/conflicts")]
pub async fn list_conflicts(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    query: web::Query<CycleQuery>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&query.cycle, "cycle")?;
    Ok(HttpResponse::Ok().json(conflicts::list(&state.db, &principal, cycle).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct Decision {
    /// true to confirm, false to dismiss.
    pub confirm: bool,
}

/// Confirms or dismisses a proposed conflict (organisers).
#[utoipa::path(put, path = "/api/v1/conflicts/{id}", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)), request_body = Decision,
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[put("/conflicts/{id}")]
pub async fn decide_conflict(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<Decision>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<ConflictId>(&id, "conflict")?;
    conflicts::decide(&state.db, &principal, id, body.confirm, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Assigns judges to every submitted nomination of the cycle by a min-cost
/// flow: each nomination gets its judges, never a conflicted one, panel judges
/// first, loads as even as conflicts allow. `preview: true` saves nothing.
#[utoipa::path(post, path = "/api/v1/cycles/{id}/assignments/auto", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)), request_body = AutoOptions,
    responses((status = 200, body = AutoOutcome), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/cycles/{id}/assignments/auto")]
pub async fn auto_assign(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: Option<web::Json<AutoOptions>>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let options = body.map(web::Json::into_inner).unwrap_or_default();
    let outcome = assignments::auto(
        &state.db,
        &principal,
        cycle,
        options,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// Emails each judge one digest of the assignments made since their last (organisers).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/assignments/notify", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, description = "{judges: n}"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/cycles/{id}/assignments/notify")]
pub async fn notify(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let judges = assignments::notify(
        &state.db,
        &principal,
        cycle,
        &state.settings.public_url,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "judges": judges })))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct AssignmentQuery {
    judge: Option<String>,
    nomination: Option<String>,
}

/// Assignments: organisers see all (filtered by judge or nomination), judges their own.
#[utoipa::path(get, path = "/api/v1/assignments", tag = "judging", security(("bearer" = [])), params(AssignmentQuery),
    responses((status = 200, body = [AssignmentView]), (status = 401, body = ErrorBody)))]
#[get("/assignments")]
pub async fn list(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    query: web::Query<AssignmentQuery>,
) -> Result<HttpResponse, ApiError> {
    let judge = query
        .judge
        .as_deref()
        .map(|id| parse_path_id::<UserId>(id, "judge"))
        .transpose()?;
    let nomination = query
        .nomination
        .as_deref()
        .map(|id| parse_path_id::<NominationId>(id, "nomination"))
        .transpose()?;
    Ok(HttpResponse::Ok().json(assignments::list(&state.db, &principal, judge, nomination).await?))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct NewAssignment {
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: NominationId,
    #[schema(value_type = String, format = Uuid)]
    pub judge_id: UserId,
}

/// Assigns a judge to a nomination by hand (organisers).
#[utoipa::path(post, path = "/api/v1/assignments", tag = "judging", security(("bearer" = [])), request_body = NewAssignment,
    responses((status = 201), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/assignments")]
pub async fn add(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    body: web::Json<NewAssignment>,
) -> Result<HttpResponse, ApiError> {
    let id = assignments::add(
        &state.db,
        &principal,
        body.nomination_id,
        body.judge_id,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(serde_json::json!({ "id": id })))
}

/// Removes an assignment with no submitted review (organisers).
#[utoipa::path(delete, path = "/api/v1/assignments/{id}", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[delete("/assignments/{id}")]
pub async fn remove(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<AssignmentId>(&id, "assignment")?;
    assignments::remove(&state.db, &principal, id, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Saves the judge's review: `{scores: {<criterion key>: <number>}, comment, submit}`
/// or `{abstain: true, reason}`. Only the judge it is assigned to may.
#[utoipa::path(put, path = "/api/v1/assignments/{id}/review", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)),
    request_body(content = serde_json::Value, description = "scores, comment, submit; or abstain and reason"),
    responses(
        (status = 200, body = ReviewView),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, description = "Already submitted, or judging has closed", body = ErrorBody),
        (status = 422, description = "A score off its scale, or a submit with a criterion missing", body = ErrorBody),
    ))]
#[put("/assignments/{id}/review")]
pub async fn review(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<ReviewInput>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<AssignmentId>(&id, "assignment")?;
    Ok(HttpResponse::Ok().json(
        reviews::save(
            &state.db,
            &principal,
            id,
            body.into_inner(),
            &ip.0,
            Utc::now(),
        )
        .await?,
    ))
}

/// Reopens a submitted review for its judge (organisers).
#[utoipa::path(post, path = "/api/v1/assignments/{id}/reopen", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = ReviewView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/assignments/{id}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<AssignmentId>(&id, "assignment")?;
    Ok(HttpResponse::Ok()
        .json(reviews::reopen(&state.db, &principal, id, &ip.0, Utc::now()).await?))
}

/// Pending, draft and submitted reviews per judge and per category (organisers).
#[utoipa::path(get, path = "/api/v1/cycles/{id}/progress", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, body = Progress), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/cycles/{id}/progress")]
pub async fn cycle_progress(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    Ok(
        HttpResponse::Ok()
            .json(progress::progress(&state.db, &principal, cycle, Utc::now()).await?),
    )
}

/// Emails one reminder to each judge with reviews outstanding (organisers).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/reminders", tag = "judging", security(("bearer" = [])), params(("id" = String, Path)),
    responses((status = 200, description = "{queued: n}"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[post("/cycles/{id}/reminders")]
pub async fn remind(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let queued = progress::remind(
        &state.db,
        &principal,
        cycle,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(serde_json::json!({ "queued": queued })))
}
