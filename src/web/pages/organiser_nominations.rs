//! The organisers' nomination pages: the filtered list, and one nomination
//! with its history and review actions. Entering one taken by phone or on
//! paper is in `staff_entry`.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::nomination_form::{Line, summary_lines};
use super::render;
use super::sign_in::{EmptyForm, see_other};
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::{ConsentStatus, NominationStatus};
use crate::error::{AppError, FieldError};
use crate::services::authz::{Principal, require_organiser};
use crate::services::nominations::consent::{self, StaffConsent};
use crate::services::nominations::review::{self, ListQuery, NominationDetail, NominationList};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "organiser/nominations/list.html")]
struct ListPage {
    nav: Nav,
    list: NominationList,
    query: ListQuery,
    statuses: Vec<(&'static str, &'static str)>,
    consents: Vec<(&'static str, &'static str)>,
}

impl ListPage {
    fn first(&self) -> i64 {
        (self.list.page - 1) * review::PAGE_SIZE + 1
    }

    fn last(&self) -> i64 {
        self.first() + self.list.items.len() as i64 - 1
    }

    /// This list's address at another page, keeping the filters.
    fn page_link(&self, page: i64) -> String {
        let query = &self.query;
        let mut link = url::form_urlencoded::Serializer::new(String::new());
        for (name, value) in [
            ("q", query.text.as_str()),
            ("category", query.category.as_str()),
            ("status", query.status.as_str()),
            ("consent", query.consent.as_str()),
        ] {
            if !value.is_empty() {
                link.append_pair(name, value);
            }
        }
        link.append_pair("page", &page.to_string());
        format!("/organiser/nominations?{}", link.finish())
    }
}

#[derive(Deserialize)]
pub struct ListForm {
    #[serde(default)]
    q: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    consent: String,
    #[serde(default)]
    page: Option<String>,
}

#[get("/organiser/nominations")]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    form: web::Query<ListForm>,
) -> Result<HttpResponse, PageError> {
    let form = form.into_inner();
    let query = ListQuery {
        category: form.category,
        status: form.status,
        consent: form.consent,
        text: form.q,
        page: form
            .page
            .and_then(|page| page.trim().parse().ok())
            .unwrap_or(1),
    };
    let list = review::list(&state.db, &principal, query.clone(), Utc::now()).await?;
    let page = ListPage {
        nav: Nav::new(&request, Some(&principal)),
        query: ListQuery {
            page: list.page,
            ..query
        },
        list,
        statuses: NominationStatus::ALL
            .into_iter()
            .map(|status| (status.as_str(), status.label()))
            .collect(),
        consents: ConsentStatus::ALL
            .into_iter()
            .map(|status| (status.as_str(), status.label()))
            .collect(),
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "organiser/nominations/detail.html")]
struct DetailPage {
    nav: Nav,
    errors: FormErrors,
    heading: String,
    notice: Option<&'static str>,
    lines: Vec<Line>,
    detail: NominationDetail,
    /// What was typed into the review forms, kept after an error.
    reason: String,
    duplicate_of: String,
}

#[derive(Deserialize)]
pub struct DetailQuery {
    done: Option<String>,
}

/// The review forms' fields; each form sends only its own.
#[derive(Debug, Default, Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    duplicate_of: String,
    #[serde(default)]
    answer: String,
    #[serde(default)]
    method: String,
}

fn nomination_id(text: &str) -> Result<NominationId, PageError> {
    super::parse_id(text, "nomination")
}

async fn detail_page(
    request: &HttpRequest,
    state: &AppState,
    principal: &Principal,
    id: NominationId,
    notice: Option<&'static str>,
    errors: FormErrors,
    typed: ReviewForm,
) -> Result<HttpResponse, PageError> {
    // The organisers' page: judges read their nominations on their own pages.
    require_organiser(principal)?;
    let detail = review::get(&state.db, principal, id, Utc::now()).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = DetailPage {
        nav: Nav::new(request, Some(principal)),
        errors,
        heading: match &detail.nomination.reference {
            Some(reference) => format!("Nomination {reference}"),
            None => "Draft nomination".to_owned(),
        },
        notice,
        lines: summary_lines(&detail.nomination, &detail.questions),
        detail,
        reason: typed.reason,
        duplicate_of: typed.duplicate_of,
    };
    render(status, &page)
}

#[get("/organiser/nominations/{id}")]
pub async fn nomination_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    id: web::Path<String>,
    query: web::Query<DetailQuery>,
) -> Result<HttpResponse, PageError> {
    let id = nomination_id(&id)?;
    let notice = match query.done.as_deref() {
        Some("entered") => {
            Some("The nomination has been saved, and the nominator has been emailed.")
        }
        Some("ineligible") => Some("The nomination has been marked as ineligible."),
        Some("duplicate") => Some("The nomination has been marked as a duplicate."),
        Some("restored") => Some("The nomination has been restored to submitted."),
        Some("consent") => Some("The nominee's answer has been recorded."),
        _ => None,
    };
    let typed = ReviewForm::default();
    detail_page(
        &request,
        &state,
        &principal,
        id,
        notice,
        FormErrors::default(),
        typed,
    )
    .await
}

/// Which review action a post is.
#[derive(Clone, Copy)]
enum Action {
    Ineligible,
    Duplicate,
    Restore,
    Consent,
}

async fn review_action(
    request: HttpRequest,
    state: web::Data<AppState>,
    principal: Principal,
    ip: String,
    id: String,
    action: Action,
    form: ReviewForm,
) -> Result<HttpResponse, PageError> {
    let id = nomination_id(&id)?;
    let (db, now) = (&state.db, Utc::now());
    let (outcome, done) = match action {
        Action::Ineligible => (
            review::mark_ineligible(db, &principal, id, &form.reason, &ip, now).await,
            "ineligible",
        ),
        Action::Duplicate => (
            review::mark_duplicate(db, &principal, id, &form.duplicate_of, &ip, now).await,
            "duplicate",
        ),
        Action::Restore => (
            review::restore(db, &principal, id, &ip, now).await,
            "restored",
        ),
        Action::Consent => {
            let outcome = match form.answer.as_str() {
                "given" | "declined" => {
                    let answer = if form.answer == "given" {
                        StaffConsent::Given
                    } else {
                        StaffConsent::Declined
                    };
                    consent::record_by_staff(db, &principal, id, answer, &form.method, &ip, now)
                        .await
                }
                _ => Err(AppError::validation(vec![FieldError::new(
                    "answer",
                    "Select whether the nominee agrees",
                )])),
            };
            (outcome, "consent")
        }
    };
    match outcome {
        Ok(()) => Ok(see_other(&format!(
            "/organiser/nominations/{id}?done={done}"
        ))),
        Err(AppError::Validation { errors, .. }) => {
            detail_page(&request, &state, &principal, id, None, errors.into(), form).await
        }
        Err(other) => Err(PageError(other)),
    }
}

#[post("/organiser/nominations/{id}/ineligible")]
pub async fn ineligible(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, PageError> {
    review_action(
        request,
        state,
        principal,
        ip.0,
        id.into_inner(),
        Action::Ineligible,
        form,
    )
    .await
}

#[post("/organiser/nominations/{id}/duplicate")]
pub async fn duplicate(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, PageError> {
    review_action(
        request,
        state,
        principal,
        ip.0,
        id.into_inner(),
        Action::Duplicate,
        form,
    )
    .await
}

#[post("/organiser/nominations/{id}/restore")]
pub async fn restore(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let form = ReviewForm::default();
    review_action(
        request,
        state,
        principal,
        ip.0,
        id.into_inner(),
        Action::Restore,
        form,
    )
    .await
}

#[post("/organiser/nominations/{id}/consent")]
pub async fn record_consent(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, PageError> {
    review_action(
        request,
        state,
        principal,
        ip.0,
        id.into_inner(),
        Action::Consent,
        form,
    )
    .await
}
