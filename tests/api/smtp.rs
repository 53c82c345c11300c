//! A real SMTP server for the tests: Debian's aiosmtpd, run by
//! `tests/support/smtp_sink.py`, which writes each message it receives to a
//! file. Messages are parsed back with a MIME parser.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use mail_parser::MessageParser;

use crate::helpers::{eventually, repo_root};

pub struct SmtpSink {
    port: u16,
    dir: tempfile::TempDir,
    process: Option<Child>,
}

/// An email as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct ReceivedEmail {
    pub to: Vec<String>,
    pub subject: String,
    pub message_id: String,
    pub text: String,
    pub html: String,
    /// Whether the message is multipart/alternative with a text and an HTML part.
    pub has_text_and_html_parts: bool,
    pub raw: String,
}

fn python() -> String {
    std::env::var("LAUREL_TEST_PYTHON").unwrap_or_else(|_| "/usr/bin/python3".to_owned())
}

fn spawn_sink(dir: &std::path::Path, port: u16) -> (Child, u16) {
    let mut child = Command::new(python())
        .arg(repo_root().join("tests/support/smtp_sink.py"))
        .args([
            "--dir",
            &dir.display().to_string(),
            "--port",
            &port.to_string(),
            "--exit-on-stdin-eof",
            // Mailboxes the server refuses with 550, for the tests of that.
            "--reject-containing",
            "reject-me",
        ])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the SMTP sink (is python3-aiosmtpd installed? run .ci/test)");
    let stdout = child.stdout.take().expect("sink stdout");
    let mut line = String::new();
    BufReader::new(stdout)
        .read_line(&mut line)
        .expect("sink says where it listens");
    let port = line
        .trim()
        .strip_prefix("LISTENING ")
        .and_then(|port| port.parse().ok())
        .unwrap_or_else(|| panic!("the SMTP sink did not start: {line:?}"));
    (child, port)
}

impl SmtpSink {
    pub fn start() -> SmtpSink {
        let dir = tempfile::tempdir().expect("mail folder");
        let (process, port) = spawn_sink(dir.path(), 0);
        SmtpSink {
            port,
            dir,
            process: Some(process),
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// Stops the server: connections to its port are refused until `restart`.
    pub fn stop(&mut self) {
        if let Some(mut process) = self.process.take() {
            let _ = process.kill();
            let _ = process.wait();
        }
    }

    /// Starts the server again on the same port.
    pub fn restart(&mut self) {
        self.stop();
        let (process, _) = spawn_sink(self.dir.path(), self.port);
        self.process = Some(process);
    }

    fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .map(|entries| {
                entries
                    .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                    .filter(|path| path.extension().is_some_and(|ext| ext == "eml"))
                    .collect()
            })
            .unwrap_or_default();
        files.sort();
        files
    }

    /// Every message received so far, in order of arrival.
    pub fn received(&self) -> Vec<ReceivedEmail> {
        self.files()
            .iter()
            .map(|path| parse(&std::fs::read(path).expect("read a message")))
            .collect()
    }

    /// Waits until at least `count` messages have arrived, and returns them all.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedEmail> {
        eventually(timeout, &format!("{count} emails"), || async {
            let received = self.received();
            (received.len() >= count).then_some(received)
        })
        .await
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

fn parse(raw: &[u8]) -> ReceivedEmail {
    let message = MessageParser::default().parse(raw).expect("a MIME message");
    let to = message
        .to()
        .map(|to| {
            to.iter()
                .filter_map(|addr| addr.address().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    ReceivedEmail {
        to,
        subject: message.subject().unwrap_or_default().to_owned(),
        message_id: message.message_id().unwrap_or_default().to_owned(),
        text: message
            .body_text(0)
            .map(|text| text.into_owned())
            .unwrap_or_default(),
        html: message
            .body_html(0)
            .map(|html| html.into_owned())
            .unwrap_or_default(),
        has_text_and_html_parts: {
            let raw = String::from_utf8_lossy(raw).to_lowercase();
            raw.contains("multipart/alternative")
                && raw.contains("content-type: text/plain")
                && raw.contains("content-type: text/html")
        },
        raw: String::from_utf8_lossy(raw).into_owned(),
    }
}
