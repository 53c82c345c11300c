//! `POST /auth/token`, `DELETE /auth/token`, `POST /auth/password-reset`.

use actix_web::{HttpResponse, delete, post, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::role::Role;
use crate::services::{links, sessions};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

#[derive(Debug, Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub role: Role,
    pub expires_at: DateTime<Utc>,
}

/// Signs in and returns a bearer token. An unknown email and a wrong password
/// get the same 401; repeated failures meet 429 with Retry-After.
#[utoipa::path(post, path = "/api/v1/auth/token", tag = "auth", request_body = TokenRequest,
    responses(
        (status = 200, description = "A new token", body = TokenResponse),
        (status = 401, description = "Wrong email or password", body = ErrorBody),
        (status = 429, description = "Too many failed attempts", body = ErrorBody),
    ))]
#[post("/auth/token")]
pub async fn create_token(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<TokenRequest>,
) -> Result<HttpResponse, ApiError> {
    let session = sessions::login(
        &state.db,
        &body.email,
        &body.password,
        sessions::SessionKind::Api,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(TokenResponse {
        token: session.secret,
        role: session.principal.role,
        expires_at: session.expires_at,
    }))
}

/// Revokes the token used to call it.
#[utoipa::path(delete, path = "/api/v1/auth/token", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "Revoked"), (status = 401, description = "No valid token", body = ErrorBody)))]
#[delete("/auth/token")]
pub async fn revoke_token(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    sessions::logout(&state.db, &principal, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Revokes every token and browser session of the caller's account.
#[utoipa::path(post, path = "/api/v1/auth/sign-out-everywhere", tag = "auth", security(("bearer" = [])),
    responses((status = 204, description = "All sessions ended"), (status = 401, description = "No valid token", body = ErrorBody)))]
#[post("/auth/sign-out-everywhere")]
pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
) -> Result<HttpResponse, ApiError> {
    sessions::sign_out_everywhere(&state.db, &principal, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ResetRequest {
    pub email: String,
}

/// Emails a password reset link if the address has an account; the answer
/// is the same either way.
#[utoipa::path(post, path = "/api/v1/auth/password-reset", tag = "auth", request_body = ResetRequest,
    responses((status = 202, description = "If the account exists, a link was emailed"), (status = 422, description = "Not an email address", body = ErrorBody)))]
#[post("/auth/password-reset")]
pub async fn password_reset(
    state: web::Data<AppState>,
    ip: ClientIp,
    body: web::Json<ResetRequest>,
) -> Result<HttpResponse, ApiError> {
    links::request_password_reset(
        &state.db,
        &body.email,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Accepted().json(serde_json::json!({
        "message": "If this address has an account, a link to choose a new password is on its way."
    })))
}
