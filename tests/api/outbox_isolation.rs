//! A person's name with a line break or direction override in it, and an
//! outbox row that cannot be built: neither stops the rest of the mail.

use std::time::Duration;

use diesel::RunQueryDsl;
use laurel::domain::role::Role;
use reqwest::Method;
use serde_json::json;

use crate::helpers::{PASSWORD, eventually, spawn_app};

#[tokio::test]
async fn a_judge_named_with_a_line_break_is_invited_under_the_folded_name() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let cases = [
        (
            "judge3@judges.test",
            "Jim\r\nBcc: j@evil.test",
            "Jim Bcc: j@evil.test",
        ),
        (
            "judge4@judges.test",
            "\u{202E}Ann\u{2066} Lee\u{2069}",
            "Ann Lee",
        ),
    ];
    for (email, name, _) in cases {
        let response = app
            .api(Method::POST, "/api/v1/judges", Some(&token))
            .json(&json!({"email": email, "name": name}))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 201, "{name:?}");
    }
    let (_, judges) = app.get_json_with(&token, "/api/v1/judges").await;
    for (email, _, folded) in cases {
        let judge = judges
            .as_array()
            .unwrap()
            .iter()
            .find(|judge| judge["email"] == email)
            .unwrap();
        assert_eq!(judge["name"], folded, "{email}");
        let invitation = &app.wait_for_emails_to(email, 1).await[0];
        assert!(invitation.text.contains(folded), "{email}");
    }
    let received = app.smtp.received();
    assert!(
        received
            .iter()
            .all(|email| !email.to.iter().any(|to| to.contains("evil.test"))),
        "no Bcc was added"
    );
    let (_, failed) = app
        .get_json_with(&token, "/api/v1/outbox?status=failed")
        .await;
    assert_eq!(failed, json!([]));
}

#[tokio::test]
async fn names_that_fold_to_nothing_are_refused_with_a_field_error() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let response = app
        .api(Method::POST, "/api/v1/judges", Some(&token))
        .json(&json!({"email": "judge5@judges.test", "name": "\r\n\u{202E}\t"}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 422);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "name");
    let account = laurel::services::accounts::create_with_password(
        &app.db,
        laurel::services::audit::Actor::System("test"),
        laurel::services::accounts::NewAccount {
            role: Role::Organiser,
            email: "oscar@awards.test".into(),
            name: "Oscar\u{0}\r\nX-Evil: 1".into(),
            password: PASSWORD.into(),
        },
        chrono::Utc::now(),
    )
    .await;
    assert!(
        account.is_ok(),
        "an organiser's name is folded, as a judge's"
    );
    let name = app
        .db
        .run(|conn| {
            Ok(
                laurel::store::users::find_by_email(conn, "oscar@awards.test")?
                    .unwrap()
                    .name,
            )
        })
        .await
        .unwrap();
    assert_eq!(name, "Oscar X-Evil: 1");
}

/// Writes an outbox row the way an older Laurel could have: a recipient's
/// name holding CR/LF, which no longer gets in through any form.
async fn insert_poisoned_row(app: &crate::helpers::TestApp) {
    app.db
        .run(|conn| {
            let sql = "INSERT INTO outbox (id, template, to_address, to_name, subject, text_body, \
                 html_body, message_id, status, attempts, last_error, next_attempt_at, claimed_by, \
                 claimed_until, created_at, sent_at) VALUES ('00000000-0000-4000-8000-000000000bad', \
                 'test', 'judge3@judges.test', 'Jim' || char(13) || char(10) || 'Bcc: j@evil.test', \
                 'Poisoned', 'text', '<p>html</p>', 'poisoned0000', 'pending', 0, NULL, \
                 '2026-01-01 00:00:00', NULL, NULL, '2026-01-01 00:00:00', NULL)";
            let sql = match conn {
                laurel::store::DbConnection::Postgres(_) => sql.replace("char(", "chr("),
                laurel::store::DbConnection::Sqlite(_) => sql.to_owned(),
            };
            diesel::sql_query(sql).execute(conn)?;
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_message_that_cannot_be_built_fails_with_its_reason_and_the_rest_are_sent() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    for n in 0..25 {
        app.queue_test_email(&format!("before{n}@example.org"))
            .await;
    }
    insert_poisoned_row(&app).await;
    for n in 0..25 {
        app.queue_test_email(&format!("after{n}@example.org")).await;
    }
    app.smtp.wait_for(50, Duration::from_secs(30)).await;
    let failed = eventually(
        Duration::from_secs(30),
        "the poisoned row failed",
        || async {
            let (_, failed) = app
                .get_json_with(&token, "/api/v1/outbox?status=failed")
                .await;
            (failed.as_array().unwrap().len() == 1).then_some(failed)
        },
    )
    .await;
    assert_eq!(failed[0]["to"], "judge3@judges.test");
    assert_eq!(
        failed[0]["attempts"], 1,
        "not retried: it can never be sent"
    );
    let reason = failed[0]["last_error"].as_str().unwrap();
    assert!(reason.contains("recipient's name"), "{reason}");
    let received = app.smtp.received();
    assert_eq!(received.len(), 50);
    assert!(received.iter().all(|email| email.subject != "Poisoned"));
    let (_, sent) = app
        .get_json_with(&token, "/api/v1/outbox?status=sent")
        .await;
    assert_eq!(sent.as_array().unwrap().len(), 50);
    let (_, sending) = app
        .get_json_with(&token, "/api/v1/outbox?status=sending")
        .await;
    assert_eq!(sending, json!([]), "nothing is left sending");
    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    let page = browser
        .get("/organiser/broadcasts")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Emails that could not be sent")
            && page.contains("name has a line break, control or direction-override character"),
        "the organiser sees the failed email and why"
    );
    assert!(page.contains("judge3@judges.test"));
}

#[tokio::test]
async fn a_recipient_the_server_refuses_for_good_fails_at_once_with_the_answer() {
    let app = spawn_app().await;
    let refused = app.queue_test_email("reject-me@example.org").await;
    let fine = app.queue_test_email("fine@example.org").await;
    let row = eventually(
        Duration::from_secs(20),
        "the refused row failed",
        || async {
            let row = app.outbox_row(refused).await;
            (row.status == "failed").then_some(row)
        },
    )
    .await;
    assert_eq!(row.attempts, 1, "a 5xx is not tried again");
    let reason = row.last_error.unwrap_or_default();
    assert!(reason.contains("550"), "{reason}");
    eventually(Duration::from_secs(20), "the other row sent", || async {
        (app.outbox_row(fine).await.status == "sent").then_some(())
    })
    .await;
}
