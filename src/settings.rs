//! Typed settings, built once from the environment and passed in. A missing
//! or bad setting stops the program with one line naming it and saying why.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use ipnet::IpNet;
use lettre::message::Mailbox;
use secrecy::{ExposeSecret, SecretString};
use url::Url;

use crate::domain::when::Zone;
use crate::store::Backend;

#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: String,
    pub database: DatabaseSettings,
    pub mail: MailSettings,
    pub public_url: Url,
    /// Requests a minute allowed per address on the public nomination endpoints; 0 = no limit.
    pub public_rate_per_minute: u32,
    /// HTTP worker threads; `None` uses one per core.
    pub workers: Option<usize>,
    /// Proxies whose `X-Forwarded-For` / `Forwarded` headers are believed.
    pub trusted_proxies: Vec<IpNet>,
    /// The organisation's time zone, for showing and reading dates.
    pub time_zone: Zone,
}

#[derive(Debug, Clone)]
pub struct DatabaseSettings {
    pub backend: Backend,
    /// The URL or path, secret because a PostgreSQL URL may hold a password.
    pub url: SecretString,
    pub pool_size: u32,
}

#[derive(Debug, Clone)]
pub struct MailSettings {
    pub from: Mailbox,
    pub transport: MailTransport,
    /// How often the outbox worker looks for due mail.
    pub poll_interval: Duration,
    /// The first retry waits this long; each later one twice as long.
    pub retry_base: Duration,
    /// No retry waits longer than this.
    pub retry_cap: Duration,
    /// After this many attempts a message is marked failed.
    pub max_attempts: u32,
    /// How many messages are sent at once, each over its own SMTP
    /// connection, kept open between messages.
    pub connections: usize,
}

#[derive(Debug, Clone)]
pub enum MailTransport {
    /// `smtp://host:port` (plain) or `smtps://host:port` (TLS).
    Smtp(SecretString),
    /// No SMTP server: each message is written to a file in this folder.
    Folder(PathBuf),
}

/// A setting that cannot be used, named and explained in one line.
#[derive(Debug, thiserror::Error)]
#[error("setting {name}: {reason}")]
pub struct SettingsError {
    pub name: &'static str,
    pub reason: String,
}

fn bad(name: &'static str, reason: impl Into<String>) -> SettingsError {
    SettingsError {
        name,
        reason: reason.into(),
    }
}

pub const DEFAULT_BIND: &str = "127.0.0.1:8080";
pub const DEFAULT_DATABASE: &str = "laurel.db";
pub const DEFAULT_MAIL_FROM: &str = "Laurel <laurel@localhost>";
pub const DEFAULT_MAIL_FOLDER: &str = "mail-out";
pub const DEFAULT_PUBLIC_RATE: u32 = 120;
pub const DEFAULT_SMTP_CONNECTIONS: usize = 32;

impl Settings {
    /// Reads the settings from the process environment.
    pub fn from_env(bind: Option<String>) -> Result<Settings, SettingsError> {
        Settings::from_lookup(bind, |name| std::env::var(name).ok())
    }

    /// Reads the settings through `lookup`, so tests can pass their own.
    pub fn from_lookup(
        bind: Option<String>,
        lookup: impl Fn(&str) -> Option<String>,
    ) -> Result<Settings, SettingsError> {
        let get = |name: &str| lookup(name).filter(|value| !value.trim().is_empty());
        let bind = bind
            .or_else(|| get("LAUREL_BIND"))
            .unwrap_or_else(|| DEFAULT_BIND.into());
        let bind_addr: SocketAddr = bind.parse().map_err(|_| {
            bad(
                "--bind",
                format!("{bind:?} is not an address like 127.0.0.1:8080"),
            )
        })?;
        let database = parse_database(get("DATABASE_URL"))?;
        let public_url = match get("LAUREL_PUBLIC_URL") {
            Some(text) => parse_public_url(&text)?,
            None => Url::parse(&format!("http://{bind_addr}/"))
                .map_err(|error| bad("LAUREL_PUBLIC_URL", error.to_string()))?,
        };
        let from_text = get("LAUREL_MAIL_FROM").unwrap_or_else(|| DEFAULT_MAIL_FROM.into());
        let from: Mailbox = from_text.parse().map_err(|_| {
            bad(
                "LAUREL_MAIL_FROM",
                format!("{from_text:?} is not an address like \"Awards <awards@example.org>\""),
            )
        })?;
        let transport = match get("SMTP_URL") {
            Some(url) => parse_smtp(url)?,
            None => MailTransport::Folder(
                get("LAUREL_MAIL_DIR")
                    .unwrap_or_else(|| DEFAULT_MAIL_FOLDER.into())
                    .into(),
            ),
        };
        let public_rate_per_minute = match get("LAUREL_PUBLIC_RATE_PER_MINUTE") {
            Some(text) => text.trim().parse().map_err(|_| {
                bad(
                    "LAUREL_PUBLIC_RATE_PER_MINUTE",
                    format!("{text:?} is not a whole number (0 turns the limit off)"),
                )
            })?,
            None => DEFAULT_PUBLIC_RATE,
        };
        let connections = match get("LAUREL_SMTP_CONNECTIONS") {
            Some(text) => text
                .trim()
                .parse()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or_else(|| {
                    bad(
                        "LAUREL_SMTP_CONNECTIONS",
                        format!("{text:?} is not a whole number from 1 to 100"),
                    )
                })?,
            None => DEFAULT_SMTP_CONNECTIONS,
        };
        let trusted_proxies = parse_trusted_proxies(get("LAUREL_TRUSTED_PROXIES").as_deref())?;
        let time_zone = match get("LAUREL_TIME_ZONE") {
            Some(text) => Zone::parse(&text).ok_or_else(|| {
                bad(
                    "LAUREL_TIME_ZONE",
                    format!("{text:?} is not a time zone name like Europe/London"),
                )
            })?,
            None => Zone::default(),
        };
        Ok(Settings {
            time_zone,
            bind,
            database,
            mail: MailSettings {
                from,
                transport,
                poll_interval: Duration::from_millis(500),
                retry_base: Duration::from_secs(5),
                retry_cap: Duration::from_secs(15 * 60),
                max_attempts: 12,
                connections,
            },
            public_url,
            public_rate_per_minute,
            workers: None,
            trusted_proxies,
        })
    }
}

/// `sqlite://PATH`, `sqlite:PATH` or a bare path mean SQLite; `postgres://`
/// or `postgresql://` mean PostgreSQL.
pub fn parse_database(url: Option<String>) -> Result<DatabaseSettings, SettingsError> {
    let url = url.unwrap_or_else(|| DEFAULT_DATABASE.into());
    let trimmed = url.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        Url::parse(trimmed).map_err(|error| {
            bad(
                "DATABASE_URL",
                format!("not a valid PostgreSQL URL: {error}"),
            )
        })?;
        return Ok(DatabaseSettings {
            backend: Backend::Postgres,
            url: SecretString::from(trimmed.to_owned()),
            pool_size: 16,
        });
    }
    let path = trimmed
        .strip_prefix("sqlite://")
        .or_else(|| trimmed.strip_prefix("sqlite:"))
        .unwrap_or(trimmed);
    if path.contains("://") {
        return Err(bad(
            "DATABASE_URL",
            "use sqlite://PATH, a file path, or postgres://…",
        ));
    }
    if path.is_empty() || path == ":memory:" {
        return Err(bad(
            "DATABASE_URL",
            "name a file for SQLite (an in-memory database would lose every nomination)",
        ));
    }
    Ok(DatabaseSettings {
        backend: Backend::Sqlite,
        url: SecretString::from(path.to_owned()),
        pool_size: 8,
    })
}

/// A comma-separated list of addresses (`10.0.0.5`) and ranges (`10.0.0.0/8`).
fn parse_trusted_proxies(text: Option<&str>) -> Result<Vec<IpNet>, SettingsError> {
    text.unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(|part| {
            part.parse::<IpNet>()
                .or_else(|_| part.parse::<std::net::IpAddr>().map(IpNet::from))
                .map_err(|_| {
                    bad(
                        "LAUREL_TRUSTED_PROXIES",
                        format!(
                            "{part:?} is not an address like 10.0.0.5 or a range like 10.0.0.0/8"
                        ),
                    )
                })
        })
        .collect()
}

fn parse_public_url(text: &str) -> Result<Url, SettingsError> {
    let mut url = Url::parse(text.trim()).map_err(|error| {
        bad(
            "LAUREL_PUBLIC_URL",
            format!("{text:?} is not a URL: {error}"),
        )
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.cannot_be_a_base() {
        return Err(bad(
            "LAUREL_PUBLIC_URL",
            "use an http:// or https:// address",
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

fn parse_smtp(url: String) -> Result<MailTransport, SettingsError> {
    let parsed =
        Url::parse(url.trim()).map_err(|error| bad("SMTP_URL", format!("not a URL: {error}")))?;
    if !matches!(parsed.scheme(), "smtp" | "smtps") || parsed.host_str().is_none_or(str::is_empty) {
        return Err(bad("SMTP_URL", "use smtp://HOST:PORT or smtps://HOST:PORT"));
    }
    Ok(MailTransport::Smtp(SecretString::from(
        url.trim().to_owned(),
    )))
}

impl Settings {
    /// Whether cookies must be marked Secure (the public address is https).
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// A one-line description safe to log: no passwords.
    pub fn summary(&self) -> String {
        let database = match self.database.backend {
            Backend::Sqlite => format!("SQLite at {}", self.database.url.expose_secret()),
            Backend::Postgres => "PostgreSQL".to_owned(),
        };
        let mail = match &self.mail.transport {
            MailTransport::Smtp(_) => "SMTP".to_owned(),
            MailTransport::Folder(path) => format!("files in {}", path.display()),
        };
        format!(
            "database: {database}; mail: {mail}; public address: {}",
            self.public_url
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn settings_with(vars: &[(&str, &str)]) -> Result<Settings, SettingsError> {
        let vars: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::from_lookup(None, |name| vars.get(name).cloned())
    }

    #[test]
    fn defaults_give_sqlite_mail_to_files_and_localhost() {
        let settings = settings_with(&[]).unwrap();
        assert_eq!(settings.bind, DEFAULT_BIND);
        assert_eq!(settings.database.backend, Backend::Sqlite);
        assert_eq!(settings.database.url.expose_secret(), DEFAULT_DATABASE);
        assert!(matches!(settings.mail.transport, MailTransport::Folder(_)));
        assert_eq!(settings.public_url.as_str(), "http://127.0.0.1:8080/");
        assert_eq!(settings.public_rate_per_minute, DEFAULT_PUBLIC_RATE);
        assert_eq!(settings.mail.connections, DEFAULT_SMTP_CONNECTIONS);
    }

    #[test]
    fn database_urls_choose_the_backend() {
        let cases = [
            (
                "sqlite:///var/lib/laurel.db",
                Backend::Sqlite,
                "/var/lib/laurel.db",
            ),
            ("sqlite://data/laurel.db", Backend::Sqlite, "data/laurel.db"),
            ("laurel.db", Backend::Sqlite, "laurel.db"),
            (
                "postgres://u:p@db/laurel",
                Backend::Postgres,
                "postgres://u:p@db/laurel",
            ),
            (
                "postgresql://db/laurel",
                Backend::Postgres,
                "postgresql://db/laurel",
            ),
        ];
        for (input, backend, url) in cases {
            let parsed = parse_database(Some(input.into())).unwrap();
            assert_eq!(parsed.backend, backend, "{input}");
            assert_eq!(parsed.url.expose_secret(), url, "{input}");
        }
    }

    #[test]
    fn bad_settings_name_the_variable() {
        let cases = [
            (("DATABASE_URL", "mysql://db/laurel"), "DATABASE_URL"),
            (("DATABASE_URL", "sqlite://:memory:"), "DATABASE_URL"),
            (("SMTP_URL", "mail.example.org"), "SMTP_URL"),
            (("SMTP_URL", "http://mail.example.org"), "SMTP_URL"),
            (("LAUREL_PUBLIC_URL", "ftp://x.org"), "LAUREL_PUBLIC_URL"),
            (("LAUREL_MAIL_FROM", "not an address"), "LAUREL_MAIL_FROM"),
            (
                ("LAUREL_PUBLIC_RATE_PER_MINUTE", "lots"),
                "LAUREL_PUBLIC_RATE_PER_MINUTE",
            ),
            (("LAUREL_BIND", "localhost"), "--bind"),
            (("LAUREL_TIME_ZONE", "Europe/Londres"), "LAUREL_TIME_ZONE"),
            (("LAUREL_SMTP_CONNECTIONS", "0"), "LAUREL_SMTP_CONNECTIONS"),
            (
                ("LAUREL_SMTP_CONNECTIONS", "many"),
                "LAUREL_SMTP_CONNECTIONS",
            ),
            (
                ("LAUREL_TRUSTED_PROXIES", "10.0.0.1, proxy.local"),
                "LAUREL_TRUSTED_PROXIES",
            ),
            (
                ("LAUREL_TRUSTED_PROXIES", "10.0.0.0/33"),
                "LAUREL_TRUSTED_PROXIES",
            ),
        ];
        for ((name, value), expected) in cases {
            let error = settings_with(&[(name, value)]).unwrap_err();
            assert_eq!(error.name, expected, "{name}={value}");
            assert!(
                error
                    .to_string()
                    .starts_with(&format!("setting {expected}: "))
            );
        }
    }

    #[test]
    fn secrets_never_reach_debug_output() {
        let settings = settings_with(&[
            ("DATABASE_URL", "postgres://laurel:hunter2secret@db/laurel"),
            ("SMTP_URL", "smtps://user:mailsecret@mail.example.org:465"),
        ])
        .unwrap();
        let printed = format!("{settings:?} {}", settings.summary());
        assert!(!printed.contains("hunter2secret"), "{printed}");
        assert!(!printed.contains("mailsecret"), "{printed}");
    }

    #[test]
    fn public_url_gets_a_trailing_slash_and_https_means_secure_cookies() {
        let settings =
            settings_with(&[("LAUREL_PUBLIC_URL", "https://awards.example.org/laurel")]).unwrap();
        assert_eq!(
            settings.public_url.as_str(),
            "https://awards.example.org/laurel/"
        );
        assert!(settings.secure_cookies());
    }

    #[test]
    fn trusted_proxies_are_addresses_and_ranges_and_none_by_default() {
        assert!(settings_with(&[]).unwrap().trusted_proxies.is_empty());
        let settings =
            settings_with(&[("LAUREL_TRUSTED_PROXIES", " 10.0.0.0/8, 192.0.2.7,::1 ,")]).unwrap();
        let listed: Vec<String> = settings
            .trusted_proxies
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(listed, ["10.0.0.0/8", "192.0.2.7/32", "::1/128"]);
    }
}
