//! The organisers' broadcast page: compose a message to an audience,
//! preview the first merged message and the count, send it, and follow each
//! broadcast's delivery, sending failed messages again.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::organiser_results::current_cycle;
use super::render;
use super::sign_in::{EmptyForm, see_other};
use crate::domain::broadcast::{Audience, FIELDS};
use crate::error::{AppError, FieldError};
use crate::services::authz::{Principal, require_organiser};
use crate::services::broadcasts::{
    self, BroadcastInput, BroadcastOutcome, BroadcastPreview, BroadcastView,
};
use crate::services::outbox;
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Debug, Default, Deserialize)]
pub struct ComposeForm {
    #[serde(default)]
    audience: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    body: String,
    #[serde(default)]
    action: String,
}

#[derive(Template)]
#[template(path = "organiser/broadcasts.html")]
struct BroadcastsPage {
    nav: Nav,
    audiences: Vec<Audience>,
    fields: Vec<&'static str>,
    form: ComposeForm,
    errors: FormErrors,
    preview: Option<BroadcastPreview>,
    broadcasts: Vec<BroadcastView>,
    /// Emails that could not be sent, with the reason.
    failed: Vec<outbox::OutboxView>,
    outcome: Option<String>,
}

async fn page(
    request: &HttpRequest,
    state: &AppState,
    principal: &Principal,
    form: ComposeForm,
    errors: FormErrors,
    preview: Option<BroadcastPreview>,
    outcome: Option<String>,
) -> Result<BroadcastsPage, PageError> {
    let cycle = current_cycle(state).await?;
    Ok(BroadcastsPage {
        nav: Nav::new(request, Some(principal)),
        audiences: Audience::ALL.to_vec(),
        fields: FIELDS.to_vec(),
        form,
        errors,
        preview,
        broadcasts: broadcasts::list(&state.db, principal, cycle.id).await?,
        failed: outbox::list(&state.db, principal, Some("failed".to_owned()), None).await?,
        outcome,
    })
}

#[derive(Deserialize)]
pub struct OutcomeQuery {
    done: Option<String>,
}

#[get("/organiser/broadcasts")]
pub async fn broadcasts_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let form = ComposeForm {
        audience: "nominators".into(),
        ..ComposeForm::default()
    };
    let page = page(
        &request,
        &state,
        &principal,
        form,
        FormErrors::default(),
        None,
        query.into_inner().done,
    )
    .await?;
    render(StatusCode::OK, &page)
}

#[post("/organiser/broadcasts")]
pub async fn compose(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<ComposeForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let Some(audience) = Audience::parse(&form.audience) else {
        let errors = vec![FieldError::new("audience", "Choose who to send it to")];
        let page = page(
            &request,
            &state,
            &principal,
            form,
            errors.into(),
            None,
            None,
        )
        .await?;
        return render(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let input = BroadcastInput {
        audience,
        subject: form.subject.clone(),
        body: form.body.clone(),
        preview: form.action != "send",
    };
    match broadcasts::send(&state.db, &principal, cycle.id, input, &ip.0, Utc::now()).await {
        Ok(BroadcastOutcome::Preview(preview)) => {
            let page = page(
                &request,
                &state,
                &principal,
                form,
                FormErrors::default(),
                Some(preview),
                None,
            )
            .await?;
            render(StatusCode::OK, &page)
        }
        Ok(BroadcastOutcome::Sent(sent)) => Ok(see_other(&format!(
            "/organiser/broadcasts?done={}%20messages%20queued",
            sent.queued
        ))),
        Err(AppError::Validation { errors, .. }) => {
            let page = page(
                &request,
                &state,
                &principal,
                form,
                errors.into(),
                None,
                None,
            )
            .await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}

#[post("/organiser/broadcasts/{id}/retry")]
pub async fn retry(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let retried = outbox::retry_failed(
        &state.db,
        &principal,
        Some(id.into_inner()),
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(see_other(&format!(
        "/organiser/broadcasts?done={retried}%20failed%20messages%20will%20be%20sent%20again"
    )))
}
