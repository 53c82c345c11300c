//! Broadcasts: a preview, merged messages delivered over real SMTP, the
//! outbox listing, progress, and failed messages sent again.

use std::time::Duration;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, eventually, spawn_app, spawn_app_with};
use crate::results_helpers::call;

const WAIT: Duration = Duration::from_secs(30);

async fn broadcast(app: &TestApp, token: &str, cycle: &str, body: Value) -> (u16, Value) {
    call(
        app,
        Method::POST,
        token,
        &format!("/api/v1/cycles/{cycle}/broadcasts"),
        body,
    )
    .await
}

fn letter() -> Value {
    json!({
        "audience": "shortlisted",
        "subject": "{{reference}}: good news",
        "body": "Dear {{nominator_name}},\n\n{{nominee_name}} is shortlisted for {{category}}. <b>Well done</b> {% if x %}{{ secret }}",
    })
}

#[tokio::test]
async fn a_broadcast_previews_then_reaches_each_shortlisted_nominator_with_fields_merged() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    call(
        &app,
        Method::POST,
        &judged.organiser,
        &format!("/api/v1/cycles/{}/decisions/suggested", judged.cycle),
        json!({}),
    )
    .await;
    let mut preview = letter();
    preview["preview"] = json!(true);
    let (status, shown) = broadcast(&app, &judged.organiser, &judged.cycle, preview).await;
    assert_eq!(status, 200, "{shown}");
    assert_eq!(shown["count"], 3);
    assert_eq!(shown["to"], "nora@example.org");
    assert_eq!(shown["subject"], "SMA16-0001: good news");
    let text = shown["text"].as_str().unwrap();
    assert!(text.starts_with("Dear Nora Nominator,"), "{text}");
    assert!(text.contains("Nominee A is shortlisted for Best"), "{text}");
    assert!(
        text.contains("{% if x %}{{ secret }}"),
        "user text is never a template"
    );
    let (_, outbox) = app
        .get_json_with(&judged.organiser, "/api/v1/outbox?status=pending")
        .await;
    assert!(
        outbox
            .as_array()
            .unwrap()
            .iter()
            .all(|m| !m["subject"].as_str().unwrap().contains("good news")),
        "a preview sends nothing"
    );

    let (status, sent) = broadcast(&app, &judged.organiser, &judged.cycle, letter()).await;
    assert_eq!(status, 200, "{sent}");
    assert_eq!(sent["queued"], 3);
    app.wait_until_outbox_delivered().await;
    let emails = app.smtp.received();
    let mut news: Vec<_> = emails
        .iter()
        .filter(|e| e.subject.ends_with("good news"))
        .collect();
    news.sort_by(|a, b| a.subject.cmp(&b.subject));
    assert_eq!(news.len(), 3);
    assert_eq!(news[1].subject, "SMA16-0002: good news");
    assert!(news[1].text.contains("Nominee B is shortlisted"));
    assert!(news[1].has_text_and_html_parts);
    assert!(
        news[1].html.contains("&lt;b&gt;Well done")
            || news[1].html.contains("&#60;b&#62;Well done"),
        "the HTML part is escaped: {}",
        news[1].html
    );

    // The worker records a delivery just after the SMTP server accepts it.
    let first = eventually(WAIT, "the delivery recorded", || async {
        let (status, outbox) = app
            .get_json_with(&judged.organiser, "/api/v1/outbox?status=sent")
            .await;
        assert_eq!(status, 200);
        outbox
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["subject"] == "SMA16-0001: good news")
            .cloned()
    })
    .await;
    assert_eq!(first["to"], "nora@example.org");
    assert_eq!(first["status"], "sent");
    assert!(first["sent_at"].is_string() && first["attempts"] == 1);
    let (_, listed) = app
        .get_json_with(
            &judged.organiser,
            &format!("/api/v1/cycles/{}/broadcasts", judged.cycle),
        )
        .await;
    assert_eq!(listed[0]["sent"], 3);
    assert_eq!(listed[0]["audience"], "shortlisted");
    let (status, _) = app
        .get_json_with(&judged.organiser, "/api/v1/outbox?status=lost")
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn judges_get_their_own_name_and_a_bad_broadcast_is_refused() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let (status, shown) = broadcast(
        &app,
        &judged.organiser,
        &judged.cycle,
        json!({"audience": "judges", "subject": "Thank you", "body": "Dear {{judge_name}}, thank you.", "preview": true}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(shown["count"], 4);
    assert!(
        shown["text"].as_str().unwrap().starts_with("Dear Judge "),
        "{shown}"
    );
    let cases = [
        (
            json!({"audience": "everyone", "subject": "x", "body": "y"}),
            422,
            "an unknown audience",
        ),
        (
            json!({"audience": "judges", "subject": " ", "body": "y"}),
            422,
            "no subject",
        ),
        (
            json!({"audience": "judges", "subject": "a\nBcc: x@y.org", "body": "y"}),
            422,
            "a subject over two lines",
        ),
        (
            json!({"audience": "judges", "subject": "x", "body": ""}),
            422,
            "no body",
        ),
    ];
    for (body, expected, case) in cases {
        let (got, answer) = broadcast(&app, &judged.organiser, &judged.cycle, body).await;
        assert_eq!(got, expected, "{case}: {answer}");
    }
    let (_, judge) = &judged.judges[0];
    let (status, _) = broadcast(&app, judge, &judged.cycle, letter()).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn failed_broadcast_messages_are_shown_and_sent_again_on_retry() {
    let mut app = spawn_app_with(|settings| settings.mail.max_attempts = 1).await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    app.nominate("best-resource", "Ann").await;
    // The nominator's receipt goes out before the SMTP server is stopped.
    app.wait_until_outbox_delivered().await;
    app.smtp.stop();
    let (_, sent) = broadcast(
        &app,
        &organiser,
        &cycle,
        json!({"audience": "nominators", "subject": "Thanks {{nominator_name}}", "body": "For nominating {{nominee_name}}."}),
    )
    .await;
    assert_eq!(sent["queued"], 1);
    let id = sent["broadcast_id"].as_str().unwrap().to_owned();
    eventually(WAIT, "the message failed", || async {
        let (_, failed) = app
            .get_json_with(
                &organiser,
                &format!("/api/v1/outbox?status=failed&broadcast={id}"),
            )
            .await;
        (failed.as_array().unwrap().len() == 1).then_some(())
    })
    .await;
    let browser = app.browser_as_organiser().await;
    let page = browser
        .get("/organiser/broadcasts")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("Retry failed"), "{page}");
    app.smtp.restart();
    let response = browser
        .submit(
            "/organiser/broadcasts",
            &format!("/organiser/broadcasts/{id}/retry"),
            &[],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let thanks = app.delivered_with_subject("Thanks").await;
    assert_eq!(thanks.len(), 1, "the retried message, once");
    assert_eq!(thanks[0].subject, "Thanks Nora Nominator");
    assert_eq!(thanks[0].text.trim(), "For nominating Ann.");
}

#[tokio::test]
async fn the_broadcast_page_previews_and_sends() {
    let app = spawn_app().await;
    app.organiser().await;
    app.nominate("best-resource", "Ann").await;
    let browser = app.browser_as_organiser().await;
    let fields = [
        ("audience", "nominators"),
        ("subject", "About {{reference}}"),
        ("body", "Hello {{nominator_name}}"),
    ];
    let mut preview = fields.to_vec();
    preview.push(("action", "preview"));
    let response = browser
        .submit("/organiser/broadcasts", "/organiser/broadcasts", &preview)
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("This would send <strong>1</strong> message"),
        "{page}"
    );
    assert!(page.contains("Hello Nora Nominator"));
    let mut send = fields.to_vec();
    send.push(("action", "send"));
    let response = browser
        .submit("/organiser/broadcasts", "/organiser/broadcasts", &send)
        .await;
    assert_eq!(response.status().as_u16(), 303);
    app.smtp.wait_for(1, WAIT).await;
    let broadcast = app.delivered_with_subject("About ").await;
    assert_eq!(broadcast.len(), 1, "one broadcast email");
    assert_eq!(broadcast[0].subject, "About SMA16-0001");
    let page = browser
        .get("/organiser/broadcasts")
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("About {{reference}}"));
    let empty = browser
        .submit(
            "/organiser/broadcasts",
            "/organiser/broadcasts",
            &[("audience", "nominators"), ("subject", ""), ("body", "")],
        )
        .await;
    assert_eq!(empty.status().as_u16(), 422);
    assert!(empty.text().await.unwrap().contains("Enter a subject"));
}
