//! The outbox worker on its own: recording outcomes in batches, giving rows
//! back, and stopping without leaving sent messages unrecorded.

use std::collections::HashSet;
use std::time::Duration;

use chrono::Utc;
use laurel::mail::templates::TestEmail;
use laurel::mail::transport::Transport;
use laurel::mail::worker::Worker;
use laurel::mail::{Recipient, queue_email};
use laurel::settings::Settings;
use laurel::startup::open_database;
use laurel::store::{Db, outbox, write_transaction};
use tokio::sync::watch;

use crate::helpers::{TestDatabase, test_settings};
use crate::smtp::SmtpSink;

/// Queues `count` test emails, each to its own address, in one transaction.
pub fn queue_test_emails(db: &Db, count: usize) {
    let now = Utc::now();
    let mut conn = db.get().unwrap();
    write_transaction(&mut conn, |conn| {
        for n in 0..count {
            let to = Recipient {
                address: format!("person{n}@example.org"),
                name: String::new(),
            };
            let email = TestEmail {
                requested_by: format!("test {n}"),
                public_url: "http://127.0.0.1:9/".into(),
            };
            queue_email(conn, &to, &email, now)?;
        }
        Ok::<_, anyhow::Error>(())
    })
    .unwrap();
}

/// A database and an SMTP server with no server running: only the workers a
/// test starts deliver.
struct Fixture {
    db: Db,
    smtp: SmtpSink,
    settings: Settings,
    _database: TestDatabase,
}

fn fixture() -> Fixture {
    let database = TestDatabase::create();
    let smtp = SmtpSink::start();
    let settings = test_settings(&database.url, smtp.port());
    let db = open_database(&settings).unwrap();
    Fixture {
        db,
        smtp,
        settings,
        _database: database,
    }
}

fn rows(db: &Db) -> Vec<outbox::OutboxRow> {
    let mut conn = db.get().unwrap();
    outbox::list(&mut conn, None, 100_000).unwrap()
}

#[tokio::test]
async fn a_worker_asked_to_stop_records_every_email_it_sent_before_it_returns() {
    let app = fixture();
    queue_test_emails(&app.db, 400);
    let transport = Transport::from_settings(&app.settings.mail).unwrap();
    let (stop, stopped) = watch::channel(false);
    let worker = tokio::spawn(
        Worker::new(app.db.clone(), transport, app.settings.mail.clone()).run(stopped),
    );
    app.smtp.wait_for(10, Duration::from_secs(20)).await;
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(20), worker)
        .await
        .expect("the worker stops in time")
        .unwrap();

    let rows = rows(&app.db);
    let received = app.smtp.received();
    assert!(received.len() < 400, "the worker stopped before the end");
    let left_claimed: Vec<_> = (rows.iter())
        .filter(|row| row.status == outbox::SENDING)
        .collect();
    assert!(
        left_claimed.is_empty(),
        "rows left claimed: {left_claimed:?}"
    );
    let sent: HashSet<String> = (rows.iter())
        .filter(|row| row.status == outbox::SENT)
        .map(|row| format!("{}@laurel.test", row.message_id))
        .collect();
    let arrived: HashSet<String> = received.iter().map(|e| e.message_id.clone()).collect();
    assert_eq!(arrived.len(), received.len(), "no email sent twice");
    assert_eq!(
        sent, arrived,
        "every email that arrived is recorded sent, and only those"
    );
    assert!(
        (rows.iter()).all(|row| row.status != outbox::PENDING || row.attempts == 0),
        "a row given back counts no attempt"
    );
}

#[tokio::test]
async fn a_worker_records_a_large_batch_sent_once_each_with_one_attempt() {
    let app = fixture();
    queue_test_emails(&app.db, 500);
    let transport = Transport::from_settings(&app.settings.mail).unwrap();
    let (_stop, stopped) = watch::channel(false);
    tokio::spawn(Worker::new(app.db.clone(), transport, app.settings.mail.clone()).run(stopped));
    let received = app.smtp.wait_for(500, Duration::from_secs(60)).await;
    let ids: HashSet<&str> = received.iter().map(|e| e.message_id.as_str()).collect();
    assert_eq!(ids.len(), 500);
    let rows = crate::helpers::eventually(Duration::from_secs(20), "every row sent", || async {
        let rows = rows(&app.db);
        rows.iter()
            .all(|row| row.status == outbox::SENT)
            .then_some(rows)
    })
    .await;
    assert!(
        rows.iter()
            .all(|row| row.attempts == 1 && row.sent_at.is_some())
    );
    crate::helpers::wait_until_outbox_delivered(&app.db).await;
    assert_eq!(app.smtp.received().len(), 500, "no email sent twice");
}

#[tokio::test]
async fn only_the_worker_holding_a_claim_can_record_or_give_back_its_rows() {
    let app = fixture();
    queue_test_emails(&app.db, 3);
    let mut conn = app.db.get().unwrap();
    let now = Utc::now().naive_utc();
    let later = now + chrono::Duration::seconds(60);
    let claimed = outbox::claim_due(&mut conn, "first", now, later, 10).unwrap();
    let ids: Vec<String> = claimed.iter().map(|row| row.id.clone()).collect();
    assert_eq!(ids.len(), 3);

    assert_eq!(
        outbox::mark_sent(&mut conn, &ids, "second", now).unwrap(),
        0
    );
    assert_eq!(outbox::release(&mut conn, &ids, "second").unwrap(), 0);
    assert_eq!(
        outbox::mark_sent(&mut conn, &ids[..2], "first", now).unwrap(),
        2
    );
    assert_eq!(outbox::release(&mut conn, &ids[2..], "first").unwrap(), 1);

    let statuses: Vec<(String, i32)> = ids
        .iter()
        .map(|id| {
            let row = outbox::find(&mut conn, id).unwrap().unwrap();
            (row.status, row.attempts)
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (outbox::SENT.to_owned(), 1),
            (outbox::SENT.to_owned(), 1),
            (outbox::PENDING.to_owned(), 0)
        ]
    );
    let again = outbox::claim_due(&mut conn, "third", now, later, 10).unwrap();
    assert_eq!(again.len(), 1, "a row given back is due again at once");
}
