//! Who is asking: extractors for the signed-in account (browser session
//! cookie for pages, bearer token for the API) and the client's address.

use std::future::Future;
use std::pin::Pin;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use chrono::Utc;

use super::{ApiError, AppState, PageError};
use crate::error::AppError;
use crate::services::authz::Principal;
use crate::services::sessions::{self, SessionKind};

pub const SESSION_COOKIE: &str = "laurel_session";

fn state(request: &HttpRequest) -> Result<web::Data<AppState>, AppError> {
    request
        .app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("the application state is missing")))
}

async fn from_cookie(request: HttpRequest) -> Result<Option<Principal>, AppError> {
    let Some(secret) = request
        .cookie(SESSION_COOKIE)
        .map(|cookie| cookie.value().to_owned())
    else {
        return Ok(None);
    };
    sessions::resolve(
        &state(&request)?.db,
        &secret,
        SessionKind::Browser,
        Utc::now(),
    )
    .await
}

async fn from_bearer(request: HttpRequest) -> Result<Option<Principal>, AppError> {
    let Some(value) = request.headers().get(header::AUTHORIZATION) else {
        return Ok(None);
    };
    let secret = value
        .to_str()
        .ok()
        .and_then(|value| value.strip_prefix("Bearer "))
        .map(str::trim)
        .filter(|secret| !secret.is_empty())
        .ok_or(AppError::Unauthorized)?;
    match sessions::resolve(&state(&request)?.db, secret, SessionKind::Api, Utc::now()).await? {
        Some(principal) => Ok(Some(principal)),
        None => Err(AppError::Unauthorized),
    }
}

type Boxed<T, E> = Pin<Box<dyn Future<Output = Result<T, E>>>>;

/// A page for signed-in accounts; anyone else is sent to `/login`.
pub struct SignedIn(pub Principal);

impl FromRequest for SignedIn {
    type Error = PageError;
    type Future = Boxed<Self, PageError>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            from_cookie(request)
                .await?
                .map(SignedIn)
                .ok_or(PageError(AppError::Unauthorized))
        })
    }
}

/// A page anyone can see, which shows more to a signed-in account.
pub struct MaybeSignedIn(pub Option<Principal>);

impl FromRequest for MaybeSignedIn {
    type Error = PageError;
    type Future = Boxed<Self, PageError>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move { Ok(MaybeSignedIn(from_cookie(request).await?)) })
    }
}

/// An API call with a valid bearer token.
pub struct Bearer(pub Principal);

impl FromRequest for Bearer {
    type Error = ApiError;
    type Future = Boxed<Self, ApiError>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move {
            from_bearer(request)
                .await?
                .map(Bearer)
                .ok_or(ApiError(AppError::Unauthorized))
        })
    }
}

/// An API call that may carry a bearer token (a bad one is still refused).
pub struct MaybeBearer(pub Option<Principal>);

impl FromRequest for MaybeBearer {
    type Error = ApiError;
    type Future = Boxed<Self, ApiError>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        Box::pin(async move { Ok(MaybeBearer(from_bearer(request).await?)) })
    }
}

/// The address the request came from, for throttling and the audit log
/// (see [`client_addr`](super::client_addr) for proxies).
pub struct ClientIp(pub String);

impl FromRequest for ClientIp {
    type Error = actix_web::Error;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        let ip = super::client_addr::client_ip(request).to_string();
        std::future::ready(Ok(ClientIp(ip)))
    }
}

/// The session cookie: HttpOnly, SameSite=Lax, Secure on https.
pub fn session_cookie(secret: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, secret.to_owned())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::hours(
            sessions::BROWSER_ABSOLUTE.num_hours(),
        ))
        .finish()
}

/// A cookie that removes the session cookie.
pub fn expired_session_cookie(secure: bool) -> Cookie<'static> {
    let mut cookie = session_cookie("", secure);
    cookie.make_removal();
    cookie
}
