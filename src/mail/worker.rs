//! The delivery worker: claims due outbox rows in batches, sends them, and
//! records the outcomes as they come in.
//!
//! Delivery is at least once. A row is recorded sent shortly after the
//! server accepted it (see `record`). Only a process that dies in between
//! leaves a sent row claimed; when its lease runs out the row is sent again,
//! with the same Message-ID. A worker asked to stop finishes and records the
//! rows it has started first, and never starts a send that could outlast its
//! claim, so no other worker sends the row meanwhile.
//!
//! The next batch is claimed as soon as every row of the current one has
//! been taken by a sender, so that the connections never wait for a claim;
//! at most two batches are in hand at once.

use std::time::Duration;

use chrono::Utc;
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio::time::Instant;

use super::delivery::Outlet;
use super::record::Recorder;
use super::transport::{SEND_TIMEOUT, Transport};
use crate::settings::MailSettings;
use crate::store::Db;
use crate::store::outbox::{self, OutboxRow};
use crate::store::to_db_time;

/// How many rows one claim takes.
pub const BATCH: i64 = 200;
/// How long a claim lasts; a row still claimed after this is due again (its
/// worker is presumed dead).
const LEASE: Duration = Duration::from_secs(60);
/// Room left between the last send's deadline and the end of the lease, for
/// recording it and for clocks that differ a little between servers.
const LEASE_MARGIN: Duration = Duration::from_secs(10);

pub struct Worker {
    outlet: Outlet,
    recorder: Recorder,
    poll_interval: Duration,
}

/// The recording of the batch before, finished before a third is claimed.
type Recording = Option<JoinHandle<anyhow::Result<()>>>;

impl Worker {
    pub fn new(db: Db, transport: Transport, settings: MailSettings) -> Worker {
        let outlet = Outlet::new(transport, &settings);
        Worker {
            poll_interval: settings.poll_interval,
            recorder: Recorder {
                db,
                settings,
                worker: uuid::Uuid::new_v4().to_string(),
                unrecorded: outlet.unrecorded(),
            },
            outlet,
        }
    }

    /// Delivers until `stop` turns true (or its sender is dropped), then
    /// returns once the rows in hand are sent and recorded.
    pub async fn run(self, mut stop: watch::Receiver<bool>) {
        let mut recording: Recording = None;
        while !*stop.borrow() {
            let pause = match self.claim().await {
                Ok((rows, claimed_at)) if !rows.is_empty() => {
                    let last_start = claimed_at + LEASE - LEASE_MARGIN - SEND_TIMEOUT;
                    let (reports, taken) = self.outlet.send_all(rows, last_start, &stop);
                    let recorder = self.recorder.clone();
                    let this =
                        tokio::spawn(recorder.record_as_they_come(reports, claimed_at + LEASE));
                    let previous = recording.replace(this);
                    taken.all().await;
                    finish(previous).await;
                    continue;
                }
                Ok(_) => self.poll_interval,
                Err(error) => {
                    tracing::error!(
                        error = format!("{error:#}"),
                        "the outbox worker could not claim due emails"
                    );
                    self.poll_interval.max(Duration::from_secs(1))
                }
            };
            finish(recording.take()).await;
            tokio::select! {
                () = tokio::time::sleep(pause) => {}
                changed = stop.changed() => if changed.is_err() { break },
            }
        }
        finish(recording.take()).await;
    }

    /// Claims a batch of due rows; answers them and when the claim began.
    async fn claim(&self) -> anyhow::Result<(Vec<OutboxRow>, Instant)> {
        let claimed_at = Instant::now();
        let worker = self.recorder.worker.clone();
        let rows = self
            .recorder
            .db
            .run(move |conn| {
                let now = Utc::now();
                Ok(outbox::claim_due(
                    conn,
                    &worker,
                    to_db_time(now),
                    to_db_time(now + LEASE),
                    BATCH,
                )?)
            })
            .await?;
        Ok((rows, claimed_at))
    }
}

/// Waits for a batch's recording to end, and logs why it failed.
async fn finish(recording: Recording) {
    let Some(recording) = recording else { return };
    let error = match recording.await {
        Ok(Ok(())) => return,
        Ok(Err(error)) => error,
        Err(error) => anyhow::Error::from(error),
    };
    tracing::error!(
        error = format!("{error:#}"),
        "the outbox worker could not record what it sent; those emails are sent again after the lease"
    );
}
