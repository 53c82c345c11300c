//! Pages behind emailed links: accepting an invitation and resetting a password.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::render;
use super::sign_in::home_of;
use crate::error::{AppError, FieldError};
use crate::services::links::{self, LinkPurpose};
use crate::web::auth::{ClientIp, session_cookie};
use crate::web::csrf::{self, CsrfForm};
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "sign_in/choose_password.html")]
struct ChoosePasswordPage {
    nav: Nav,
    errors: FormErrors,
    name: String,
    heading: &'static str,
    action: String,
}

#[derive(Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    password: String,
    #[serde(default)]
    confirm: String,
}

fn heading(purpose: LinkPurpose) -> &'static str {
    match purpose {
        LinkPurpose::Invitation => "Accept your invitation",
        LinkPurpose::PasswordReset => "Choose a new password",
    }
}

fn path(purpose: LinkPurpose, token: &str) -> String {
    match purpose {
        LinkPurpose::Invitation => format!("/invitation/{token}"),
        LinkPurpose::PasswordReset => format!("/password-reset/{token}"),
    }
}

async fn show(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: String,
    purpose: LinkPurpose,
) -> Result<HttpResponse, PageError> {
    let name = links::check(&state.db, &token, purpose, Utc::now()).await?;
    let page = ChoosePasswordPage {
        nav: Nav::new(&request, None),
        errors: FormErrors::default(),
        name,
        heading: heading(purpose),
        action: path(purpose, &token),
    };
    render(StatusCode::OK, &page)
}

async fn submit(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: String,
    purpose: LinkPurpose,
    ip: String,
    form: PasswordForm,
) -> Result<HttpResponse, PageError> {
    let outcome = if form.password != form.confirm {
        Err(AppError::validation(vec![FieldError::new(
            "confirm",
            "The two passwords do not match",
        )]))
    } else {
        links::set_password(&state.db, &token, purpose, &form.password, &ip, Utc::now()).await
    };
    match outcome {
        Ok(session) => {
            csrf::renew(&request);
            Ok(HttpResponse::SeeOther()
                .insert_header((header::LOCATION, home_of(session.principal.role)))
                .cookie(session_cookie(
                    &session.secret,
                    state.settings.secure_cookies(),
                ))
                .finish())
        }
        Err(AppError::Validation { errors, .. }) => {
            let name = links::check(&state.db, &token, purpose, Utc::now()).await?;
            let page = ChoosePasswordPage {
                nav: Nav::new(&request, None),
                errors: errors.into(),
                name,
                heading: heading(purpose),
                action: path(purpose, &token),
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}

#[get("/invitation/{token}")]
pub async fn invitation(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    show(request, state, token.into_inner(), LinkPurpose::Invitation).await
}

#[post("/invitation/{token}")]
pub async fn accept_invitation(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    submit(
        request,
        state,
        token.into_inner(),
        LinkPurpose::Invitation,
        ip.0,
        form,
    )
    .await
}

#[get("/password-reset/{token}")]
pub async fn reset(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    show(
        request,
        state,
        token.into_inner(),
        LinkPurpose::PasswordReset,
    )
    .await
}

#[post("/password-reset/{token}")]
pub async fn complete_reset(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<PasswordForm>,
) -> Result<HttpResponse, PageError> {
    submit(
        request,
        state,
        token.into_inner(),
        LinkPurpose::PasswordReset,
        ip.0,
        form,
    )
    .await
}

#[derive(Template)]
#[template(path = "sign_in/request_reset.html")]
struct RequestResetPage {
    nav: Nav,
    errors: FormErrors,
    email: String,
    sent: bool,
}

#[derive(Deserialize)]
pub struct RequestResetForm {
    #[serde(default)]
    email: String,
}

#[get("/password-reset")]
pub async fn request_reset_page(request: HttpRequest) -> Result<HttpResponse, PageError> {
    let page = RequestResetPage {
        nav: Nav::new(&request, None),
        errors: FormErrors::default(),
        email: String::new(),
        sent: false,
    };
    render(StatusCode::OK, &page)
}

/// Answers the same whether or not the address has an account.
#[post("/password-reset")]
pub async fn request_reset(
    request: HttpRequest,
    state: web::Data<AppState>,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<RequestResetForm>,
) -> Result<HttpResponse, PageError> {
    let outcome = links::request_password_reset(
        &state.db,
        &form.email,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await;
    let (status, errors, sent) = match outcome {
        Ok(()) => (StatusCode::OK, FormErrors::default(), true),
        Err(AppError::Validation { errors, .. }) => {
            (StatusCode::UNPROCESSABLE_ENTITY, errors.into(), false)
        }
        Err(other) => return Err(PageError(other)),
    };
    let page = RequestResetPage {
        nav: Nav::new(&request, None),
        errors,
        email: form.email,
        sent,
    };
    render(status, &page)
}
