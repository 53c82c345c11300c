//! Moving the year to its next phase on purpose: a confirmation page that
//! says what will happen, and the button that does it.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;

use super::layout::Nav;
use super::render;
use super::sign_in::{EmptyForm, see_other};
use crate::error::AppError;
use crate::services::year::{self, PhaseMove, YearSummary, phase_words};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "organiser/phase.html")]
struct ConfirmPage {
    nav: Nav,
    step: PhaseMove,
    year: YearSummary,
    phase_now: &'static str,
}

fn parse(step: &str) -> Result<PhaseMove, PageError> {
    PhaseMove::parse(step).ok_or_else(|| PageError(AppError::not_found("page")))
}

#[get("/organiser/phase/{step}")]
pub async fn confirm(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    step: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let step = parse(&step)?;
    let year = year::preview(&state.db, &principal, Utc::now())
        .await?
        .ok_or_else(|| AppError::not_found("cycle"))?;
    if year.cycle.phase != step.from() {
        return Err(PageError(AppError::Conflict(format!(
            "This can only be done while the year is {}; it is now {}.",
            phase_words(step.from()),
            phase_words(year.cycle.phase)
        ))));
    }
    let page = ConfirmPage {
        nav: Nav::new(&request, Some(&principal)),
        step,
        phase_now: phase_words(year.cycle.phase),
        year,
    };
    render(StatusCode::OK, &page)
}

#[post("/organiser/phase/{step}")]
pub async fn apply(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    step: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let step = parse(&step)?;
    let year = year::preview(&state.db, &principal, Utc::now())
        .await?
        .ok_or_else(|| AppError::not_found("cycle"))?;
    year::move_phase(
        &state.db,
        &principal,
        year.cycle.id,
        step,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(see_other(&format!("/organiser?moved={}", step.slug())))
}
