//! Helpers for results tests: assignments made by hand, reviews submitted
//! with one score on every criterion, and a cycle whose judges have known
//! leniencies.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::TestApp;

/// Sends `body` with `method` and a bearer token; the status and JSON body.
pub async fn call(
    app: &TestApp,
    method: Method,
    token: &str,
    path: &str,
    body: Value,
) -> (u16, Value) {
    let response = app
        .api(method, path, Some(token))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// A judged cycle: the organiser's token, judges by name, nominations by letter.
pub struct Judged {
    pub organiser: String,
    pub cycle: String,
    /// (id, token) of the lenient (+2), harsh (-2) and two neutral judges.
    pub judges: Vec<(String, String)>,
    /// Best-resource nominations A (best) … H (worst), then U (never reviewed).
    pub nominations: Vec<String>,
}

impl TestApp {
    /// The criterion keys of a category of the default cycle.
    pub async fn criteria_of(&self, category: &str) -> Vec<String> {
        self.default_cycle().await["categories"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["slug"] == category)
            .unwrap()["criteria"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["key"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Assigns a judge by hand; the assignment's id.
    pub async fn assign(&self, organiser: &str, nomination: &str, judge: &str) -> String {
        let (status, body) = call(
            self,
            Method::POST,
            organiser,
            "/api/v1/assignments",
            json!({"nomination_id": nomination, "judge_id": judge}),
        )
        .await;
        assert_eq!(status, 201, "{body}");
        body["id"].as_str().unwrap().to_owned()
    }

    /// Submits a review that gives `score` on every criterion of `category`.
    pub async fn score(&self, judge: &str, assignment: &str, category: &str, score: u32) {
        let scores: serde_json::Map<String, Value> = self
            .criteria_of(category)
            .await
            .into_iter()
            .map(|key| (key, json!(score)))
            .collect();
        let (status, body) = call(
            self,
            Method::PUT,
            judge,
            &format!("/api/v1/assignments/{assignment}/review"),
            json!({"scores": scores, "comment": format!("Scored {score}"), "submit": true}),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }

    /// Assigns `judge` to `nomination` and submits `score` for it.
    pub async fn review(
        &self,
        organiser: &str,
        nomination: &str,
        judge: &(String, String),
        score: u32,
    ) {
        let assignment = self.assign(organiser, nomination, &judge.0).await;
        self.score(&judge.1, &assignment, "best-resource", score)
            .await;
    }

    /// Eight best-resource nominations of true quality 9, 8, …, 2, each
    /// reviewed by two of four judges: one lenient (+2 on everything), one
    /// harsh (-2), two fair. The design is incomplete but connected, and the
    /// plain mean puts B above A, D above C, and so on. A ninth, U, has no review.
    pub async fn judged_with_leniency(&self) -> Judged {
        let organiser = self.organiser().await;
        let cycle = self.cycle_id().await;
        let mut judges = Vec::new();
        for name in ["lenient", "harsh", "fair1", "fair2"] {
            judges.push(
                self.judge_with_panel(
                    &organiser,
                    &format!("{name}@judges.test"),
                    "",
                    &["best-resource"],
                )
                .await,
            );
        }
        let leniency = [2i32, -2, 0, 0];
        // Which two judges (by index) review each nomination.
        let design = [
            [1, 2],
            [0, 3],
            [1, 3],
            [0, 2],
            [1, 2],
            [0, 3],
            [1, 3],
            [0, 2],
        ];
        let mut nominations = Vec::new();
        for (n, pair) in design.iter().enumerate() {
            let letter = char::from(b'A' + u8::try_from(n).unwrap());
            let id = self
                .nominate("best-resource", &format!("Nominee {letter}"))
                .await;
            let quality = 9 - i32::try_from(n).unwrap();
            for &j in pair {
                let score = u32::try_from(quality + leniency[j]).unwrap();
                self.review(&organiser, &id, &judges[j], score).await;
            }
            nominations.push(id);
        }
        nominations.push(self.nominate("best-resource", "Nominee U").await);
        Judged {
            organiser,
            cycle,
            judges,
            nominations,
        }
    }
}

impl TestApp {
    /// A browser signed in as the organiser that `organiser()` created.
    pub async fn browser_as_organiser(&self) -> crate::helpers::Browser {
        let browser = self.browser();
        let response = browser
            .login("olive@awards.test", crate::helpers::PASSWORD)
            .await;
        assert_eq!(response.status().as_u16(), 303);
        browser
    }
}
