//! `/consent/{token}`: the nominee's private link to agree to (or decline)
//! being nominated and having their story published.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::nominate::{MessagePage, private};
use super::render;
use crate::domain::lifecycle::ConsentStatus;
use crate::error::FieldError;
use crate::services::nominations::consent::{self, ConsentRequest};
use crate::web::auth::ClientIp;
use crate::web::csrf::CsrfForm;
use crate::web::rate_limit::PageRateLimit;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "consent/form.html")]
struct ConsentPage {
    nav: Nav,
    errors: FormErrors,
    request: ConsentRequest,
    /// What the nominee answered before, if anything.
    current: Option<&'static str>,
    action: String,
}

#[derive(Deserialize)]
pub struct ConsentForm {
    #[serde(default)]
    agree: String,
}

fn page(
    request: &HttpRequest,
    token: &str,
    consent: ConsentRequest,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let current = match consent.status {
        ConsentStatus::Given | ConsentStatus::Recorded => Some("You have told us that you agree."),
        ConsentStatus::Declined => Some("You have told us that you do not agree."),
        ConsentStatus::Pending | ConsentStatus::NotAsked => None,
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = ConsentPage {
        nav: Nav::new(request, None),
        errors,
        request: consent,
        current,
        action: format!("/consent/{token}"),
    };
    Ok(private(render(status, &page)?))
}

#[get("/consent/{token}")]
pub async fn show(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let consent = consent::open(&state.db, &token).await?;
    page(&request, &token, consent, FormErrors::default())
}

#[post("/consent/{token}")]
pub async fn reply(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    ip: ClientIp,
    _limit: PageRateLimit,
    CsrfForm(form): CsrfForm<ConsentForm>,
) -> Result<HttpResponse, PageError> {
    let agree = match form.agree.as_str() {
        "yes" => true,
        "no" => false,
        _ => {
            let consent = consent::open(&state.db, &token).await?;
            let errors = vec![FieldError::new("agree", "Select yes or no")];
            return page(&request, &token, consent, errors.into());
        }
    };
    let consent = consent::decide(&state.db, &token, agree, &ip.0, Utc::now()).await?;
    let paragraphs = if agree {
        vec![
            format!("You have agreed to be nominated for {}.", consent.category),
            "The judges will read the nomination. We will let you know what happens.".to_owned(),
        ]
    } else {
        vec![
            "You have told us that you do not agree. The nomination will not go forward, and nothing about you will be published.".to_owned(),
        ]
    };
    let page = MessagePage {
        nav: Nav::new(&request, None),
        heading: "Thank you for your answer".into(),
        panel_label: "",
        panel: None,
        paragraphs,
        private_link: None,
        links: vec![(format!("/consent/{token}"), "Change your answer".to_owned())],
    };
    Ok(private(render(StatusCode::OK, &page)?))
}
