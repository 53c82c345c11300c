//! Helpers for nominating: request bodies and form fields that pass every
//! check, posting them, moving the cycle's dates, and reading the emails.

use std::time::Duration;

use chrono::Utc;

use super::{Browser, TestApp, csrf_token_in, eventually};

/// Nominating, as the public and as organisers.
impl TestApp {
    /// A category of the default cycle by its slug.
    pub async fn category(&self, slug: &str) -> serde_json::Value {
        let cycle = self.default_cycle().await;
        cycle["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|category| category["slug"] == slug)
            .unwrap_or_else(|| panic!("no category {slug}"))
            .clone()
    }

    /// A body for `POST /api/v1/nominations` in `slug` that passes every
    /// check: the nominator, the nominee and an answer to every question.
    pub async fn nomination_body(&self, slug: &str) -> serde_json::Value {
        let category = self.category(slug).await;
        let mut answers = serde_json::Map::new();
        for question in category["questions"].as_array().unwrap() {
            let answer = match question["kind"].as_str().unwrap() {
                "long_text" => {
                    "They brought people together every week, and it changed lives.".into()
                }
                "short_text" => "A short answer".into(),
                "email" => "referee@example.org".into(),
                "phone" => "01632 960001".into(),
                "yes_no" => "yes".into(),
                "choice" => question["options"][0].as_str().unwrap().to_owned(),
                other => panic!("unknown kind {other}"),
            };
            answers.insert(question["key"].as_str().unwrap().to_owned(), answer.into());
        }
        serde_json::json!({
            "category": slug,
            "nominator": {"name": "Priya Shah", "email": "priya@nominators.test", "job_title": "Nurse", "organisation": "Leeds Health", "phone": "0113 496 0000"},
            "nominee": {"name": "Tom O'Neil", "email": "tom@nominees.test", "organisation": "Walking Group", "locality": "Leeds"},
            "answers": answers,
            "submit": true,
        })
    }

    /// `POST /api/v1/nominations` with `body`, optionally with an `Idempotency-Key`.
    pub async fn post_nomination(
        &self,
        body: &serde_json::Value,
        key: Option<&str>,
    ) -> (u16, serde_json::Value) {
        let mut request = self.client.post(self.url("/api/v1/nominations")).json(body);
        if let Some(key) = key {
            request = request.header("Idempotency-Key", key);
        }
        let response = request.send().await.expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// Submits a complete nomination in `slug` through the API; its body.
    pub async fn submit_nomination(&self, slug: &str) -> serde_json::Value {
        let body = self.nomination_body(slug).await;
        let (status, created) = self.post_nomination(&body, None).await;
        assert_eq!(status, 201, "{created}");
        created
    }

    /// `PATCH /api/v1/cycles/{id}` of the default cycle as an organiser.
    pub async fn patch_cycle(
        &self,
        token: &str,
        body: serde_json::Value,
    ) -> (u16, serde_json::Value) {
        let id = self.default_cycle().await["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let response = self
            .api(
                reqwest::Method::PATCH,
                &format!("/api/v1/cycles/{id}"),
                Some(token),
            )
            .json(&body)
            .send()
            .await
            .expect("request sent");
        let status = response.status().as_u16();
        (status, response.json().await.expect("a JSON body"))
    }

    /// Moves the default cycle so that nominations closed yesterday.
    pub async fn close_nominations(&self, token: &str) {
        let now = Utc::now();
        let (status, body) = self
            .patch_cycle(
                token,
                serde_json::json!({
                    "nominations_open_at": (now - chrono::Duration::days(30)).to_rfc3339(),
                    "nominations_close_at": (now - chrono::Duration::days(1)).to_rfc3339(),
                    "judging_close_at": (now + chrono::Duration::days(30)).to_rfc3339(),
                }),
            )
            .await;
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["phase"], "judging");
    }

    /// The emails received so far that were sent to `address`.
    pub fn emails_to(&self, address: &str) -> Vec<crate::smtp::ReceivedEmail> {
        self.smtp
            .received()
            .into_iter()
            .filter(|email| email.to.iter().any(|to| to == address))
            .collect()
    }

    /// Waits until `address` has received `count` emails; returns them.
    pub async fn wait_for_emails_to(
        &self,
        address: &str,
        count: usize,
    ) -> Vec<crate::smtp::ReceivedEmail> {
        eventually(
            Duration::from_secs(20),
            &format!("{count} emails to {address}"),
            || async {
                let emails = self.emails_to(address);
                (emails.len() >= count).then_some(emails)
            },
        )
        .await
    }

    /// A path on this app from an emailed link (`http://127.0.0.1:9/…`).
    pub fn path_of(&self, link: &str) -> String {
        link.trim_start_matches("http://127.0.0.1:9").to_owned()
    }
}

/// The value of the first hidden `form_id` field in a page.
pub fn form_id_in(page: &str) -> Option<String> {
    let start = page.find(r#"name="form_id" value=""#)? + r#"name="form_id" value=""#.len();
    let end = page[start..].find('"')? + start;
    Some(page[start..end].to_owned())
}

/// The form fields of a complete nomination of the default cycle's
/// `best-resource` category, as the page names them.
pub fn complete_form_fields() -> Vec<(&'static str, &'static str)> {
    vec![
        ("nominator.name", "Priya Shah"),
        ("nominator.email", "priya@nominators.test"),
        ("nominator.phone", "0113 496 0000"),
        ("nominee.name", "The Pain Toolkit"),
        ("nominee.email", "team@toolkit.test"),
        ("answers.resource_type", "Website or app"),
        (
            "answers.resource_description",
            "A toolkit that helps people live well with pain.",
        ),
        (
            "answers.getting_and_using",
            "Free online, and on paper from GP surgeries.",
        ),
        (
            "answers.made_with_people",
            "People living with pain wrote every page.",
        ),
        (
            "answers.difference_made",
            "Thousands say it helped them take control.",
        ),
        ("consent.nominator_confirms", "true"),
    ]
}

impl Browser {
    /// Loads `/nominate/{slug}` and posts `fields` with its CSRF token and
    /// form id, pressing the button `action` (`submit` or `save`).
    pub async fn nominate(
        &self,
        slug: &str,
        fields: &[(&str, &str)],
        action: &str,
    ) -> reqwest::Response {
        let path = format!("/nominate/{slug}");
        let page = self.get(&path).await.text().await.expect("page");
        let token = csrf_token_in(&page).expect("a CSRF token");
        let form_id = form_id_in(&page).expect("a form id");
        let mut body: Vec<(&str, &str)> = vec![
            ("csrf_token", &token),
            ("form_id", &form_id),
            ("action", action),
        ];
        body.extend_from_slice(fields);
        self.post_form(&path, &body).await
    }

    /// Posts `fields` to a form that the page no longer shows (nominations
    /// closed), with this browser's CSRF token.
    pub async fn nominate_closed(&self, slug: &str, fields: &[(&str, &str)]) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut body: Vec<(&str, &str)> = vec![("csrf_token", &token), ("action", "submit")];
        body.extend_from_slice(fields);
        self.post_form(&format!("/nominate/{slug}"), &body).await
    }

    /// Posts `fields` to `action` with this browser's CSRF token, as a form
    /// that the page no longer shows would send them.
    pub async fn post_with_token(
        &self,
        action: &str,
        fields: &[(&str, &str)],
    ) -> reqwest::Response {
        let token = self.csrf_token().await;
        let mut body: Vec<(&str, &str)> = vec![("csrf_token", &token)];
        body.extend_from_slice(fields);
        self.post_form(action, &body).await
    }

    /// The CSRF token this browser's pages carry.
    pub async fn csrf_token(&self) -> String {
        let home = self.get("/").await.text().await.expect("page");
        match csrf_token_in(&home) {
            Some(token) => token,
            None => csrf_token_in(&self.get("/login").await.text().await.expect("page"))
                .expect("a CSRF token"),
        }
    }
}
