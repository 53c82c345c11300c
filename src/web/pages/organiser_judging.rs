//! The organisers' judging pages: automatic assignment with a preview,
//! changes by hand and loads per judge; conflicts; progress and reminders.

use std::collections::BTreeMap;

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::Nav;
use super::render;
use super::sign_in::{EmptyForm, see_other};
use crate::domain::ids::{AssignmentId, ConflictId, CycleId, NominationId, UserId};
use crate::error::AppError;
use crate::services::assignments::{self, AssignmentView, AutoOptions, AutoOutcome};
use crate::services::authz::{Principal, require_organiser};
use crate::services::conflicts::{self, ConflictView};
use crate::services::cycles::{self, CycleView};
use crate::services::judges::{self, JudgeView};
use crate::services::judges_needed::{JudgesNeeded, judges_needed};
use crate::services::progress::{self, Progress};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

async fn current_cycle(state: &AppState) -> Result<CycleView, PageError> {
    cycles::current(&state.db, Utc::now())
        .await?
        .ok_or_else(|| PageError(AppError::not_found("cycle")))
}

#[derive(Template)]
#[template(path = "organiser/assignments.html")]
struct AssignmentsPage {
    nav: Nav,
    cycle: CycleView,
    judges: Vec<JudgeView>,
    loads: BTreeMap<String, usize>,
    assignments: Vec<AssignmentView>,
    needed: Vec<JudgesNeeded>,
    preview: Option<AutoOutcome>,
    outcome: Option<String>,
}

impl AssignmentsPage {
    fn load_of(&self, judge: &JudgeView) -> usize {
        self.loads.get(&judge.id.to_string()).copied().unwrap_or(0)
    }

    fn judge_name(&self, id: &UserId) -> String {
        self.judges
            .iter()
            .find(|judge| &judge.id == id)
            .map(|judge| judge.name.clone())
            .unwrap_or_default()
    }
}

async fn assignments_page(
    request: &HttpRequest,
    state: &AppState,
    principal: &Principal,
    preview: Option<AutoOutcome>,
    outcome: Option<String>,
) -> Result<AssignmentsPage, PageError> {
    require_organiser(principal)?;
    let cycle = current_cycle(state).await?;
    let judges = judges::list(&state.db, principal).await?;
    let assignments = assignments::list(&state.db, principal, None, None).await?;
    let mut loads = BTreeMap::new();
    for assignment in &assignments {
        *loads.entry(assignment.judge_id.to_string()).or_insert(0) += 1;
    }
    let conflicts = conflicts::list(&state.db, principal, cycle.id).await?;
    let needed = judges_needed(&cycle, &assignments, &conflicts);
    Ok(AssignmentsPage {
        nav: Nav::new(request, Some(principal)),
        cycle,
        judges,
        loads,
        assignments,
        needed,
        preview,
        outcome,
    })
}

#[derive(Deserialize)]
pub struct OutcomeQuery {
    done: Option<String>,
}

#[get("/organiser/assignments")]
pub async fn assignments_list(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, PageError> {
    let page =
        assignments_page(&request, &state, &principal, None, query.into_inner().done).await?;
    render(StatusCode::OK, &page)
}

#[derive(Deserialize)]
pub struct AutoForm {
    #[serde(default)]
    action: String,
    #[serde(default)]
    replace: Option<String>,
}

/// Runs the assignment: first as a preview, then for real when confirmed.
#[post("/organiser/assignments/auto")]
pub async fn auto(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<AutoForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let preview = form.action != "confirm";
    let options = AutoOptions {
        keep_existing: form.replace.is_none(),
        preview,
        ..AutoOptions::default()
    };
    let outcome = assignments::auto(
        &state.db,
        &principal,
        cycle.id,
        options,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    if preview {
        let page = assignments_page(&request, &state, &principal, Some(outcome), None).await?;
        return render(StatusCode::OK, &page);
    }
    let split: Vec<String> = (outcome.groups.iter())
        .filter(|g| g.groups > 1)
        .map(|g| g.words())
        .collect();
    let message = format!(
        "{} assignments made; {} nominations could not be filled. Each judge has been emailed their new nominations.{}",
        outcome.created,
        outcome.unfilled.len(),
        split.iter().map(|w| format!(" {w}")).collect::<String>()
    );
    Ok(see_other(&format!(
        "/organiser/assignments?done={}",
        url::form_urlencoded::byte_serialize(message.as_bytes()).collect::<String>()
    )))
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    nomination_id: String,
    #[serde(default)]
    judge_id: String,
}

#[post("/organiser/assignments/add")]
pub async fn add(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<AddForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let nomination: NominationId = super::parse_id(form.nomination_id.trim(), "nomination")?;
    let judge: UserId = super::parse_id(form.judge_id.trim(), "judge")?;
    assignments::add(&state.db, &principal, nomination, judge, &ip.0, Utc::now()).await?;
    Ok(see_other("/organiser/assignments?done=Assignment%20added"))
}

#[post("/organiser/assignments/{id}/remove")]
pub async fn remove(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let id: AssignmentId = super::parse_id(id.trim(), "assignment")?;
    assignments::remove(&state.db, &principal, id, &ip.0, Utc::now()).await?;
    Ok(see_other(
        "/organiser/assignments?done=Assignment%20removed",
    ))
}

#[post("/organiser/assignments/{id}/reopen")]
pub async fn reopen(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let id: AssignmentId = super::parse_id(id.trim(), "assignment")?;
    crate::services::reviews::reopen(&state.db, &principal, id, &ip.0, Utc::now()).await?;
    Ok(see_other("/organiser/assignments?done=Review%20reopened"))
}

#[post("/organiser/assignments/notify")]
pub async fn notify(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let judges = assignments::notify(
        &state.db,
        &principal,
        cycle.id,
        &state.settings.public_url,
        Utc::now(),
    )
    .await?;
    Ok(see_other(&format!(
        "/organiser/assignments?done={judges}%20judges%20emailed"
    )))
}

#[derive(Template)]
#[template(path = "organiser/progress.html")]
struct ProgressPage {
    nav: Nav,
    cycle: CycleView,
    progress: Progress,
    outcome: Option<String>,
}

#[get("/organiser/progress")]
pub async fn progress_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let progress = progress::progress(&state.db, &principal, cycle.id, Utc::now()).await?;
    render(
        StatusCode::OK,
        &ProgressPage {
            nav: Nav::new(&request, Some(&principal)),
            cycle,
            progress,
            outcome: query.into_inner().done,
        },
    )
}

#[post("/organiser/progress/remind")]
pub async fn remind(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let sent = progress::remind(
        &state.db,
        &principal,
        cycle.id,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(see_other(&format!(
        "/organiser/progress?done={sent}%20reminders%20sent"
    )))
}

#[derive(Template)]
#[template(path = "organiser/conflicts.html")]
struct ConflictsPage {
    nav: Nav,
    conflicts: Vec<ConflictView>,
    outcome: Option<String>,
}

#[get("/organiser/conflicts")]
pub async fn conflicts_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle: CycleId = current_cycle(&state).await?.id;
    let conflicts = conflicts::list(&state.db, &principal, cycle).await?;
    render(
        StatusCode::OK,
        &ConflictsPage {
            nav: Nav::new(&request, Some(&principal)),
            conflicts,
            outcome: query.into_inner().done,
        },
    )
}

#[post("/organiser/conflicts/propose")]
pub async fn propose(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let found = conflicts::propose_for_cycle(&state.db, &principal, cycle.id, Utc::now()).await?;
    Ok(see_other(&format!(
        "/organiser/conflicts?done={found}%20possible%20conflicts%20found"
    )))
}

#[derive(Deserialize)]
pub struct DecideForm {
    #[serde(default)]
    decision: String,
}

#[post("/organiser/conflicts/{id}")]
pub async fn decide(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    id: web::Path<String>,
    CsrfForm(form): CsrfForm<DecideForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let id: ConflictId = super::parse_id(id.trim(), "conflict")?;
    conflicts::decide(
        &state.db,
        &principal,
        id,
        form.decision == "confirm",
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(see_other("/organiser/conflicts?done=Decision%20saved"))
}
