//! Helpers for judging tests: nominations submitted through the API,
//! judges with panels, and the cycle's ids.

use chrono::Utc;
use diesel::{ExpressionMethods, RunQueryDsl};
use laurel::domain::role::Role;
use laurel::store::schema::cycles;

use crate::helpers::{PASSWORD, TestApp};

/// A submitted nomination, as the public form would leave it.
pub struct Nominated<'a> {
    pub category: &'a str,
    pub nominee: &'a str,
    pub nominator_organisation: &'a str,
    pub nominee_email: &'a str,
}

impl TestApp {
    /// Submits a nomination in `category` through `POST /api/v1/nominations`,
    /// as a nominator would; returns its id.
    pub async fn insert_nomination(&self, nominated: Nominated<'_>) -> String {
        let mut body = self.nomination_body(nominated.category).await;
        body["nominator"]["name"] = "Nora Nominator".into();
        body["nominator"]["email"] = "nora@example.org".into();
        body["nominator"]["organisation"] = nominated.nominator_organisation.into();
        body["nominee"]["name"] = nominated.nominee.into();
        match nominated.nominee_email {
            "" => body["nominee"]
                .as_object_mut()
                .map(|nominee| nominee.remove("email")),
            email => body["nominee"]
                .as_object_mut()
                .map(|nominee| nominee.insert("email".into(), email.into())),
        };
        let (status, created) = self.post_nomination(&body, None).await;
        assert_eq!(status, 201, "{created}");
        assert_eq!(created["status"], "submitted");
        created["id"].as_str().expect("an id").to_owned()
    }

    /// A nomination in `category` with nothing special about it.
    pub async fn nominate(&self, category: &str, nominee: &str) -> String {
        self.insert_nomination(Nominated {
            category,
            nominee,
            nominator_organisation: "",
            nominee_email: "",
        })
        .await
    }

    /// Invites a judge through the API with a panel, then lets them set a
    /// password directly; returns (judge id, their token).
    pub async fn judge_with_panel(
        &self,
        organiser: &str,
        email: &str,
        organisation: &str,
        panel: &[&str],
    ) -> (String, String) {
        let response = self
            .api(reqwest::Method::POST, "/api/v1/judges", Some(organiser))
            .json(&serde_json::json!({"email": email, "name": format!("Judge {email}"), "organisation": organisation, "categories": panel}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201);
        let id = response.json::<serde_json::Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        self.accept_invitation(email).await;
        let token = self.token_for(email, PASSWORD).await;
        (id, token)
    }

    pub async fn cycle_id(&self) -> String {
        self.default_cycle().await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Moves the cycle's judging deadline into the past through
    /// `PATCH /api/v1/cycles/{id}`, as the organiser (olive@awards.test).
    pub async fn close_judging(&self) {
        let organiser = self.token_for("olive@awards.test", PASSWORD).await;
        let now = Utc::now();
        let (status, cycle) = self
            .patch_cycle(
                &organiser,
                serde_json::json!({
                    "nominations_open_at": (now - chrono::Duration::days(60)).to_rfc3339(),
                    "nominations_close_at": (now - chrono::Duration::days(30)).to_rfc3339(),
                    "judging_close_at": (now - chrono::Duration::minutes(1)).to_rfc3339(),
                }),
            )
            .await;
        assert_eq!(status, 200, "{cycle}");
        assert_eq!(cycle["phase"], "deciding", "{cycle}");
    }

    /// Turns blind judging on or off.
    #[allow(dead_code, reason = "kept for tests that set blind judging directly")]
    pub async fn set_blind(&self, blind: bool) {
        self.db
            .run(move |conn| {
                Ok(diesel::update(cycles::table)
                    .set(cycles::blind_judging.eq(blind))
                    .execute(conn)?)
            })
            .await
            .unwrap();
        self.db.programme().forget();
    }

    pub async fn organiser(&self) -> String {
        self.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
            .await;
        self.token_for("olive@awards.test", PASSWORD).await
    }
}
