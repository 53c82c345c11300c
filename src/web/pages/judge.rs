//! The judges' pages.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use chrono::Utc;

use super::layout::Nav;
use super::render;
use crate::services::authz::require_judge;
use crate::services::cycles::{self, CycleView};
use crate::web::auth::SignedIn;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "judge/dashboard.html")]
struct JudgeDashboard {
    nav: Nav,
    name: String,
    cycle: Option<CycleView>,
}

#[get("/judge")]
pub async fn dashboard(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
) -> Result<HttpResponse, PageError> {
    require_judge(&principal)?;
    let cycle = cycles::current(&state.db, Utc::now()).await?;
    let page = JudgeDashboard {
        nav: Nav::new(&request, Some(&principal)),
        name: principal.name.clone(),
        cycle,
    };
    render(StatusCode::OK, &page)
}
