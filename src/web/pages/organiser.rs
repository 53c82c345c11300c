//! The organisers' pages: the dashboard, judges (invite, deactivate) and the audit log.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::render;
use super::sign_in::see_other;
use crate::domain::ids::UserId;
use crate::domain::phase::Phase;
use crate::error::AppError;
use crate::services::audit_log::{self, AuditEntryView, AuditQuery};
use crate::services::authz::require_organiser;
use crate::services::cycles;
use crate::services::judges::{self, JudgeInvitation, JudgeView};
use crate::services::year::{self, PhaseMove, YearSummary};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "organiser/dashboard.html")]
struct DashboardPage {
    nav: Nav,
    year: Option<YearSummary>,
    judges: usize,
    moved: Option<&'static str>,
}

impl DashboardPage {
    fn phase_words(&self, phase: &Phase) -> &'static str {
        year::phase_words(*phase)
    }

    fn next_move(&self, phase: &Phase) -> Option<PhaseMove> {
        PhaseMove::out_of(*phase)
    }
}

#[derive(Deserialize)]
pub struct DashboardQuery {
    moved: Option<String>,
}

#[get("/organiser")]
pub async fn dashboard(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<DashboardQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let year = year::summary(&state.db, &principal, Utc::now()).await?;
    let judges = judges::list(&state.db, &principal).await?.len();
    let moved = (query.moved.as_deref())
        .and_then(PhaseMove::parse)
        .map(PhaseMove::action);
    render(
        StatusCode::OK,
        &DashboardPage {
            nav: Nav::new(&request, Some(&principal)),
            year,
            judges,
            moved,
        },
    )
}

#[derive(Template)]
#[template(path = "organiser/judges.html")]
struct JudgesPage {
    nav: Nav,
    judges: Vec<JudgeView>,
    categories: Vec<(String, String)>,
    errors: FormErrors,
    form: InviteForm,
    notice: Option<String>,
}

impl JudgesPage {
    fn is_chosen(&self, slug: &str) -> bool {
        self.form.categories.iter().any(|chosen| chosen == slug)
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct InviteForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organisation: String,
    #[serde(default)]
    categories: Vec<String>,
}

async fn judges_page(
    request: &HttpRequest,
    state: &AppState,
    principal: &crate::services::authz::Principal,
    errors: FormErrors,
    form: InviteForm,
    notice: Option<String>,
) -> Result<JudgesPage, PageError> {
    let judges = judges::list(&state.db, principal).await?;
    let categories = cycles::current(&state.db, Utc::now())
        .await?
        .map(|cycle| {
            cycle
                .categories
                .into_iter()
                .map(|category| (category.slug, category.name))
                .collect()
        })
        .unwrap_or_default();
    Ok(JudgesPage {
        nav: Nav::new(request, Some(principal)),
        judges,
        categories,
        errors,
        form,
        notice,
    })
}

#[derive(Deserialize)]
pub struct JudgesQuery {
    invited: Option<String>,
}

#[get("/organiser/judges")]
pub async fn judges_list(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<JudgesQuery>,
) -> Result<HttpResponse, PageError> {
    let notice = query
        .into_inner()
        .invited
        .map(|email| format!("An invitation has been sent to {email}."));
    let page = judges_page(
        &request,
        &state,
        &principal,
        FormErrors::default(),
        InviteForm::default(),
        notice,
    )
    .await?;
    render(StatusCode::OK, &page)
}

#[post("/organiser/judges")]
pub async fn invite(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<InviteForm>,
) -> Result<HttpResponse, PageError> {
    let invitation = JudgeInvitation {
        email: form.email.clone(),
        name: form.name.clone(),
        organisation: Some(form.organisation.clone()),
        categories: form.categories.clone(),
    };
    match judges::invite(
        &state.db,
        &principal,
        invitation,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await
    {
        Ok(_) => {
            let email = url::form_urlencoded::byte_serialize(form.email.trim().as_bytes())
                .collect::<String>();
            Ok(see_other(&format!("/organiser/judges?invited={email}")))
        }
        Err(AppError::Validation { errors, .. }) => {
            let page = judges_page(&request, &state, &principal, errors.into(), form, None).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}

#[post("/organiser/judges/{id}/deactivate")]
pub async fn deactivate(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    _form: CsrfForm<super::sign_in::EmptyForm>,
) -> Result<HttpResponse, PageError> {
    let user_id = uuid::Uuid::parse_str(&id)
        .map(UserId)
        .map_err(|_| PageError(AppError::not_found("account")))?;
    judges::deactivate(&state.db, &principal, user_id, &ip.0, Utc::now()).await?;
    Ok(see_other("/organiser/judges"))
}

#[derive(Template)]
#[template(path = "organiser/audit.html")]
struct AuditPage {
    nav: Nav,
    entries: Vec<AuditEntryView>,
    action: String,
    actor: String,
    since: String,
}

#[derive(Deserialize)]
pub struct AuditForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    actor: String,
    #[serde(default)]
    since: String,
}

#[get("/organiser/audit")]
pub async fn audit(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<AuditForm>,
) -> Result<HttpResponse, PageError> {
    let query = query.into_inner();
    let since = NaiveDate::parse_from_str(query.since.trim(), "%Y-%m-%d").ok();
    let audit_query = AuditQuery {
        action_prefix: query.action.clone(),
        actor: query.actor.clone(),
        since,
    };
    let entries = audit_log::search(&state.db, &principal, audit_query).await?;
    let page = AuditPage {
        nav: Nav::new(&request, Some(&principal)),
        entries,
        action: query.action,
        actor: query.actor,
        since: query.since,
    };
    render(StatusCode::OK, &page)
}
