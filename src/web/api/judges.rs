//! `POST /judges`, `GET /judges`, `POST /users/{id}/deactivate`.

use actix_web::{HttpResponse, get, post, web};
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;

use super::cycles::parse_path_id;
use crate::domain::ids::UserId;
use crate::services::judges::{self, JudgeInvitation, JudgeView};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

#[derive(Debug, Serialize, ToSchema)]
pub struct Created {
    #[schema(value_type = String, format = Uuid)]
    pub id: UserId,
}

/// Invites a judge by email (201 for a new judge; 200 when an existing judge
/// is invited again, which replaces their link and updates their details).
#[utoipa::path(post, path = "/api/v1/judges", tag = "judges", security(("bearer" = [])), request_body = JudgeInvitation,
    responses(
        (status = 201, description = "Invited", body = Created),
        (status = 200, description = "Invited again", body = Created),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, description = "The email belongs to an organiser", body = ErrorBody),
        (status = 422, body = ErrorBody),
    ))]
#[post("/judges")]
pub async fn invite(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    body: web::Json<JudgeInvitation>,
) -> Result<HttpResponse, ApiError> {
    let (id, created) = judges::invite(
        &state.db,
        &principal,
        body.into_inner(),
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    let mut response = if created {
        HttpResponse::Created()
    } else {
        HttpResponse::Ok()
    };
    Ok(response.json(Created { id }))
}

/// Every judge with their panel.
#[utoipa::path(get, path = "/api/v1/judges", tag = "judges", security(("bearer" = [])),
    responses((status = 200, body = [JudgeView]), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
#[get("/judges")]
pub async fn list(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
) -> Result<HttpResponse, ApiError> {
    Ok(HttpResponse::Ok().json(judges::list(&state.db, &principal).await?))
}

/// Deactivates an account: it cannot sign in, and its sessions and tokens end.
#[utoipa::path(post, path = "/api/v1/users/{id}/deactivate", tag = "judges", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 204), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
#[post("/users/{id}/deactivate")]
pub async fn deactivate(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let user_id = parse_path_id::<UserId>(&id, "account")?;
    judges::deactivate(&state.db, &principal, user_id, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}
