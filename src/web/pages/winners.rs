//! The public winners page: the latest published results, per category.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, web};
use askama::Template;
use chrono::Utc;

use super::layout::Nav;
use super::render;
use crate::services::publication::{self, Winners};
use crate::web::auth::MaybeSignedIn;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "winners.html")]
struct WinnersPage {
    nav: Nav,
    winners: Option<Winners>,
}

#[get("/winners")]
pub async fn winners_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    viewer: MaybeSignedIn,
) -> Result<HttpResponse, PageError> {
    let winners = publication::winners(&state.db, Utc::now()).await?;
    render(
        StatusCode::OK,
        &WinnersPage {
            nav: Nav::new(&request, viewer.0.as_ref()),
            winners,
        },
    )
}
