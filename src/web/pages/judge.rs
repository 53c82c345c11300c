//! The judges' pages: the dashboard of assignments, and each nomination's
//! page with the score form, abstaining, and declaring a conflict.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::render;
use super::sign_in::see_other;
use crate::domain::ids::AssignmentId;
use crate::domain::review::ReviewInput;
use crate::error::AppError;
use crate::services::assignments::{self, AssignmentView};
use crate::services::authz::require_judge;
use crate::services::conflicts::{self, ConflictInput};
use crate::services::cycles::{self, CycleView};
use crate::services::reviews::{self, ReviewPage};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "judge/dashboard.html")]
struct JudgeDashboard {
    nav: Nav,
    name: String,
    cycle: Option<CycleView>,
    assignments: Vec<AssignmentView>,
    done: usize,
}

impl JudgeDashboard {
    fn percent(&self) -> usize {
        if self.assignments.is_empty() {
            0
        } else {
            self.done * 100 / self.assignments.len()
        }
    }
}

#[get("/judge")]
pub async fn dashboard(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
) -> Result<HttpResponse, PageError> {
    require_judge(&principal)?;
    let cycle = cycles::current(&state.db, Utc::now()).await?;
    let assignments = assignments::list(&state.db, &principal, None, None).await?;
    let done = assignments
        .iter()
        .filter(|a| a.status == "submitted" || a.status == "abstained")
        .count();
    let page = JudgeDashboard {
        nav: Nav::new(&request, Some(&principal)),
        name: principal.name.clone(),
        cycle,
        assignments,
        done,
    };
    render(StatusCode::OK, &page)
}

#[derive(Template)]
#[template(path = "judge/review.html")]
struct ReviewTemplate {
    nav: Nav,
    page: ReviewPage,
    errors: FormErrors,
    /// What the form shows: the saved scores, or what was just typed.
    scores: BTreeMap<String, String>,
    comment: String,
    notice: Option<&'static str>,
}

impl ReviewTemplate {
    fn is_checked(&self, key: &str, value: &u32) -> bool {
        self.scores
            .get(key)
            .is_some_and(|score| score == &value.to_string())
    }

    fn field_error(&self, key: &str) -> Option<&str> {
        self.errors.get(&format!("scores.{key}"))
    }
}

fn template(
    request: &HttpRequest,
    principal: &crate::services::authz::Principal,
    page: ReviewPage,
    errors: FormErrors,
    typed: Option<(BTreeMap<String, String>, String)>,
    notice: Option<&'static str>,
) -> ReviewTemplate {
    let (scores, comment) = typed.unwrap_or_else(|| {
        (
            page.review
                .scores
                .iter()
                .map(|(k, v)| (k.clone(), v.to_string()))
                .collect(),
            page.review.comment.clone(),
        )
    });
    ReviewTemplate {
        nav: Nav::new(request, Some(principal)),
        page,
        errors,
        scores,
        comment,
        notice,
    }
}

#[derive(Deserialize)]
pub struct ReviewQuery {
    saved: Option<String>,
}

#[get("/judge/assignments/{id}")]
pub async fn review_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    id: web::Path<String>,
    query: web::Query<ReviewQuery>,
) -> Result<HttpResponse, PageError> {
    let page = reviews::page(
        &state.db,
        &principal,
        super::parse_id::<AssignmentId>(&id, "assignment")?,
        Utc::now(),
    )
    .await?;
    let notice = query.saved.as_ref().map(|_| "Your review has been saved.");
    render(
        StatusCode::OK,
        &template(
            &request,
            &principal,
            page,
            FormErrors::default(),
            None,
            notice,
        ),
    )
}

/// The score form: one radio group per criterion (`score_<key>`), a comment,
/// and which button was pressed.
#[derive(Deserialize)]
pub struct ReviewForm {
    #[serde(flatten)]
    fields: BTreeMap<String, String>,
}

#[post("/judge/assignments/{id}")]
pub async fn save_review(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<HttpResponse, PageError> {
    let id = super::parse_id::<AssignmentId>(&id, "assignment")?;
    let fields = form.fields;
    let action = fields.get("action").map(String::as_str).unwrap_or("save");
    let scores: BTreeMap<String, String> = fields
        .iter()
        .filter_map(|(k, v)| {
            k.strip_prefix("score_")
                .map(|key| (key.to_owned(), v.clone()))
        })
        .collect();
    let comment = fields.get("comment").cloned().unwrap_or_default();
    let input = ReviewInput {
        scores: scores
            .iter()
            .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
            .collect(),
        comment: comment.clone(),
        submit: action == "submit",
        abstain: action == "abstain",
        reason: fields.get("reason").cloned().unwrap_or_default(),
    };
    match reviews::save(&state.db, &principal, id, input, &ip.0, Utc::now()).await {
        Ok(_) => Ok(see_other(&format!("/judge/assignments/{id}?saved=1"))),
        Err(AppError::Validation { errors, .. }) => {
            let page = reviews::page(&state.db, &principal, id, Utc::now()).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &template(
                    &request,
                    &principal,
                    page,
                    errors.into(),
                    Some((scores, comment)),
                    None,
                ),
            )
        }
        Err(other) => Err(PageError(other)),
    }
}

#[derive(Template)]
#[template(path = "judge/conflict.html")]
struct ConflictPage {
    nav: Nav,
    assignment_id: AssignmentId,
    reference: String,
    nominee_name: String,
    category: String,
}

/// Declaring a conflict, seeing only the nominee's name and category.
#[get("/judge/assignments/{id}/conflict")]
pub async fn conflict_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    id: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let id = super::parse_id::<AssignmentId>(&id, "assignment")?;
    let page = reviews::page(&state.db, &principal, id, Utc::now()).await?;
    let conflict = ConflictPage {
        nav: Nav::new(&request, Some(&principal)),
        assignment_id: id,
        reference: page.reference,
        nominee_name: page.nominee_name,
        category: page.category.name,
    };
    render(StatusCode::OK, &conflict)
}

#[derive(Deserialize)]
pub struct ConflictForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    reason: String,
}

#[post("/judge/assignments/{id}/conflict")]
pub async fn declare_conflict(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<ConflictForm>,
) -> Result<HttpResponse, PageError> {
    let id = super::parse_id::<AssignmentId>(&id, "assignment")?;
    let page = reviews::page(&state.db, &principal, id, Utc::now()).await?;
    let input = ConflictInput {
        nomination_id: Some(page.nomination_id),
        judge_id: None,
        kind: form.kind,
        reason: form.reason,
    };
    match conflicts::declare(&state.db, &principal, input, &ip.0, Utc::now()).await {
        Ok(_) => Ok(see_other("/judge?conflict=1")),
        Err(AppError::Validation { errors, .. }) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &template(&request, &principal, page, errors.into(), None, None),
        ),
        Err(other) => Err(PageError(other)),
    }
}
