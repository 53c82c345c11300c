//! Protection against cross-site request forgery for every form: a random
//! token in a cookie, which each form repeats in a hidden field
//! (`csrf_token`). A request from another site cannot read the cookie, so it
//! cannot repeat it. Every form handler takes its body through `CsrfForm`,
//! so no form can forget the check. (The API takes bearer tokens, never
//! cookies, so it needs no token.)

use std::future::Future;
use std::pin::Pin;

use actix_web::body::MessageBody;
use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;

use super::{AppState, PageError};
use crate::error::AppError;
use crate::services::tokens;

pub const CSRF_COOKIE: &str = "laurel_csrf";

/// A token made for this request, to be set as a cookie on its response.
#[derive(Clone)]
struct NewToken(String);

fn cookie_token(request: &HttpRequest) -> Option<String> {
    request
        .cookie(CSRF_COOKIE)
        .map(|cookie| cookie.value().to_owned())
        .filter(|value| value.len() == 43)
}

/// The token a page puts in its forms: the cookie's, or a new one that the
/// response will set.
pub fn token_for(request: &HttpRequest) -> String {
    if let Some(token) = cookie_token(request) {
        return token;
    }
    if let Some(NewToken(token)) = request.extensions().get::<NewToken>() {
        return token.clone();
    }
    let (token, _) = tokens::generate();
    request.extensions_mut().insert(NewToken(token.clone()));
    token
}

/// Gives the browser a new token with this response, at sign-in: a token
/// someone planted or learnt before the sign-in no longer works after it.
pub fn renew(request: &HttpRequest) {
    let (token, _) = tokens::generate();
    request.extensions_mut().insert(NewToken(token));
}

/// Middleware: sets the cookie when a page made a new token.
pub async fn set_cookie(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let secure = request
        .app_data::<web::Data<AppState>>()
        .is_some_and(|state| state.settings.secure_cookies());
    let mut response = next.call(request).await?;
    let new_token = response.request().extensions().get::<NewToken>().cloned();
    if let Some(NewToken(token)) = new_token {
        let cookie = Cookie::build(CSRF_COOKIE, token)
            .path("/")
            .http_only(true)
            .secure(secure)
            .same_site(SameSite::Lax)
            .finish();
        response.response_mut().add_cookie(&cookie)?;
    }
    Ok(response)
}

#[derive(Deserialize)]
struct TokenField {
    #[serde(default)]
    csrf_token: String,
}

fn forged() -> PageError {
    PageError(AppError::Forbidden(
        "This form could not be accepted because it has expired or did not come from this site. \
         Go back, reload the page, and send it again."
            .into(),
    ))
}

/// A form body whose CSRF token matched, parsed as `T` (repeated fields, as
/// from checkboxes, become lists).
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned + 'static> FromRequest for CsrfForm<T> {
    type Error = PageError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, PageError>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let request = request.clone();
        let body = web::Bytes::from_request(&request, payload);
        Box::pin(async move {
            let body = body.await.map_err(|error| {
                if error.as_response_error().status_code()
                    == actix_web::http::StatusCode::PAYLOAD_TOO_LARGE
                {
                    PageError(AppError::TooLarge {
                        limit_kib: super::FORM_LIMIT / 1024,
                    })
                } else {
                    PageError(AppError::BadRequest("The form could not be read".into()))
                }
            })?;
            let expected = cookie_token(&request).ok_or_else(forged)?;
            let sent: TokenField = serde_html_form::from_bytes(&body).map_err(|_| forged())?;
            if !bool::from(sent.csrf_token.as_bytes().ct_eq(expected.as_bytes())) {
                return Err(forged());
            }
            // Without this, bytes that are not UTF-8 would quietly become U+FFFD.
            if percent_encoding::percent_decode(&body)
                .decode_utf8()
                .is_err()
            {
                return Err(PageError(AppError::BadRequest(
                    "The form could not be read: it holds characters that are not valid text (UTF-8)"
                        .into(),
                )));
            }
            serde_html_form::from_bytes(&body)
                .map(CsrfForm)
                .map_err(|error| {
                    PageError(AppError::BadRequest(format!(
                        "The form could not be read: {error}"
                    )))
                })
        })
    }
}
