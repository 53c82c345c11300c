//! Waiting for the outbox: "exactly N emails" is counted once nothing is
//! left to deliver, never after a pause.

use std::time::Duration;

use diesel::prelude::*;
use laurel::store::Db;
use laurel::store::outbox;
use laurel::store::schema::outbox as table;

use super::{TestApp, eventually};

/// How long the outbox may take to empty.
const WAIT: Duration = Duration::from_secs(60);

/// Waits until no email of `db`'s outbox is pending or being sent, so that
/// every delivery that will happen has happened.
pub async fn wait_until_outbox_delivered(db: &Db) {
    eventually(WAIT, "the outbox to have nothing left to send", || async {
        let due: i64 = db
            .run(|conn| {
                Ok(table::table
                    .filter(table::status.eq_any([outbox::PENDING, outbox::SENDING]))
                    .count()
                    .get_result(conn)?)
            })
            .await
            .ok()?;
        (due == 0).then_some(())
    })
    .await;
}

impl TestApp {
    /// Waits until this app's outbox has nothing pending or being sent.
    pub async fn wait_until_outbox_delivered(&self) {
        wait_until_outbox_delivered(&self.db).await;
    }

    /// Once the outbox has delivered everything, the emails received whose
    /// subject starts with `prefix`.
    pub async fn delivered_with_subject(&self, prefix: &str) -> Vec<crate::smtp::ReceivedEmail> {
        self.wait_until_outbox_delivered().await;
        let mut emails = self.smtp.received();
        emails.retain(|email| email.subject.starts_with(prefix));
        emails
    }
}
