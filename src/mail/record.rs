//! Recording what became of sent rows: whatever outcomes arrived while the
//! previous group was being written go in the next transaction, so that a row
//! is recorded moments after the server accepted it, with many rows a commit
//! when mail flows fast. Failures are retried with exponential backoff up to
//! a cap.

use std::time::Duration;

use chrono::{NaiveDateTime, Utc};
use tokio::time::Instant;

use super::delivery::{Outcome, Report, Reports, Unrecorded};
use crate::settings::MailSettings;
use crate::store::outbox;
use crate::store::{Db, to_db_time, write_transaction};

/// The wait before recording outcomes again after the database refused.
const RECORD_RETRY: Duration = Duration::from_millis(500);

/// Writes one worker's outcomes; cheap to clone into a task per batch.
#[derive(Clone)]
pub struct Recorder {
    pub db: Db,
    pub settings: MailSettings,
    /// The worker's name on the rows it claimed.
    pub worker: String,
    /// Given back for every sent row once it is recorded.
    pub unrecorded: Unrecorded,
}

/// What to write for one group of outcomes, in one transaction.
#[derive(Debug, Default, Clone)]
struct Outcomes {
    sent: Vec<String>,
    /// (row id, error, when to try again: `None` gives up).
    failed: Vec<(String, String, Option<NaiveDateTime>)>,
    not_tried: Vec<String>,
}

impl Recorder {
    /// Records outcomes as they arrive: whatever came in while the previous
    /// group was being written goes in the next transaction. After a failure
    /// it records nothing more, but still reads every report, so that the
    /// senders are not held up.
    pub async fn record_as_they_come(
        self,
        mut reports: Reports,
        lease_end: Instant,
    ) -> anyhow::Result<()> {
        let mut failure = None;
        while let Some(report) = reports.recv().await {
            let mut group = vec![report];
            while let Ok(report) = reports.try_recv() {
                group.push(report);
            }
            let outcomes = self.outcomes(group);
            let sent = outcomes.sent.len();
            if failure.is_none()
                && let Err(error) = self.record(outcomes, lease_end).await
            {
                failure = Some(error);
            }
            self.unrecorded.recorded(sent);
        }
        failure.map_or(Ok(()), Err)
    }

    fn outcomes(&self, reports: Vec<Report>) -> Outcomes {
        let now = Utc::now();
        let mut outcomes = Outcomes::default();
        for Report { row, outcome } in reports {
            match outcome {
                Outcome::Sent => {
                    tracing::debug!(outbox_id = %row.id, template = %row.template, "email sent");
                    outcomes.sent.push(row.id);
                }
                Outcome::NotTried => outcomes.not_tried.push(row.id),
                Outcome::Unsendable(error) => {
                    let message = format!("{error:#}");
                    tracing::error!(outbox_id = %row.id, error = %message, "email cannot be sent; marked failed");
                    outcomes.failed.push((row.id, message, None));
                }
                Outcome::Failed(error) => {
                    let attempts = u32::try_from(row.attempts).unwrap_or(0) + 1;
                    let retry_at = (attempts < self.settings.max_attempts)
                        .then(|| now + backoff(&self.settings, attempts))
                        .map(to_db_time);
                    let message = format!("{error:#}");
                    tracing::warn!(outbox_id = %row.id, attempts, error = %message, gave_up = retry_at.is_none(), "email not sent");
                    outcomes.failed.push((row.id, message, retry_at));
                }
            }
        }
        outcomes
    }

    /// Writes one group of outcomes in one transaction. A refusal (SQLite
    /// busy under a burst of writes) is tried again while the claim lasts,
    /// since a sent row left claimed would be sent a second time.
    async fn record(&self, outcomes: Outcomes, lease_end: Instant) -> anyhow::Result<()> {
        if !outcomes.sent.is_empty() {
            tracing::info!(count = outcomes.sent.len(), "emails sent");
        }
        loop {
            let worker = self.worker.clone();
            let attempt = outcomes.clone();
            let written = self
                .db
                .run(move |conn| {
                    write_transaction(conn, |conn| {
                        let now = to_db_time(Utc::now());
                        outbox::mark_sent(conn, &attempt.sent, &worker, now)?;
                        for (id, error, retry_at) in &attempt.failed {
                            outbox::mark_attempt_failed(conn, id, &worker, error, *retry_at)?;
                        }
                        outbox::release(conn, &attempt.not_tried, &worker)?;
                        Ok::<_, diesel::result::Error>(())
                    })?;
                    Ok(())
                })
                .await;
            match written {
                Ok(()) => return Ok(()),
                Err(error) if Instant::now() + RECORD_RETRY < lease_end => {
                    tracing::warn!(
                        error = format!("{error:#}"),
                        "cannot record sent emails yet; trying again"
                    );
                    tokio::time::sleep(RECORD_RETRY).await;
                }
                Err(error) => return Err(error.context("cannot record sent emails")),
            }
        }
    }
}

/// The wait before attempt `attempts + 1`: the base doubled for each failed
/// attempt so far, never more than the cap.
pub fn backoff(settings: &MailSettings, attempts: u32) -> Duration {
    let factor = 2u32.saturating_pow(attempts.saturating_sub(1));
    settings
        .retry_base
        .saturating_mul(factor)
        .min(settings.retry_cap)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::MailTransport;

    #[test]
    fn backoff_doubles_and_stops_at_the_cap() {
        let settings = MailSettings {
            from: "a@b.org".parse().unwrap(),
            transport: MailTransport::Folder("x".into()),
            poll_interval: Duration::from_secs(1),
            retry_base: Duration::from_secs(5),
            retry_cap: Duration::from_secs(60),
            max_attempts: 10,
            connections: 4,
        };
        let waits: Vec<u64> = (1..=6).map(|n| backoff(&settings, n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 60, 60]);
        assert_eq!(backoff(&settings, 200), Duration::from_secs(60));
    }
}
