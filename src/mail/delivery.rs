//! Claimed batches on their way out. A few senders, one per SMTP
//! connection, take a batch's rows one at a time from a shared queue (a fast
//! connection takes more), and each outcome is reported the moment the
//! server answers, so that the worker can record it at once rather than at
//! the end of the batch: the shorter the time between the server's
//! acceptance and the commit that records it, the fewer messages a crash can
//! send twice.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, PoisonError};

use lettre::message::Mailbox;
use tokio::sync::{Notify, Semaphore, mpsc, watch};
use tokio::time::Instant;

use super::transport::{Transport, build_message};
use crate::settings::MailSettings;
use crate::store::outbox::OutboxRow;

/// What became of one claimed row.
#[derive(Debug)]
pub enum Outcome {
    /// The SMTP server (or the folder) accepted it.
    Sent,
    /// The attempt failed; the error says why.
    Failed(anyhow::Error),
    /// The message can never be sent as stored (it cannot be built,
    /// building or sending it panicked, or the SMTP server refused it for
    /// good with a 5xx answer): it fails at once, without retries, and the
    /// senders go on with the rest.
    Unsendable(anyhow::Error),
    /// Not tried: the claim could have run out before the send finished, or
    /// the worker is stopping.
    NotTried,
}

/// One row and what became of it.
#[derive(Debug)]
pub struct Report {
    pub row: OutboxRow,
    pub outcome: Outcome,
}

/// The rows still to send, shared by the senders of one batch.
type Queue = Arc<Mutex<VecDeque<OutboxRow>>>;

/// The next row, and whether it was the last.
fn next(queue: &Queue) -> (Option<OutboxRow>, bool) {
    let mut queue = queue.lock().unwrap_or_else(PoisonError::into_inner);
    let row = queue.pop_front();
    (row, queue.is_empty())
}

/// How many accepted emails each connection may have waiting to be
/// recorded before it sends more.
const UNRECORDED_PER_CONNECTION: usize = 2;

/// Permits to send while few enough accepted emails wait to be recorded. A
/// send takes one, and the recorder gives it back once the row is recorded
/// sent; so a crash, which sends those again, never repeats more than
/// `UNRECORDED_PER_CONNECTION` emails a connection, however slow the
/// database is to commit.
#[derive(Clone)]
pub struct Unrecorded(Arc<Semaphore>);

impl Unrecorded {
    /// `count` sent emails are recorded (or will never be).
    pub fn recorded(&self, count: usize) {
        self.0.add_permits(count);
    }
}

/// What the senders of every batch share: the way out, the sender's address,
/// one permit per connection, so that a batch starting while the last one
/// finishes never uses more connections than allowed, and the permits for
/// unrecorded emails.
#[derive(Clone)]
pub struct Outlet {
    transport: Transport,
    from: Mailbox,
    connections: usize,
    permits: Arc<Semaphore>,
    unrecorded: Unrecorded,
}

/// Every row's report, in the order the server answers; the stream ends
/// when every row is reported.
pub type Reports = mpsc::UnboundedReceiver<Report>;

/// Tells when every row of a batch has been taken by a sender.
pub struct Taken(Arc<Notify>);

impl Taken {
    /// Waits until every row has been taken by a sender: the time to claim
    /// the next batch, so that the connections never wait for it. Reports
    /// must be read meanwhile, since senders wait for records.
    pub async fn all(&self) {
        self.0.notified().await;
    }
}

impl Outlet {
    pub fn new(transport: Transport, settings: &MailSettings) -> Outlet {
        Outlet {
            transport,
            from: settings.from.clone(),
            connections: settings.connections.max(1),
            permits: Arc::new(Semaphore::new(settings.connections.max(1))),
            unrecorded: Unrecorded(Arc::new(Semaphore::new(
                settings.connections.max(1) * UNRECORDED_PER_CONNECTION,
            ))),
        }
    }

    /// The permits the recorder gives back.
    pub fn unrecorded(&self) -> Unrecorded {
        self.unrecorded.clone()
    }

    /// Starts sending `rows`, one per connection at a time. No send starts
    /// after `last_start`, so that none can still be running when the claim
    /// lapses and another worker may take the row; and none starts once
    /// `stop` is true or the reports are no longer read.
    pub fn send_all(
        &self,
        rows: Vec<OutboxRow>,
        last_start: Instant,
        stop: &watch::Receiver<bool>,
    ) -> (Reports, Taken) {
        let (reports, received) = mpsc::unbounded_channel();
        let taken = Arc::new(Notify::new());
        if rows.is_empty() {
            taken.notify_one();
        }
        let senders = rows.len().min(self.connections);
        let queue: Queue = Arc::new(Mutex::new(VecDeque::from(rows)));
        for _ in 0..senders {
            let outlet = self.clone();
            let queue = Arc::clone(&queue);
            let reports = reports.clone();
            let stop = stop.clone();
            let taken = Arc::clone(&taken);
            tokio::spawn(async move {
                while let Ok(_permit) = Arc::clone(&outlet.permits).acquire_owned().await {
                    let (Some(row), last) = next(&queue) else {
                        break;
                    };
                    if last {
                        taken.notify_one();
                    }
                    let outcome = outlet.send(&row, last_start, &stop, &reports).await;
                    // A closed channel means the worker stopped; what was
                    // sent is sent again after the lease, same Message-ID.
                    let _ = reports.send(Report { row, outcome });
                }
            });
        }
        (received, Taken(taken))
    }
}

impl Outlet {
    /// Sends one row, unless it is too late or the worker is stopping.
    async fn send(
        &self,
        row: &OutboxRow,
        last_start: Instant,
        stop: &watch::Receiver<bool>,
        reports: &mpsc::UnboundedSender<Report>,
    ) -> Outcome {
        let unrecorded = Arc::clone(&self.unrecorded.0).acquire_owned().await;
        let stopping = *stop.borrow() || reports.is_closed();
        let Ok(unrecorded) = unrecorded else {
            return Outcome::NotTried;
        };
        if stopping || Instant::now() > last_start {
            return Outcome::NotTried;
        }
        let message = match guarded(|| build_message(row, &self.from)) {
            Ok(message) => message,
            Err(error) => return Outcome::Unsendable(error),
        };
        // Sent on a task of its own, so that a panic inside the transport
        // fails this row instead of ending the sender and stalling the rest.
        let transport = self.transport.clone();
        let sent = tokio::spawn(async move { transport.send(message).await }).await;
        match sent {
            Ok(Ok(())) => {
                // Given back by the recorder, once the row is recorded sent.
                unrecorded.forget();
                Outcome::Sent
            }
            Ok(Err(error)) if refused_for_good(&error) => Outcome::Unsendable(error),
            Ok(Err(error)) => Outcome::Failed(error),
            Err(joined) if joined.is_panic() => Outcome::Unsendable(anyhow::anyhow!(
                "sending the message failed unexpectedly: {}",
                panic_message(joined.into_panic().as_ref())
            )),
            Err(joined) => Outcome::Failed(anyhow::Error::from(joined)),
        }
    }
}

/// Whether the SMTP server answered 5xx (such as "no such mailbox"):
/// sending again would get the same answer.
fn refused_for_good(error: &anyhow::Error) -> bool {
    error
        .downcast_ref::<lettre::transport::smtp::Error>()
        .is_some_and(lettre::transport::smtp::Error::is_permanent)
}

/// Runs `build`, turning a panic inside it into an error with its message.
fn guarded<T>(build: impl FnOnce() -> anyhow::Result<T>) -> anyhow::Result<T> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        Err(anyhow::anyhow!(
            "building the message failed unexpectedly: {}",
            panic_message(panic.as_ref())
        ))
    })
}

/// What a panic said, when it said it with a string.
fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".to_owned())
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use chrono::Utc;

    use super::*;
    use crate::settings::MailTransport;

    fn row(n: usize) -> OutboxRow {
        let now = Utc::now().naive_utc();
        OutboxRow {
            id: format!("row-{n}"),
            template: "test".into(),
            to_address: format!("person{n}@example.org"),
            to_name: String::new(),
            subject: "Hello".into(),
            text_body: "Hello".into(),
            html_body: "<p>Hello</p>".into(),
            message_id: format!("m{n}"),
            status: "sending".into(),
            attempts: 0,
            last_error: None,
            next_attempt_at: now,
            claimed_by: Some("w".into()),
            claimed_until: None,
            created_at: now,
            sent_at: None,
        }
    }

    /// Settings that write mail to a new folder, with `connections` senders.
    fn to_folder(connections: usize) -> (tempfile::TempDir, Outlet) {
        let folder = tempfile::tempdir().unwrap();
        let settings = MailSettings {
            from: "Awards <a@b.org>".parse().unwrap(),
            transport: MailTransport::Folder(folder.path().to_owned()),
            poll_interval: Duration::from_secs(1),
            retry_base: Duration::from_secs(5),
            retry_cap: Duration::from_secs(60),
            max_attempts: 10,
            connections,
        };
        let transport = Transport::from_settings(&settings).unwrap();
        (folder, Outlet::new(transport, &settings))
    }

    fn files(folder: &tempfile::TempDir) -> usize {
        std::fs::read_dir(folder.path()).unwrap().count()
    }

    /// Sends ten rows to a folder, recording each as its report comes, and
    /// answers the reports and how many files arrived.
    async fn send_ten(last_start: Instant, stop: bool) -> (Vec<Report>, usize) {
        let (folder, outlet) = to_folder(3);
        let (_stop, stopped) = watch::channel(stop);
        let (mut received, taken) =
            outlet.send_all((0..10).map(row).collect(), last_start, &stopped);
        let mut reports = Vec::new();
        while let Some(report) = received.recv().await {
            if matches!(report.outcome, Outcome::Sent) {
                outlet.unrecorded().recorded(1);
            }
            reports.push(report);
        }
        taken.all().await;
        (reports, files(&folder))
    }

    #[tokio::test]
    async fn a_connection_sends_at_most_two_emails_ahead_of_their_records() {
        let (folder, outlet) = to_folder(1);
        let (_stop, stopped) = watch::channel(false);
        let later = Instant::now() + Duration::from_secs(60);
        let (mut reports, _taken) = outlet.send_all((0..10).map(row).collect(), later, &stopped);
        for _ in 0..2 {
            reports.recv().await.unwrap();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
        assert!(
            reports.try_recv().is_err(),
            "a third email waits until the first two are recorded"
        );
        assert_eq!(files(&folder), 2);
        outlet.unrecorded().recorded(2);
        let mut rest = 0;
        while reports.recv().await.is_some() {
            outlet.unrecorded().recorded(1);
            rest += 1;
        }
        assert_eq!((rest, files(&folder)), (8, 10));
    }

    fn ids(reports: &[Report], wanted: fn(&Outcome) -> bool) -> Vec<String> {
        let mut ids: Vec<String> = (reports.iter())
            .filter(|report| wanted(&report.outcome))
            .map(|report| report.row.id.clone())
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn a_panic_while_building_becomes_an_error_with_its_message() {
        let built: anyhow::Result<()> = guarded(|| panic!("header out of range"));
        let error = format!("{:#}", built.unwrap_err());
        assert!(error.contains("header out of range"), "{error}");
        assert_eq!(guarded(|| Ok(7)).unwrap(), 7);
    }

    #[tokio::test]
    async fn a_row_that_cannot_be_built_fails_alone_and_the_rest_are_sent() {
        let (folder, outlet) = to_folder(1);
        let (_stop, stopped) = watch::channel(false);
        let mut rows: Vec<OutboxRow> = (0..5).map(row).collect();
        rows[2].to_name = "Jim\r\nBcc: j@evil.test".into();
        let later = Instant::now() + Duration::from_secs(60);
        let (mut received, _taken) = outlet.send_all(rows, later, &stopped);
        let mut reports = Vec::new();
        while let Some(report) = received.recv().await {
            outlet.unrecorded().recorded(1);
            reports.push(report);
        }
        assert_eq!(ids(&reports, |o| matches!(o, Outcome::Sent)).len(), 4);
        assert_eq!(
            ids(&reports, |o| matches!(o, Outcome::Unsendable(_))),
            ["row-2"]
        );
        assert_eq!(files(&folder), 4);
    }

    #[tokio::test]
    async fn every_row_is_sent_and_reported_once() {
        let (reports, files) = send_ten(Instant::now() + Duration::from_secs(60), false).await;
        let mut expected: Vec<String> = (0..10).map(|n| format!("row-{n}")).collect();
        expected.sort();
        assert_eq!(ids(&reports, |o| matches!(o, Outcome::Sent)), expected);
        assert_eq!(reports.len(), 10);
        assert_eq!(files, 10);
    }

    #[tokio::test]
    async fn no_send_starts_once_the_claim_could_lapse_before_it_ends() {
        let passed = Instant::now().checked_sub(Duration::from_secs(1)).unwrap();
        let (reports, files) = send_ten(passed, false).await;
        assert_eq!(ids(&reports, |o| matches!(o, Outcome::NotTried)).len(), 10);
        assert_eq!(files, 0);
    }

    #[tokio::test]
    async fn no_send_starts_once_the_worker_is_stopping() {
        let (reports, files) = send_ten(Instant::now() + Duration::from_secs(60), true).await;
        assert_eq!(ids(&reports, |o| matches!(o, Outcome::NotTried)).len(), 10);
        assert_eq!(files, 0);
    }
}
