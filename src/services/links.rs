//! Private links sent by email: accepting a judge's invitation and resetting
//! a password. Each link works once, expires, and is stored only as a hash.

use chrono::{DateTime, Duration, Utc};
use url::Url;

use crate::domain::email::EmailAddress;
use crate::domain::ids::ActionTokenId;
use crate::domain::limits::{RESET_PER_ACCOUNT, RESET_PER_ADDRESS, RESET_PER_EMAIL};
use crate::domain::password::NewPassword;
use crate::error::{AppError, FieldError};
use crate::mail::templates::PasswordResetEmail;
use crate::mail::{Recipient, queue_email};
use crate::services::audit::{self, Actor, Entry};
use crate::services::sessions::{NewSession, SessionKind, start_session};
use crate::services::{limits, passwords, tokens};
use crate::store::action_tokens::{self, ActionTokenRow, INVITATION, PASSWORD_RESET};
use crate::store::users::{self, UserRow};
use crate::store::{Db, DbConnection, sessions, to_db_time, write_transaction};

/// A password reset link lasts this long.
pub const RESET_LIFETIME: Duration = Duration::hours(1);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkPurpose {
    Invitation,
    PasswordReset,
}

impl LinkPurpose {
    fn as_str(self) -> &'static str {
        match self {
            LinkPurpose::Invitation => INVITATION,
            LinkPurpose::PasswordReset => PASSWORD_RESET,
        }
    }
}

fn link_not_usable() -> AppError {
    AppError::NotFound(
        "This link has expired or has already been used. Ask for a new one: the awards team can invite you again, \
         or you can reset your password from the sign-in page."
            .into(),
    )
}

fn usable_link(
    conn: &mut DbConnection,
    secret: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<(ActionTokenRow, UserRow)>> {
    let Some(link) = action_tokens::find_usable(
        conn,
        &tokens::hash(secret),
        purpose.as_str(),
        to_db_time(now),
    )?
    else {
        return Ok(None);
    };
    Ok(users::find(conn, &link.user_id)?
        .filter(|user| user.active)
        .map(|user| (link, user)))
}

/// The name of the account a link belongs to, when the link can be used.
pub async fn check(
    db: &Db,
    secret: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let secret = secret.to_owned();
    db.run(move |conn| Ok(usable_link(conn, &secret, purpose, now)?.map(|(_, user)| user.name)))
        .await?
        .ok_or_else(link_not_usable)
}

/// Sets the account's password through a link, ends its other sessions, and
/// signs it in with a new browser session. The link cannot be used again.
pub async fn set_password(
    db: &Db,
    secret: &str,
    purpose: LinkPurpose,
    password: &str,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let secret = secret.to_owned();
    let password = password.to_owned();
    let ip = ip.to_owned();
    db.run(move |conn| {
        let Some((_, user)) = usable_link(conn, &secret, purpose, now)? else {
            return Ok(Err(link_not_usable()));
        };
        let password = match NewPassword::parse(&password, &user.email) {
            Ok(password) => password,
            Err(error) => {
                return Ok(Err(AppError::validation(vec![FieldError::new(
                    "password",
                    error.to_string(),
                )])));
            }
        };
        let hash = passwords::hash(password.expose())?;
        write_transaction(conn, |conn| {
            // Checked again inside the transaction: of two tabs racing, one wins.
            let Some((link, user)) = usable_link(conn, &secret, purpose, now)? else {
                return Ok(Err(link_not_usable()));
            };
            action_tokens::mark_used(conn, &link.id, to_db_time(now))?;
            users::set_password(conn, &user.id, &hash, to_db_time(now))?;
            sessions::revoke_all_for_user(conn, &user.id, to_db_time(now))?;
            let session = start_session(conn, &user, SessionKind::Browser, &ip, now)?;
            let action = match purpose {
                LinkPurpose::Invitation => "invitation.accepted",
                LinkPurpose::PasswordReset => "password.reset",
            };
            audit::record(
                conn,
                &session.principal.actor(),
                Entry {
                    action,
                    subject_type: "user",
                    subject_id: user.id.clone(),
                    detail: "password set; other sessions ended".into(),
                },
                &ip,
                now,
            )?;
            Ok(Ok(session))
        })
    })
    .await?
}

/// Emails a reset link when an active account has this address, within the
/// limits on requests per client address and per email address and on
/// emails per account (see [`crate::domain::limits`]). The caller answers the
/// same whether or not an email was sent, so nobody learns who has an
/// account or whether a limit was met.
pub async fn request_password_reset(
    db: &Db,
    email: &str,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let email = EmailAddress::parse(email)
        .map_err(|error| AppError::validation(vec![FieldError::new("email", error.to_string())]))?;
    let public_url = public_url.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                audit::record(
                    conn,
                    &Actor::Anonymous,
                    Entry {
                        action: "password.reset_requested",
                        subject_type: "email",
                        subject_id: email.to_string(),
                        detail: String::new(),
                    },
                    &ip,
                    now,
                )?;
                let within_limits = limits::hit(conn, &RESET_PER_ADDRESS, &ip, now)?.is_ok()
                    & limits::hit(conn, &RESET_PER_EMAIL, &email.as_str().to_lowercase(), now)?
                        .is_ok();
                if !within_limits {
                    return Ok(());
                }
                let Some(user) =
                    users::find_by_email(conn, email.as_str())?.filter(|user| user.active)
                else {
                    return Ok(());
                };
                if limits::hit(conn, &RESET_PER_ACCOUNT, &user.id, now)?.is_err() {
                    return Ok(());
                }
                action_tokens::delete_unused(conn, &user.id, PASSWORD_RESET)?;
                let (secret, hash) = tokens::generate();
                action_tokens::insert(
                    conn,
                    &ActionTokenRow {
                        id: ActionTokenId::new().to_string(),
                        token_hash: hash,
                        purpose: PASSWORD_RESET.to_owned(),
                        user_id: user.id.clone(),
                        created_at: to_db_time(now),
                        expires_at: to_db_time(now + RESET_LIFETIME),
                        used_at: None,
                    },
                )?;
                let email_data = PasswordResetEmail {
                    name: user.name.clone(),
                    link: public_url
                        .join(&format!("password-reset/{secret}"))?
                        .to_string(),
                    expires: (now + RESET_LIFETIME)
                        .format("%H:%M UTC on %-d %B %Y")
                        .to_string(),
                };
                queue_email(
                    conn,
                    &Recipient {
                        address: user.email.clone(),
                        name: user.name.clone(),
                    },
                    &email_data,
                    now,
                )?;
                Ok::<_, anyhow::Error>(())
            })
        })
        .await?)
}
