//! Downloads over the API: the shortlist (CSV, Excel), scores and nominations.

use actix_web::http::header::{self, ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, get, web};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

use super::cycles::parse_path_id;
use crate::domain::ids::CycleId;
use crate::error::AppError;
use crate::services::exports::{self, ExportFile, ExportKind};
use crate::web::auth::{Bearer, ClientIp};
use crate::web::error::ErrorBody;
use crate::web::{ApiError, AppState};

#[derive(Debug, Deserialize, IntoParams)]
pub struct ExportQuery {
    /// One category (by slug); all when absent.
    pub category: Option<String>,
}

/// A file answered as a download.
pub fn download(file: ExportFile) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(file.content_type)
        .insert_header(ContentDisposition {
            disposition: DispositionType::Attachment,
            parameters: vec![DispositionParam::Filename(file.file_name)],
        })
        .insert_header((header::CACHE_CONTROL, "no-store"))
        .body(file.bytes)
}

/// Parses the file name of an export, or 404.
pub fn kind_of(file: &str) -> Result<ExportKind, AppError> {
    ExportKind::parse(file).ok_or_else(|| AppError::not_found("export"))
}

/// A download with a header row (organisers; audit-logged): `shortlist.csv`
/// and `shortlist.xlsx` (the shortlisted and winning nominations with their
/// scores), `scores.csv` (one row per submitted review, a column per
/// criterion), `nominations.csv` (every submitted nomination). In CSV, a cell
/// that starts with = + - @, a tab or a carriage return gets a leading apostrophe.
#[utoipa::path(get, path = "/api/v1/cycles/{id}/export/{file}", tag = "results", security(("bearer" = [])),
    params(("id" = String, Path), ("file" = String, Path, description = "shortlist.csv, shortlist.xlsx, scores.csv or nominations.csv"), ExportQuery),
    responses((status = 200, description = "The file", content_type = "text/csv"), (status = 401, body = ErrorBody), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
#[get("/cycles/{id}/export/{file}")]
pub async fn export(
    state: web::Data<AppState>,
    Bearer(principal): Bearer,
    ip: ClientIp,
    path: web::Path<(String, String)>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (id, file) = path.into_inner();
    let cycle = parse_path_id::<CycleId>(&id, "cycle")?;
    let kind = kind_of(&file)?;
    let file = exports::export(
        &state.db,
        &principal,
        cycle,
        kind,
        query.category.as_deref(),
        &ip.0,
        Utc::now(),
    )
    .await?;
    Ok(download(file))
}
