//! Helpers for judging tests: nominations put straight into the database,
//! judges with panels, and the cycle's ids.

use chrono::Utc;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use laurel::domain::role::Role;
use laurel::store::schema::{categories, cycles, nominations};

use crate::helpers::{PASSWORD, TestApp};

/// A submitted nomination, as the public form would leave it.
pub struct Nominated<'a> {
    pub category: &'a str,
    pub nominee: &'a str,
    pub nominator_organisation: &'a str,
    pub nominee_email: &'a str,
}

impl TestApp {
    /// Inserts a submitted nomination in `category`; returns its id.
    pub async fn insert_nomination(&self, nominated: Nominated<'_>) -> String {
        let category = nominated.category.to_owned();
        let nominee = nominated.nominee.to_owned();
        let organisation = nominated.nominator_organisation.to_owned();
        let nominee_email = nominated.nominee_email.to_owned();
        self.db
            .run(move |conn| {
                let (category_id, cycle_id): (String, String) = categories::table
                    .filter(categories::slug.eq(&category))
                    .select((categories::id, categories::cycle_id))
                    .first(conn)?;
                let number: i32 = nominations::table.count().get_result::<i64>(conn)? as i32 + 1;
                let id = uuid::Uuid::now_v7().to_string();
                let now = Utc::now().naive_utc();
                diesel::insert_into(nominations::table)
                    .values((
                        nominations::id.eq(&id),
                        nominations::cycle_id.eq(&cycle_id),
                        nominations::category_id.eq(&category_id),
                        nominations::status.eq("submitted"),
                        nominations::reference.eq(format!("SMA16-{number:04}")),
                        nominations::number.eq(number),
                        nominations::entry_method.eq("online"),
                        nominations::token_hash.eq(uuid::Uuid::new_v4().to_string()),
                        nominations::nominator_name.eq("Nora Nominator"),
                        nominations::nominator_email.eq("nora@example.org"),
                        nominations::nominator_organisation.eq(&organisation),
                        nominations::nominee_name.eq(&nominee),
                        nominations::nominee_email.eq(&nominee_email),
                        nominations::answers.eq(r#"{"resource_description": "A booklet about pacing.", "difference_made": "People feel more in control."}"#),
                        nominations::nominator_confirms.eq(true),
                        nominations::created_at.eq(now),
                        nominations::updated_at.eq(now),
                        nominations::submitted_at.eq(Some(now)),
                    ))
                    .execute(conn)?;
                Ok(id)
            })
            .await
            .unwrap()
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
        let hash = laurel::services::passwords::hash(PASSWORD).unwrap();
        let user = id.clone();
        self.db
            .run(move |conn| {
                Ok(laurel::store::users::set_password(
                    conn,
                    &user,
                    &hash,
                    Utc::now().naive_utc(),
                )?)
            })
            .await
            .unwrap();
        let token = self.token_for(email, PASSWORD).await;
        (id, token)
    }

    pub async fn cycle_id(&self) -> String {
        self.default_cycle().await["id"]
            .as_str()
            .unwrap()
            .to_owned()
    }

    /// Moves the cycle's judging deadline into the past.
    pub async fn close_judging(&self) {
        let past = (Utc::now() - chrono::Duration::minutes(1)).naive_utc();
        let long_past = (Utc::now() - chrono::Duration::days(30)).naive_utc();
        self.db
            .run(move |conn| {
                Ok(diesel::update(cycles::table)
                    .set((
                        cycles::nominations_close_at.eq(long_past),
                        cycles::judging_close_at.eq(past),
                    ))
                    .execute(conn)?)
            })
            .await
            .unwrap();
        self.db.programme().forget();
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
