//! The OpenAPI 3 document of the API, generated from the handlers.

use actix_web::{HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::nominations::{
    ConsentBody, ConsentRecord, EligibilityRequest, NominationRequest, NomineeBody, PersonBody,
};
use crate::domain::lifecycle::{ConsentStatus, EntryMethod, NominationStatus};
use crate::domain::phase::Phase;
use crate::domain::programme::QuestionKind;
use crate::domain::role::Role;
use crate::error::FieldError;
use crate::services::cycles::{CategoryView, CriterionView, CycleChanges, CycleView, QuestionView};
use crate::services::nominations::{
    ConsentView, NominationSummary, NominationView, NominatorView, NomineeView, Saved,
};
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
        super::cycles::update,
        super::nominations::create,
        super::nominations::list,
        super::nominations::get,
        super::nominations::eligibility,
        super::nominations::record_consent,
        super::judges::invite,
        super::judges::list,
        super::judges::deactivate,
        document,
    ),
    components(schemas(
        CycleView, CategoryView, QuestionView, CriterionView, CycleChanges, Phase, QuestionKind,
        ErrorBody, FieldError, Role,
        NominationRequest, PersonBody, NomineeBody, ConsentBody, Saved, NominationView,
        NominationSummary, NominatorView, NomineeView, ConsentView, NominationStatus,
        ConsentStatus, EntryMethod, EligibilityRequest, ConsentRecord,
    )),
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
