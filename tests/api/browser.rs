//! A real headless Chromium, driven through ChromeDriver, for the pages:
//! keyboard use, and accessibility checked by axe-core injected into the page.

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::key::Key;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::helpers::{eventually, repo_root};

/// A browser session; ChromeDriver stops when it is dropped.
pub struct Chrome {
    pub client: Client,
    driver: Child,
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Chrome {
    pub async fn start() -> Chrome {
        let chromedriver = std::env::var("LAUREL_TEST_CHROMEDRIVER")
            .unwrap_or_else(|_| "/usr/bin/chromedriver".into());
        let chromium =
            std::env::var("LAUREL_TEST_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver (is chromium-driver installed? run .ci/test)");
        let profile = tempfile::tempdir().unwrap().keep();
        let mut capabilities = serde_json::Map::new();
        capabilities.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": chromium,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--window-size=1200,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }),
        );
        let url = format!("http://127.0.0.1:{port}");
        let client = eventually(
            Duration::from_secs(20),
            "chromedriver to accept a session",
            || {
                let capabilities = capabilities.clone();
                let url = url.clone();
                async move {
                    ClientBuilder::new(HttpConnector::new())
                        .capabilities(capabilities)
                        .connect(&url)
                        .await
                        .ok()
                }
            },
        )
        .await;
        Chrome { client, driver }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("page loads");
    }

    /// Presses Tab until the focused element has `id` (at most 60 times).
    pub async fn tab_to(&self, id: &str) {
        for _ in 0..60 {
            if self.focused_id().await == id {
                return;
            }
            self.press(Key::Tab).await;
        }
        panic!("could not reach #{id} with the Tab key");
    }

    pub async fn focused_id(&self) -> String {
        let focused = self
            .client
            .active_element()
            .await
            .expect("an active element");
        focused.attr("id").await.ok().flatten().unwrap_or_default()
    }

    /// Types into whatever has focus.
    pub async fn type_text(&self, text: &str) {
        self.client
            .active_element()
            .await
            .expect("an active element")
            .send_keys(text)
            .await
            .expect("typing");
    }

    pub async fn press(&self, key: Key) {
        self.type_text(&char::from(key).to_string()).await;
    }

    /// Waits until the page's source contains `text` (a page loading after a click).
    pub async fn wait_for_text(&self, text: &str) -> String {
        eventually(
            Duration::from_secs(10),
            &format!("the page to say {text:?}"),
            || async {
                let source = self.client.source().await.ok()?;
                source.contains(text).then_some(source)
            },
        )
        .await
    }

    /// Waits until an element matching `css` is on the page (one loading
    /// after a key press) and returns its text.
    pub async fn wait_for_element_text(&self, css: &str) -> String {
        eventually(
            Duration::from_secs(10),
            &format!("an element {css:?} on the page"),
            || async {
                let element = self.client.find(Locator::Css(css)).await.ok()?;
                element.text().await.ok()
            },
        )
        .await
    }

    /// Signs in through `/login` by keyboard and waits until the browser has
    /// left the sign-in page for `landing` (the signed-in dashboard).
    pub async fn sign_in(&self, login_url: &str, email: &str, password: &str, landing: &str) {
        self.goto(login_url).await;
        self.tab_to("email").await;
        self.type_text(email).await;
        self.tab_to("password").await;
        self.type_text(password).await;
        self.press(Key::Enter).await;
        let path = eventually(
            Duration::from_secs(10),
            "the browser to leave the sign-in page",
            || async {
                let url = self.client.current_url().await.ok()?;
                (url.path() != "/login").then(|| url.path().to_owned())
            },
        )
        .await;
        assert_eq!(path, landing, "signed in as {email}");
    }

    /// The text of the page's `<h1>`.
    pub async fn heading(&self) -> String {
        self.client
            .find(Locator::Css("h1"))
            .await
            .expect("an h1")
            .text()
            .await
            .expect("its text")
    }

    /// What axe-core finds wrong with the page, against WCAG 2.2 A and AA,
    /// one line per violated rule.
    pub async fn axe_violations(&self) -> Vec<String> {
        let axe = std::fs::read_to_string(
            repo_root().join("tests/browser/node_modules/axe-core/axe.min.js"),
        )
        .expect("axe-core is installed (run .ci/test)");
        self.client
            .execute(&axe, vec![])
            .await
            .expect("axe-core loads");
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] } })
              .then(results => done(results.violations.map(v => `${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`)))
              .catch(error => done([`axe failed: ${error}`]));
        "#;
        let result = self
            .client
            .execute_async(script, vec![])
            .await
            .expect("axe-core runs");
        serde_json::from_value(result).expect("a list of violations")
    }

    /// Fails the test with axe-core's findings, if any.
    pub async fn assert_accessible(&self, page: &str) {
        let violations = self.axe_violations().await;
        assert!(
            violations.is_empty(),
            "axe-core finds problems on {page}:\n{}",
            violations.join("\n")
        );
    }

    /// Ends the browser session; ChromeDriver stops on drop.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

impl Drop for Chrome {
    fn drop(&mut self) {
        let _ = self.driver.kill();
    }
}
