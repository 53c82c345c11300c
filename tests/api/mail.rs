//! The outbox and its worker, against a real SMTP server.

use std::collections::HashSet;
use std::time::Duration;

use laurel::mail::transport::Transport;
use laurel::mail::worker::Worker;
use laurel::settings::MailTransport;
use laurel::store::{Db, outbox};
use secrecy::ExposeSecret;

use crate::helpers::{eventually, spawn_app, spawn_app_with};
use crate::mail_worker::queue_test_emails;

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn a_queued_email_is_received_with_a_text_and_an_html_part() {
    let app = spawn_app().await;
    let id = app.queue_test_email("Ann.Reader@Example.org").await;
    let received = app.smtp.wait_for(1, WAIT).await;
    let email = &received[0];
    assert_eq!(email.to, ["ann.reader@example.org"]);
    assert_eq!(email.subject, "Laurel test email");
    assert!(email.has_text_and_html_parts, "{}", email.raw);
    assert!(
        email.text.contains("This is a test email from Laurel"),
        "{}",
        email.text
    );
    assert!(email.html.contains("<h1"), "{}", email.html);
    assert!(
        email
            .raw
            .contains("From: \"Self Management Awards\" <awards@laurel.test>"),
        "{}",
        email.raw
    );
    let row = app.outbox_row(id).await;
    assert_eq!(email.message_id, format!("{}@laurel.test", row.message_id));
    let row = eventually(WAIT, "the row marked sent", || async {
        let row = app.outbox_row(id).await;
        (row.status == outbox::SENT).then_some(row)
    })
    .await;
    assert_eq!(row.attempts, 1);
    assert!(row.sent_at.is_some());
}

#[tokio::test]
async fn with_the_smtp_server_down_an_email_waits_and_is_delivered_once_it_is_back() {
    let mut app = spawn_app().await;
    app.smtp.stop();
    let id = app.queue_test_email("ann@example.org").await;
    let row = eventually(WAIT, "a failed attempt recorded", || async {
        let row = app.outbox_row(id).await;
        (row.attempts >= 2).then_some(row)
    })
    .await;
    assert_eq!(row.status, outbox::PENDING, "still waiting to be sent");
    assert!(
        row.last_error
            .as_deref()
            .is_some_and(|error| !error.is_empty()),
        "{row:?}"
    );

    app.smtp.restart();
    let received = app.smtp.wait_for(1, WAIT).await;
    assert_eq!(received[0].to, ["ann@example.org"]);
    eventually(WAIT, "the row marked sent", || async {
        (app.outbox_row(id).await.status == outbox::SENT).then_some(())
    })
    .await;
    app.wait_until_outbox_delivered().await;
    assert_eq!(app.smtp.received().len(), 1, "delivered exactly once");
}

#[tokio::test]
async fn an_email_that_keeps_failing_is_marked_failed_after_the_last_attempt() {
    let mut app = spawn_app_with(|settings| settings.mail.max_attempts = 2).await;
    app.smtp.stop();
    let id = app.queue_test_email("ann@example.org").await;
    let row = eventually(WAIT, "the row marked failed", || async {
        let row = app.outbox_row(id).await;
        (row.status == outbox::FAILED).then_some(row)
    })
    .await;
    assert_eq!(row.attempts, 2);
    assert!(row.last_error.is_some());
}

#[tokio::test]
async fn three_workers_on_one_database_deliver_1000_emails_exactly_once() {
    let app = spawn_app().await;
    queue_test_emails(&app.db, 1000);

    // Two more workers, each with its own pool, as two more servers would have.
    let mut stops = Vec::new();
    for _ in 0..2 {
        let database = &app.settings.database;
        let db = Db::connect(database.backend, database.url.expose_secret(), 4).unwrap();
        let transport = Transport::from_settings(&app.settings.mail).unwrap();
        let (stop, stopped) = tokio::sync::watch::channel(false);
        stops.push(stop);
        tokio::spawn(Worker::new(db, transport, app.settings.mail.clone()).run(stopped));
    }

    app.smtp.wait_for(1000, Duration::from_secs(90)).await;
    app.wait_until_outbox_delivered().await;
    let received = app.smtp.received();
    assert_eq!(received.len(), 1000, "no email sent twice");
    let ids: HashSet<&str> = received
        .iter()
        .map(|email| email.message_id.as_str())
        .collect();
    assert_eq!(ids.len(), 1000);
    let recipients: HashSet<&str> = received.iter().map(|email| email.to[0].as_str()).collect();
    assert_eq!(recipients.len(), 1000, "every recipient got theirs");
}

#[tokio::test]
async fn without_smtp_settings_mail_is_written_to_files_in_a_folder() {
    let folder = tempfile::tempdir().unwrap();
    let path = folder.path().to_owned();
    let app =
        spawn_app_with(|settings| settings.mail.transport = MailTransport::Folder(path)).await;
    app.queue_test_email("ann@example.org").await;
    let file = eventually(WAIT, "a file in the mail folder", || async {
        std::fs::read_dir(folder.path())
            .ok()?
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .find(|path| path.extension().is_some_and(|ext| ext == "eml"))
    })
    .await;
    let content = std::fs::read_to_string(file).unwrap();
    assert!(content.contains("Subject: Laurel test email"), "{content}");
    assert!(app.smtp.received().is_empty());
}
