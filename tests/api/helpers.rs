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
use secrecy::ExposeSecret;

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

impl TestDatabase {
    /// A database that someone else provides and removes (a server a test
    /// started for itself).
    pub fn at(url: &str) -> TestDatabase {
        TestDatabase {
            url: url.to_owned(),
            server: None,
            _dir: tempfile::tempdir().expect("temporary folder"),
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
    /// Kept so that the database lives as long as the app (`None` for a
    /// second instance on another app's database).
    _database: Option<TestDatabase>,
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
    spawn_app_on(TestDatabase::create(), adjust).await
}

/// Starts the application on `database` after `adjust` has changed its settings.
pub async fn spawn_app_on(database: TestDatabase, adjust: impl FnOnce(&mut Settings)) -> TestApp {
    let url = database.url.clone();
    start(&url, Some(database), adjust).await
}

impl TestApp {
    /// A second instance of the application on this app's database, with
    /// its own port and SMTP sink, as when several run behind one address.
    pub async fn spawn_sibling(&self, adjust: impl FnOnce(&mut Settings)) -> TestApp {
        let url = self.settings.database.url.expose_secret().to_owned();
        start(&url, None, adjust).await
    }
}

async fn start(
    database_url: &str,
    database: Option<TestDatabase>,
    adjust: impl FnOnce(&mut Settings),
) -> TestApp {
    let smtp = SmtpSink::start();
    let mut settings = test_settings(database_url, smtp.port());
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

/// Signing in and acting as each role.
impl TestApp {
    /// Creates an account directly, as `laurel create-user` does.
    pub async fn create_user(
        &self,
        role: laurel::domain::role::Role,
        email: &str,
        password: &str,
    ) -> laurel::domain::ids::UserId {
        let account = laurel::services::accounts::NewAccount {
            role,
            email: email.to_owned(),
            name: format!(
                "{} {}",
                role.as_str(),
                email.split('@').next().unwrap_or_default()
            ),
            password: password.to_owned(),
        };
        laurel::services::accounts::create_with_password(
            &self.db,
            laurel::services::audit::Actor::System("test"),
            account,
            Utc::now(),
        )
        .await
        .expect("account created")
        .0
    }

    /// Follows the invitation emailed to `email` and chooses [`PASSWORD`] on
    /// its page, as an invited judge does.
    pub async fn accept_invitation(&self, email: &str) {
        let emails = self.wait_for_emails_to(email, 1).await;
        let link = emails
            .iter()
            .rev()
            .find_map(|sent| link_in(&sent.text, "http://127.0.0.1:9/invitation/"))
            .unwrap_or_else(|| panic!("no invitation to {email}"));
        let path = self.path_of(&link);
        let accepted = self
            .browser()
            .submit(
                &path,
                &path,
                &[("password", PASSWORD), ("confirm", PASSWORD)],
            )
            .await;
        assert_eq!(
            accepted.status().as_u16(),
            303,
            "the invitation is accepted"
        );
    }

    /// `POST /api/v1/auth/token`; the status and body.
    pub async fn request_token(&self, email: &str, password: &str) -> (u16, serde_json::Value) {
        let response = self
            .client
            .post(self.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"email": email, "password": password}))
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("JSON"))
    }

    pub async fn token_for(&self, email: &str, password: &str) -> String {
        let (status, body) = self.request_token(email, password).await;
        assert_eq!(status, 200, "{body}");
        body["token"].as_str().expect("a token").to_owned()
    }

    /// A new organiser's API token.
    pub async fn organiser_token(&self) -> String {
        self.create_user(
            laurel::domain::role::Role::Organiser,
            "olive@awards.test",
            PASSWORD,
        )
        .await;
        self.token_for("olive@awards.test", PASSWORD).await
    }

    /// A request with a bearer token.
    pub fn api(
        &self,
        method: reqwest::Method,
        path: &str,
        token: Option<&str>,
    ) -> reqwest::RequestBuilder {
        let request = self.client.request(method, self.url(path));
        match token {
            Some(token) => request.bearer_auth(token),
            None => request,
        }
    }

    /// A browser-like client of its own (its own cookies).
    pub fn browser(&self) -> Browser {
        Browser {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .build()
                .expect("HTTP client"),
        }
    }

    /// A browser whose requests say (in `X-Forwarded-For`) they come from
    /// `ip`, as a proxy in front of the app would.
    pub fn browser_from(&self, ip: &str) -> Browser {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("x-forwarded-for", ip.parse().expect("an address"));
        Browser {
            address: self.address.clone(),
            client: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .cookie_store(true)
                .default_headers(headers)
                .build()
                .expect("HTTP client"),
        }
    }

    /// Invites Jane Judge (`jane@judges.test`) for best-resource as an organiser.
    pub async fn invite_jane(&self, token: &str) {
        let invited = self
            .api(reqwest::Method::POST, "/api/v1/judges", Some(token))
            .json(&serde_json::json!({"email": "jane@judges.test", "name": "Jane Judge", "categories": ["best-resource"]}))
            .send()
            .await
            .expect("request sent");
        assert_eq!(invited.status().as_u16(), 201);
    }

    /// An emailed link, pointed at this app instead of the public address.
    pub fn local_link(&self, link: &str) -> String {
        link.replace("http://127.0.0.1:9", &self.address)
    }
}

/// A password that meets the rules.
pub const PASSWORD: &str = "a long enough passphrase";

/// A client that keeps cookies and submits forms with their CSRF token.
pub struct Browser {
    address: String,
    pub client: reqwest::Client,
}

impl Browser {
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// Loads `form_page`, then posts `fields` with the page's CSRF token to `action`.
    pub async fn submit(
        &self,
        form_page: &str,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let page = self.get(form_page).await.text().await.expect("page");
        let token = csrf_token_in(&page).unwrap_or_else(|| panic!("no CSRF token on {form_page}"));
        let mut body: Vec<(&str, &str)> = vec![("csrf_token", token.as_str())];
        body.extend_from_slice(fields);
        self.post_form(action, &body).await
    }

    pub async fn post_form(&self, action: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let body = serde_html_form::to_string(fields).expect("form body");
        self.client
            .post(format!("{}{action}", self.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Sets `password` on the page of an invitation or reset link at `path`.
    pub async fn choose_password(&self, path: &str, password: &str) -> reqwest::Response {
        self.submit(path, path, &[("password", password), ("confirm", password)])
            .await
    }

    /// Signs in through `/login`; returns the response (a redirect when it worked).
    pub async fn login(&self, email: &str, password: &str) -> reqwest::Response {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password)],
        )
        .await
    }
}

/// The value of the first `csrf_token` hidden field in a page.
pub fn csrf_token_in(page: &str) -> Option<String> {
    let start = page.find(r#"name="csrf_token" value=""#)? + r#"name="csrf_token" value=""#.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

/// The first link in `text` that starts with `prefix`.
pub fn link_in(text: &str, prefix: &str) -> Option<String> {
    let start = text.find(prefix)?;
    let end = text[start..]
        .find(|c: char| c.is_whitespace() || c == '"' || c == '<')
        .map_or(text.len(), |end| start + end);
    Some(text[start..end].to_owned())
}

impl TestApp {
    /// `GET path` with a bearer token; the status and JSON body.
    pub async fn get_json_with(&self, token: &str, path: &str) -> (u16, serde_json::Value) {
        let response = self
            .api(reqwest::Method::GET, path, Some(token))
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }
}

mod nominating;
mod outbox;
pub mod own_postgres;
pub use nominating::{complete_form_fields, form_id_in};
pub use outbox::wait_until_outbox_delivered;
