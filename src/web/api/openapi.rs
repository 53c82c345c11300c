//! The OpenAPI 3 document of the API, generated from the handlers.

use actix_web::{HttpResponse, get};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

use super::nominations::{
    ConsentBody, ConsentRecord, EligibilityRequest, NominationRequest, NomineeBody, PersonBody,
};
use crate::domain::decision::Decision;
use crate::domain::lifecycle::{ConsentStatus, EntryMethod, NominationStatus};
use crate::domain::phase::Phase;
use crate::domain::programme::QuestionKind;
use crate::domain::role::Role;
use crate::error::FieldError;
use crate::services::cycles::{CategoryView, CriterionView, CycleChanges, CycleView, QuestionView};
use crate::services::decisions::DecidedNomination;
use crate::services::nominations::{
    ConsentView, NominationSummary, NominationView, NominatorView, NomineeView, Saved,
};
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
        super::cycles::update,
        super::nominations::create,
        super::nominations::list,
        super::nominations::get,
        super::nominations::eligibility,
        super::nominations::record_consent,
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
    components(schemas(
        CycleView, CategoryView, QuestionView, CriterionView, CycleChanges, Phase, QuestionKind,
        ErrorBody, FieldError, Role,
        NominationRequest, PersonBody, NomineeBody, ConsentBody, Saved, NominationView,
        NominationSummary, NominatorView, NomineeView, ConsentView, NominationStatus,
        ConsentStatus, EntryMethod, EligibilityRequest, ConsentRecord,
        ResultRow, DecidedNomination, Decision,
    )),
    modifiers(&BearerAuth, &CommonErrors)
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

/// Documents the answers any operation can give, in one place: 400 for a
/// malformed request, 413 for a body over the limit, 422 for a body of the
/// wrong shape, 401/403 where a token is needed, and 503 with Retry-After
/// while the database is away or its disk is full.
struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::header::HeaderBuilder;
        use utoipa::openapi::{ContentBuilder, ObjectBuilder, Ref, ResponseBuilder, Type};
        let error = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
        };
        let unavailable = error(
            "The database is away (a restart, a fail-over) or its disk is full: \
             send the request again after Retry-After seconds",
        )
        .header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(Some(
                    ObjectBuilder::new().schema_type(Type::Integer).build(),
                ))
                .description(Some("Seconds to wait before trying again"))
                .build(),
        )
        .build();
        let error = |description: &str| error(description).build();
        for item in openapi.paths.paths.values_mut() {
            let operations = [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ];
            for operation in operations.into_iter().flatten() {
                let responses = &mut operation.responses.responses;
                responses
                    .entry("503".to_owned())
                    .or_insert_with(|| unavailable.clone().into());
                let mut add = |status: &str, description: &str| {
                    responses
                        .entry(status.to_owned())
                        .or_insert_with(|| error(description).into());
                };
                add("400", "The request could not be read");
                add("404", "No such thing");
                if operation.request_body.is_some() {
                    add("413", "The body is over the size limit");
                    add(
                        "422",
                        "The body has the wrong shape, or a value is not valid",
                    );
                }
                if operation
                    .security
                    .as_ref()
                    .is_some_and(|security| !security.is_empty())
                {
                    add("401", "No valid token");
                    add("403", "Not allowed for this account");
                }
            }
        }
    }
}

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document")))]
#[get("/openapi.json")]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
