//! `/nominate/{slug}`: a category's nomination form, and sending or saving
//! it. Also the page types that the private-link pages share.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;

use super::layout::{FormErrors, Nav};
use super::nomination_fields::FormView;
use super::nomination_form::{self, is_form_id};
use super::render;
use super::sign_in::see_other;
use crate::domain::lifecycle::NominationStatus;
use crate::domain::nomination::NominationInput;
use crate::error::AppError;
use crate::services::authz::Principal;
use crate::services::cycles::CategoryView;
use crate::services::nominations::public::{self, FormContext, NewNomination, Origin};
use crate::services::nominations::{CategoryRef, Saved};
use crate::services::tokens;
use crate::web::auth::{ClientIp, MaybeSignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::rate_limit::PageRateLimit;
use crate::web::{AppState, PageError};

/// The nomination form, new or reopened through a private link.
#[derive(Template)]
#[template(path = "nominate/form.html")]
pub(super) struct FormPage {
    pub nav: Nav,
    pub errors: FormErrors,
    pub heading: String,
    pub cycle_title: String,
    pub category: CategoryView,
    pub deadline: String,
    /// Why the form takes no nominations now, instead of the form.
    pub closed: Option<String>,
    pub notice: Option<String>,
    pub show_intro: bool,
    pub action: String,
    pub form_id: String,
    pub form: FormView,
    pub submit_label: &'static str,
    /// What the main button sends as `action`: `submit`, or `change` for a
    /// nomination already sent.
    pub submit_action: &'static str,
    pub show_save: bool,
    pub links: Vec<(String, String)>,
}

impl FormPage {
    /// A category's form for a new nomination.
    pub fn new(
        nav: Nav,
        context: &FormContext,
        input: &NominationInput,
        errors: FormErrors,
        form_id: String,
        staff: bool,
    ) -> FormPage {
        let deadline = nav.deadline(&context.cycle.nominations_close_at);
        FormPage {
            form: FormView::new(&context.category, input, &errors, staff),
            nav,
            errors,
            heading: format!("Nominate for {}", context.category.name),
            cycle_title: context.cycle.title.clone(),
            category: context.category.clone(),
            deadline,
            closed: context.closed.clone(),
            notice: None,
            show_intro: true,
            action: format!("/nominate/{}", context.category.slug),
            form_id,
            submit_label: "Send nomination",
            submit_action: "submit",
            show_save: !staff,
            links: Vec::new(),
        }
    }
}

/// A page that tells the outcome of something, with an optional reference
/// panel and private link.
#[derive(Template)]
#[template(path = "nominate/message.html")]
pub(super) struct MessagePage {
    pub nav: Nav,
    pub heading: String,
    pub panel_label: &'static str,
    pub panel: Option<String>,
    pub paragraphs: Vec<String>,
    pub private_link: Option<String>,
    pub links: Vec<(String, String)>,
}

/// "Are you sure?" before deleting or withdrawing.
#[derive(Template)]
#[template(path = "nominate/confirm.html")]
pub(super) struct ConfirmPage {
    pub nav: Nav,
    pub heading: String,
    pub paragraphs: Vec<String>,
    pub action: String,
    pub button: &'static str,
    pub back: String,
}

/// Pages holding a private link or a one-time form id are never cached.
pub(super) fn private(mut response: HttpResponse) -> HttpResponse {
    response.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    response
}

/// Where a nomination's outcome is shown, after a post.
pub(super) fn after_save(saved: &Saved, was_submitted: bool) -> Result<HttpResponse, PageError> {
    let secret = saved.secret.as_deref().ok_or_else(|| {
        PageError(AppError::Unexpected(anyhow::anyhow!(
            "a page saved a nomination without its link"
        )))
    })?;
    let outcome = match saved.status {
        NominationStatus::Draft => "saved",
        _ if was_submitted => "changed",
        _ => "sent",
    };
    Ok(see_other(&format!("/nomination/{secret}/{outcome}")))
}

fn nav(request: &HttpRequest, viewer: Option<&Principal>) -> Nav {
    Nav::new(request, viewer)
}

#[get("/nominate/{slug}")]
pub async fn form(
    request: HttpRequest,
    state: web::Data<AppState>,
    viewer: MaybeSignedIn,
    slug: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let context = public::form(&state.db, &slug, Utc::now()).await?;
    let (form_id, _) = tokens::generate();
    let page = FormPage::new(
        nav(&request, viewer.0.as_ref()),
        &context,
        &NominationInput::default(),
        FormErrors::default(),
        form_id,
        false,
    );
    Ok(private(render(StatusCode::OK, &page)?))
}

#[post("/nominate/{slug}")]
pub async fn send(
    request: HttpRequest,
    state: web::Data<AppState>,
    viewer: MaybeSignedIn,
    slug: web::Path<String>,
    ip: ClientIp,
    _limit: PageRateLimit,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    let context = public::form(&state.db, &slug, Utc::now()).await?;
    let (input, meta) = nomination_form::read(fields);
    // A form without a proper id still works; only a repeat of it is not recognised.
    let form_id = if is_form_id(&meta.form_id) {
        meta.form_id.clone()
    } else {
        tokens::generate().0
    };
    let nomination = NewNomination {
        category: CategoryRef::Id(context.category.id),
        input: input.clone(),
        submit: meta.submit(),
        origin: Origin::Form {
            form_id: form_id.clone(),
        },
    };
    match public::create(
        &state.db,
        nomination,
        &state.settings.public_url,
        &ip.0,
        Utc::now(),
    )
    .await
    {
        Ok(saved) => after_save(&saved, false),
        Err(AppError::Validation { errors, .. }) => {
            let page = FormPage::new(
                nav(&request, viewer.0.as_ref()),
                &context,
                &input,
                errors.into(),
                form_id,
                false,
            );
            Ok(private(render(StatusCode::UNPROCESSABLE_ENTITY, &page)?))
        }
        Err(other) => Err(PageError(other)),
    }
}
