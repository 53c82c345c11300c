//! `/`: the categories of the cycle taking nominations.

use actix_web::{HttpRequest, Responder, get, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;

use super::layout::Nav;
use crate::domain::phase::Phase;
use crate::services::cycles::{self, CycleView};
use crate::web::auth::MaybeSignedIn;
use crate::web::{AppState, PageError};

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
    nav: Nav,
    cycle: Option<CycleView>,
}

impl HomePage {
    fn is_open(&self) -> bool {
        self.cycle
            .as_ref()
            .is_some_and(|cycle| cycle.phase == Phase::Nominating)
    }
}

#[get("/")]
pub async fn home(
    request: HttpRequest,
    state: web::Data<AppState>,
    viewer: MaybeSignedIn,
) -> Result<impl Responder, PageError> {
    let cycle = cycles::current(&state.db, Utc::now()).await?;
    Ok(HomePage {
        nav: Nav::new(&request, viewer.0.as_ref()),
        cycle,
    })
}
