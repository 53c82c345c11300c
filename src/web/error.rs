//! Turning an `AppError` into a response: JSON under `/api/v1` (`ApiError`),
//! an HTML page elsewhere (`PageError`). Unexpected errors are logged with
//! their whole cause chain and shown to the user without internals.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, ContentType};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;
use serde::Serialize;

use crate::error::{AppError, FieldError};

fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::Unauthorized | AppError::InvalidCredentials => StatusCode::UNAUTHORIZED,
        AppError::Forbidden(_) => StatusCode::FORBIDDEN,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        AppError::Conflict(_) => StatusCode::CONFLICT,
        AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::TooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Unavailable(_) | AppError::StorageFull(_) => StatusCode::SERVICE_UNAVAILABLE,
        AppError::Unexpected(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// How long a client is asked to wait before sending the request again.
fn retry_after_secs(error: &AppError) -> Option<u64> {
    match error {
        AppError::TooManyRequests { retry_after_secs } => Some(*retry_after_secs),
        // A restart or fail-over takes seconds.
        AppError::Unavailable(_) => Some(5),
        // Space is freed by an operator, which takes longer.
        AppError::StorageFull(_) => Some(60),
        _ => None,
    }
}

fn log_if_unexpected(error: &AppError) {
    match error {
        AppError::Unexpected(cause) => {
            tracing::error!(error = format!("{cause:#}"), "request failed");
        }
        AppError::Unavailable(cause) => {
            tracing::warn!(
                error = format!("{cause:#}"),
                "the database is not reachable"
            );
        }
        AppError::StorageFull(cause) => {
            tracing::error!(error = format!("{cause:#}"), "the database's disk is full");
        }
        _ => {}
    }
}

/// The JSON body of every API error.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ErrorBody {
    /// A plain-language message.
    pub error: String,
    /// For a validation error (422): what is wrong with each field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub errors: Option<Vec<FieldError>>,
}

/// An error answered as JSON.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct ApiError(#[from] pub AppError);

impl From<anyhow::Error> for ApiError {
    fn from(error: anyhow::Error) -> ApiError {
        ApiError(AppError::from(error))
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        status_of(&self.0)
    }

    fn error_response(&self) -> HttpResponse {
        log_if_unexpected(&self.0);
        let errors = match &self.0 {
            AppError::Validation { errors, .. } => Some(errors.clone()),
            _ => None,
        };
        let mut response = HttpResponse::build(self.status_code());
        if let Some(secs) = retry_after_secs(&self.0) {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        response.json(ErrorBody {
            error: self.0.to_string(),
            errors,
        })
    }
}

/// An error answered as an HTML page.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct PageError(#[from] pub AppError);

impl From<anyhow::Error> for PageError {
    fn from(error: anyhow::Error) -> PageError {
        PageError(AppError::from(error))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
    nav: crate::web::pages::layout::Nav,
}

impl ResponseError for PageError {
    fn status_code(&self) -> StatusCode {
        status_of(&self.0)
    }

    fn error_response(&self) -> HttpResponse {
        log_if_unexpected(&self.0);
        if let AppError::Unauthorized = self.0 {
            return HttpResponse::SeeOther()
                .insert_header((header::LOCATION, "/login"))
                .finish();
        }
        let status = self.status_code();
        let title = match status {
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::UNAUTHORIZED => "Please sign in",
            StatusCode::FORBIDDEN => "You cannot see this page",
            StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
            StatusCode::PAYLOAD_TOO_LARGE => "Too much to send",
            StatusCode::SERVICE_UNAVAILABLE => "The service is not available just now",
            StatusCode::INTERNAL_SERVER_ERROR => "Sorry, there is a problem with the service",
            _ => "There is a problem",
        };
        let page = ErrorPage {
            title,
            message: self.0.to_string(),
            nav: crate::web::pages::layout::Nav::default(),
        };
        let mut response = HttpResponse::build(status);
        if let Some(secs) = retry_after_secs(&self.0) {
            response.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        match page.render() {
            Ok(body) => response.content_type(ContentType::html()).body(body),
            Err(_) => response
                .content_type(ContentType::plaintext())
                .body(page.message),
        }
    }
}
