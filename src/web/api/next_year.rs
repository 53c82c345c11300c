//! Next year over the API: cloning a cycle, and changing a category, its
//! questions and its criteria.

use actix_web::{HttpResponse, patch, post, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;

use super::cycles::parse_path_id;
use crate::domain::ids::CycleId;
use crate::services::cycles::{CategoryView, CycleView};
use crate::services::next_year::{self, Change, CloneInput};
use crate::store::next_year::{CategoryChange, CriterionChange, QuestionChange};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

/// Copies the cycle's categories, questions, criteria and settings into a
/// new cycle with the given title, slug, reference prefix and dates; no
/// nominations are copied (organisers).
#[utoipa::path(post, path = "/api/v1/cycles/{id}/clone", tag = "cycles", security(("bearer" = [])), params(("id" = String, Path)), request_body = CloneInput,
    responses((status = 201, body = CycleView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[post("/cycles/{id}/clone")]
pub async fn clone_cycle(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<CloneInput>,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let cloned = next_year::clone_cycle(
        &state.db,
        &principal,
        cycle,
        body.into_inner(),
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Created().json(cloned))
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CategoryPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub eligibility: Option<String>,
    pub judges_per_nomination: Option<i32>,
    pub shortlist_size: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct QuestionPatch {
    pub label: Option<String>,
    pub help: Option<String>,
    pub required: Option<bool>,
    /// 0 removes the word limit.
    pub max_words: Option<i32>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CriterionPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    pub weight: Option<i32>,
    pub scale_max: Option<i32>,
}

async fn apply(
    state: &AppState,
    principal: &crate::services::authz::Principal,
    ip: &str,
    id: &str,
    slug: &str,
    change: Change,
) -> Result<HttpResponse, ApiError> {
    let cycle = parse_path_id::<CycleId>(id, "cycle")?;
    let category =
        next_year::change_category(&state.db, principal, cycle, slug, change, ip, Utc::now())
            .await?;
    Ok(HttpResponse::Ok().json(category))
}

/// Changes a category's name, description, eligibility, judges per
/// nomination or shortlist size (organisers).
#[utoipa::path(patch, path = "/api/v1/cycles/{id}/categories/{slug}", tag = "cycles", security(("bearer" = [])), params(("id" = String, Path), ("slug" = String, Path)), request_body = CategoryPatch,
    responses((status = 200, body = CategoryView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/cycles/{id}/categories/{slug}")]
pub async fn change_category(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    path: web::Path<(String, String)>,
    body: web::Json<CategoryPatch>,
) -> Result<HttpResponse, ApiError> {
    let (id, slug) = path.into_inner();
    let body = body.into_inner();
    let change = Change::Category(CategoryChange {
        name: body.name,
        description: body.description,
        eligibility: body.eligibility,
        judges_per_nomination: body.judges_per_nomination,
        shortlist_size: body.shortlist_size,
    });
    apply(&state, &principal, &ip.0, &id, &slug, change).await
}

/// Changes one question of a category's nomination form (organisers).
#[utoipa::path(patch, path = "/api/v1/cycles/{id}/categories/{slug}/questions/{key}", tag = "cycles", security(("bearer" = [])), params(("id" = String, Path), ("slug" = String, Path), ("key" = String, Path)), request_body = QuestionPatch,
    responses((status = 200, body = CategoryView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/cycles/{id}/categories/{slug}/questions/{key}")]
pub async fn change_question(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    path: web::Path<(String, String, String)>,
    body: web::Json<QuestionPatch>,
) -> Result<HttpResponse, ApiError> {
    let (id, slug, key) = path.into_inner();
    let body = body.into_inner();
    let change = Change::Question(
        key,
        QuestionChange {
            label: body.label,
            help: body.help,
            required: body.required,
            max_words: body.max_words.map(|w| (w != 0).then_some(w)),
        },
    );
    apply(&state, &principal, &ip.0, &id, &slug, change).await
}

/// Changes one scoring criterion of a category (organisers).
#[utoipa::path(patch, path = "/api/v1/cycles/{id}/categories/{slug}/criteria/{key}", tag = "cycles", security(("bearer" = [])), params(("id" = String, Path), ("slug" = String, Path), ("key" = String, Path)), request_body = CriterionPatch,
    responses((status = 200, body = CategoryView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[patch("/cycles/{id}/categories/{slug}/criteria/{key}")]
pub async fn change_criterion(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    path: web::Path<(String, String, String)>,
    body: web::Json<CriterionPatch>,
) -> Result<HttpResponse, ApiError> {
    let (id, slug, key) = path.into_inner();
    let body = body.into_inner();
    let change = Change::Criterion(
        key,
        CriterionChange {
            name: body.name,
            description: body.description,
            weight: body.weight,
            scale_max: body.scale_max,
        },
    );
    apply(&state, &principal, &ip.0, &id, &slug, change).await
}
