//! `POST /nominations` (anyone), `GET /nominations`, `GET /nominations/{id}`,
//! and the organisers' review calls.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse, get, post, put, web};
use chrono::Utc;
use serde::Deserialize;
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

use super::cycles::parse_path_id;
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::EntryMethod;
use crate::domain::nomination::NominationInput;
use crate::error::{AppError, FieldError};
use crate::services::authz::Principal;
use crate::services::nominations::consent::{self, StaffConsent};
use crate::services::nominations::public::{self, NewNomination, Origin};
use crate::services::nominations::review::{self, ListQuery, Listing, PageAsked};
use crate::services::nominations::{CategoryRef, NominationSummary, NominationView, Saved};
use crate::web::auth::{Bearer, ClientIp, MaybeBearer};
use crate::web::error::ErrorBody;
use crate::web::rate_limit::ApiRateLimit;
use crate::web::{ApiError, AppState};

/// The body of `POST /nominations`, for the OpenAPI document (the handler
/// reads the JSON itself, to tell a missing `consent` from a refused one).
#[derive(ToSchema)]
#[allow(dead_code, reason = "describes the JSON body; never built")]
pub struct NominationRequest {
    /// The category's slug (in the cycle taking nominations) or id.
    category: String,
    nominator: PersonBody,
    nominee: NomineeBody,
    /// Answers by question key; see the category's `questions`.
    answers: std::collections::HashMap<String, String>,
    /// `true` sends it for judging (every required answer needed); `false`
    /// saves a draft, and emails the nominator a private link to it.
    submit: bool,
    /// Optional. Without it, an API call counts as the nominator confirming
    /// the declaration; `{"nominator_confirms": false}` refuses a submission.
    consent: Option<ConsentBody>,
    /// Organisers only: a nomination they took by phone or on paper.
    entry_method: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "describes the JSON body; never built")]
pub struct PersonBody {
    name: String,
    email: String,
    job_title: Option<String>,
    organisation: Option<String>,
    phone: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "describes the JSON body; never built")]
pub struct NomineeBody {
    name: String,
    email: Option<String>,
    organisation: Option<String>,
    locality: Option<String>,
    /// The name to print on a certificate; the nominee's name when empty.
    certificate_name: Option<String>,
}

#[derive(ToSchema)]
#[allow(dead_code, reason = "describes the JSON body; never built")]
pub struct ConsentBody {
    /// The nominator confirms the information is true and that they may be
    /// contacted about the nomination.
    nominator_confirms: bool,
}

/// The parts of the body the domain's input does not hold.
#[derive(Deserialize)]
struct Meta {
    #[serde(default)]
    category: Value,
    #[serde(default)]
    submit: Value,
    #[serde(default)]
    consent: Value,
    #[serde(default)]
    entry_method: Value,
}

fn invalid(field: &str, message: &str) -> ApiError {
    ApiError(AppError::validation(vec![FieldError::new(field, message)]))
}

/// Reads the body of `POST /nominations`. `staff` is the signed-in caller,
/// who may enter a nomination taken by phone or on paper.
fn read_body(
    body: Value,
    idempotency_key: Option<String>,
    staff: Option<Principal>,
) -> Result<NewNomination, ApiError> {
    if !body.is_object() {
        return Err(invalid("body", "Send a JSON object"));
    }
    let meta: Meta = serde_json::from_value(body.clone())
        .map_err(|error| invalid("body", &error.to_string()))?;
    let mut input: NominationInput =
        serde_json::from_value(body).map_err(|error| invalid("body", &error.to_string()))?;
    let category = match &meta.category {
        Value::String(text) if !text.trim().is_empty() => CategoryRef::parse(text),
        _ => {
            return Err(invalid(
                "category",
                "Give the category's slug or id, from GET /api/v1/cycles",
            ));
        }
    };
    let submit = match meta.submit {
        Value::Bool(submit) => submit,
        Value::Null => false,
        _ => {
            return Err(invalid(
                "submit",
                "Give true to submit, or false to save a draft",
            ));
        }
    };
    // API.md's body has no consent: calling the API is the nominator confirming.
    if meta.consent.is_null() {
        input.consent.nominator_confirms = true;
    }
    let origin = match meta.entry_method {
        Value::Null => Origin::Api { idempotency_key },
        Value::String(text) => {
            let principal = staff.ok_or_else(|| {
                ApiError(AppError::Forbidden(
                    "Only organisers can enter a nomination taken by phone or on paper".into(),
                ))
            })?;
            let method = EntryMethod::parse(&text)
                .filter(|method| method.by_staff())
                .ok_or_else(|| invalid("entry_method", "Give phone or paper"))?;
            if !submit {
                return Err(invalid(
                    "submit",
                    "A nomination taken by phone or on paper is sent at once: give true",
                ));
            }
            Origin::Staff { principal, method }
        }
        _ => return Err(invalid("entry_method", "Give phone or paper")),
    };
    Ok(NewNomination {
        category,
        input,
        submit,
        origin,
    })
}

/// Makes a nomination (or a draft). Send an `Idempotency-Key` header to make
/// retries safe: a repeat with the same key and body answers the same
/// nomination (200, with `Idempotent-Replayed: true`) instead of a second.
#[utoipa::path(post, path = "/api/v1/nominations", tag = "nominations", request_body = NominationRequest,
    params(("Idempotency-Key" = Option<String>, Header, description = "Up to 200 printable characters; unique per request you mean once")),
    responses(
        (status = 201, description = "Made", body = Saved),
        (status = 200, description = "A repeat of an earlier request with the same Idempotency-Key", body = Saved),
        (status = 400, body = ErrorBody), (status = 409, description = "Nominations are not open", body = ErrorBody),
        (status = 403, description = "Only organisers may give an entry_method (phone or paper)", body = ErrorBody),
        (status = 413, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, description = "Too many requests from this address; see Retry-After", body = ErrorBody),
    ))]
#[post("/nominations")]
pub async fn create(
    request: HttpRequest,
    state: web::Data<AppState>,
    _limit: ApiRateLimit,
    viewer: MaybeBearer,
    ip: ClientIp,
    body: web::Json<Value>,
) -> Result<HttpResponse, ApiError> {
    let key = match request.headers().get("Idempotency-Key") {
        Some(value) => Some(
            value
                .to_str()
                .map_err(|_| {
                    ApiError(AppError::BadRequest(
                        "The Idempotency-Key header must be printable ASCII".into(),
                    ))
                })?
                .to_owned(),
        ),
        None => None,
    };
    let nomination = read_body(body.into_inner(), key, viewer.0)?;
    let saved = public::create(
        &state.db,
        nomination,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await?;
    let mut response = if saved.replayed {
        let mut response = HttpResponse::Ok();
        response.insert_header(("Idempotent-Replayed", "true"));
        response
    } else {
        HttpResponse::Created()
    };
    Ok(response
        .insert_header((
            header::LOCATION,
            format!("/api/v1/nominations/{}", saved.id),
        ))
        .json(saved))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct ListParams {
    /// A category's slug.
    #[serde(default)]
    category: String,
    /// `draft`, `submitted`, `withdrawn`, `ineligible` or `duplicate`;
    /// without it, every status but draft.
    #[serde(default)]
    status: String,
    /// `not_asked`, `pending`, `given`, `declined` or `recorded`.
    #[serde(default)]
    consent: String,
    /// Text in the reference, the names or the nominator's email.
    #[serde(default)]
    q: String,
    /// Asks for one page of the list (from 1; 1 when only `per_page` is
    /// given). Without `page` and `per_page` the whole list is answered.
    #[param(value_type = Option<u64>, minimum = 1)]
    page: Option<String>,
    /// How many nominations a page holds, from 1 to 500 (50 when only
    /// `page` is given).
    #[param(value_type = Option<u64>, minimum = 1, maximum = 500)]
    per_page: Option<String>,
}

/// The current cycle's nominations, in reference order: all of them, or
/// with `page` or `per_page` one page, with the paging headers.
#[utoipa::path(get, path = "/api/v1/nominations", tag = "nominations", security(("bearer" = [])),
    params(ListParams),
    responses((status = 200, body = [NominationSummary], headers(
            ("X-Total-Count" = u64, description = "With `page` or `per_page`: how many nominations match, over every page"),
            ("Link" = String, description = "With `page` or `per_page`: RFC 8288 links, relative to the request, to the `next`, `prev`, `first` and `last` pages that exist, keeping the other query parameters"))),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, description = "`page` or `per_page` out of range", body = ErrorBody)))]
#[get("/nominations")]
pub async fn list(
    request: HttpRequest,
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    params: web::Query<ListParams>,
) -> Result<HttpResponse, ApiError> {
    let params = params.into_inner();
    let query = ListQuery {
        category: params.category,
        status: params.status,
        consent: params.consent,
        text: params.q,
        page: 1,
    };
    let asked = PageAsked {
        page: params.page,
        per_page: params.per_page,
    };
    let listing = review::list_for_api(&state.db, &principal, query, asked, Utc::now()).await?;
    Ok(match listing {
        Listing::All(items) => HttpResponse::Ok().json(items),
        Listing::Page {
            items,
            paging,
            total,
        } => {
            let mut response = HttpResponse::Ok();
            super::paging::add_headers(&mut response, &request, paging, total);
            response.json(items)
        }
    })
}

/// One nomination with its answers.
#[utoipa::path(get, path = "/api/v1/nominations/{id}", tag = "nominations", security(("bearer" = [])),
    params(("id" = String, Path)),
    responses((status = 200, body = NominationView), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/nominations/{id}")]
pub async fn get(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<NominationId>(&id, "nomination")?;
    let detail = review::get(&state.db, &principal, id, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(detail.nomination))
}

/// An organiser's review of a nomination's eligibility.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EligibilityRequest {
    /// `ineligible` (give `reason`), `duplicate` (give `duplicate_of`, a
    /// reference) or `submitted` (undoes either).
    status: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    duplicate_of: String,
}

/// Marks a nomination ineligible or a duplicate, or restores it.
#[utoipa::path(put, path = "/api/v1/nominations/{id}/eligibility", tag = "nominations", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = EligibilityRequest,
    responses((status = 200, body = NominationView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/nominations/{id}/eligibility")]
pub async fn eligibility(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<EligibilityRequest>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<NominationId>(&id, "nomination")?;
    let (db, now) = (&state.db, Utc::now());
    match body.status.as_str() {
        "ineligible" => {
            review::mark_ineligible(db, &principal, id, &body.reason, &ip.0, now).await?
        }
        "duplicate" => {
            review::mark_duplicate(db, &principal, id, &body.duplicate_of, &ip.0, now).await?
        }
        "submitted" => review::restore(db, &principal, id, &ip.0, now).await?,
        _ => return Err(invalid("status", "Give ineligible, duplicate or submitted")),
    }
    let detail = review::get(db, &principal, id, now).await?;
    Ok(HttpResponse::Ok().json(detail.nomination))
}

/// What the nominee told staff.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRecord {
    /// `given` or `declined`.
    answer: String,
    /// `phone` or `paper`.
    method: String,
}

/// Records the nominee's consent, given to staff by phone or on paper.
#[utoipa::path(put, path = "/api/v1/nominations/{id}/consent", tag = "nominations", security(("bearer" = [])),
    params(("id" = String, Path)), request_body = ConsentRecord,
    responses((status = 200, body = NominationView), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
#[put("/nominations/{id}/consent")]
pub async fn record_consent(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    id: web::Path<String>,
    body: web::Json<ConsentRecord>,
) -> Result<HttpResponse, ApiError> {
    let id = parse_path_id::<NominationId>(&id, "nomination")?;
    let answer = match body.answer.as_str() {
        "given" => StaffConsent::Given,
        "declined" => StaffConsent::Declined,
        _ => return Err(invalid("answer", "Give given or declined")),
    };
    let now = Utc::now();
    consent::record_by_staff(&state.db, &principal, id, answer, &body.method, &ip.0, now).await?;
    let detail = review::get(&state.db, &principal, id, now).await?;
    Ok(HttpResponse::Ok().json(detail.nomination))
}
