//! `/nomination/{token}`: the nominator's private link. Continue, send or
//! delete a draft; change or withdraw a sent nomination; see the outcome.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::Utc;

use super::layout::{FormErrors, Nav};
use super::nominate::{ConfirmPage, FormPage, MessagePage, after_save, private};
use super::nomination_form::{self, Line, summary_lines};
use super::render;
use super::sign_in::EmptyForm;
use crate::domain::lifecycle::NominationStatus;
use crate::error::AppError;
use crate::services::nominations::link::{self, LinkedNomination};
use crate::services::nominations::when;
use crate::web::auth::ClientIp;
use crate::web::csrf::CsrfForm;
use crate::web::rate_limit::PageRateLimit;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "nominate/summary.html")]
struct SummaryPage {
    nav: Nav,
    heading: String,
    cycle_title: String,
    notices: Vec<String>,
    lines: Vec<Line>,
    links: Vec<(String, String)>,
}

fn heading(linked: &LinkedNomination) -> String {
    match &linked.nomination.reference {
        Some(reference) => format!("Your nomination {reference}"),
        None => "Your draft nomination".to_owned(),
    }
}

/// The form reopened through the link, or a summary when it cannot change.
fn link_page(
    nav: Nav,
    token: &str,
    linked: &LinkedNomination,
    input: &crate::domain::nomination::NominationInput,
    errors: FormErrors,
) -> Result<HttpResponse, PageError> {
    let status = linked.nomination.status;
    let deadline = when(linked.form.cycle.nominations_close_at);
    if !linked.can_edit {
        let mut notices = vec![match status {
            NominationStatus::Draft => {
                "This draft was never sent, and nominations have now closed.".to_owned()
            }
            NominationStatus::Withdrawn => {
                "You withdrew this nomination. It will not be judged.".to_owned()
            }
            _ => format!(
                "Nominations closed at {deadline}, so this nomination can no longer be changed."
            ),
        }];
        if let Some(message) = linked
            .form
            .closed
            .as_ref()
            .filter(|_| status == NominationStatus::Draft)
        {
            notices.push(message.clone());
        }
        let page = SummaryPage {
            nav,
            heading: heading(linked),
            cycle_title: linked.form.cycle.title.clone(),
            notices,
            lines: summary_lines(&linked.nomination, &linked.form.category.questions),
            links: if linked.can_withdraw {
                vec![(
                    format!("/nomination/{token}/withdraw"),
                    "Withdraw this nomination".into(),
                )]
            } else {
                Vec::new()
            },
        };
        return Ok(private(render(StatusCode::OK, &page)?));
    }
    let draft = status == NominationStatus::Draft;
    let mut page = FormPage::new(nav, &linked.form, input, errors, String::new(), false);
    page.heading = heading(linked);
    page.show_intro = false;
    page.action = format!("/nomination/{token}");
    page.notice = Some(if draft {
        format!(
            "This is a draft: it has not been sent yet. Finish it and send it before {deadline}."
        )
    } else {
        format!(
            "This nomination for {} has been sent. You can change it until {deadline}.",
            linked.form.category.name
        )
    });
    (page.submit_label, page.submit_action) = if draft {
        ("Send nomination", "submit")
    } else {
        ("Save changes", "change")
    };
    page.show_save = draft;
    page.links = if draft {
        vec![(
            format!("/nomination/{token}/delete"),
            "Delete this draft".into(),
        )]
    } else {
        vec![(
            format!("/nomination/{token}/withdraw"),
            "Withdraw this nomination".into(),
        )]
    };
    let status = if page.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(private(render(status, &page)?))
}

#[get("/nomination/{token}")]
pub async fn show(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let linked = link::open(&state.db, &token, Utc::now()).await?;
    let input = linked.input.clone();
    link_page(
        Nav::new(&request, None),
        &token,
        &linked,
        &input,
        FormErrors::default(),
    )
}

#[post("/nomination/{token}")]
pub async fn save(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    ip: ClientIp,
    _limit: PageRateLimit,
    CsrfForm(fields): CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, PageError> {
    let (input, meta) = nomination_form::read(fields);
    let now = Utc::now();
    let outcome = link::save(
        &state.db,
        &token,
        input.clone(),
        meta.submit(),
        &state.settings.public_url,
        &ip.0,
        now,
    )
    .await;
    match outcome {
        Ok(saved) => after_save(&saved, meta.action == "change"),
        Err(AppError::Validation { errors, .. }) => {
            let linked = link::open(&state.db, &token, now).await?;
            link_page(
                Nav::new(&request, None),
                &token,
                &linked,
                &input,
                errors.into(),
            )
        }
        Err(other) => Err(PageError(other)),
    }
}

#[get("/nomination/{token}/{outcome:sent|saved|changed}")]
pub async fn outcome_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, PageError> {
    let (token, outcome) = path.into_inner();
    let linked = link::open(&state.db, &token, Utc::now()).await?;
    let nomination = &linked.nomination;
    let deadline = when(linked.form.cycle.nominations_close_at);
    let link = state
        .settings
        .public_url
        .join(&format!("nomination/{token}"))
        .map_err(|error| PageError(AppError::Unexpected(error.into())))?
        .to_string();
    let email = &nomination.nominator.email;
    let mut paragraphs = Vec::new();
    let (heading, panel) = match (outcome.as_str(), &nomination.reference) {
        ("saved", _) | (_, None) => {
            paragraphs.push(format!(
                "Your nomination has not been sent yet. Use your private link to finish it and send it before {deadline}."
            ));
            paragraphs.push(if email.is_empty() {
                "You have not given your email address, so we could not email you the link. Copy it or bookmark it now.".to_owned()
            } else {
                format!("We have emailed the link to {email}.")
            });
            ("Your draft has been saved".to_owned(), None)
        }
        ("changed", Some(reference)) => {
            paragraphs.push(format!(
                "We have emailed a summary of the changes to {email}."
            ));
            paragraphs.push(format!("You can make more changes until {deadline}."));
            (
                "Your changes have been saved".to_owned(),
                Some(reference.clone()),
            )
        }
        (_, Some(reference)) => {
            paragraphs.push(format!(
                "We have sent a confirmation email to {email}, with a summary of your nomination."
            ));
            if nomination.nominee.email.is_some() {
                paragraphs.push(format!(
                    "We will also email {} to ask if they agree to be nominated.",
                    nomination.nominee.name
                ));
            }
            paragraphs.push(format!(
                "You can change or withdraw your nomination until {deadline} with your private link. The judges will read the nominations after that."
            ));
            ("Nomination sent".to_owned(), Some(reference.clone()))
        }
    };
    let page = MessagePage {
        nav: Nav::new(&request, None),
        heading,
        panel_label: "Your reference is",
        panel,
        paragraphs,
        private_link: Some(link),
        links: vec![("/".to_owned(), "Go back to the award categories".to_owned())],
    };
    Ok(private(render(StatusCode::OK, &page)?))
}

fn confirm_page(
    request: &HttpRequest,
    token: &str,
    linked: &LinkedNomination,
    withdrawing: bool,
) -> Result<HttpResponse, PageError> {
    let who = &linked.nomination.nominee.name;
    let page = if withdrawing {
        ConfirmPage {
            nav: Nav::new(request, None),
            heading: "Are you sure you want to withdraw your nomination?".into(),
            paragraphs: vec![format!(
                "Your nomination of {who} will not be judged. You cannot undo this, but you can send a new nomination before nominations close."
            )],
            action: format!("/nomination/{token}/withdraw"),
            button: "Yes, withdraw my nomination",
            back: format!("/nomination/{token}"),
        }
    } else {
        ConfirmPage {
            nav: Nav::new(request, None),
            heading: "Are you sure you want to delete your draft?".into(),
            paragraphs: vec![
                "Everything you have typed will be deleted. You cannot undo this.".into(),
            ],
            action: format!("/nomination/{token}/delete"),
            button: "Yes, delete my draft",
            back: format!("/nomination/{token}"),
        }
    };
    Ok(private(render(StatusCode::OK, &page)?))
}

#[get("/nomination/{token}/withdraw")]
pub async fn confirm_withdraw(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let linked = link::open(&state.db, &token, Utc::now()).await?;
    if !linked.can_withdraw {
        return link_page(
            Nav::new(&request, None),
            &token,
            &linked,
            &linked.input.clone(),
            FormErrors::default(),
        );
    }
    confirm_page(&request, &token, &linked, true)
}

#[post("/nomination/{token}/withdraw")]
pub async fn withdraw(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    ip: ClientIp,
    _limit: PageRateLimit,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    link::withdraw(&state.db, &token, &ip.0, Utc::now()).await?;
    let page = MessagePage {
        nav: Nav::new(&request, None),
        heading: "Your nomination has been withdrawn".into(),
        panel_label: "",
        panel: None,
        paragraphs: vec!["It will not be judged. We have emailed you to confirm.".into()],
        private_link: None,
        links: vec![("/".to_owned(), "Go back to the award categories".to_owned())],
    };
    Ok(private(render(StatusCode::OK, &page)?))
}

#[get("/nomination/{token}/delete")]
pub async fn confirm_delete(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
) -> Result<HttpResponse, PageError> {
    let linked = link::open(&state.db, &token, Utc::now()).await?;
    if linked.nomination.status != NominationStatus::Draft {
        return link_page(
            Nav::new(&request, None),
            &token,
            &linked,
            &linked.input.clone(),
            FormErrors::default(),
        );
    }
    confirm_page(&request, &token, &linked, false)
}

#[post("/nomination/{token}/delete")]
pub async fn delete(
    request: HttpRequest,
    state: web::Data<AppState>,
    token: web::Path<String>,
    ip: ClientIp,
    _limit: PageRateLimit,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, PageError> {
    link::discard(&state.db, &token, &ip.0, Utc::now()).await?;
    let page = MessagePage {
        nav: Nav::new(&request, None),
        heading: "Your draft has been deleted".into(),
        panel_label: "",
        panel: None,
        paragraphs: vec!["Nothing was sent, and the link no longer works.".into()],
        private_link: None,
        links: vec![("/".to_owned(), "Go back to the award categories".to_owned())],
    };
    Ok(private(render(StatusCode::OK, &page)?))
}
