//! What every page's layout needs: who is signed in (for the navigation and
//! the sign-out button), the CSRF token for its forms, and form errors.

use actix_web::HttpRequest;

use crate::domain::role::Role;
use crate::error::FieldError;
use crate::services::authz::Principal;
use crate::web::csrf;

#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub user: Option<NavUser>,
    pub csrf: String,
}

#[derive(Debug, Clone)]
pub struct NavUser {
    pub name: String,
    pub is_organiser: bool,
}

impl Nav {
    pub fn new(request: &HttpRequest, principal: Option<&Principal>) -> Nav {
        Nav {
            user: principal.map(|principal| NavUser {
                name: principal.name.clone(),
                is_organiser: principal.role == Role::Organiser,
            }),
            csrf: csrf::token_for(request),
        }
    }
}

/// The errors of a submitted form, shown in the summary and beside each field.
#[derive(Debug, Clone, Default)]
pub struct FormErrors(pub Vec<FieldError>);

impl FormErrors {
    /// The message for `field`, if it has one.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|error| error.field == field)
            .map(|error| error.message.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn iter(&self) -> std::slice::Iter<'_, FieldError> {
        self.0.iter()
    }
}

impl From<Vec<FieldError>> for FormErrors {
    fn from(errors: Vec<FieldError>) -> FormErrors {
        FormErrors(errors)
    }
}
