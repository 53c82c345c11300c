//! The test harness: `spawn_app()` starts Laurel on a random port with a fresh
//! database (SQLite file, or a new PostgreSQL database when `LAUREL_TEST_DB`
//! names a server) and a real SMTP server receiving its mail.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use diesel::Connection;
use diesel::RunQueryDsl;
use diesel::pg::PgConnection;
use laurel::settings::Settings;
use laurel::startup::Application;
use laurel::store::Db;

use crate::smtp::SmtpSink;

/// Which database the suite runs on: `sqlite` (the default) or a PostgreSQL
/// server URL such as `postgres://postgres@127.0.0.1:5432`.
pub fn test_backend() -> String {
    std::env::var("LAUREL_TEST_DB").unwrap_or_else(|_| "sqlite".to_owned())
}

/// A database of one test's own, removed when the test ends.
pub struct TestDatabase {
    pub url: String,
    server: Option<(String, String)>,
    _dir: tempfile::TempDir,
}

impl TestDatabase {
    pub fn create() -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        let backend = test_backend();
        if backend == "sqlite" {
            let path = dir.path().join("laurel.db");
            return TestDatabase {
                url: format!("sqlite://{}", path.display()),
                server: None,
                _dir: dir,
            };
        }
        let server = backend.trim_end_matches('/').to_owned();
        let name = format!("laurel_test_{}", uuid::Uuid::new_v4().simple());
        let mut admin =
            PgConnection::establish(&format!("{server}/postgres")).expect("connect to PostgreSQL");
        diesel::sql_query(format!("CREATE DATABASE \"{name}\""))
            .execute(&mut admin)
            .expect("create the test database");
        TestDatabase {
            url: format!("{server}/{name}"),
            server: Some((server, name)),
            _dir: dir,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some((server, name)) = &self.server
            && let Ok(mut admin) = PgConnection::establish(&format!("{server}/postgres"))
        {
            let _ = diesel::sql_query(format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"))
                .execute(&mut admin);
        }
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub db: Db,
    pub client: reqwest::Client,
    pub smtp: SmtpSink,
    pub settings: Settings,
    /// Kept so that the database lives as long as the app.
    _database: TestDatabase,
}

/// Settings for a test: port 0, the test's database, mail to the sink, fast retries.
pub fn test_settings(database_url: &str, smtp_port: u16) -> Settings {
    let database_url = database_url.to_owned();
    let mut settings = Settings::from_lookup(Some("127.0.0.1:0".into()), |name| match name {
        "DATABASE_URL" => Some(database_url.clone()),
        "SMTP_URL" => Some(format!("smtp://127.0.0.1:{smtp_port}")),
        "LAUREL_MAIL_FROM" => Some("Self Management Awards <awards@laurel.test>".into()),
        "LAUREL_PUBLIC_URL" => Some("http://127.0.0.1:9/".into()),
        _ => None,
    })
    .expect("test settings");
    settings.database.pool_size = 4;
    settings.workers = Some(1);
    settings.mail.poll_interval = Duration::from_millis(50);
    settings.mail.retry_base = Duration::from_millis(200);
    settings.mail.retry_cap = Duration::from_millis(800);
    settings
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// Starts the application after `adjust` has changed its settings.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create();
    let smtp = SmtpSink::start();
    let mut settings = test_settings(&database.url, smtp.port());
    adjust(&mut settings);
    let application = Application::build(settings.clone())
        .await
        .expect("the application starts");
    let port = application.port();
    let db = application.db().clone();
    tokio::spawn(application.run_until_stopped());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .cookie_store(true)
        .build()
        .expect("HTTP client");
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        db,
        client,
        smtp,
        settings,
        _database: database,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn get_json(&self, path: &str) -> (u16, serde_json::Value) {
        let response = self.get(path).await;
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// The first cycle of `GET /api/v1/cycles`.
    pub async fn default_cycle(&self) -> serde_json::Value {
        let (status, cycles) = self.get_json("/api/v1/cycles").await;
        assert_eq!(status, 200);
        cycles[0].clone()
    }

    /// Queues a test email to `to`, as the command line does.
    pub async fn queue_test_email(&self, to: &str) -> laurel::domain::ids::OutboxId {
        laurel::services::test_email::queue(
            &self.db,
            to,
            "a test",
            "http://127.0.0.1:9/",
            Utc::now(),
        )
        .await
        .expect("queued")
    }

    /// The outbox row `id`, read straight from the database.
    pub async fn outbox_row(
        &self,
        id: laurel::domain::ids::OutboxId,
    ) -> laurel::store::outbox::OutboxRow {
        self.db
            .run(move |conn| Ok(laurel::store::outbox::find(conn, &id.to_string())?))
            .await
            .expect("query")
            .expect("the row exists")
    }
}

/// Polls `check` every 50 ms until it returns `Some`, or panics after `timeout`.
pub async fn eventually<T, F, Fut>(timeout: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = tokio::time::Instant::now() + timeout;
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// The `laurel` binary built for these tests.
pub fn laurel_binary() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_laurel"))
}

pub fn repo_root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}
