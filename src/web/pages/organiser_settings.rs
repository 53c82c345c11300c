//! The year's settings page: its title, the dates of every phase in the
//! organisation's time zone, blind judging, and the awards team's contact
//! details. Saving goes through the same service as `PATCH /api/v1/cycles/{id}`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::{DateTime, Datelike as _, Utc};
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::render;
use super::sign_in::see_other;
use crate::domain::when::{Zone, read_local};
use crate::error::{AppError, FieldError};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CycleChanges, CycleView};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

/// One date-and-time question of the form, as typed.
pub struct DateField {
    pub name: &'static str,
    pub legend: &'static str,
    pub hint: &'static str,
    pub day: String,
    pub month: String,
    pub year: String,
    pub time: String,
}

#[derive(Template)]
#[template(path = "organiser/settings.html")]
struct SettingsPage {
    nav: Nav,
    cycle: CycleView,
    form: SettingsForm,
    dates: Vec<DateField>,
    errors: FormErrors,
    saved: bool,
    zone_name: &'static str,
}

/// The dates of a cycle: the form name, its legend, its hint, whether it ends a period.
const DATES: [(&str, &str, &str, bool); 3] = [
    (
        "nominations_open_at",
        "Nominations open",
        "From this moment the public can nominate.",
        false,
    ),
    (
        "nominations_close_at",
        "Nominations close",
        "Nominations are taken until this moment, for example 25 1 2027 at 11:59pm.",
        true,
    ),
    (
        "judging_close_at",
        "Judging closes",
        "Judges can score until this moment.",
        true,
    ),
];

#[derive(Debug, Default, Deserialize)]
pub struct SettingsForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    blind_judging: String,
    #[serde(default)]
    contact_email: String,
    #[serde(default)]
    contact_phone: String,
    #[serde(flatten)]
    dates: std::collections::HashMap<String, String>,
}

impl SettingsForm {
    fn from_cycle(cycle: &CycleView, zone: &Zone) -> SettingsForm {
        let mut dates = std::collections::HashMap::new();
        for (name, _, _, is_deadline) in DATES {
            let (date, time) = zone.form_parts(date_of(cycle, name), is_deadline);
            dates.insert(format!("{name}_day"), date.day().to_string());
            dates.insert(format!("{name}_month"), date.month().to_string());
            dates.insert(format!("{name}_year"), date.year().to_string());
            dates.insert(format!("{name}_time"), time);
        }
        SettingsForm {
            title: cycle.title.clone(),
            blind_judging: if cycle.blind_judging { "yes" } else { "no" }.into(),
            contact_email: cycle.contact_email.clone(),
            contact_phone: cycle.contact_phone.clone(),
            dates,
        }
    }

    fn part(&self, name: &str, part: &str) -> String {
        self.dates
            .get(&format!("{name}_{part}"))
            .cloned()
            .unwrap_or_default()
    }

    fn date_fields(&self) -> Vec<DateField> {
        DATES
            .iter()
            .map(|&(name, legend, hint, _)| DateField {
                name,
                legend,
                hint,
                day: self.part(name, "day"),
                month: self.part(name, "month"),
                year: self.part(name, "year"),
                time: self.part(name, "time"),
            })
            .collect()
    }
}

fn date_of(cycle: &CycleView, name: &str) -> DateTime<Utc> {
    match name {
        "nominations_open_at" => cycle.nominations_open_at,
        "nominations_close_at" => cycle.nominations_close_at,
        _ => cycle.judging_close_at,
    }
}

/// The cycle the settings page changes: the current one.
pub(super) async fn current_cycle(
    state: &AppState,
    principal: &Principal,
) -> Result<CycleView, PageError> {
    require_organiser(principal)?;
    Ok(cycles::current(&state.db, Utc::now())
        .await?
        .ok_or_else(|| AppError::not_found("cycle"))?)
}

fn page(
    request: &HttpRequest,
    state: &AppState,
    principal: &Principal,
    cycle: CycleView,
    form: SettingsForm,
    errors: FormErrors,
    saved: bool,
) -> SettingsPage {
    SettingsPage {
        nav: Nav::new(request, Some(principal)),
        cycle,
        dates: form.date_fields(),
        form,
        errors,
        saved,
        zone_name: state.settings.time_zone.name(),
    }
}

#[derive(Deserialize)]
pub struct SavedQuery {
    saved: Option<String>,
}

#[get("/organiser/settings")]
pub async fn show(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<SavedQuery>,
) -> Result<HttpResponse, PageError> {
    let cycle = current_cycle(&state, &principal).await?;
    let form = SettingsForm::from_cycle(&cycle, &state.settings.time_zone);
    let saved = query.saved.is_some();
    render(
        StatusCode::OK,
        &page(
            &request,
            &state,
            &principal,
            cycle,
            form,
            FormErrors::default(),
            saved,
        ),
    )
}

#[post("/organiser/settings")]
pub async fn save(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<SettingsForm>,
) -> Result<HttpResponse, PageError> {
    let cycle = current_cycle(&state, &principal).await?;
    let zone = state.settings.time_zone;
    let mut errors = Vec::new();
    let mut times = Vec::new();
    for (name, legend, _, is_deadline) in DATES {
        let parts = (
            form.part(name, "day"),
            form.part(name, "month"),
            form.part(name, "year"),
        );
        let time = form.part(name, "time");
        match read_local(&zone, (&parts.0, &parts.1, &parts.2), &time, is_deadline) {
            Ok(at) => times.push(Some(at.to_rfc3339())),
            Err(message) => {
                errors.push(FieldError::new(name, format!("{legend}: {message}")));
                times.push(None);
            }
        }
    }
    let blind_judging = match form.blind_judging.as_str() {
        "yes" => Some(true),
        "no" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "blind_judging",
                "Choose whether judging is blind",
            ));
            None
        }
    };
    let result = if errors.is_empty() {
        let mut times = times.into_iter();
        let changes = CycleChanges {
            title: Some(form.title.clone()),
            nominations_open_at: times.next().flatten(),
            nominations_close_at: times.next().flatten(),
            judging_close_at: times.next().flatten(),
            blind_judging,
            contact_email: Some(form.contact_email.clone()),
            contact_phone: Some(form.contact_phone.clone()),
        };
        cycles::update(&state.db, &principal, cycle.id, changes, &ip.0, Utc::now()).await
    } else {
        Err(AppError::validation(errors))
    };
    match result {
        Ok(_) => Ok(see_other("/organiser/settings?saved=1")),
        Err(AppError::Validation { errors, .. }) => {
            let page = page(
                &request,
                &state,
                &principal,
                cycle,
                form,
                errors.into(),
                false,
            );
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}
