//! The errors a use case can end in, each with a plain-language message.
//! The web layer maps them to HTTP statuses and pages or JSON.

use serde::Serialize;

use crate::store::faults::{Outage, outage_in};

/// A problem with one field of the input, for an error summary or `errors[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    /// The dotted path of the field, e.g. `nominee.email`.
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }

    /// The id of the field's input on a page: the path with dots as dashes.
    pub fn anchor(&self) -> String {
        self.field.replace('.', "-")
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("{0}")]
    BadRequest(String),
    #[error("Sign in to continue")]
    Unauthorized,
    /// One answer for an unknown email and a wrong password, so that nobody
    /// can learn which addresses have accounts.
    #[error("The email address or password is not right")]
    InvalidCredentials,
    #[error("{0}")]
    Forbidden(String),
    #[error("{0}")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("{message}")]
    Validation {
        message: String,
        errors: Vec<FieldError>,
    },
    #[error("What was sent is too large: the limit is {limit_kib} KB")]
    TooLarge { limit_kib: usize },
    #[error("Too many attempts: wait a little and try again")]
    TooManyRequests { retry_after_secs: u64 },
    /// The database is away (restarting, failing over, unreachable): nothing
    /// is wrong with the request, and it may be sent again shortly.
    #[error("The service cannot reach its database just now. Please try again in a few seconds.")]
    Unavailable(anyhow::Error),
    /// The disk holding the database is full: nothing more can be saved
    /// until space is freed.
    #[error(
        "The service has run out of storage space, so it cannot save anything just now. Please try again later."
    )]
    StorageFull(anyhow::Error),
    #[error("Something went wrong on our side. Please try again later.")]
    Unexpected(anyhow::Error),
}

impl AppError {
    pub fn not_found(what: &str) -> AppError {
        AppError::NotFound(format!("There is no such {what}"))
    }

    pub fn validation(errors: Vec<FieldError>) -> AppError {
        AppError::Validation {
            message: "Some answers need correcting".into(),
            errors,
        }
    }
}

/// An error from below the use cases: an outage if that is what its causes
/// say, otherwise unexpected (a bug).
impl From<anyhow::Error> for AppError {
    fn from(error: anyhow::Error) -> AppError {
        match outage_in(&error) {
            Some(Outage::Unreachable) => AppError::Unavailable(error),
            Some(Outage::StorageFull) => AppError::StorageFull(error),
            None => AppError::Unexpected(error),
        }
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(error: diesel::result::Error) -> AppError {
        AppError::from(anyhow::Error::from(error))
    }
}
