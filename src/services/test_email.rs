//! A test email, to check the mail settings of an installation.

use chrono::{DateTime, Utc};

use crate::domain::email::EmailAddress;
use crate::domain::ids::OutboxId;
use crate::error::{AppError, FieldError};
use crate::mail::templates::TestEmail;
use crate::mail::{Recipient, queue_email};
use crate::store::{Db, write_transaction};

/// Queues a test email to `to`.
pub async fn queue(
    db: &Db,
    to: &str,
    requested_by: &str,
    public_url: &str,
    now: DateTime<Utc>,
) -> Result<OutboxId, AppError> {
    let address = EmailAddress::parse(to)
        .map_err(|error| AppError::validation(vec![FieldError::new("to", error.to_string())]))?;
    let email = TestEmail {
        requested_by: requested_by.to_owned(),
        public_url: public_url.to_owned(),
    };
    let recipient = Recipient {
        address: address.to_string(),
        name: String::new(),
    };
    Ok(db
        .run(move |conn| write_transaction(conn, |conn| queue_email(conn, &recipient, &email, now)))
        .await?)
}
