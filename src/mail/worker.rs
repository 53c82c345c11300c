//! The delivery worker: claims due outbox rows, sends them, and records the
//! outcome, retrying failures with exponential backoff up to a cap.

use std::time::Duration;

use chrono::Utc;
use lettre::message::Mailbox;
use tokio::task::JoinSet;

use super::transport::{Transport, build_message};
use crate::settings::MailSettings;
use crate::store::outbox::{self, OutboxRow};
use crate::store::{Db, to_db_time};

/// How many rows one claim takes.
const BATCH: i64 = 32;
/// How long a claim lasts; a row still claimed after this is due again (its
/// worker is presumed dead), so it must exceed the longest SMTP conversation.
const LEASE: Duration = Duration::from_secs(60);

pub struct Worker {
    db: Db,
    transport: Transport,
    settings: MailSettings,
    /// This worker's name on the rows it claims.
    name: String,
}

impl Worker {
    pub fn new(db: Db, transport: Transport, settings: MailSettings) -> Worker {
        Worker {
            db,
            transport,
            settings,
            name: uuid::Uuid::new_v4().to_string(),
        }
    }

    /// Runs until the task is dropped.
    pub async fn run(self) {
        loop {
            match self.deliver_due().await {
                Ok(0) => tokio::time::sleep(self.settings.poll_interval).await,
                Ok(_) => {}
                Err(error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "the outbox worker could not read the outbox"
                    );
                    tokio::time::sleep(self.settings.poll_interval.max(Duration::from_secs(1)))
                        .await;
                }
            }
        }
    }

    /// Claims one batch of due rows and tries to deliver each; returns how many were claimed.
    pub async fn deliver_due(&self) -> anyhow::Result<usize> {
        let worker = self.name.clone();
        let rows = self
            .db
            .run(move |conn| {
                let now = Utc::now();
                let lease_until = now + LEASE;
                Ok(outbox::claim_due(
                    conn,
                    &worker,
                    to_db_time(now),
                    to_db_time(lease_until),
                    BATCH,
                )?)
            })
            .await?;
        let claimed = rows.len();
        let mut sends = JoinSet::new();
        for row in rows {
            let transport = self.transport.clone();
            let from = self.settings.from.clone();
            sends.spawn(async move {
                let outcome = send_row(&transport, &from, &row).await;
                (row, outcome)
            });
        }
        while let Some(joined) = sends.join_next().await {
            let Ok((row, outcome)) = joined else { continue };
            self.record(row, outcome).await?;
        }
        Ok(claimed)
    }

    async fn record(&self, row: OutboxRow, outcome: anyhow::Result<()>) -> anyhow::Result<()> {
        let worker = self.name.clone();
        let settings = self.settings.clone();
        self.db
            .run(move |conn| {
                let now = Utc::now();
                match outcome {
                    Ok(()) => {
                        tracing::info!(outbox_id = %row.id, template = %row.template, "email sent");
                        outbox::mark_sent(conn, &row.id, &worker, to_db_time(now))?;
                    }
                    Err(error) => {
                        let attempts = u32::try_from(row.attempts).unwrap_or(0) + 1;
                        let retry_at = (attempts < settings.max_attempts)
                            .then(|| now + backoff(&settings, attempts))
                            .map(to_db_time);
                        let message = format!("{error:#}");
                        tracing::warn!(outbox_id = %row.id, attempts, error = %message, gave_up = retry_at.is_none(), "email not sent");
                        outbox::mark_attempt_failed(conn, &row.id, &worker, &message, retry_at)?;
                    }
                }
                Ok(())
            })
            .await
    }
}

async fn send_row(transport: &Transport, from: &Mailbox, row: &OutboxRow) -> anyhow::Result<()> {
    let message = build_message(row, from)?;
    transport.send(message).await
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
        };
        let waits: Vec<u64> = (1..=6).map(|n| backoff(&settings, n).as_secs()).collect();
        assert_eq!(waits, [5, 10, 20, 40, 60, 60]);
        assert_eq!(backoff(&settings, 200), Duration::from_secs(60));
    }
}
