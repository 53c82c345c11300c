//! The JSON API under `/api/v1`, described by the OpenAPI document.

pub mod auth;
pub mod broadcasts;
pub mod cycles;
pub mod exports;
pub mod judges;
pub mod judging;
pub mod next_year;
pub mod nominations;
pub mod openapi;
pub mod paging;
pub mod results;

use actix_web::error::JsonPayloadError;
use actix_web::{HttpRequest, HttpResponse, web};

use super::ApiError;
use crate::error::AppError;

pub fn routes(config: &mut web::ServiceConfig) {
    config
        .service(auth::create_token)
        .service(auth::revoke_token)
        .service(auth::sign_out_everywhere)
        .service(auth::password_reset)
        .service(cycles::list)
        .service(cycles::get)
        .service(cycles::update)
        .service(nominations::create)
        .service(nominations::list)
        .service(nominations::get)
        .service(nominations::eligibility)
        .service(nominations::record_consent)
        .service(judges::invite)
        .service(judges::list)
        .service(judges::deactivate)
        .service(judging::declare_conflict)
        .service(judging::list_conflicts)
        .service(judging::decide_conflict)
        .service(judging::auto_assign)
        .service(judging::notify)
        .service(judging::list)
        .service(judging::add)
        .service(judging::remove)
        .service(judging::review)
        .service(judging::reopen)
        .service(judging::cycle_progress)
        .service(judging::remind)
        .service(results::list)
        .service(results::decide)
        .service(results::apply_suggestion)
        .service(results::publish)
        .service(results::winners)
        .service(exports::export)
        .service(next_year::clone_cycle)
        .service(next_year::change_category)
        .service(next_year::change_question)
        .service(next_year::change_criterion)
        .service(broadcasts::send)
        .service(broadcasts::list)
        .service(broadcasts::outbox_list)
        .service(broadcasts::retry)
        .service(openapi::document);
}

/// JSON bodies: a size limit, and errors in the API's shape: 413 when too
/// large, 400 when not JSON, 422 when JSON of the wrong shape.
pub fn json_config() -> web::JsonConfig {
    web::JsonConfig::default()
        .limit(super::JSON_LIMIT)
        .error_handler(|error, _request| json_error(error).into())
}

fn json_error(error: JsonPayloadError) -> ApiError {
    let app_error = match &error {
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            AppError::TooLarge {
                limit_kib: super::JSON_LIMIT / 1024,
            }
        }
        JsonPayloadError::ContentType => {
            AppError::BadRequest("Send the body as JSON (Content-Type: application/json)".into())
        }
        JsonPayloadError::Deserialize(inner) if inner.is_data() => AppError::Validation {
            message: "The body does not have the expected shape".into(),
            errors: vec![crate::error::FieldError::new("body", inner.to_string())],
        },
        _ => AppError::BadRequest(format!("The body is not valid JSON: {error}")),
    };
    ApiError(app_error)
}

/// Unknown paths under `/api/v1`.
pub async fn not_found(request: HttpRequest) -> Result<HttpResponse, ApiError> {
    Err(ApiError(AppError::NotFound(format!(
        "There is nothing at {}",
        request.path()
    ))))
}
