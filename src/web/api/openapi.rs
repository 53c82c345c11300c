//! The OpenAPI 3 document of the API, generated from the handlers.

use actix_web::{HttpResponse, get};
use utoipa::OpenApi;

use crate::domain::phase::Phase;
use crate::domain::programme::QuestionKind;
use crate::error::FieldError;
use crate::services::cycles::{CategoryView, CriterionView, CycleView, QuestionView};
use crate::web::error::ErrorBody;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Laurel API",
        description = "Award nominations and judging. Every error answers `{\"error\": \"…\"}`; a validation error (422) adds `errors`."
    ),
    paths(super::cycles::list, super::cycles::get, document),
    components(schemas(
        CycleView,
        CategoryView,
        QuestionView,
        CriterionView,
        Phase,
        QuestionKind,
        ErrorBody,
        FieldError
    ))
)]
pub struct ApiDoc;

/// This document.
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "meta",
    responses((status = 200, description = "The OpenAPI document")))]
#[get("/openapi.json")]
pub async fn document() -> HttpResponse {
    HttpResponse::Ok().json(ApiDoc::openapi())
}
