//! Publishing results, the public winners page, and purging personal data.

use std::process::Command;

use chrono::Utc;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};
use laurel::store::schema::{assignments, nominations, nominee_consents};
use reqwest::Method;
use secrecy::ExposeSecret;
use serde_json::json;

use crate::helpers::{PASSWORD, TestApp, laurel_binary, spawn_app};
use crate::results_helpers::call;

impl TestApp {
    /// Sets the nominee's consent: `recorded` and `declined` as an organiser
    /// taking the answer by phone (`PUT /api/v1/nominations/{id}/consent`);
    /// `pending` is what a submission leaves.
    pub async fn set_consent(&self, nomination: &str, consent: &str) {
        let answer = match consent {
            "pending" => return,
            "recorded" => "given",
            "declined" => "declined",
            "given" => return self.consent_given_by_the_nominee(nomination).await,
            other => panic!("no consent {other}"),
        };
        let organiser = self.token_for("olive@awards.test", PASSWORD).await;
        let (status, body) = call(
            self,
            Method::PUT,
            &organiser,
            &format!("/api/v1/nominations/{nomination}/consent"),
            json!({ "answer": answer, "method": "phone" }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }

    /// The nominee's own "yes". It comes by the link in the consent email,
    /// which these nominations (no nominee address) never send, so the
    /// answer is written to the row directly.
    async fn consent_given_by_the_nominee(&self, nomination: &str) {
        let nomination = nomination.to_owned();
        let updated = self
            .db
            .run(move |conn| {
                Ok(diesel::update(
                    nominee_consents::table.filter(nominee_consents::nomination_id.eq(nomination)),
                )
                .set((
                    nominee_consents::status.eq("given"),
                    nominee_consents::updated_at.eq(Utc::now().naive_utc()),
                ))
                .execute(conn)?)
            })
            .await
            .unwrap();
        assert_eq!(updated, 1, "the submission made a consent row");
    }

    async fn decide(&self, organiser: &str, nomination: &str, decision: &str) {
        let (status, body) = call(
            self,
            Method::PUT,
            organiser,
            &format!("/api/v1/nominations/{nomination}/decision"),
            json!({ "decision": decision }),
        )
        .await;
        assert_eq!(status, 200, "{body}");
    }
}

#[tokio::test]
async fn published_winners_are_listed_only_with_the_nominees_consent() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let n = &judged.nominations;
    for (nomination, decision, consent) in [
        (&n[0], "winner", "given"),
        (&n[1], "winner", "declined"),
        (&n[2], "shortlisted", "recorded"),
        (&n[3], "shortlisted", "pending"),
        (&n[4], "not_shortlisted", "given"),
    ] {
        app.decide(&judged.organiser, nomination, decision).await;
        app.set_consent(nomination, consent).await;
    }
    let before = app.get("/winners").await.text().await.unwrap();
    assert!(before.contains("have not been announced"));
    let (status, _) = app.get_json("/api/v1/winners").await;
    assert_eq!(status, 404);
    let publish = format!("/api/v1/cycles/{}/publish", judged.cycle);
    let (status, _) = call(&app, Method::POST, &judged.organiser, &publish, json!({})).await;
    assert_eq!(status, 409, "judging has not closed");
    app.close_judging().await;
    let (_, judge) = &judged.judges[0];
    let (status, _) = call(&app, Method::POST, judge, &publish, json!({})).await;
    assert_eq!(status, 403);
    let (status, cycle) = call(&app, Method::POST, &judged.organiser, &publish, json!({})).await;
    assert_eq!(status, 200, "{cycle}");
    assert_eq!(cycle["phase"], "published");
    assert!(cycle["results_published_at"].is_string());

    let page = app.get("/winners").await.text().await.unwrap();
    assert!(page.contains("<strong>Nominee A</strong>"), "{page}");
    assert!(page.contains("<li>Nominee C</li>"));
    for hidden in ["Nominee B", "Nominee D", "Nominee E"] {
        assert!(!page.contains(hidden), "{hidden} is not named");
    }
    let (status, winners) = app.get_json("/api/v1/winners").await;
    assert_eq!(status, 200);
    let resource = winners["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["category"] == "best-resource")
        .unwrap()
        .clone();
    assert_eq!(resource["winners"], json!(["Nominee A"]));
    assert_eq!(resource["shortlisted"], json!(["Nominee C"]));
}

#[tokio::test]
async fn purge_personal_data_removes_contact_details_answers_and_comments_but_keeps_published_names()
 {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let n = &judged.nominations;
    app.decide(&judged.organiser, &n[0], "winner").await;
    app.set_consent(&n[0], "given").await;
    app.close_judging().await;
    call(
        &app,
        Method::POST,
        &judged.organiser,
        &format!("/api/v1/cycles/{}/publish", judged.cycle),
        json!({}),
    )
    .await;
    let (_, results_before) = app
        .get_json_with(
            &judged.organiser,
            &format!("/api/v1/cycles/{}/results", judged.cycle),
        )
        .await;

    let tomorrow = (Utc::now() + chrono::Duration::days(1))
        .format("%Y-%m-%d")
        .to_string();
    let output = Command::new(laurel_binary())
        .args([
            "purge-personal-data",
            "--cycle",
            "sma-2016",
            "--before",
            &tomorrow,
        ])
        .env_clear()
        .env("DATABASE_URL", app.settings.database.url.expose_secret())
        .env("RUST_LOG", "warn")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        stdout.contains("Removed the personal data of 9 nominations"),
        "{stdout}"
    );
    assert!(stdout.contains("1 published names kept"), "{stdout}");

    let rows: Vec<(String, String, String, String)> = app
        .db
        .run(|conn| {
            Ok(nominations::table
                .order(nominations::number)
                .select((
                    nominations::nominee_name,
                    nominations::nominator_name,
                    nominations::nominator_email,
                    nominations::answers,
                ))
                .load(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(rows[0].0, "Nominee A", "the published winner's name stays");
    assert!(rows[1..].iter().all(|r| r.0 == "(removed)"));
    assert!(
        rows.iter()
            .all(|r| r.1 == "(removed)" && r.2.is_empty() && r.3 == "{}")
    );
    let comments: Vec<String> = app
        .db
        .run(|conn| Ok(assignments::table.select(assignments::comment).load(conn)?))
        .await
        .unwrap();
    assert!(comments.iter().all(String::is_empty));

    // The purge ran in another process: the server's copy of the results is
    // kept for a moment, so wait until it reads the purged rows (the names
    // gone) before comparing the totals.
    let results_path = format!("/api/v1/cycles/{}/results", judged.cycle);
    let after = crate::helpers::eventually(
        std::time::Duration::from_secs(10),
        "the results read from the purged rows",
        || async {
            let (_, rows) = app.get_json_with(&judged.organiser, &results_path).await;
            let rows = rows.as_array()?.clone();
            let removed = rows
                .iter()
                .filter(|r| r["nominee_name"] == "(removed)")
                .count();
            (removed == 8).then_some(rows)
        },
    )
    .await;
    let before = results_before.as_array().unwrap();
    assert_eq!(before.len(), 9, "{results_before}");
    assert_eq!(after.len(), before.len(), "{after:?}");
    assert_eq!(
        before
            .iter()
            .filter(|r| r["normalised"].is_number())
            .count(),
        8,
        "the reviewed nominations have totals to compare"
    );
    for (before, after) in before.iter().zip(&after) {
        assert_eq!(before["nomination_id"], after["nomination_id"]);
        assert_eq!(before["normalised"], after["normalised"], "the totals stay");
        assert_eq!(before["rank"], after["rank"]);
    }
    let unknown = Command::new(laurel_binary())
        .args([
            "purge-personal-data",
            "--cycle",
            "no-such-cycle",
            "--before",
            &tomorrow,
        ])
        .env_clear()
        .env("DATABASE_URL", app.settings.database.url.expose_secret())
        .output()
        .unwrap();
    assert!(!unknown.status.success());
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no-such-cycle"));
}
