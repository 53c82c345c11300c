//! Signing in and out: browser sessions and API tokens, both stored in the
//! database (so every instance sees them and they can be revoked), with
//! failed attempts counted (in the audit log, so every instance shares the
//! counts) to slow guessing the way OWASP's Authentication Cheat Sheet asks:
//! failures of one account from one address are slowed and then refused, as
//! are failures from one address across accounts; failures of an account
//! from everywhere only slow further failures, so that nobody can lock the
//! owner out, who signs in with the right password from their own address.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};

use crate::domain::ids::SessionId;
use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::audit::{self, Actor, Entry};
use crate::services::authz::Principal;
use crate::services::{passwords, tokens};
use crate::store::sessions::{self, SessionRow};
use crate::store::users::UserRow;
use crate::store::{
    Db, DbConnection, audit as audit_store, from_db_time, parse_id, to_db_time, write_transaction,
};

/// A browser session ends after this long, however active.
pub const BROWSER_ABSOLUTE: Duration = Duration::hours(12);
/// A browser session ends after this long without a request.
pub const BROWSER_IDLE: Duration = Duration::hours(2);
/// An API token lasts this long.
pub const API_TOKEN_LIFETIME: Duration = Duration::hours(12);
/// `last_seen_at` is written at most this often, to spare the database.
const TOUCH_EVERY: Duration = Duration::minutes(1);

/// Failed logins are counted over this window.
pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
/// How much a slowed attempt waits.
pub const SLOW_DELAY: StdDuration = StdDuration::from_secs(1);
/// From this many failures of one account from one address, every attempt
/// of that pair waits `SLOW_DELAY` before the password is checked.
pub const SLOW_AFTER_PER_PAIR: i64 = 3;
/// From this many failures of one account from one address, that pair's
/// attempts are refused (429) until the window has passed.
pub const REFUSE_AFTER_PER_PAIR: i64 = 10;
/// From this many failures from one address (any accounts), its attempts
/// are refused.
pub const REFUSE_AFTER_PER_ADDRESS: i64 = 50;
/// From this many failures of one account (any addresses), a failed attempt
/// waits `SLOW_DELAY` before it is answered; a right password never waits.
pub const SLOW_AFTER_PER_ACCOUNT: i64 = 5;

const LOGIN_FAILED: &str = "login.failed";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionKind {
    Browser,
    Api,
}

impl SessionKind {
    fn as_str(self) -> &'static str {
        match self {
            SessionKind::Browser => sessions::BROWSER,
            SessionKind::Api => sessions::API,
        }
    }

    fn lifetime(self) -> Duration {
        match self {
            SessionKind::Browser => BROWSER_ABSOLUTE,
            SessionKind::Api => API_TOKEN_LIFETIME,
        }
    }
}

/// A new session: the secret for the cookie or bearer header, shown once.
pub struct NewSession {
    pub secret: String,
    pub principal: Principal,
    pub expires_at: DateTime<Utc>,
}

/// Signs in with an email and password. An unknown email, a wrong password,
/// a deactivated account and an account without a password all answer
/// `InvalidCredentials` after the same work.
pub async fn login(
    db: &Db,
    email: &str,
    password: &str,
    kind: SessionKind,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<NewSession, AppError> {
    let email = email.trim().to_lowercase();
    let password = password.to_owned();
    let ip = ip.to_owned();
    let failures = {
        let (email, ip) = (email.clone(), ip.clone());
        db.run(move |conn| {
            let since = to_db_time(now - FAILURE_WINDOW);
            Ok(Failures {
                pair: audit_store::count_for_subject_and_ip(
                    conn,
                    LOGIN_FAILED,
                    &email,
                    &ip,
                    since,
                )?,
                address: audit_store::count_for_ip(conn, LOGIN_FAILED, &ip, since)?,
                account: audit_store::count_for_subject(conn, LOGIN_FAILED, &email, since)?,
            })
        })
        .await?
    };
    if failures.pair >= REFUSE_AFTER_PER_PAIR || failures.address >= REFUSE_AFTER_PER_ADDRESS {
        let retry_after_secs = u64::try_from(FAILURE_WINDOW.num_seconds()).unwrap_or(900);
        return Err(AppError::TooManyRequests { retry_after_secs });
    }
    if failures.pair >= SLOW_AFTER_PER_PAIR {
        tokio::time::sleep(SLOW_DELAY).await;
    }
    let outcome = db
        .run(move |conn| {
            let user = crate::store::users::find_by_email(conn, &email)?;
            let usable = user.as_ref().filter(|user| user.active);
            let verified = passwords::verify(
                &password,
                usable.and_then(|user| user.password_hash.as_deref()),
            );
            match (verified, usable) {
                (true, Some(user)) => {
                    write_transaction(conn, |conn| start_session(conn, user, kind, &ip, now))
                        .map(Ok)
                }
                _ => {
                    audit::record(
                        conn,
                        &Actor::Anonymous,
                        Entry {
                            action: LOGIN_FAILED,
                            subject_type: "email",
                            subject_id: email.clone(),
                            detail: String::new(),
                        },
                        &ip,
                        now,
                    )?;
                    Ok(Err(AppError::InvalidCredentials))
                }
            }
        })
        .await?;
    if outcome.is_err() && failures.account + 1 >= SLOW_AFTER_PER_ACCOUNT {
        tokio::time::sleep(SLOW_DELAY).await;
    }
    outcome
}

/// Failed logins within the window, counted three ways.
struct Failures {
    /// Of this account from this address.
    pair: i64,
    /// From this address, for any account.
    address: i64,
    /// Of this account, from any address.
    account: i64,
}

/// Creates a session for `user` (already verified) and records the login.
pub fn start_session(
    conn: &mut DbConnection,
    user: &UserRow,
    kind: SessionKind,
    ip: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<NewSession> {
    let (secret, hash) = tokens::generate();
    let session_id = SessionId::new();
    let expires_at = now + kind.lifetime();
    sessions::insert(
        conn,
        &SessionRow {
            id: session_id.to_string(),
            token_hash: hash,
            user_id: user.id.clone(),
            kind: kind.as_str().to_owned(),
            created_at: to_db_time(now),
            last_seen_at: to_db_time(now),
            expires_at: to_db_time(expires_at),
            revoked_at: None,
        },
    )?;
    let principal = principal_of(user, session_id)?;
    audit::record(
        conn,
        &principal.actor(),
        Entry {
            action: "login.succeeded",
            subject_type: "user",
            subject_id: user.id.clone(),
            detail: kind.as_str().to_owned(),
        },
        ip,
        now,
    )?;
    Ok(NewSession {
        secret,
        principal,
        expires_at,
    })
}

fn principal_of(user: &UserRow, session_id: SessionId) -> anyhow::Result<Principal> {
    Ok(Principal {
        user_id: parse_id(&user.id)?,
        role: Role::parse(&user.role)
            .ok_or_else(|| anyhow::anyhow!("account {} has an unknown role", user.id))?,
        name: user.name.clone(),
        email: user.email.clone(),
        session_id,
    })
}

/// The account behind a session secret, if the session is live and the
/// account active. Browser sessions also end after `BROWSER_IDLE` unused.
pub async fn resolve(
    db: &Db,
    secret: &str,
    kind: SessionKind,
    now: DateTime<Utc>,
) -> Result<Option<Principal>, AppError> {
    let hash = tokens::hash(secret);
    Ok(db
        .run(move |conn| {
            let Some((session, user)) =
                sessions::find_live(conn, &hash, kind.as_str(), to_db_time(now))?
            else {
                return Ok(None);
            };
            let last_seen = from_db_time(session.last_seen_at);
            if !user.active || (kind == SessionKind::Browser && now - last_seen > BROWSER_IDLE) {
                return Ok(None);
            }
            if now - last_seen > TOUCH_EVERY {
                sessions::touch(conn, &session.id, to_db_time(now))?;
            }
            principal_of(&user, parse_id(&session.id)?).map(Some)
        })
        .await?)
}

/// Ends one session or token.
pub async fn logout(
    db: &Db,
    principal: &Principal,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                sessions::revoke(conn, &principal.session_id.to_string(), to_db_time(now))?;
                audit::record(
                    conn,
                    &principal.actor(),
                    entry("logout", &principal, ""),
                    &ip,
                    now,
                )?;
                Ok(())
            })
        })
        .await?)
}

/// Ends every session and token of the signed-in account.
pub async fn sign_out_everywhere(
    db: &Db,
    principal: &Principal,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let ended = sessions::revoke_all_for_user(
                    conn,
                    &principal.user_id.to_string(),
                    to_db_time(now),
                )?;
                audit::record(
                    conn,
                    &principal.actor(),
                    entry(
                        "logout.everywhere",
                        &principal,
                        &format!("{ended} sessions"),
                    ),
                    &ip,
                    now,
                )?;
                Ok(ended)
            })
        })
        .await?)
}

fn entry<'a>(action: &'a str, principal: &Principal, detail: &str) -> Entry<'a> {
    Entry {
        action,
        subject_type: "user",
        subject_id: principal.user_id.to_string(),
        detail: detail.to_owned(),
    }
}
