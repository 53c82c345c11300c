//! Judges: invitations by email, the list, and deactivating an account.

use std::collections::HashMap;

use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use url::Url;
use utoipa::ToSchema;

use crate::domain::email::EmailAddress;
use crate::domain::ids::{ActionTokenId, CategoryId, UserId};
use crate::domain::person_name::{PersonName, PersonNameError};
use crate::domain::role::Role;
use crate::error::{AppError, FieldError};
use crate::mail::templates::InvitationEmail;
use crate::mail::{Recipient, queue_email};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::{cycles, tokens};
use crate::store::action_tokens::{self, ActionTokenRow, INVITATION};
use crate::store::users::{self, UserRow};
use crate::store::{Db, DbConnection, parse_id, sessions, to_db_time, write_transaction};

/// An invitation link lasts this long.
pub const INVITATION_LIFETIME: Duration = Duration::days(7);

/// What an organiser types to invite a judge.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct JudgeInvitation {
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub organisation: Option<String>,
    /// Slugs of the categories of the judge's panel, in the current cycle.
    #[serde(default)]
    pub categories: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JudgeView {
    #[schema(value_type = String, format = Uuid)]
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub organisation: String,
    /// Slugs of the panel's categories.
    pub categories: Vec<String>,
    pub active: bool,
    /// Whether the judge has set a password.
    pub accepted: bool,
}

/// Invites a judge (or invites again, replacing the old link and updating
/// their name, organisation and panel). Returns the judge's id and whether
/// the account is new.
pub async fn invite(
    db: &Db,
    principal: &Principal,
    invitation: JudgeInvitation,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(UserId, bool), AppError> {
    require_organiser(principal)?;
    let current = cycles::current(db, now).await?;
    let mut errors = Vec::new();
    let email = EmailAddress::parse(&invitation.email)
        .map_err(|error| errors.push(FieldError::new("email", error.to_string())))
        .ok();
    let name = match PersonName::parse(&invitation.name) {
        Ok(name) => name.into_string(),
        Err(PersonNameError::Blank) => {
            errors.push(FieldError::new("name", "Enter the judge's name"));
            String::new()
        }
        Err(error) => {
            errors.push(FieldError::new("name", error.to_string()));
            String::new()
        }
    };
    let organisation = invitation
        .organisation
        .unwrap_or_default()
        .trim()
        .to_owned();
    if organisation.chars().count() > 200 {
        errors.push(FieldError::new(
            "organisation",
            "The organisation must be 200 characters or fewer",
        ));
    }
    let mut category_ids = Vec::new();
    for slug in &invitation.categories {
        match current.as_ref().and_then(|cycle| {
            cycle
                .categories
                .iter()
                .find(|category| &category.slug == slug)
        }) {
            Some(category) => category_ids.push(category.id),
            None => errors.push(FieldError::new(
                "categories",
                format!("There is no category {slug:?} in the current cycle"),
            )),
        }
    }
    let Some(email) = email.filter(|_| errors.is_empty()) else {
        return Err(AppError::validation(errors));
    };
    let programme = current.map_or_else(|| "the awards".to_owned(), |cycle| cycle.title);
    let principal = principal.clone();
    let public_url = public_url.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let existing = users::find_by_email(conn, email.as_str())?;
            let (user_id, created) = match existing {
                Some(user) if user.role != Role::Judge.as_str() => {
                    return Ok(Err(AppError::Conflict(format!(
                        "{email} already has an organiser account"
                    ))));
                }
                Some(user) => {
                    users::update_profile(conn, &user.id, &name, &organisation, to_db_time(now))?;
                    users::set_active(conn, &user.id, true, to_db_time(now))?;
                    (parse_id::<UserId>(&user.id)?, false)
                }
                None => {
                    let user_id = UserId::new();
                    users::insert(conn, &new_judge(user_id, &email, &name, &organisation, now))?;
                    (user_id, true)
                }
            };
            let category_ids: Vec<String> =
                category_ids.iter().map(CategoryId::to_string).collect();
            users::set_panel(conn, &user_id.to_string(), &category_ids)?;
            let link = issue_invitation(conn, user_id, &public_url, now)?;
            let email_data = InvitationEmail {
                judge_name: name.clone(),
                programme: programme.clone(),
                invited_by: principal.name.clone(),
                link,
                expires: (now + INVITATION_LIFETIME).format("%-d %B %Y").to_string(),
            };
            queue_email(
                conn,
                &Recipient {
                    address: email.to_string(),
                    name: name.clone(),
                },
                &email_data,
                now,
            )?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "judge.invited",
                    subject_type: "user",
                    subject_id: user_id.to_string(),
                    detail: email.to_string(),
                },
                &ip,
                now,
            )?;
            Ok(Ok((user_id, created)))
        })
    })
    .await?
}

fn new_judge(
    id: UserId,
    email: &EmailAddress,
    name: &str,
    organisation: &str,
    now: DateTime<Utc>,
) -> UserRow {
    UserRow {
        id: id.to_string(),
        email: email.to_string(),
        name: name.to_owned(),
        organisation: organisation.to_owned(),
        role: Role::Judge.as_str().to_owned(),
        password_hash: None,
        active: true,
        created_at: to_db_time(now),
        updated_at: to_db_time(now),
    }
}

/// Replaces any unused invitation of the judge with a new one; returns its link.
fn issue_invitation(
    conn: &mut DbConnection,
    user_id: UserId,
    public_url: &Url,
    now: DateTime<Utc>,
) -> anyhow::Result<String> {
    action_tokens::delete_unused(conn, &user_id.to_string(), INVITATION)?;
    let (secret, hash) = tokens::generate();
    action_tokens::insert(
        conn,
        &ActionTokenRow {
            id: ActionTokenId::new().to_string(),
            token_hash: hash,
            purpose: INVITATION.to_owned(),
            user_id: user_id.to_string(),
            created_at: to_db_time(now),
            expires_at: to_db_time(now + INVITATION_LIFETIME),
            used_at: None,
        },
    )?;
    Ok(public_url
        .join(&format!("invitation/{secret}"))?
        .to_string())
}

/// Every judge, with their panel.
pub async fn list(db: &Db, principal: &Principal) -> Result<Vec<JudgeView>, AppError> {
    require_organiser(principal)?;
    Ok(db
        .run(|conn| {
            let judges = users::list_by_role(conn, Role::Judge.as_str())?;
            let ids: Vec<String> = judges.iter().map(|judge| judge.id.clone()).collect();
            let slugs: HashMap<String, String> = crate::store::cycles::category_slugs(conn)?
                .into_iter()
                .collect();
            let mut panels: HashMap<String, Vec<String>> = HashMap::new();
            for (user_id, category_id) in users::panels_of(conn, &ids)? {
                if let Some(slug) = slugs.get(&category_id) {
                    panels.entry(user_id).or_default().push(slug.clone());
                }
            }
            judges
                .into_iter()
                .map(|judge| {
                    Ok(JudgeView {
                        id: parse_id(&judge.id)?,
                        categories: panels.remove(&judge.id).unwrap_or_default(),
                        accepted: judge.password_hash.is_some(),
                        email: judge.email,
                        name: judge.name,
                        organisation: judge.organisation,
                        active: judge.active,
                    })
                })
                .collect()
        })
        .await?)
}

/// Deactivates an account: it can no longer sign in, and its sessions and
/// tokens end now. Organisers cannot deactivate themselves.
pub async fn deactivate(
    db: &Db,
    principal: &Principal,
    user_id: UserId,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_organiser(principal)?;
    if user_id == principal.user_id {
        return Err(AppError::Conflict(
            "You cannot deactivate your own account".into(),
        ));
    }
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let id = user_id.to_string();
            if users::find(conn, &id)?.is_none() {
                return Ok(Err(AppError::not_found("account")));
            }
            users::set_active(conn, &id, false, to_db_time(now))?;
            let ended = sessions::revoke_all_for_user(conn, &id, to_db_time(now))?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "account.deactivated",
                    subject_type: "user",
                    subject_id: id,
                    detail: format!("{ended} sessions ended"),
                },
                &ip,
                now,
            )?;
            Ok(Ok(()))
        })
    })
    .await?
}
