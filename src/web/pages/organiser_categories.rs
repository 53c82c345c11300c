//! The organisers' category pages: change a category's name, description,
//! eligibility, judges per nomination and shortlist size, its questions and
//! its criteria; and start next year's cycle as a copy of this one.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, get, post, web};
use askama::Template;
use chrono::{NaiveDate, Utc};
use serde::Deserialize;

use super::layout::{FormErrors, Nav};
use super::organiser_results::current_cycle;
use super::render;
use super::sign_in::see_other;
use crate::error::{AppError, FieldError};
use crate::services::authz::require_organiser;
use crate::services::cycles::{CategoryView, CycleView};
use crate::services::next_year::{self, Change, CloneInput};
use crate::store::next_year::{CategoryChange, CriterionChange, QuestionChange};
use crate::web::auth::{ClientIp, SignedIn};
use crate::web::csrf::CsrfForm;
use crate::web::{AppState, PageError};

#[derive(Template)]
#[template(path = "organiser/categories.html")]
struct CategoriesPage {
    nav: Nav,
    cycle: CycleView,
    errors: FormErrors,
    form: CloneForm,
    outcome: Option<String>,
}

impl CategoriesPage {
    /// The clone form's fields: name, label, hint, value.
    fn fields(&self) -> Vec<(&'static str, &'static str, &'static str, String)> {
        let f = &self.form;
        vec![
            (
                "title",
                "Title",
                "Like Self Management Awards 2017",
                f.title.clone(),
            ),
            (
                "slug",
                "Short name for web addresses",
                "Lower-case letters, digits and dashes, like sma-2017",
                f.slug.clone(),
            ),
            (
                "reference_prefix",
                "Reference prefix",
                "Capital letters and digits, like SMA17",
                f.reference_prefix.clone(),
            ),
            (
                "nominations_open_at",
                "Nominations open",
                "A date like 2027-06-01",
                f.nominations_open_at.clone(),
            ),
            (
                "nominations_close_at",
                "Nominations close",
                "A date like 2027-08-05",
                f.nominations_close_at.clone(),
            ),
            (
                "judging_close_at",
                "Judging closes",
                "A date like 2027-09-01",
                f.judging_close_at.clone(),
            ),
        ]
    }
}

#[derive(Template)]
#[template(path = "organiser/category.html")]
struct CategoryPage {
    nav: Nav,
    category: CategoryView,
    errors: FormErrors,
    outcome: Option<String>,
}

#[derive(Deserialize)]
pub struct OutcomeQuery {
    done: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub struct CloneForm {
    #[serde(default)]
    title: String,
    #[serde(default)]
    slug: String,
    #[serde(default)]
    reference_prefix: String,
    #[serde(default)]
    nominations_open_at: String,
    #[serde(default)]
    nominations_close_at: String,
    #[serde(default)]
    judging_close_at: String,
}

#[get("/organiser/categories")]
pub async fn categories_page(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let page = CategoriesPage {
        nav: Nav::new(&request, Some(&principal)),
        cycle: current_cycle(&state).await?,
        errors: FormErrors::default(),
        form: CloneForm::default(),
        outcome: query.into_inner().done,
    };
    render(StatusCode::OK, &page)
}

/// A date field (YYYY-MM-DD) as midnight UTC; none when it is not a date.
fn date(text: &str) -> Option<chrono::DateTime<Utc>> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .map(|day| day.and_time(chrono::NaiveTime::MIN).and_utc())
}

#[post("/organiser/next-year")]
pub async fn clone_cycle(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    CsrfForm(form): CsrfForm<CloneForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let cycle = current_cycle(&state).await?;
    let input = CloneInput {
        title: form.title.clone(),
        slug: form.slug.clone(),
        reference_prefix: form.reference_prefix.clone(),
        nominations_open_at: date(&form.nominations_open_at),
        nominations_close_at: date(&form.nominations_close_at),
        judging_close_at: date(&form.judging_close_at),
    };
    let outcome =
        next_year::clone_cycle(&state.db, &principal, cycle.id, input, &ip.0, Utc::now()).await;
    match outcome {
        Ok(new) => Ok(see_other(&format!(
            "/organiser/categories?done={}",
            url::form_urlencoded::byte_serialize(format!("{} created", new.title).as_bytes())
                .collect::<String>()
        ))),
        Err(AppError::Validation { errors, .. }) => {
            let page = CategoriesPage {
                nav: Nav::new(&request, Some(&principal)),
                cycle,
                errors: errors.into(),
                form,
                outcome: None,
            };
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}

async fn category_page(
    request: &HttpRequest,
    state: &AppState,
    principal: &crate::services::authz::Principal,
    slug: &str,
    errors: FormErrors,
    outcome: Option<String>,
) -> Result<CategoryPage, PageError> {
    let category = current_cycle(state)
        .await?
        .categories
        .into_iter()
        .find(|c| c.slug == slug)
        .ok_or_else(|| PageError(AppError::not_found("category")))?;
    Ok(CategoryPage {
        nav: Nav::new(request, Some(principal)),
        category,
        errors,
        outcome,
    })
}

#[get("/organiser/categories/{slug}")]
pub async fn category_form(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    slug: web::Path<String>,
    query: web::Query<OutcomeQuery>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let page = category_page(
        &request,
        &state,
        &principal,
        &slug,
        FormErrors::default(),
        query.into_inner().done,
    )
    .await?;
    render(StatusCode::OK, &page)
}

/// Every field any of the three forms sends.
#[derive(Debug, Default, Deserialize)]
pub struct ChangeForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    eligibility: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    help: String,
    #[serde(default)]
    required: Option<String>,
    #[serde(default)]
    judges_per_nomination: String,
    #[serde(default)]
    shortlist_size: String,
    #[serde(default)]
    max_words: String,
    #[serde(default)]
    weight: String,
    #[serde(default)]
    scale_max: String,
}

/// A whole number from a form, or an error for `field`.
fn number(field: &str, text: &str, errors: &mut Vec<FieldError>) -> Option<i32> {
    let text = text.trim();
    if text.is_empty() {
        return None;
    }
    text.parse()
        .map_err(|_| errors.push(FieldError::new(field, "Enter a whole number")))
        .ok()
}

#[post("/organiser/categories/{slug}/{kind}/{key}")]
pub async fn change(
    request: HttpRequest,
    state: web::Data<AppState>,
    SignedIn(principal): SignedIn,
    ip: ClientIp,
    path: web::Path<(String, String, String)>,
    CsrfForm(form): CsrfForm<ChangeForm>,
) -> Result<HttpResponse, PageError> {
    require_organiser(&principal)?;
    let (slug, kind, key) = path.into_inner();
    let mut errors = Vec::new();
    let change = match kind.as_str() {
        "category" => Change::Category(CategoryChange {
            name: Some(form.name.trim().to_owned()),
            description: Some(form.description.trim().to_owned()),
            eligibility: Some(form.eligibility.trim().to_owned()),
            judges_per_nomination: number(
                "judges_per_nomination",
                &form.judges_per_nomination,
                &mut errors,
            ),
            shortlist_size: number("shortlist_size", &form.shortlist_size, &mut errors),
        }),
        "questions" => Change::Question(
            key,
            QuestionChange {
                label: Some(form.label.trim().to_owned()),
                help: Some(form.help.trim().to_owned()),
                required: Some(form.required.is_some()),
                max_words: Some(
                    number("max_words", &form.max_words, &mut errors).filter(|w| *w != 0),
                ),
            },
        ),
        "criteria" => Change::Criterion(
            key,
            CriterionChange {
                name: Some(form.name.trim().to_owned()),
                description: Some(form.description.trim().to_owned()),
                weight: number("weight", &form.weight, &mut errors),
                scale_max: number("scale_max", &form.scale_max, &mut errors),
            },
        ),
        _ => return Err(PageError(AppError::not_found("page"))),
    };
    let cycle = current_cycle(&state).await?;
    let outcome = if errors.is_empty() {
        next_year::change_category(
            &state.db,
            &principal,
            cycle.id,
            &slug,
            change,
            &ip.0,
            Utc::now(),
        )
        .await
    } else {
        Err(AppError::validation(errors))
    };
    match outcome {
        Ok(_) => Ok(see_other(&format!(
            "/organiser/categories/{slug}?done=Saved"
        ))),
        Err(AppError::Validation { errors, .. }) => {
            let page =
                category_page(&request, &state, &principal, &slug, errors.into(), None).await?;
            render(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(PageError(other)),
    }
}
