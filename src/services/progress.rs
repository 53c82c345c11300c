//! Judging progress for organisers, and reminders to judges with reviews to do.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;
use utoipa::ToSchema;

use crate::domain::ids::CycleId;
use crate::error::AppError;
use crate::mail::templates::ReviewReminderEmail;
use crate::mail::{Recipient, queue_email};
use crate::services::audit::{self, Entry};
use crate::services::authz::{Principal, require_organiser};
use crate::services::cycles;
use crate::store::assignments::{self as store, ABSTAINED, DRAFT, PENDING, SUBMITTED};
use crate::store::{Db, users, write_transaction};

#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct Counts {
    pub pending: usize,
    pub draft: usize,
    pub submitted: usize,
    pub abstained: usize,
    pub total: usize,
}

impl Counts {
    fn add(&mut self, status: &str, count: usize) {
        match status {
            PENDING => self.pending += count,
            DRAFT => self.draft += count,
            SUBMITTED => self.submitted += count,
            ABSTAINED => self.abstained += count,
            _ => {}
        }
        self.total += count;
    }

    /// Reviews not yet finished.
    pub fn outstanding(&self) -> usize {
        self.pending + self.draft
    }

    /// Finished reviews as a whole percentage.
    pub fn percent_done(&self) -> usize {
        ((self.submitted + self.abstained) * 100)
            .checked_div(self.total)
            .unwrap_or(0)
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Row {
    pub id: String,
    pub name: String,
    pub counts: Counts,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Progress {
    pub judges: Vec<Row>,
    pub categories: Vec<Row>,
    pub overall: Counts,
}

pub async fn progress(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    now: DateTime<Utc>,
) -> Result<Progress, AppError> {
    require_organiser(principal)?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    Ok(db
        .run(move |conn| {
            let mut judges: BTreeMap<String, Counts> = BTreeMap::new();
            let mut categories: BTreeMap<String, Counts> = BTreeMap::new();
            let mut overall = Counts::default();
            for (judge, category, status, count) in store::counts(conn, &cycle_id.to_string())? {
                let count = usize::try_from(count).unwrap_or(0);
                judges.entry(judge).or_default().add(&status, count);
                categories.entry(category).or_default().add(&status, count);
                overall.add(&status, count);
            }
            let mut judge_rows = Vec::new();
            for (id, counts) in judges {
                let name = users::find(conn, &id)?
                    .map(|user| user.name)
                    .unwrap_or_default();
                judge_rows.push(Row { id, name, counts });
            }
            judge_rows.sort_by(|a, b| a.name.cmp(&b.name));
            let category_rows = cycle
                .categories
                .iter()
                .map(|category| Row {
                    id: category.slug.clone(),
                    name: category.name.clone(),
                    counts: categories
                        .remove(&category.id.to_string())
                        .unwrap_or_default(),
                })
                .collect();
            Ok(Progress {
                judges: judge_rows,
                categories: category_rows,
                overall,
            })
        })
        .await?)
}

/// Emails each judge with reviews outstanding one reminder with their numbers.
pub async fn remind(
    db: &Db,
    principal: &Principal,
    cycle_id: CycleId,
    public_url: &Url,
    ip: &str,
    now: DateTime<Utc>,
) -> Result<usize, AppError> {
    let progress = progress(db, principal, cycle_id, now).await?;
    let cycle = cycles::get(db, cycle_id, now).await?;
    let link = public_url
        .join("judge")
        .map_err(anyhow::Error::from)?
        .to_string();
    let principal = principal.clone();
    let ip = ip.to_owned();
    Ok(db
        .run(move |conn| {
            write_transaction(conn, |conn| {
                let mut sent = 0;
                for row in progress
                    .judges
                    .iter()
                    .filter(|row| row.counts.outstanding() > 0)
                {
                    let Some(judge) = users::find(conn, &row.id)?.filter(|user| user.active) else {
                        continue;
                    };
                    let email = ReviewReminderEmail {
                        judge_name: judge.name.clone(),
                        programme: cycle.title.clone(),
                        outstanding: row.counts.outstanding(),
                        submitted: row.counts.submitted + row.counts.abstained,
                        total: row.counts.total,
                        link: link.clone(),
                        deadline: cycle.judging_close_at.format("%-d %B %Y").to_string(),
                    };
                    queue_email(
                        conn,
                        &Recipient {
                            address: judge.email.clone(),
                            name: judge.name.clone(),
                        },
                        &email,
                        now,
                    )?;
                    sent += 1;
                }
                audit::record(
                    conn,
                    &principal.actor(),
                    Entry {
                        action: "judges.reminded",
                        subject_type: "cycle",
                        subject_id: cycle_id.to_string(),
                        detail: format!("{sent} reminders"),
                    },
                    &ip,
                    now,
                )?;
                Ok::<_, anyhow::Error>(sent)
            })
        })
        .await?)
}
