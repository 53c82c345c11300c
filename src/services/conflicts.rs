//! Conflicts of interest: declared by a judge, recorded by an organiser, or
//! proposed by Laurel and then confirmed or dismissed. A conflict withdraws
//! any assignment of the pair, and the judge can no longer see the nomination.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use std::collections::{HashMap, HashSet};

use crate::domain::conflicts::{
    ConflictKind, domain_reason, email_key, organisation_key, organisation_reason,
};
use crate::domain::email::EmailAddress;
use crate::domain::ids::{CategoryId, ConflictId, CycleId, NominationId, UserId};
use crate::domain::role::Role;
use crate::error::{AppError, FieldError};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::store::conflicts::{
    self as store, CONFIRMED, ConflictRow, DECLARED, DISMISSED, ORGANISER, PROPOSED, SEEN,
};
use crate::store::{
    Db, DbConnection, assignments, judging, parse_id, to_db_time, users, write_transaction,
};

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConflictInput {
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: Option<NominationId>,
    /// The judge; a judge declaring for themself may leave it out.
    #[schema(value_type = Option<String>, format = Uuid)]
    pub judge_id: Option<UserId>,
    /// personal, organisational or other.
    pub kind: String,
    pub reason: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ConflictView {
    #[schema(value_type = String, format = Uuid)]
    pub id: ConflictId,
    #[schema(value_type = String, format = Uuid)]
    pub nomination_id: NominationId,
    #[schema(value_type = String, format = Uuid)]
    pub judge_id: UserId,
    pub kind: String,
    pub reason: String,
    /// declared, organiser or proposed.
    pub source: String,
    /// confirmed, proposed or dismissed.
    pub status: String,
    pub reference: Option<String>,
    pub nominee_name: String,
    pub judge_name: String,
    #[schema(value_type = String, format = Uuid)]
    pub category_id: CategoryId,
}

/// Records a conflict: a judge for themself, an organiser for any judge.
pub async fn declare(
    db: &Db,
    principal: &Principal,
    input: ConflictInput,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<ConflictId, AppError> {
    let judge_id = match (principal.role, input.judge_id) {
        (Role::Judge, None) => principal.user_id,
        (Role::Judge, Some(id)) if id == principal.user_id => id,
        (Role::Judge, Some(_)) => {
            return Err(AppError::Forbidden(
                "A judge can only declare their own conflicts".into(),
            ));
        }
        (Role::Organiser, Some(id)) => id,
        (Role::Organiser, None) => {
            return Err(AppError::validation(vec![FieldError::new(
                "judge_id",
                "Choose the judge who has the conflict",
            )]));
        }
    };
    let mut errors = Vec::new();
    let kind = ConflictKind::parse(input.kind.trim());
    if kind.is_none() {
        errors.push(FieldError::new(
            "kind",
            "Choose personal, organisational or other",
        ));
    }
    let reason = input.reason.trim().to_owned();
    if reason.chars().count() > 1_000 {
        errors.push(FieldError::new(
            "reason",
            "The reason must be 1,000 characters or fewer",
        ));
    }
    let (Some(nomination_id), Some(kind)) = (input.nomination_id, kind) else {
        if input.nomination_id.is_none() {
            errors.insert(
                0,
                FieldError::new("nomination_id", "Say which nomination the conflict is with"),
            );
        }
        return Err(AppError::validation(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::validation(errors));
    }
    let source = if principal.role == Role::Judge {
        DECLARED
    } else {
        ORGANISER
    };
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let nomination = nomination_id.to_string();
            let judge = judge_id.to_string();
            // A judge may only declare on a nomination assigned to them (or
            // one they already declared on), and is answered the same for an
            // unknown and an unassigned one, so ids cannot be probed.
            let visible = match principal.role {
                Role::Organiser => judging::find(conn, &nomination)?.is_some(),
                Role::Judge => {
                    assignments::find_pair(conn, &nomination, &judge)?.is_some()
                        || store::find_pair(conn, &nomination, &judge)?
                            .is_some_and(|row| row.source == DECLARED)
                }
            };
            if !visible {
                return Ok(Err(AppError::not_found("nomination")));
            }
            if users::find(conn, &judge)?.is_none_or(|user| user.role != Role::Judge.as_str()) {
                return Ok(Err(AppError::not_found("judge")));
            }
            let id = record_confirmed(
                conn,
                &nomination,
                &judge,
                kind,
                &reason,
                source,
                Some(&principal.user_id.to_string()),
                now,
            )?;
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "conflict.recorded",
                    subject_type: "nomination",
                    subject_id: nomination,
                    detail: format!("judge {judge}: {}", kind.as_str()),
                },
                &ip,
                now,
            )?;
            Ok(Ok(id))
        })
    })
    .await?
}

#[allow(clippy::too_many_arguments, reason = "one row's fields")]
fn record_confirmed(
    conn: &mut DbConnection,
    nomination: &str,
    judge: &str,
    kind: ConflictKind,
    reason: &str,
    source: &str,
    created_by: Option<&str>,
    now: DateTime<Utc>,
) -> anyhow::Result<ConflictId> {
    let id = match store::find_pair(conn, nomination, judge)? {
        Some(existing) => {
            store::confirm(
                conn,
                &existing.id,
                kind.as_str(),
                reason,
                source,
                to_db_time(now),
            )?;
            parse_id(&existing.id)?
        }
        None => {
            let id = ConflictId::new();
            store::insert(
                conn,
                &ConflictRow {
                    id: id.to_string(),
                    nomination_id: nomination.to_owned(),
                    judge_id: judge.to_owned(),
                    kind: kind.as_str().to_owned(),
                    reason: reason.to_owned(),
                    source: source.to_owned(),
                    status: CONFIRMED.to_owned(),
                    created_by: created_by.map(str::to_owned),
                    created_at: to_db_time(now),
                    decided_at: Some(to_db_time(now)),
                },
            )?;
            id
        }
    };
    assignments::delete_pair(conn, nomination, judge)?;
    Ok(id)
}

/// Proposes the conflicts Laurel can see in a cycle (same organisation, same
/// work email domain), for pairs with no conflict yet. Returns how many.
/// Nominations are indexed by what a conflict is seen through, so the work
/// grows with the matches, not with judges times nominations.
pub fn propose_in(
    conn: &mut DbConnection,
    cycle_id: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<usize> {
    let judges = users::list_by_role(conn, Role::Judge.as_str())?;
    let nominations = judging::parties(conn, cycle_id)?;
    let mut by_key: HashMap<(bool, String), Vec<(usize, String)>> = HashMap::new();
    for (index, nomination) in nominations.iter().enumerate() {
        for (who, organisation, email) in [
            (
                "nominator",
                &nomination.nominator_organisation,
                &nomination.nominator_email,
            ),
            (
                "nominee",
                &nomination.nominee_organisation,
                &nomination.nominee_email,
            ),
        ] {
            if let Some(key) = organisation_key(organisation) {
                by_key
                    .entry((true, key))
                    .or_default()
                    .push((index, organisation_reason(who, organisation)));
            }
            if let Some(domain) = email_key(EmailAddress::parse(email).ok().as_ref()) {
                let reason = domain_reason(who, &domain);
                by_key
                    .entry((false, domain))
                    .or_default()
                    .push((index, reason));
            }
        }
    }
    let mut known: HashSet<(String, String)> =
        store::pairs_in_cycle(conn, cycle_id)?.into_iter().collect();
    let mut rows = Vec::new();
    for judge in judges.iter().filter(|judge| judge.active) {
        let keys = [
            organisation_key(&judge.organisation).map(|key| (true, key)),
            email_key(EmailAddress::parse(&judge.email).ok().as_ref())
                .map(|domain| (false, domain)),
        ];
        for key in keys.into_iter().flatten() {
            for (index, reason) in by_key.get(&key).into_iter().flatten() {
                let nomination = &nominations[*index].id;
                if !known.insert((nomination.clone(), judge.id.clone())) {
                    continue;
                }
                rows.push(ConflictRow {
                    id: ConflictId::new().to_string(),
                    nomination_id: nomination.clone(),
                    judge_id: judge.id.clone(),
                    kind: ConflictKind::Organisational.as_str().to_owned(),
                    reason: reason.clone(),
                    source: SEEN.to_owned(),
                    status: PROPOSED.to_owned(),
                    created_by: None,
                    created_at: to_db_time(now),
                    decided_at: None,
                });
            }
        }
    }
    store::insert_many(conn, &rows)?;
    Ok(rows.len())
}

/// Runs the proposals for a cycle (organisers).
pub async fn propose_for_cycle(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    require_organiser(principal)?;
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| propose_in(conn, &cycle_id.to_string(), now))
        })
        .await?)
}

/// Confirms or dismisses a conflict (organisers).
pub async fn decide(
    db: &Db,
    principal: &Principal,
    id: ConflictId,
    confirm: bool,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    require_organiser(principal)?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    db.run(move |conn| {
        write_transaction(conn, |conn| {
            let Some(row) = store::find(conn, &id.to_string())? else {
                return Ok(Err(AppError::not_found("conflict")));
            };
            let status = if confirm { CONFIRMED } else { DISMISSED };
            store::set_status(conn, &row.id, status, to_db_time(now))?;
            if confirm {
                assignments::delete_pair(conn, &row.nomination_id, &row.judge_id)?;
            }
            audit::record(
                conn,
                &principal.actor(),
                Entry {
                    action: "conflict.decided",
                    subject_type: "nomination",
                    subject_id: row.nomination_id,
                    detail: format!("judge {}: {status}", row.judge_id),
                },
                &ip,
                now,
            )?;
            Ok(Ok(()))
        })
    })
    .await?
}

/// A cycle's conflicts, proposed ones first.
pub async fn list(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
) -> Result<Vec<ConflictView>, AppError> {
    require_organiser(principal)?;
    Ok(db
        .run(move |conn| {
            store::listing(conn, &cycle_id.to_string())?
                .into_iter()
                .map(|(row, reference, nominee_name, judge_name, category_id)| {
                    Ok(ConflictView {
                        category_id: parse_id(&category_id)?,
                        id: parse_id(&row.id)?,
                        nomination_id: parse_id(&row.nomination_id)?,
                        judge_id: parse_id(&row.judge_id)?,
                        kind: row.kind,
                        reason: row.reason,
                        source: row.source,
                        status: row.status,
                        reference,
                        nominee_name,
                        judge_name,
                    })
                })
                .collect()
        })
        .await?)
}
