//! `/organiser/nominations/new`: an organiser enters a nomination taken by
//! phone or on paper, on the public form's fields, marked as such.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::nomination_fields::FormView;
use super::nomination_form::{self, for_staff};
use super::render;
use super::sign_in::see_other;
use crate::domain::lifecycle::EntryMethod;
use crate::domain::nomination::NominationInput;
use crate::error::{AppError, FieldError};
use crate::services::nominations::CategoryRef;
use crate::services::nominations::public::{self, FormContext, NewNomination, Origin, StaffForm};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "organiser/nominations/choose.html")]
struct ChoosePage {
    nav: Nav,
    categories: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "organiser/nominations/new.html")]
struct EntryPage {
    nav: Nav,
    errors: FormErrors,
    context: FormContext,
    entry_method: String,
    form: FormView,
}

#[derive(Deserialize)]
pub struct EntryQuery {
    category: Option<String>,
}

#[get("/organiser/nominations/new")]
pub async fn entry_form(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<EntryQuery>,
) -> Result<HttpResponse, PageError> {
    let nav = Nav::new(&request, Some(&principal));
    match public::staff_form(&state.db, &principal, query.category.as_deref(), Utc::now()).await? {
        StaffForm::Choose(categories) => render(StatusCode::OK, &ChoosePage { nav, categories }),
        StaffForm::Form(context) => {
            let context = *context;
            let form = FormView::new(
                &context.category,
                &NominationInput::default(),
                &FormErrors::default(),
                true,
            );
            let page = EntryPage {
                nav,
                errors: FormErrors::default(),
                context,
                entry_method: String::new(),
                form,
            };
            render(StatusCode::OK, &page)
        }
    }
}

#[post("/organiser/nominations/new")]
pub async fn enter(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    query: web::Query<EntryQuery>,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    let now = Utc::now();
    let StaffForm::Form(context) = public::staff_form(
        &state.db,
        &principal,
        Some(query.category.as_deref().unwrap_or_default()),
        now,
    )
    .await?
    else {
        return Err(PageError(AppError::not_found("category")));
    };
    let context = *context;
    let (input, meta) = nomination_form::read(fields);
    let outcome = match EntryMethod::parse(&meta.entry_method).filter(|method| method.by_staff()) {
        Some(method) => {
            let nomination = NewNomination {
                category: CategoryRef::Id(context.category.id),
                input: input.clone(),
                submit: true,
                origin: Origin::Staff {
                    principal: principal.clone(),
                    method,
                },
            };
            public::create(
                &state.db,
                nomination,
                &state.settings.public_url,
                &ip.0,
                now,
            )
            .await
        }
        None => Err(AppError::validation(vec![FieldError::new(
            "entry_method",
            "Select how the nomination reached you",
        )])),
    };
    match outcome {
        Ok(saved) => Ok(see_other(&format!(
            "/organiser/nominations/{}?done=entered",
            saved.id
        ))),
        Err(AppError::Validation { errors, .. }) => {
            let errors: FormErrors = for_staff(errors).into();
            let form = FormView::new(&context.category, &input, &errors, true);
            let page = EntryPage {
                nav: Nav::new(&request, Some(&principal)),
                errors,
                context,
                entry_method: meta.entry_method,
                form,
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}
