//! Accounts: creating organisers and judges.

use chrono::{DateTime, Utc};

use crate::domain::email::EmailAddress;
use crate::domain::ids::UserId;
use crate::domain::password::NewPassword;
use crate::domain::person_name::PersonName;
use crate::domain::role::Role;
use crate::error::{AppError, FieldError};
use crate::services::audit::{self, Actor, Entry};
use crate::services::passwords;
use crate::store::users::{self, UserRow};
use crate::store::{Db, to_db_time, write_transaction};

pub struct NewAccount {
    pub role: Role,
    pub email: String,
    pub name: String,
    pub password: String,
}

/// Creates an account with a password (the command line's `create-user`).
pub async fn create_with_password(
    db: &Db,
    actor: Actor,
    account: NewAccount,
    now: DateTime<Utc>,
) -> Result<(UserId, EmailAddress), AppError> {
    let email = EmailAddress::parse(&account.email)
        .map_err(|error| AppError::validation(vec![FieldError::new("email", error.to_string())]))?;
    let name = PersonName::parse(&account.name)
        .map_err(|error| AppError::validation(vec![FieldError::new("name", error.to_string())]))?
        .into_string();
    let password = NewPassword::parse(&account.password, email.as_str()).map_err(|error| {
        AppError::validation(vec![FieldError::new("password", error.to_string())])
    })?;
    let role = account.role;
    let user_id = UserId::new();
    db.run(move |conn| {
        let hash = passwords::hash(password.expose())?;
        write_transaction(conn, |conn| {
            if users::find_by_email(conn, email.as_str())?.is_some() {
                return Ok(Err(AppError::Conflict(format!(
                    "An account with the email {email} already exists"
                ))));
            }
            users::insert(
                conn,
                &UserRow {
                    id: user_id.to_string(),
                    email: email.to_string(),
                    name: name.clone(),
                    organisation: String::new(),
                    role: role.as_str().to_owned(),
                    password_hash: Some(hash),
                    active: true,
                    created_at: to_db_time(now),
                    updated_at: to_db_time(now),
                },
            )?;
            audit::record(
                conn,
                &actor,
                Entry {
                    action: "account.created",
                    subject_type: "user",
                    subject_id: user_id.to_string(),
                    detail: format!("{} {}", role.as_str(), email),
                },
                "",
                now,
            )?;
            Ok::<_, anyhow::Error>(Ok((user_id, email.clone())))
        })
    })
    .await?
}
