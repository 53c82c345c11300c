//! What every page's layout needs: who is signed in (for the navigation and
//! the sign-out button), the CSRF token for its forms, the time zone its
//! dates are shown in, the awards team's contact details for the footer, and
//! form errors.

use actix_web::{HttpRequest, web};
use chrono::{DateTime, Utc};

use crate::domain::role::Role;
use crate::domain::when::Zone;
use crate::error::FieldError;
use crate::services::authz::Principal;
use crate::services::cycles::CycleView;
use crate::web::{AppState, csrf};

#[derive(Debug, Clone, Default)]
pub struct Nav {
    pub user: Option<NavUser>,
    pub csrf: String,
    pub zone: Zone,
    /// The awards team's contact details, if an organiser has set them.
    pub contact: Option<Contact>,
    /// The path of the page, to mark the current section.
    pub path: String,
}

/// The organisers' sections, in the order the navigation lists them.
pub const SECTIONS: [(&str, &str); 10] = [
    ("/organiser", "Dashboard"),
    ("/organiser/settings", "Year settings"),
    ("/organiser/categories", "Categories"),
    ("/organiser/nominations", "Nominations"),
    ("/organiser/judges", "Judges"),
    ("/organiser/assignments", "Assignments"),
    ("/organiser/conflicts", "Conflicts"),
    ("/organiser/progress", "Progress"),
    ("/organiser/results", "Results"),
    ("/organiser/broadcasts", "Emails"),
];

/// The awards team's email and phone (either may be empty), for the footer.
#[derive(Debug, Clone)]
pub struct Contact {
    pub email: String,
    pub phone: String,
    /// The phone number as a `tel:` link wants it: digits and a leading `+`.
    pub tel: String,
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
            zone: request
                .app_data::<web::Data<AppState>>()
                .map(|state| state.settings.time_zone)
                .unwrap_or_default(),
            contact: contact(request),
            path: request.path().to_owned(),
        }
    }

    /// Whether this is an organiser's page, which shows the section navigation.
    pub fn in_organiser_area(&self) -> bool {
        self.user.as_ref().is_some_and(|user| user.is_organiser)
            && (self.path == "/organiser" || self.path.starts_with("/organiser/"))
    }

    /// The sections, each with whether it holds this page.
    pub fn sections(&self) -> Vec<(&'static str, &'static str, bool)> {
        SECTIONS
            .iter()
            .map(|&(href, name)| {
                let here = if href == "/organiser" {
                    self.path == href || self.path.starts_with("/organiser/phase")
                } else {
                    self.path == href || self.path.starts_with(&format!("{href}/"))
                };
                (href, name, here)
            })
            .collect()
    }

    /// A moment in the organisation's time zone, in words.
    pub fn moment(&self, at: &DateTime<Utc>) -> String {
        self.zone.moment(*at)
    }

    /// The end of a period ("until" this), in words.
    pub fn deadline(&self, at: &DateTime<Utc>) -> String {
        self.zone.deadline(*at)
    }

    /// The day only, in words.
    pub fn day(&self, at: &DateTime<Utc>) -> String {
        self.zone.day(*at)
    }
}

/// The newest contact details an organiser has set, from the programme the
/// public pages keep in memory (nothing is read from the database here).
fn contact(request: &HttpRequest) -> Option<Contact> {
    let state = request.app_data::<web::Data<AppState>>()?;
    let cycles = state.db.programme().get::<Vec<CycleView>>()?;
    cycles
        .iter()
        .find(|cycle| !(cycle.contact_email.is_empty() && cycle.contact_phone.is_empty()))
        .map(|cycle| Contact {
            email: cycle.contact_email.clone(),
            phone: cycle.contact_phone.clone(),
            tel: (cycle.contact_phone.chars())
                .filter(|c| c.is_ascii_digit() || *c == '+')
                .collect(),
        })
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
