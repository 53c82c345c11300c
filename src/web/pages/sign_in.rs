//! Signing in and out: `/login`, `/logout`, `/sign-out-everywhere`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::render;
use crate::domain::role::Role;
use crate::error::{AppError, FieldError};
use crate::services::sessions::{self, SessionKind};
use crate::web::auth::{ClientIp, MaybeSignedIn, SignedIn, expired_session_cookie, session_cookie};
use crate::web::csrf::{self, CsrfForm};
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "sign_in/login.html")]
struct LoginPage {
    nav: Nav,
    errors: FormErrors,
    email: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[get("/login")]
pub async fn login_page(
    request: HttpRequest,
    viewer: MaybeSignedIn,
) -> Result<HttpResponse, PageError> {
    if let Some(principal) = viewer.0 {
        return Ok(see_other(home_of(principal.role)));
    }
    render(
        StatusCode::OK,
        &LoginPage {
            nav: Nav::new(&request, None),
            errors: FormErrors::default(),
            email: String::new(),
        },
    )
}

#[post("/login")]
pub async fn login(
    request: HttpRequest,
    state: web::Data<AppState>,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<LoginForm>,
) -> Result<HttpResponse, PageError> {
    let mut errors = Vec::new();
    if form.email.trim().is_empty() {
        errors.push(FieldError::new("email", "Enter your email address"));
    }
    if form.password.is_empty() {
        errors.push(FieldError::new("password", "Enter your password"));
    }
    let outcome = if errors.is_empty() {
        sessions::login(
            &state.db,
            &form.email,
            &form.password,
            SessionKind::Browser,
            &ip.0,
            Utc::now(),
        )
        .await
    } else {
        Err(AppError::validation(errors))
    };
    let status = match outcome {
        Ok(session) => {
            csrf::renew(&request);
            return Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, home_of(session.principal.role)))
                .cookie(session_cookie(
                    &session.secret,
                    state.settings.secure_cookies(),
                ))
                .finish());
        }
        Err(AppError::Validation { errors: found, .. }) => {
            errors = found;
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(AppError::InvalidCredentials) => {
            errors = vec![FieldError::new(
                "email",
                AppError::InvalidCredentials.to_string(),
            )];
            StatusCode::UNAUTHORIZED
        }
        Err(other) => return Err(PageError(other)),
    };
    let page = LoginPage {
        nav: Nav::new(&request, None),
        errors: errors.into(),
        email: form.email,
    };
    render(status, &page)
}

#[derive(Deserialize)]
pub struct EmptyForm {}

#[post("/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    viewer: MaybeSignedIn,
    ip: ClientIp,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    if let Some(principal) = viewer.0 {
        sessions::logout(&state.db, &principal, &ip.0, Utc::now()).await?;
    }
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/"))
        .cookie(expired_session_cookie(state.settings.secure_cookies()))
        .finish())
}

#[post("/sign-out-everywhere")]
pub async fn sign_out_everywhere(
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    sessions::sign_out_everywhere(&state.db, &principal, &ip.0, Utc::now()).await?;
    Ok(HttpResponse::SeeOther()
        .insert_header((header::LOCATION, "/login"))
        .cookie(expired_session_cookie(state.settings.secure_cookies()))
        .finish())
}

/// Where an account lands after signing in.
pub fn home_of(role: Role) -> &'static str {
    match role {
        Role::Organiser => "/organiser",
        Role::Judge => "/judge",
    }
}

pub fn see_other(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location.to_owned()))
        .finish()
}
