//! The OpenAPI 3 document of the API, generated from the handlers.

use actix_web::{HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use crate::domain::decision::Decision;
use crate::domain::phase::Phase;
use crate::domain::programme::QuestionKind;
use crate::domain::role::Role;
use crate::error::FieldError;
use crate::services::cycles::{CategoryView, CriterionView, CycleView, QuestionView};
use crate::services::decisions::DecidedNomination;
use crate::services::results::ResultRow;
use crate::web::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Laurel API",
        description = "Award nominations and judging. Every error answers `{\"error\": \"…\"}`; a validation error (422) adds `errors`. Authenticate with `POST /api/v1/auth/token` and send `Authorization: Bearer <token>`."
    ),
    paths(
        super::auth::create_token,
        super::auth::revoke_token,
        super::auth::sign_out_everywhere,
        super::auth::password_reset,
        super::cycles::list,
        super::cycles::get,
        super::judges::invite,
        super::judges::list,
        super::judges::deactivate,
        super::judging::declare_conflict,
        super::judging::list_conflicts,
        super::judging::decide_conflict,
        super::judging::auto_assign,
        super::judging::notify,
        super::judging::list,
        super::judging::add,
        super::judging::remove,
        super::judging::review,
        super::judging::reopen,
        super::judging::cycle_progress,
        super::judging::remind,
        super::results::list,
        super::results::decide,
        super::results::apply_suggestion,
        super::results::publish,
        super::results::winners,
        super::exports::export,
        super::next_year::clone_cycle,
        super::next_year::change_category,
        super::next_year::change_question,
        super::next_year::change_criterion,
        super::broadcasts::send,
        super::broadcasts::list,
        super::broadcasts::outbox_list,
        super::broadcasts::retry,
        document,
    ),
    components(schemas(CycleView, CategoryView, QuestionView, CriterionView, Phase, QuestionKind, ErrorBody, FieldError, Role, ResultRow, DecidedNomination, Decision)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

/// Declares the bearer token scheme that protected operations name.
struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document")))]
#[get("/openapi.json")]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
