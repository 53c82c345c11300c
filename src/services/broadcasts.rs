//! Broadcasts: an organiser's email to an audience (nominators, the
//! shortlisted, those not shortlisted, winners, judges), merged for each
//! recipient, previewed, queued through the outbox and followed to delivery;
//! and the outbox itself, with failed messages retried.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::domain::broadcast::{self, Audience, MergeFields};
use crate::domain::decision::Decision;
use crate::domain::ids::CycleId;
use crate::error::{AppError, FieldError};
use crate::mail::templates::BroadcastEmail;
use crate::mail::{EmailTemplate, Recipient, queue_email};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles::{self, CycleView};
use crate::store::broadcasts::{self as store, BroadcastRow};
use crate::store::{Db, DbConnection, from_db_time, results, to_db_time, write_transaction};

const SUBJECT_MAX: usize = 200;
const BODY_MAX: usize = 20_000;

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct BroadcastInput {
    pub audience: Audience,
    pub subject: String,
    pub body: String,
    /// Render the first message and count the recipients; send nothing.
    #[serde(default)]
    pub preview: bool,
}

/// The first message of a broadcast as its recipient will read it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RenderedMessage {
    pub to: String,
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BroadcastPreview {
    pub preview: bool,
    /// How many messages sending would queue.
    pub count: usize,
    pub first: Option<RenderedMessage>,
    /// The first message's fields at the top level, for convenience.
    pub to: Option<String>,
    pub subject: Option<String>,
    pub text: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BroadcastSent {
    pub queued: usize,
    pub broadcast_id: String,
}

/// Either answer of `send`.
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(untagged)]
pub enum BroadcastOutcome {
    Preview(BroadcastPreview),
    Sent(BroadcastSent),
}

/// A broadcast with the delivery state of its messages.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BroadcastView {
    pub id: String,
    pub audience: String,
    pub subject: String,
    pub created_at: DateTime<Utc>,
    pub total: i64,
    pub pending: i64,
    pub sent: i64,
    pub failed: i64,
}

fn validate(input: &BroadcastInput) -> Result<(), AppError> {
    let mut errors = Vec::new();
    let subject = input.subject.trim();
    if subject.is_empty() {
        errors.push(FieldError::new("subject", "Enter a subject"));
    } else if subject.chars().count() > SUBJECT_MAX || subject.contains(['\r', '\n']) {
        errors.push(FieldError::new(
            "subject",
            format!("The subject must be one line of at most {SUBJECT_MAX} characters"),
        ));
    }
    if input.body.trim().is_empty() {
        errors.push(FieldError::new("body", "Enter the message"));
    } else if input.body.chars().count() > BODY_MAX {
        errors.push(FieldError::new(
            "body",
            format!("The message must be at most {BODY_MAX} characters"),
        ));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(AppError::validation(errors))
    }
}

/// Everyone the audience names, with what is merged for each.
fn recipients(
    conn: &mut DbConnection,
    cycle: &CycleView,
    audience: Audience,
) -> anyhow::Result<Vec<(Recipient, MergeFields)>> {
    let cycle_id = cycle.id.to_string();
    if audience == Audience::Judges {
        return Ok(store::judges_of(conn, &cycle_id)?
            .into_iter()
            .map(|(_, email, name)| {
                let fields = MergeFields {
                    judge_name: name.clone(),
                    ..MergeFields::default()
                };
                (
                    Recipient {
                        address: email,
                        name,
                    },
                    fields,
                )
            })
            .collect());
    }
    let wanted = match audience {
        Audience::Shortlisted => Some(Decision::Shortlisted),
        Audience::NotShortlisted => Some(Decision::NotShortlisted),
        Audience::Winners => Some(Decision::Winner),
        Audience::Nominators | Audience::Judges => None,
    };
    let decisions: HashMap<String, String> =
        results::decisions(conn, &cycle_id)?.into_iter().collect();
    let names: HashMap<String, &str> = (cycle.categories.iter())
        .map(|c| (c.id.to_string(), c.name.as_str()))
        .collect();
    Ok(results::nomination_details(conn, &cycle_id)?
        .into_iter()
        .filter(|n| !n.nominator_email.trim().is_empty())
        .filter(|n| {
            wanted.is_none_or(|w| decisions.get(&n.id).and_then(|d| Decision::parse(d)) == Some(w))
        })
        .map(|n| {
            let fields = MergeFields {
                nominee_name: n.nominee_name.clone(),
                nominator_name: n.nominator_name.clone(),
                category: names
                    .get(&n.category_id)
                    .copied()
                    .unwrap_or_default()
                    .to_owned(),
                reference: n.reference.clone().unwrap_or_default(),
                judge_name: String::new(),
            };
            (
                Recipient {
                    address: n.nominator_email,
                    name: n.nominator_name,
                },
                fields,
            )
        })
        .collect())
}

fn message(input: &BroadcastInput, fields: &MergeFields) -> BroadcastEmail {
    let text = broadcast::merge(input.body.trim(), fields);
    BroadcastEmail {
        subject: broadcast::merge(input.subject.trim(), fields).replace(['\r', '\n'], " "),
        paragraphs: broadcast::paragraphs(&text),
        text,
    }
}

/// Previews or sends a broadcast (organisers; a send is audit-logged).
#[tracing::instrument(skip(db, principal, input, ip), fields(cycle = %cycle_id, audience = input.audience.as_str()))]
pub async fn send(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    input: BroadcastInput,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<BroadcastOutcome, AppError> {
    require_organiser(principal)?;
    validate(&input)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            if input.preview {
                let all = recipients(conn, &cycle, input.audience)?;
                let first = match all.first() {
                    Some((to, fields)) => {
                        let rendered = message(&input, fields).render()?;
                        Some(RenderedMessage {
                            to: to.address.clone(),
                            subject: rendered.subject,
                            text: rendered.text,
                            html: rendered.html,
                        })
                    }
                    None => None,
                };
                return Ok(BroadcastOutcome::Preview(BroadcastPreview {
                    preview: true,
                    count: all.len(),
                    to: first.as_ref().map(|m| m.to.clone()),
                    subject: first.as_ref().map(|m| m.subject.clone()),
                    text: first.as_ref().map(|m| m.text.clone()),
                    first,
                }));
            }
            write_transaction(conn, |conn| {
                let all = recipients(conn, &cycle, input.audience)?;
                let id = uuid::Uuid::now_v7().to_string();
                store::insert(
                    conn,
                    &BroadcastRow {
                        id: id.clone(),
                        cycle_id: cycle_id.to_string(),
                        audience: input.audience.as_str().to_owned(),
                        subject: input.subject.trim().to_owned(),
                        body: input.body.clone(),
                        created_by: Some(principal.user_id.to_string()),
                        created_at: to_db_time(now),
                    },
                )?;
                for (to, fields) in &all {
                    let outbox_id = queue_email(conn, to, &message(&input, fields), now)?;
                    store::link(conn, &id, &outbox_id.to_string())?;
                }
                audit::record(
                    conn,
                    &principal.actor(),
                    Entry {
                        action: "broadcast.sent",
                        subject_type: "broadcast",
                        subject_id: id.clone(),
                        detail: format!("{} messages to {}", all.len(), input.audience.as_str()),
                    },
                    &ip,
                    now,
                )?;
                Ok::<_, anyhow::Error>(BroadcastOutcome::Sent(BroadcastSent {
                    queued: all.len(),
                    broadcast_id: id,
                }))
            })
        })
        .await?)
}

/// A cycle's broadcasts with their progress, newest first (organisers).
pub async fn list(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
) -> Result<Vec<BroadcastView>, AppError> {
    require_organiser(principal)?;
    Ok(db
        .run(move |conn| {
            let cycle = cycle_id.to_string();
            let mut counts: HashMap<String, Vec<(String, i64)>> = HashMap::new();
            for (id, status, count) in store::progress(conn, &cycle)? {
                counts.entry(id).or_default().push((status, count));
            }
            Ok(store::for_cycle(conn, &cycle)?
                .into_iter()
                .map(|row| {
                    let of = |wanted: &[&str]| -> i64 {
                        (counts.get(&row.id).into_iter().flatten())
                            .filter(|(status, _)| wanted.contains(&status.as_str()))
                            .map(|(_, n)| n)
                            .sum()
                    };
                    BroadcastView {
                        total: of(&["pending", "sending", "sent", "failed"]),
                        pending: of(&["pending", "sending"]),
                        sent: of(&["sent"]),
                        failed: of(&["failed"]),
                        created_at: from_db_time(row.created_at),
                        id: row.id,
                        audience: row.audience,
                        subject: row.subject,
                    }
                })
                .collect())
        })
        .await?)
}
