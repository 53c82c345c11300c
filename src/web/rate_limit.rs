//! The per-address limit on the public nomination endpoints (the form
//! posts and `POST /api/v1/nominations`): `public_rate_per_minute` requests
//! from one address in each clock minute; 0 turns it off. Counted in the
//! database (see [`crate::services::limits`]), so several instances share
//! one count. Over the limit, 429 with Retry-After.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::Utc;

use super::client_addr::client_ip;
use super::{ApiError, AppState, PageError};
use crate::domain::limits::Limit;
use crate::error::AppError;
use crate::services::limits;

type Checked = Pin<Box<dyn Future<Output = Result<(), AppError>>>>;

fn check(request: &HttpRequest) -> Checked {
    let Some(state) = request.app_data::<web::Data<AppState>>().cloned() else {
        return Box::pin(std::future::ready(Ok(())));
    };
    let limit = Limit::public_per_minute(state.settings.public_rate_per_minute);
    let ip = client_ip(request).to_string();
    Box::pin(async move { limits::check(&state.db, limit, ip, Utc::now()).await })
}

/// A public page's form post, counted against the address's limit.
pub struct PageRateLimit;

impl FromRequest for PageRateLimit {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let checked = check(request);
        Box::pin(async move { checked.await.map(|()| PageRateLimit).map_err(PageError) })
    }
}

/// A public API call, counted against the address's limit.
pub struct ApiRateLimit;

impl FromRequest for ApiRateLimit {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let checked = check(request);
        Box::pin(async move { checked.await.map(|()| ApiRateLimit).map_err(ApiError) })
    }
}
