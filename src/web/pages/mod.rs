//! The HTML pages, by area.

pub mod home;

use actix_web::error::UrlencodedError;
use actix_web::{HttpRequest, HttpResponse, web};

use super::PageError;
use crate::error::AppError;

pub fn routes(config: &mut web::ServiceConfig) {
    config.service(home::home);
}

/// Form bodies: a size limit, and a clear page when it is passed.
pub fn form_config() -> web::FormConfig {
    web::FormConfig::default()
        .limit(super::FORM_LIMIT)
        .error_handler(|error, _request| {
            let app_error = match error {
                UrlencodedError::Overflow { .. } => AppError::TooLarge {
                    limit_kib: super::FORM_LIMIT / 1024,
                },
                other => AppError::BadRequest(format!("The form could not be read: {other}")),
            };
            PageError(app_error).into()
        })
}

/// Unknown pages.
pub async fn not_found(_request: HttpRequest) -> Result<HttpResponse, PageError> {
    Err(PageError(AppError::NotFound(
        "If you typed the web address, check it is correct. If you pasted it, check you copied all of it.".into(),
    )))
}
