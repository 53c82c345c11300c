//! Putting an email in the outbox, inside the caller's transaction.

use chrono::{DateTime, Utc};

use super::templates::EmailTemplate;
use crate::domain::ids::OutboxId;
use crate::domain::person_name::PersonName;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{DbConnection, to_db_time};

/// Who an email goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub address: String,
    pub name: String,
}

/// Renders `email` and writes it to the outbox with `conn`, so that it is
/// sent if and only if the caller's transaction commits.
pub fn queue_email(
    conn: &mut DbConnection,
    to: &Recipient,
    email: &impl EmailTemplate,
    now: DateTime<Utc>,
) -> anyhow::Result<OutboxId> {
    let rendered = email.render()?;
    let id = OutboxId::new();
    let now = to_db_time(now);
    outbox::insert(
        conn,
        &OutboxRow {
            id: id.to_string(),
            template: rendered.template.to_owned(),
            to_address: to.address.clone(),
            // Folded here too, for names stored before they were folded.
            to_name: PersonName::fold(&to.name),
            subject: rendered.subject,
            text_body: rendered.text,
            html_body: rendered.html,
            // The left part of the Message-ID: fixed now, so that a retry
            // carries the same id and receivers can drop a duplicate.
            message_id: uuid::Uuid::new_v4().simple().to_string(),
            status: outbox::PENDING.to_owned(),
            attempts: 0,
            last_error: None,
            next_attempt_at: now,
            claimed_by: None,
            claimed_until: None,
            created_at: now,
            sent_at: None,
        },
    )?;
    Ok(id)
}
