//! `/`: the categories of the cycle taking nominations.

use actix_web::{Responder, get, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;

use crate::domain::phase::Phase;
use crate::services::cycles::{self, CycleView};
use crate::web::{AppState, PageError};

#[derive(Template, WebTemplate)]
#[template(path = "home.html")]
struct HomePage {
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
pub async fn home(state: web::Data<AppState>) -> Result<impl Responder, PageError> {
    let cycle = cycles::current(&state.db, Utc::now()).await?;
    Ok(HomePage { cycle })
}
