//! Nominations: the public making, saving and changing them through private
//! links ([`public`], [`link`]), nominees agreeing to them ([`consent`]),
//! and organisers reviewing them ([`review`]). This module holds what they
//! share: the views, and turning stored rows into them and back.

mod context;
mod emails;
mod forms;

pub mod consent;
pub mod link;
pub mod public;
pub mod review;

use std::collections::BTreeMap;

use chrono::{DateTime, DurationRound as _, TimeDelta, Utc};
use serde::Serialize;
use utoipa::ToSchema;

use crate::domain::email::EmailAddress;
use crate::domain::ids::NominationId;
use crate::domain::lifecycle::{ConsentStatus, EntryMethod, NominationStatus};
use crate::domain::nomination::{
    ConsentInput, NominationInput, NomineeInput, PersonInput, ValidNomination,
};
use crate::store::consents::ConsentRow;
use crate::store::nominations::{ContentChange, NominationRow};
use crate::store::{from_db_time, parse_id};

pub use context::{CategoryRef, closed_message, when};

/// The nominator's details as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NominatorView {
    pub name: String,
    pub email: String,
    pub job_title: String,
    pub organisation: String,
    pub phone: String,
}

/// The nominee's details as stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct NomineeView {
    pub name: String,
    pub email: Option<String>,
    pub organisation: String,
    pub locality: String,
    pub certificate_name: String,
}

/// Whether the nominee agrees, and how that was learnt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct ConsentView {
    pub status: ConsentStatus,
    /// `email`, `phone` or `paper` once decided; empty before.
    pub method: String,
    pub decided_at: Option<DateTime<Utc>>,
}

impl ConsentView {
    fn of(row: Option<&ConsentRow>) -> ConsentView {
        match row {
            Some(row) => ConsentView {
                status: ConsentStatus::parse(&row.status).unwrap_or(ConsentStatus::NotAsked),
                method: row.method.clone(),
                decided_at: row.decided_at.map(from_db_time),
            },
            None => ConsentView {
                status: ConsentStatus::NotAsked,
                method: String::new(),
                decided_at: None,
            },
        }
    }

    /// How it reads on a page, e.g. "Recorded by staff (by phone)".
    pub fn label(&self) -> String {
        let how = match self.method.as_str() {
            "phone" => "by phone",
            "paper" => "on paper",
            _ => return self.status.label().to_owned(),
        };
        match self.status {
            ConsentStatus::Recorded => format!("Recorded by staff ({how})"),
            ConsentStatus::Declined => format!("Declined ({how}, recorded by staff)"),
            status => status.label().to_owned(),
        }
    }
}

/// A nomination as organisers (and, later, judges) see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NominationView {
    #[schema(value_type = String, format = Uuid)]
    pub id: NominationId,
    /// Like `SMA16-0042`; `null` for a draft.
    pub reference: Option<String>,
    /// The category's slug.
    pub category: String,
    pub category_name: String,
    pub status: NominationStatus,
    pub entry_method: EntryMethod,
    pub nominator: NominatorView,
    pub nominee: NomineeView,
    /// Answers by question key.
    pub answers: BTreeMap<String, String>,
    pub consent: ConsentView,
    /// Why it was marked ineligible.
    pub status_reason: String,
    /// The reference of the nomination this one repeats.
    pub duplicate_of: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub submitted_at: Option<DateTime<Utc>>,
}

/// What a list of nominations shows of each: everything but the answers.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NominationSummary {
    #[schema(value_type = String, format = Uuid)]
    pub id: NominationId,
    pub reference: Option<String>,
    pub category: String,
    pub category_name: String,
    pub status: NominationStatus,
    pub entry_method: EntryMethod,
    pub nominee: NomineeView,
    pub nominator: NominatorView,
    pub consent: ConsentView,
    pub submitted_at: Option<DateTime<Utc>>,
}

impl From<NominationView> for NominationSummary {
    fn from(view: NominationView) -> NominationSummary {
        NominationSummary {
            id: view.id,
            reference: view.reference,
            category: view.category,
            category_name: view.category_name,
            status: view.status,
            entry_method: view.entry_method,
            nominee: view.nominee,
            nominator: view.nominator,
            consent: view.consent,
            submitted_at: view.submitted_at,
        }
    }
}

/// What a call that makes or changes a nomination reports.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Saved {
    #[schema(value_type = String, format = Uuid)]
    pub id: NominationId,
    /// Like `SMA16-0042`; `null` for a draft.
    pub reference: Option<String>,
    pub status: NominationStatus,
    /// The secret of the nominator's private link, when this call knows it
    /// (an API replay does not: only its hash is stored).
    #[serde(skip)]
    pub secret: Option<String>,
    /// Whether this answered a repeat of an earlier request.
    #[serde(skip)]
    pub replayed: bool,
    /// The address the private link was emailed to, if any.
    #[serde(skip)]
    pub emailed_to: Option<String>,
}

/// Category slugs and names, by category id.
pub(crate) type CategoryNames = std::collections::HashMap<String, (String, String)>;

/// A stored row as a view. `duplicate_of` is the other nomination's reference.
pub(crate) fn view_of(
    row: NominationRow,
    categories: &CategoryNames,
    consent: Option<&ConsentRow>,
    duplicate_of: Option<String>,
) -> anyhow::Result<NominationView> {
    let (category, category_name) = categories
        .get(&row.category_id)
        .cloned()
        .unwrap_or_default();
    Ok(NominationView {
        id: parse_id(&row.id)?,
        status: NominationStatus::parse(&row.status)
            .ok_or_else(|| anyhow::anyhow!("nomination {} has status {:?}", row.id, row.status))?,
        entry_method: EntryMethod::parse(&row.entry_method).unwrap_or(EntryMethod::Online),
        answers: serde_json::from_str(&row.answers)?,
        nominator: NominatorView {
            name: row.nominator_name,
            email: row.nominator_email,
            job_title: row.nominator_job_title,
            organisation: row.nominator_organisation,
            phone: row.nominator_phone,
        },
        nominee: NomineeView {
            name: row.nominee_name,
            email: Some(row.nominee_email).filter(|email| !email.is_empty()),
            organisation: row.nominee_organisation,
            locality: row.nominee_locality,
            certificate_name: row.certificate_name,
        },
        consent: ConsentView::of(consent),
        reference: row.reference,
        category,
        category_name,
        status_reason: row.status_reason,
        duplicate_of,
        created_at: from_db_time(row.created_at),
        updated_at: from_db_time(row.updated_at),
        submitted_at: row.submitted_at.map(from_db_time),
    })
}

/// The form filled in with a stored nomination, to continue or change it.
pub(crate) fn input_of(row: &NominationRow) -> anyhow::Result<NominationInput> {
    Ok(NominationInput {
        nominator: PersonInput {
            name: row.nominator_name.clone(),
            email: row.nominator_email.clone(),
            job_title: row.nominator_job_title.clone(),
            organisation: row.nominator_organisation.clone(),
            phone: row.nominator_phone.clone(),
        },
        nominee: NomineeInput {
            name: row.nominee_name.clone(),
            email: row.nominee_email.clone(),
            organisation: row.nominee_organisation.clone(),
            locality: row.nominee_locality.clone(),
            certificate_name: row.certificate_name.clone(),
        },
        answers: serde_json::from_str(&row.answers)?,
        consent: ConsentInput {
            nominator_confirms: row.nominator_confirms,
        },
    })
}

/// The stored form of a checked nomination, searchable by `reference`.
pub(crate) fn content_of(
    valid: &ValidNomination,
    reference: Option<&str>,
) -> anyhow::Result<ContentChange> {
    let email = |email: &Option<EmailAddress>| {
        email
            .as_ref()
            .map(|email| email.as_str().to_owned())
            .unwrap_or_default()
    };
    let nominator_email = email(&valid.nominator.email);
    let search_text = search_text(
        reference,
        [
            &valid.nominee.name,
            &valid.nominee.organisation,
            &valid.nominator.name,
            &nominator_email,
        ],
    );
    Ok(ContentChange {
        nominator_name: valid.nominator.name.clone(),
        nominator_email,
        nominator_job_title: valid.nominator.job_title.clone(),
        nominator_organisation: valid.nominator.organisation.clone(),
        nominator_phone: valid.nominator.phone.clone(),
        nominee_name: valid.nominee.name.clone(),
        nominee_email: email(&valid.nominee.email),
        nominee_organisation: valid.nominee.organisation.clone(),
        nominee_locality: valid.nominee.locality.clone(),
        certificate_name: valid.nominee.certificate_name.clone(),
        answers: serde_json::to_string(&valid.answers)?,
        nominator_confirms: valid.nominator_confirms,
        search_text,
    })
}

/// What the organisers' search looks in: the reference, the names and the
/// nominator's email, lower-cased.
pub(crate) fn search_text(reference: Option<&str>, words: [&str; 4]) -> String {
    let mut text = reference.unwrap_or_default().to_owned();
    for word in words {
        text.push(' ');
        text.push_str(word);
    }
    text.to_lowercase()
}

/// A time as both databases store it: microseconds, so that what is read
/// back equals what was written.
pub(crate) fn stored_time(now: DateTime<Utc>) -> DateTime<Utc> {
    now.duration_trunc(TimeDelta::microseconds(1))
        .unwrap_or(now)
}
