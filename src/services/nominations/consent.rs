//! The nominee's agreement to be nominated and to have their story
//! published: asked by email when a nomination is sent (if the nominee's
//! address is given), answered through a private link, or recorded by staff
//! from a phone call or a paper form.

use chrono::{DateTime, Utc};
use url::Url;

use super::context::{self, Context};
use super::public::record;
use super::{emails, stored_time};
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::{ConsentStatus, NominationStatus};
use crate::error::{AppError, FieldError};
use crate::services::audit::Actor;
use crate::services::authz::{Principal, require_organiser};
use crate::services::tokens;
use crate::store::consents::{self, ConsentRow};
use crate::store::nominations::{self, NominationRow};
use crate::store::{Db, DbConnection, to_db_time, write_transaction};

/// Starts the consent of a newly sent nomination: emails the nominee when
/// their address is given. Returns whether they were asked.
pub(super) fn ask(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    public_url: &Url,
    now: DateTime<Utc>,
) -> Result<bool, AppError> {
    if row.nominee_email.is_empty() {
        consents::insert(conn, &not_asked(&row.id, now))?;
        return Ok(false);
    }
    let (secret, hash) = tokens::generate();
    let link = emails::consent_link(public_url, &secret)?;
    emails::consent_request(conn, context, row, &link, now)?;
    consents::insert(
        conn,
        &ConsentRow {
            status: ConsentStatus::Pending.as_str().to_owned(),
            token_hash: Some(hash),
            requested_at: Some(to_db_time(now)),
            ..not_asked(&row.id, now)
        },
    )?;
    Ok(true)
}

fn not_asked(nomination_id: &str, now: DateTime<Utc>) -> ConsentRow {
    ConsentRow {
        nomination_id: nomination_id.to_owned(),
        status: ConsentStatus::NotAsked.as_str().to_owned(),
        token_hash: None,
        method: String::new(),
        recorded_by: None,
        requested_at: None,
        decided_at: None,
        updated_at: to_db_time(now),
    }
}

/// The nominee's name or address changed, so it may be another person:
/// whatever the old nominee answered no longer counts, their link stops
/// working, and the nominee now named is asked (when there is an address).
pub(super) fn ask_again(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    public_url: &Url,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    consents::remove(conn, &row.id)?;
    ask(conn, context, row, public_url, now)?;
    Ok(())
}

/// What the nominee sees through their link.
#[derive(Debug, Clone)]
pub struct ConsentRequest {
    pub nominee_name: String,
    pub nominator_name: String,
    pub category: String,
    pub programme: String,
    pub status: ConsentStatus,
}

fn link_not_found() -> AppError {
    AppError::NotFound(
        "This link does not work. Check that you copied all of it from the email. \
         If the nominee's email address was changed, the old link no longer works."
            .into(),
    )
}

fn find(conn: &mut DbConnection, secret: &str) -> Result<(ConsentRow, NominationRow), AppError> {
    let consent =
        consents::find_by_token_hash(conn, &tokens::hash(secret))?.ok_or_else(link_not_found)?;
    let row = nominations::find(conn, &consent.nomination_id)?.ok_or_else(link_not_found)?;
    if row.status == NominationStatus::Withdrawn.as_str() {
        return Err(AppError::Conflict(
            "This nomination has been withdrawn, so there is nothing to answer. \
             Thank you for your time."
                .into(),
        ));
    }
    Ok((consent, row))
}

fn request_of(
    conn: &mut DbConnection,
    consent: &ConsentRow,
    row: &NominationRow,
) -> Result<ConsentRequest, AppError> {
    let context = context::load(conn, &row.category_id)?.ok_or_else(link_not_found)?;
    Ok(ConsentRequest {
        nominee_name: row.nominee_name.clone(),
        nominator_name: row.nominator_name.clone(),
        category: context.category.name,
        programme: context.cycle.title,
        status: ConsentStatus::parse(&consent.status).unwrap_or(ConsentStatus::Pending),
    })
}

/// The request behind a nominee's link.
pub async fn open(db: &Db, secret: &str) -> Result<ConsentRequest, AppError> {
    let secret = secret.to_owned();
    db.run(move |conn| {
        Ok((|| {
            let (consent, row) = find(conn, &secret)?;
            request_of(conn, &consent, &row)
        })())
    })
    .await?
}

/// The nominee says yes or no. They may change their answer later.
pub async fn decide(
    db: &Db,
    secret: &str,
    agree: bool,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<ConsentRequest, AppError> {
    let now = stored_time(now);
    let (secret, ip) = (secret.to_owned(), ip.to_owned());
    db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let (consent, row) = find(conn, &secret)?;
            let status = if agree {
                ConsentStatus::Given
            } else {
                ConsentStatus::Declined
            };
            consents::decide(
                conn,
                &row.id,
                status.as_str(),
                "email",
                None,
                to_db_time(now),
            )?;
            let detail = format!("{} by the nominee", status.as_str());
            record(
                conn,
                &Actor::Anonymous,
                "consent.decided",
                &row,
                &detail,
                &ip,
                now,
            )?;
            let consent = consents::find(conn, &row.id)?.unwrap_or(consent);
            request_of(conn, &consent, &row)
        }))
    })
    .await?
}

/// What staff heard from the nominee.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffConsent {
    Given,
    Declined,
}

/// An organiser records the nominee's answer, given by phone or on paper.
pub async fn record_by_staff(
    db: &Db,
    principal: &Principal,
    id: NominationId,
    answer: StaffConsent,
    method: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_organiser(principal)?;
    if !matches!(method, "phone" | "paper") {
        return Err(AppError::validation(vec![FieldError::new(
            "method",
            "Choose how the nominee told you: by phone or on paper",
        )]));
    }
    let now = stored_time(now);
    let (principal, method, ip) = (principal.clone(), method.to_owned(), ip.to_owned());
    db.run(move |conn| {
        Ok(write_transaction(conn, |conn| {
            let row = nominations::find(conn, &id.to_string())?
                .filter(|row| row.status != "draft")
                .ok_or_else(|| AppError::not_found("nomination"))?;
            if consents::find(conn, &row.id)?.is_none() {
                // Every sent nomination has one; this only guards the update below.
                consents::insert(conn, &not_asked(&row.id, now))?;
            }
            let status = match answer {
                StaffConsent::Given => ConsentStatus::Recorded,
                StaffConsent::Declined => ConsentStatus::Declined,
            };
            let user_id = principal.user_id.to_string();
            consents::decide(
                conn,
                &row.id,
                status.as_str(),
                &method,
                Some(&user_id),
                to_db_time(now),
            )?;
            let detail = format!("{} by {method}, recorded by staff", status.as_str());
            record(
                conn,
                &principal.actor(),
                "consent.recorded",
                &row,
                &detail,
                &ip,
                now,
            )?;
            Ok(())
        }))
    })
    .await?
}
