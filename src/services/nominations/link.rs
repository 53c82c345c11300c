//! What a nominator can do through their private link, with no account:
//! continue, submit or discard a draft, and change or withdraw a submitted
//! nomination, until nominations close. Each change is emailed.

use chrono::{DateTime, Utc};
use url::Url;

use super::context::{self, Context};
use super::forms::{self, FormContext};
use super::public::{record, reload, replay, status_of, submit_in};
use super::{NominationView, Saved, consent, content_of, emails, input_of, stored_time, view_of};
use crate::domain::lifecycle::NominationStatus;
use crate::domain::nomination::{NominationInput, validate_for_draft, validate_for_submit};
use crate::domain::phase::Phase;
use crate::error::AppError;
use crate::services::audit::Actor;
use crate::services::{cycles, tokens};
use crate::store::nominations::{self, NominationRow};
use crate::store::{Db, DbConnection, consents, parse_id, to_db_time, write_transaction};

/// A nomination opened through its private link.
#[derive(Debug, Clone)]
pub struct LinkedNomination {
    pub nomination: NominationView,
    /// The nomination as the form shows it.
    pub input: NominationInput,
    pub form: FormContext,
    /// Whether the nominator can still change it (it is a draft or submitted,
    /// and nominations are open).
    pub can_edit: bool,
    pub can_withdraw: bool,
}

fn link_not_found() -> AppError {
    AppError::NotFound(
        "This link does not work. Check that you copied all of it from the email. \
         If the nomination was a draft, it may have been deleted."
            .into(),
    )
}

fn find(conn: &mut DbConnection, secret: &str) -> Result<(NominationRow, Context), AppError> {
    let row =
        nominations::find_by_token_hash(conn, &tokens::hash(secret))?.ok_or_else(link_not_found)?;
    let context = context::load(conn, &row.category_id)?.ok_or_else(link_not_found)?;
    Ok((row, context))
}

/// The nomination behind a private link, with its form.
pub async fn open(db: &Db, secret: &str, now: DateTime<Utc>) -> Result<LinkedNomination, AppError> {
    let secret = secret.to_owned();
    let (row, context, consent, duplicate_of) =
        db.run(move |conn| Ok(open_in(conn, &secret))).await??;
    let cycle = cycles::get(db, parse_id(&context.cycle.id)?, now).await?;
    let category_id = context.category.id.clone();
    let form = forms::form_in(cycle, |category| category.id.to_string() == category_id)?;
    let names = [(
        context.category.id.clone(),
        (context.category.slug.clone(), context.category.name.clone()),
    )]
    .into_iter()
    .collect();
    let input = input_of(&row)?;
    let nomination = view_of(row, &names, consent.as_ref(), duplicate_of)?;
    let open = form.cycle.phase == Phase::Nominating;
    Ok(LinkedNomination {
        can_edit: open && nomination.status.nominator_can_edit(),
        can_withdraw: open && nomination.status.nominator_can_withdraw(),
        nomination,
        input,
        form,
    })
}

type Opened = (
    NominationRow,
    Context,
    Option<consents::ConsentRow>,
    Option<String>,
);

fn open_in(conn: &mut DbConnection, secret: &str) -> Result<Opened, AppError> {
    let (row, context) = find(conn, secret)?;
    let consent = consents::find(conn, &row.id)?;
    let duplicate_of = match &row.duplicate_of {
        Some(id) => nominations::find(conn, id)?.and_then(|other| other.reference),
        None => None,
    };
    Ok((row, context, consent, duplicate_of))
}

/// Saves a draft (submitting it when `submit`), or saves the changes to a
/// submitted nomination.
pub async fn save(
    db: &Db,
    secret: &str,
    input: NominationInput,
    submit: bool,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Saved, AppError> {
    let now = stored_time(now);
    let (secret, public_url, ip) = (secret.to_owned(), public_url.clone(), ip.to_owned());
    db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let (row, context) = find(conn, &secret)?;
            save_in(
                conn,
                &context,
                row,
                &input,
                submit,
                &secret,
                &public_url,
                &ip,
                now,
            )
        }))
    })
    .await?
}

/// Saves `input` over the nomination `row` inside a transaction.
#[expect(clippy::too_many_arguments, reason = "one transaction's whole context")]
pub(super) fn save_in(
    conn: &mut DbConnection,
    context: &Context,
    row: NominationRow,
    input: &NominationInput,
    submit: bool,
    secret: &str,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<Saved, AppError> {
    let status = status_of(&row)?;
    if !status.nominator_can_edit() {
        return Err(AppError::Conflict(format!(
            "This nomination is {} and can no longer be changed",
            status.label().to_lowercase()
        )));
    }
    context.require_open(now)?;
    let full = submit || status == NominationStatus::Submitted;
    let valid = if full {
        validate_for_submit(input, &context.rules)
    } else {
        validate_for_draft(input, &context.rules)
    }
    .map_err(AppError::validation)?;
    let content = content_of(&valid, row.reference.as_deref())?;
    let link = emails::nomination_link(public_url, secret)?;
    let actor = Actor::Anonymous;
    nominations::update_content(conn, &row.id, &content, to_db_time(now))?;
    let saved = reload(conn, &row.id)?;
    let emailed_to = match status {
        NominationStatus::Draft if submit => {
            submit_in(conn, context, &row.id, &link, &actor, public_url, ip, now)?.1
        }
        NominationStatus::Draft => {
            record(conn, &actor, "nomination.draft_saved", &saved, "", ip, now)?;
            // Email the link when the draft first has an address to send it to.
            if saved.nominator_email != row.nominator_email {
                emails::draft_saved(conn, context, &saved, &link, now)?
            } else {
                None
            }
        }
        _ => {
            let changes = emails::changes(context, &row, &saved)?;
            if changes.is_empty() {
                return replay(&saved).map(|saved| Saved {
                    secret: Some(secret.to_owned()),
                    ..saved
                });
            }
            let detail = format!("changed: {}", changes.join("; "));
            record(conn, &actor, "nomination.changed", &saved, &detail, ip, now)?;
            if saved.nominee_email != row.nominee_email || saved.nominee_name != row.nominee_name {
                consent::ask_again(conn, context, &saved, public_url, now)?;
            }
            if row.nominator_email != saved.nominator_email {
                // Tell the old address too, in case someone else made the change.
                let old = NominationRow {
                    nominator_email: row.nominator_email.clone(),
                    ..saved.clone()
                };
                emails::changed(conn, context, &old, changes.clone(), &link, now)?;
            }
            emails::changed(conn, context, &saved, changes, &link, now)?
        }
    };
    let row = reload(conn, &row.id)?;
    Ok(Saved {
        id: parse_id(&row.id)?,
        reference: row.reference.clone(),
        status: status_of(&row)?,
        secret: Some(secret.to_owned()),
        replayed: false,
        emailed_to,
    })
}

/// Deletes a draft for good.
pub async fn discard(db: &Db, secret: &str, ip: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let now = stored_time(now);
    let (secret, ip) = (secret.to_owned(), ip.to_owned());
    db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let (row, _) = find(conn, &secret)?;
            if status_of(&row)? != NominationStatus::Draft {
                return Err(AppError::Conflict(
                    "Only a draft can be deleted. You can withdraw a nomination you have sent."
                        .into(),
                ));
            }
            nominations::delete(conn, &row.id)?;
            record(
                conn,
                &Actor::Anonymous,
                "nomination.discarded",
                &row,
                "",
                &ip,
                now,
            )
        }))
    })
    .await?
}

/// Withdraws a sent nomination: it will not be judged.
pub async fn withdraw(db: &Db, secret: &str, ip: &str, now: DateTime<Utc>) -> Result<(), AppError> {
    let now = stored_time(now);
    let (secret, ip) = (secret.to_owned(), ip.to_owned());
    db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let (row, context) = find(conn, &secret)?;
            let status = status_of(&row)?;
            if !status.nominator_can_withdraw() {
                return Err(AppError::Conflict(match status {
                    NominationStatus::Draft => {
                        "This nomination has not been sent. You can delete the draft instead."
                            .into()
                    }
                    _ => "This nomination has already been withdrawn".into(),
                }));
            }
            context.require_open(now)?;
            nominations::set_status(
                conn,
                &row.id,
                NominationStatus::Withdrawn.as_str(),
                &row.status_reason,
                row.duplicate_of.as_deref(),
                to_db_time(now),
            )?;
            let row = reload(conn, &row.id)?;
            record(
                conn,
                &Actor::Anonymous,
                "nomination.withdrawn",
                &row,
                "",
                &ip,
                now,
            )?;
            emails::withdrawn(conn, &context, &row, now)?;
            Ok(())
        }))
    })
    .await?
}
