//! Making a nomination: from the public form, from the API, or by staff on
//! someone's behalf. A repeat of the same request makes no second
//! nomination: the form's one-time id (which becomes the secret of the
//! nominator's private link) or the API's `Idempotency-Key` finds the first.

use chrono::{DateTime, Utc};
use url::Url;

use super::context::{self, CategoryRef, Context};
pub use super::forms::{FormContext, StaffForm, form, staff_form};
use super::{Saved, consent, content_of, emails, link, search_text, stored_time};
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::{EntryMethod, NominationStatus};
use crate::domain::nomination::{
    NominationInput, ValidNomination, validate_for_draft, validate_for_submit,
};
use crate::domain::reference::format_reference;
use crate::error::{AppError, FieldError};
use crate::services::audit::{self, Actor, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::tokens;
use crate::store::nominations::{self, NominationRow};
use crate::store::{Db, DbConnection, parse_id, to_db_time};

/// Where a new nomination comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// The public form. Its one-time id becomes the private link's secret.
    Form { form_id: String },
    /// The JSON API, with the caller's `Idempotency-Key` if it sent one.
    Api { idempotency_key: Option<String> },
    /// An organiser typing in a nomination taken by phone or on paper.
    Staff {
        principal: Principal,
        method: EntryMethod,
    },
}

#[derive(Debug, Clone)]
pub struct NewNomination {
    pub category: CategoryRef,
    pub input: NominationInput,
    /// Submit for judging (`true`) or save as a draft.
    pub submit: bool,
    pub origin: Origin,
}

/// The longest `Idempotency-Key` accepted.
const MAX_KEY_CHARS: usize = 200;

/// Makes a nomination, or answers the one an identical earlier request made.
#[tracing::instrument(skip_all, fields(submit = nomination.submit))]
pub async fn create(
    db: &Db,
    nomination: NewNomination,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Saved, AppError> {
    let now = stored_time(now);
    if let Origin::Staff { principal, method } = &nomination.origin {
        require_organiser(principal)?;
        if !method.by_staff() {
            return Err(AppError::BadRequest(
                "Staff enter nominations taken by phone or on paper".into(),
            ));
        }
    }
    let request_hash = match &nomination.origin {
        Origin::Api {
            idempotency_key: Some(key),
        } => {
            check_key(key)?;
            let request = serde_json::to_string(&(
                format!("{:?}", nomination.category),
                &nomination.input,
                nomination.submit,
            ))
            .map_err(anyhow::Error::from)?;
            Some(tokens::hash(&request))
        }
        _ => None,
    };
    // The reading and checking that need no lock happen first, in parallel
    // with other requests and from memory; the write itself is kept short,
    // since writes take turns.
    let context = context::resolve(db, &nomination.category, now).await?;
    let valid = if nomination.submit {
        validate_for_submit(&nomination.input, &context.rules)
    } else {
        validate_for_draft(&nomination.input, &context.rules)
    };
    let checked = Checked { context, valid };
    // On PostgreSQL two first tries with one key can race to insert; the
    // loser's unique index error means the winner's nomination exists, so
    // one more go finds and answers it.
    let attempt = |nomination: NewNomination| {
        let (request_hash, public_url, ip, checked) = (
            request_hash.clone(),
            public_url.clone(),
            ip.to_owned(),
            checked.clone(),
        );
        db.write(move |conn| {
            create_in(
                conn,
                &nomination,
                checked,
                request_hash.as_deref(),
                &public_url,
                &ip,
                now,
            )
        })
    };
    match attempt(nomination.clone()).await {
        Err(error) if is_unique_violation(&error) => attempt(nomination).await,
        outcome => outcome,
    }
}

fn check_key(key: &str) -> Result<(), AppError> {
    if key.is_empty()
        || key.chars().count() > MAX_KEY_CHARS
        || !key.chars().all(|c| c.is_ascii_graphic() || c == ' ')
    {
        return Err(AppError::BadRequest(format!(
            "The Idempotency-Key header must be 1 to {MAX_KEY_CHARS} printable ASCII characters"
        )));
    }
    Ok(())
}

fn is_unique_violation(error: &AppError) -> bool {
    use diesel::result::{DatabaseErrorKind, Error};
    matches!(error, AppError::Unexpected(cause) if matches!(
        cause.downcast_ref::<Error>(),
        Some(Error::DatabaseError(DatabaseErrorKind::UniqueViolation, _))
    ))
}

/// A nomination's category and the outcome of checking it, worked out
/// before its write begins.
#[derive(Clone)]
struct Checked {
    context: Context,
    valid: Result<ValidNomination, Vec<FieldError>>,
}

fn create_in(
    conn: &mut DbConnection,
    nomination: &NewNomination,
    Checked { context, valid }: Checked,
    request_hash: Option<&str>,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Saved, AppError> {
    let (secret, key) = match &nomination.origin {
        Origin::Form { form_id } => {
            if let Some(row) = nominations::find_by_token_hash(conn, &tokens::hash(form_id))? {
                // The same form sent again: carry on with the nomination it made.
                let context = context::load(conn, &row.category_id)?
                    .ok_or_else(|| AppError::not_found("category"))?;
                return link::save_in(
                    conn,
                    &context,
                    row,
                    &nomination.input,
                    nomination.submit,
                    form_id,
                    public_url,
                    ip,
                    now,
                );
            }
            (form_id.clone(), None)
        }
        Origin::Api {
            idempotency_key: Some(key),
        } => {
            if let Some(row) = nominations::find_by_idempotency_key(conn, &context.cycle.id, key)? {
                if row.request_hash.as_deref() != request_hash {
                    return Err(AppError::validation(vec![FieldError::new(
                        "Idempotency-Key",
                        "This Idempotency-Key was already used for a different nomination: use a new key for a new nomination",
                    )]));
                }
                return replay(&row);
            }
            (tokens::generate().0, Some(key.clone()))
        }
        Origin::Api {
            idempotency_key: None,
        }
        | Origin::Staff { .. } => (tokens::generate().0, None),
    };
    context.require_open(now)?;
    let valid = valid.map_err(AppError::validation)?;
    let (method, entered_by, actor) = match &nomination.origin {
        Origin::Form { .. } => (EntryMethod::Online, None, Actor::Anonymous),
        Origin::Api { .. } => (EntryMethod::Api, None, Actor::Anonymous),
        Origin::Staff { principal, method } => (
            *method,
            Some(principal.user_id.to_string()),
            principal.actor(),
        ),
    };
    let id = NominationId::new();
    // A nomination sent at once takes its reference now, so that it is
    // written once, already submitted.
    let numbered = if nomination.submit {
        let number = nominations::next_reference_number(conn, &context.cycle.id)?;
        let reference = format_reference(
            &context.cycle.reference_prefix,
            u32::try_from(number).unwrap_or_default(),
        );
        Some((number, reference))
    } else {
        None
    };
    let reference = numbered.as_ref().map(|(_, reference)| reference.clone());
    let content = content_of(&valid, reference.as_deref())?;
    let row = NominationRow {
        id: id.to_string(),
        cycle_id: context.cycle.id.clone(),
        category_id: context.category.id.clone(),
        status: if numbered.is_some() {
            NominationStatus::Submitted
        } else {
            NominationStatus::Draft
        }
        .as_str()
        .to_owned(),
        reference,
        number: numbered.as_ref().map(|(number, _)| *number),
        entry_method: method.as_str().to_owned(),
        entered_by,
        token_hash: tokens::hash(&secret),
        idempotency_key: key,
        request_hash: request_hash.map(str::to_owned),
        nominator_name: content.nominator_name,
        nominator_email: content.nominator_email,
        nominator_job_title: content.nominator_job_title,
        nominator_organisation: content.nominator_organisation,
        nominator_phone: content.nominator_phone,
        nominee_name: content.nominee_name,
        nominee_email: content.nominee_email,
        nominee_organisation: content.nominee_organisation,
        nominee_locality: content.nominee_locality,
        certificate_name: content.certificate_name,
        answers: content.answers,
        nominator_confirms: content.nominator_confirms,
        search_text: content.search_text,
        status_reason: String::new(),
        duplicate_of: None,
        created_at: to_db_time(now),
        updated_at: to_db_time(now),
        submitted_at: numbered.as_ref().map(|_| to_db_time(now)),
    };
    nominations::insert(conn, &row)?;
    let link = emails::nomination_link(public_url, &secret)?;
    let emailed_to = match &numbered {
        Some((_, reference)) => {
            let asked = consent::ask(conn, &context, &row, public_url, now)?;
            let detail = format!("{reference}, {}", row.entry_method);
            record(conn, &actor, "nomination.submitted", &row, &detail, ip, now)?;
            emails::received(conn, &context, &row, &link, asked, now)?
        }
        None => {
            record(conn, &actor, "nomination.draft_saved", &row, "", ip, now)?;
            emails::draft_saved(conn, &context, &row, &link, now)?
        }
    };
    Ok(Saved {
        id,
        reference: row.reference.clone(),
        status: status_of(&row)?,
        secret: Some(secret),
        replayed: false,
        emailed_to,
    })
}

/// The answer to a repeated request: the nomination as it is now.
pub(super) fn replay(row: &NominationRow) -> Result<Saved, AppError> {
    Ok(Saved {
        id: parse_id(&row.id)?,
        reference: row.reference.clone(),
        status: status_of(row)?,
        secret: None,
        replayed: true,
        emailed_to: None,
    })
}

pub(super) fn status_of(row: &NominationRow) -> Result<NominationStatus, AppError> {
    NominationStatus::parse(&row.status).ok_or_else(|| {
        AppError::Unexpected(anyhow::anyhow!(
            "nomination {} has status {:?}",
            row.id,
            row.status
        ))
    })
}

pub(super) fn reload(conn: &mut DbConnection, id: &str) -> Result<NominationRow, AppError> {
    nominations::find(conn, id)?
        .ok_or_else(|| AppError::Unexpected(anyhow::anyhow!("nomination {id} vanished")))
}

/// Sends a checked draft for judging: gives it the cycle's next reference,
/// asks the nominee's consent, and emails the nominator the confirmation.
/// Returns the submitted row and where the confirmation went.
#[expect(clippy::too_many_arguments, reason = "one transaction's whole context")]
pub(super) fn submit_in(
    conn: &mut DbConnection,
    context: &Context,
    id: &str,
    link: &str,
    actor: &Actor,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(NominationRow, Option<String>), AppError> {
    let number = nominations::next_reference_number(conn, &context.cycle.id)?;
    let reference = format_reference(
        &context.cycle.reference_prefix,
        u32::try_from(number).unwrap_or_default(),
    );
    let draft = reload(conn, id)?;
    let text = search_text(
        Some(&reference),
        [
            &draft.nominee_name,
            &draft.nominee_organisation,
            &draft.nominator_name,
            &draft.nominator_email,
        ],
    );
    nominations::mark_submitted(conn, id, &reference, number, &text, to_db_time(now))?;
    let row = reload(conn, id)?;
    let asked = consent::ask(conn, context, &row, public_url, now)?;
    let detail = format!("{reference}, {}", row.entry_method);
    record(conn, actor, "nomination.submitted", &row, &detail, ip, now)?;
    let emailed_to = emails::received(conn, context, &row, link, asked, now)?;
    Ok((row, emailed_to))
}

/// Writes an audit entry about a nomination.
pub(super) fn record(
    conn: &mut DbConnection,
    actor: &Actor,
    action: &str,
    row: &NominationRow,
    detail: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    audit::record(
        conn,
        actor,
        Entry {
            action,
            subject_type: "nomination",
            subject_id: row.id.clone(),
            detail: detail.to_owned(),
        },
        ip,
        now,
    )?;
    Ok(())
}
