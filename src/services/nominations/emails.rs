//! The emails about a nomination, queued in the caller's transaction: the
//! draft link, the confirmation, each change, a withdrawal, and the request
//! for the nominee's agreement.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use url::Url;

use super::context::{Context, when};
use crate::domain::lifecycle::EntryMethod;
use crate::mail::templates::{
    ConsentRequestEmail, NominationChangedEmail, NominationDraftEmail, NominationReceivedEmail,
    NominationWithdrawnEmail, SummaryLine,
};
use crate::mail::{EmailTemplate, Recipient, queue_email};
use crate::store::DbConnection;
use crate::store::nominations::NominationRow;

/// The page behind a nominator's private link.
pub(super) fn nomination_link(public_url: &Url, secret: &str) -> anyhow::Result<String> {
    Ok(public_url
        .join(&format!("nomination/{secret}"))?
        .to_string())
}

/// The page behind a nominee's consent link.
pub(super) fn consent_link(public_url: &Url, secret: &str) -> anyhow::Result<String> {
    Ok(public_url.join(&format!("consent/{secret}"))?.to_string())
}

/// The nominee's details and every answer given, in the form's order.
pub(super) fn summary(context: &Context, row: &NominationRow) -> anyhow::Result<Vec<SummaryLine>> {
    let line = |label: &str, value: &str| SummaryLine {
        label: label.to_owned(),
        value: value.to_owned(),
    };
    let mut lines = vec![
        line("Category", &context.category.name),
        line("Nominee's name", &row.nominee_name),
    ];
    for (label, value) in [
        ("Nominee's organisation", &row.nominee_organisation),
        ("Nominee's town or area", &row.nominee_locality),
        ("Name for the certificate", &row.certificate_name),
    ] {
        if !value.is_empty() {
            lines.push(line(label, value));
        }
    }
    let answers: BTreeMap<String, String> = serde_json::from_str(&row.answers)?;
    for rule in &context.rules {
        if let Some(answer) = answers.get(&rule.key) {
            lines.push(line(&rule.label, answer));
        }
    }
    Ok(lines)
}

fn nominator(row: &NominationRow) -> Option<Recipient> {
    (!row.nominator_email.is_empty()).then(|| Recipient {
        address: row.nominator_email.clone(),
        name: row.nominator_name.clone(),
    })
}

/// Sends `email` to the nominator when they gave an address; returns it.
fn to_nominator(
    conn: &mut DbConnection,
    row: &NominationRow,
    email: &impl EmailTemplate,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let Some(recipient) = nominator(row) else {
        return Ok(None);
    };
    queue_email(conn, &recipient, email, now)?;
    Ok(Some(recipient.address))
}

pub(super) fn draft_saved(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    link: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let email = NominationDraftEmail {
        nominator_name: row.nominator_name.clone(),
        programme: context.cycle.title.clone(),
        category: context.category.name.clone(),
        nominee_name: row.nominee_name.clone(),
        link: link.to_owned(),
        deadline: when(context.deadline()),
    };
    to_nominator(conn, row, &email, now)
}

pub(super) fn received(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    link: &str,
    nominee_asked: bool,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let method = EntryMethod::parse(&row.entry_method).filter(|method| method.by_staff());
    let email = NominationReceivedEmail {
        nominator_name: row.nominator_name.clone(),
        programme: context.cycle.title.clone(),
        category: context.category.name.clone(),
        reference: row.reference.clone().unwrap_or_default(),
        nominee_name: row.nominee_name.clone(),
        summary: summary(context, row)?,
        link: link.to_owned(),
        deadline: when(context.deadline()),
        entered_by_staff: method.map(|method| method.as_str().to_owned()),
        nominee_asked,
    };
    to_nominator(conn, row, &email, now)
}

pub(super) fn changed(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    changes: Vec<String>,
    link: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let email = NominationChangedEmail {
        nominator_name: row.nominator_name.clone(),
        programme: context.cycle.title.clone(),
        reference: row.reference.clone().unwrap_or_default(),
        changed: changes,
        summary: summary(context, row)?,
        link: link.to_owned(),
        deadline: when(context.deadline()),
    };
    to_nominator(conn, row, &email, now)
}

pub(super) fn withdrawn(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    now: DateTime<Utc>,
) -> anyhow::Result<Option<String>> {
    let email = NominationWithdrawnEmail {
        nominator_name: row.nominator_name.clone(),
        programme: context.cycle.title.clone(),
        reference: row.reference.clone().unwrap_or_default(),
        nominee_name: row.nominee_name.clone(),
    };
    to_nominator(conn, row, &email, now)
}

pub(super) fn consent_request(
    conn: &mut DbConnection,
    context: &Context,
    row: &NominationRow,
    link: &str,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let email = ConsentRequestEmail {
        nominee_name: row.nominee_name.clone(),
        nominator_name: row.nominator_name.clone(),
        programme: context.cycle.title.clone(),
        category: context.category.name.clone(),
        link: link.to_owned(),
    };
    let recipient = Recipient {
        address: row.nominee_email.clone(),
        name: row.nominee_name.clone(),
    };
    queue_email(conn, &recipient, &email, now)?;
    Ok(())
}

/// Labels of the fields that differ between two versions of a nomination.
pub(super) fn changes(
    context: &Context,
    before: &NominationRow,
    after: &NominationRow,
) -> anyhow::Result<Vec<String>> {
    let mut changed = Vec::new();
    let fields: [(&str, &String, &String); 10] = [
        ("Your name", &before.nominator_name, &after.nominator_name),
        (
            "Your email address",
            &before.nominator_email,
            &after.nominator_email,
        ),
        (
            "Your job title",
            &before.nominator_job_title,
            &after.nominator_job_title,
        ),
        (
            "Your organisation",
            &before.nominator_organisation,
            &after.nominator_organisation,
        ),
        (
            "Your phone number",
            &before.nominator_phone,
            &after.nominator_phone,
        ),
        ("Nominee's name", &before.nominee_name, &after.nominee_name),
        (
            "Nominee's email address",
            &before.nominee_email,
            &after.nominee_email,
        ),
        (
            "Nominee's organisation",
            &before.nominee_organisation,
            &after.nominee_organisation,
        ),
        (
            "Nominee's town or area",
            &before.nominee_locality,
            &after.nominee_locality,
        ),
        (
            "Name for the certificate",
            &before.certificate_name,
            &after.certificate_name,
        ),
    ];
    for (label, old, new) in fields {
        if old != new {
            changed.push(label.to_owned());
        }
    }
    let old: BTreeMap<String, String> = serde_json::from_str(&before.answers)?;
    let new: BTreeMap<String, String> = serde_json::from_str(&after.answers)?;
    for rule in &context.rules {
        if old.get(&rule.key) != new.get(&rule.key) {
            changed.push(rule.label.clone());
        }
    }
    Ok(changed)
}
