//! How a message leaves Laurel: SMTP (plain or TLS, over a few pooled
//! connections that stay open between messages) or, with no SMTP settings, a
//! file per message in a folder.

use std::path::PathBuf;
use std::time::Duration;

use anyhow::Context as _;
use lettre::message::{Mailbox, Message, MultiPart, header};
use lettre::transport::smtp::PoolConfig;
use lettre::{AsyncFileTransport, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::domain::person_name::PersonName;
use crate::settings::{MailSettings, MailTransport};
use crate::store::outbox::OutboxRow;

#[derive(Clone)]
pub enum Transport {
    Smtp(AsyncSmtpTransport<Tokio1Executor>),
    Folder(AsyncFileTransport<Tokio1Executor>, PathBuf),
}

/// How long one SMTP command may wait for the server.
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// How long sending one message may take in all before it counts as failed.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(30);

impl Transport {
    pub fn from_settings(settings: &MailSettings) -> anyhow::Result<Transport> {
        match &settings.transport {
            MailTransport::Smtp(url) => {
                let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url.expose_secret())
                    .context("setting SMTP_URL: cannot be used")?
                    .timeout(Some(SMTP_TIMEOUT))
                    .pool_config(PoolConfig::new().max_size(pool_size(settings.connections)))
                    .build();
                Ok(Transport::Smtp(transport))
            }
            MailTransport::Folder(path) => {
                std::fs::create_dir_all(path)
                    .with_context(|| format!("cannot create the mail folder {}", path.display()))?;
                Ok(Transport::Folder(
                    AsyncFileTransport::new(path),
                    path.clone(),
                ))
            }
        }
    }

    /// Where mail goes, for the log.
    pub fn describe(&self) -> String {
        match self {
            Transport::Smtp(_) => "SMTP".to_owned(),
            Transport::Folder(_, path) => format!(
                "files in the folder {} (SMTP_URL is not set)",
                path.display()
            ),
        }
    }

    /// Sends `message`, giving up after `SEND_TIMEOUT`.
    pub async fn send(&self, message: Message) -> anyhow::Result<()> {
        let sending = async {
            match self {
                Transport::Smtp(smtp) => smtp.send(message).await.map(drop)?,
                Transport::Folder(folder, _) => folder.send(message).await.map(drop)?,
            }
            Ok(())
        };
        tokio::time::timeout(SEND_TIMEOUT, sending)
            .await
            .context("the mail server did not answer in time")?
    }
}

/// The pool keeps one connection per concurrent send.
fn pool_size(connections: usize) -> u32 {
    u32::try_from(connections).unwrap_or(u32::MAX)
}

/// Builds the multipart (text + HTML) message for an outbox row.
/// A recipient's name with a control or direction-override character in it
/// (stored before names were folded) is refused rather than sent.
pub fn build_message(row: &OutboxRow, from: &Mailbox) -> anyhow::Result<Message> {
    if !PersonName::is_folded(&row.to_name) {
        anyhow::bail!(
            "the recipient's name has a line break, control or direction-override character in it"
        );
    }
    let to = Mailbox::new(
        Some(row.to_name.clone()).filter(|name| !name.is_empty()),
        row.to_address
            .parse()
            .context("the recipient's address is not valid")?,
    );
    let domain = from.email.domain();
    Message::builder()
        .from(from.clone())
        .to(to)
        .subject(row.subject.clone())
        .message_id(Some(format!("<{}@{domain}>", row.message_id)))
        .raw_header(header::HeaderValue::new(
            header::HeaderName::new_from_ascii_str("X-Laurel-Template"),
            row.template.clone(),
        ))
        .multipart(MultiPart::alternative_plain_html(
            row.text_body.clone(),
            row.html_body.clone(),
        ))
        .context("cannot build the message")
}
