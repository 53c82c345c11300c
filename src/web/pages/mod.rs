//! The HTML pages, by area.

pub mod chart;
pub mod consent;
pub mod home;
pub mod judge;
pub mod layout;
pub mod links;
pub mod my_nomination;
pub mod nominate;
pub mod nomination_fields;
pub mod nomination_form;
pub mod organiser;
pub mod organiser_broadcasts;
pub mod organiser_categories;
pub mod organiser_judging;
pub mod organiser_nominations;
pub mod organiser_phase;
pub mod organiser_results;
pub mod organiser_settings;
pub mod sign_in;
pub mod staff_entry;
pub mod winners;

use actix_web::error::UrlencodedError;
use actix_web::http::StatusCode;
use actix_web::http::header::ContentType;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;

use super::PageError;
use crate::error::AppError;

pub fn routes(config: &mut web::ServiceConfig) {
    config
        .service(home::home)
        .service(sign_in::login_page)
        .service(sign_in::login)
        .service(sign_in::logout)
        .service(sign_in::sign_out_everywhere)
        .service(links::invitation)
        .service(links::accept_invitation)
        .service(links::request_reset_page)
        .service(links::request_reset)
        .service(links::reset)
        .service(links::complete_reset)
        .service(organiser::dashboard)
        .service(organiser::judges_list)
        .service(organiser::invite)
        .service(organiser::deactivate)
        .service(organiser::audit)
        .service(organiser_settings::show)
        .service(organiser_settings::save)
        .service(organiser_phase::confirm)
        .service(organiser_phase::apply)
        .service(judge::dashboard)
        .service(judge::review_page)
        .service(judge::save_review)
        .service(judge::conflict_page)
        .service(judge::declare_conflict)
        .service(organiser_judging::assignments_list)
        .service(organiser_judging::auto)
        .service(organiser_judging::add)
        .service(organiser_judging::remove)
        .service(organiser_judging::reopen)
        .service(organiser_judging::notify)
        .service(organiser_judging::progress_page)
        .service(organiser_judging::remind)
        .service(organiser_judging::conflicts_page)
        .service(organiser_judging::propose)
        .service(organiser_judging::decide)
        .service(nominate::form)
        .service(nominate::send)
        .service(my_nomination::show)
        .service(my_nomination::save)
        .service(my_nomination::confirm_withdraw)
        .service(my_nomination::withdraw)
        .service(my_nomination::confirm_delete)
        .service(my_nomination::delete)
        .service(my_nomination::outcome_page)
        .service(consent::show)
        .service(consent::reply)
        // `new` before `{id}`, which would otherwise match it.
        .service(staff_entry::entry_form)
        .service(staff_entry::enter)
        .service(organiser_nominations::list)
        .service(organiser_nominations::nomination_page)
        .service(organiser_nominations::ineligible)
        .service(organiser_nominations::duplicate)
        .service(organiser_nominations::restore)
        .service(organiser_nominations::record_consent)
        .service(organiser_results::results_page)
        .service(organiser_results::decide)
        .service(organiser_results::apply_suggestion)
        .service(organiser_results::export)
        .service(organiser_broadcasts::broadcasts_page)
        .service(organiser_broadcasts::compose)
        .service(organiser_broadcasts::retry)
        .service(winners::winners_page)
        .service(organiser_categories::categories_page)
        .service(organiser_categories::clone_cycle)
        .service(organiser_categories::category_form)
        .service(organiser_categories::change);
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

/// An id from a page's path or form: anything that is not a UUID names
/// nothing (404).
pub fn parse_id<T: From<uuid::Uuid>>(text: &str, what: &str) -> Result<T, PageError> {
    uuid::Uuid::parse_str(text)
        .map(T::from)
        .map_err(|_| PageError(AppError::not_found(what)))
}

/// Renders a page with a status.
pub fn render(status: StatusCode, page: &impl Template) -> Result<HttpResponse, PageError> {
    let body = page
        .render()
        .map_err(|error| PageError(AppError::Unexpected(error.into())))?;
    Ok(HttpResponse::build(status)
        .content_type(ContentType::html())
        .body(body))
}
