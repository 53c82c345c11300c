//! When and how often one can nominate: the cycle's dates (changed with
//! `PATCH /api/v1/cycles/{id}`) close the form and the API with 409, and each
//! address may post only so many nominations a minute.

use chrono::Utc;
use reqwest::Method;

use crate::helpers::{complete_form_fields, spawn_app, spawn_app_with};

/// The private link's path from a redirect like `/nomination/{token}/sent`.
fn link_of(response: &reqwest::Response) -> String {
    let location = response.headers()["location"].to_str().unwrap();
    let token = location
        .trim_start_matches("/nomination/")
        .split('/')
        .next()
        .unwrap();
    format!("/nomination/{token}")
}

#[tokio::test]
async fn outside_the_nominating_phase_a_submission_is_409() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let body = app.nomination_body("best-resource").await;
    let now = Utc::now();
    let (status, cycle) = app
        .patch_cycle(
            &token,
            serde_json::json!({
                "nominations_open_at": (now + chrono::Duration::days(10)).to_rfc3339(),
                "nominations_close_at": (now + chrono::Duration::days(40)).to_rfc3339(),
                "judging_close_at": (now + chrono::Duration::days(70)).to_rfc3339(),
            }),
        )
        .await;
    assert_eq!(status, 200, "{cycle}");
    assert_eq!(cycle["phase"], "upcoming");
    let (status, answer) = app.post_nomination(&body, None).await;
    assert_eq!(status, 409);
    assert!(
        answer["error"]
            .as_str()
            .unwrap()
            .contains("are not open yet"),
        "{answer}"
    );

    app.close_nominations(&token).await;
    let (status, answer) = app.post_nomination(&body, None).await;
    assert_eq!(status, 409);
    assert!(
        answer["error"].as_str().unwrap().contains("have closed"),
        "{answer}"
    );
}

#[tokio::test]
async fn patching_a_cycle_changes_its_title_and_dates_and_refuses_bad_ones() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let before = app.default_cycle().await;
    let (status, cycle) = app
        .patch_cycle(
            &token,
            serde_json::json!({
                "title": "  Awards 2017 ",
                "nominations_close_at": "2099-08-05T17:00:00+01:00",
                "judging_close_at": "2099-09-05T17:00:00Z",
            }),
        )
        .await;
    assert_eq!(status, 200, "{cycle}");
    assert_eq!(cycle["title"], "Awards 2017");
    assert_eq!(cycle["nominations_close_at"], "2099-08-05T16:00:00Z");
    assert_eq!(cycle["nominations_open_at"], before["nominations_open_at"]);
    assert_eq!(app.default_cycle().await, cycle, "as GET answers it");

    let cases = [
        (
            serde_json::json!({"nominations_open_at": "5 August"}),
            422,
            "nominations_open_at",
        ),
        (
            serde_json::json!({"judging_close_at": "2000-01-01T00:00:00Z"}),
            422,
            "judging_close_at",
        ),
        (
            serde_json::json!({"nominations_close_at": "2000-01-01T00:00:00Z"}),
            422,
            "nominations_close_at",
        ),
        (
            serde_json::json!({"nominations_close_at": "2100-01-01T00:00:00Z"}),
            422,
            "judging_close_at",
        ),
        (serde_json::json!({"title": " "}), 422, "title"),
    ];
    for (body, expected, field) in cases {
        let (status, answer) = app.patch_cycle(&token, body).await;
        assert_eq!(status, expected, "{field}: {answer}");
        assert_eq!(answer["errors"][0]["field"], field, "{answer}");
    }
    let (status, _) = app
        .patch_cycle(&token, serde_json::json!({"colour": "red"}))
        .await;
    assert_eq!(status, 422, "an unknown field");
    let missing = app
        .api(
            Method::PATCH,
            &format!("/api/v1/cycles/{}", uuid::Uuid::new_v4()),
            Some(&token),
        )
        .json(&serde_json::json!({"title": "X"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);
}

#[tokio::test]
async fn each_address_may_post_only_so_many_nominations_a_minute() {
    let app = spawn_app_with(|settings| settings.public_rate_per_minute = 3).await;
    let body = app.nomination_body("best-resource").await;
    for _ in 0..3 {
        assert_eq!(app.post_nomination(&body, None).await.0, 201);
    }
    let response = app
        .client
        .post(app.url("/api/v1/nominations"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    // The sliding estimate may ask to wait into the next minute, while this
    // minute's hits still weigh on it.
    assert!((1..=120).contains(&wait), "{wait}");
    let browser = app.browser();
    let page = browser
        .nominate("best-resource", &complete_form_fields(), "submit")
        .await;
    assert_eq!(
        page.status().as_u16(),
        429,
        "the form posts share the limit"
    );
    assert!(page.headers().contains_key("retry-after"));
    assert_eq!(
        app.get("/nominate/best-resource").await.status().as_u16(),
        200,
        "reading is not limited"
    );
}

#[tokio::test]
async fn a_rate_of_zero_turns_the_limit_off() {
    let app = spawn_app_with(|settings| settings.public_rate_per_minute = 0).await;
    // More posts than the default allows in a minute: malformed ones are
    // counted too and cost nothing to store.
    let over_the_default = laurel::settings::DEFAULT_PUBLIC_RATE + 5;
    for n in 0..over_the_default {
        let response = app
            .client
            .post(app.url("/api/v1/nominations"))
            .header("content-type", "application/json")
            .body("{")
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 400, "post {n} is not limited");
    }
    let body = app.nomination_body("best-resource").await;
    for _ in 0..5 {
        assert_eq!(app.post_nomination(&body, None).await.0, 201);
    }
}

#[tokio::test]
async fn outside_the_nominating_phase_the_form_says_so_and_refuses_posts() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let browser = app.browser();
    let sent = browser
        .nominate("best-resource", &complete_form_fields(), "submit")
        .await;
    let link = link_of(&sent);
    app.close_nominations(&token).await;

    let page = app
        .get("/nominate/best-resource")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Nominations for Self Management Awards 2016 have closed"),
        "{page}"
    );
    assert!(!page.contains("Send nomination"));
    let home = app.get("/").await.text().await.unwrap();
    assert!(home.contains("Nominations are now closed"));

    let response = browser
        .nominate_closed("best-resource", &complete_form_fields())
        .await;
    assert_eq!(response.status().as_u16(), 409);
    assert!(response.text().await.unwrap().contains("have closed"));
    let mine = browser.get(&link).await.text().await.unwrap();
    assert!(mine.contains("can no longer be changed"));
    let change = browser
        .post_with_token(
            &link,
            &[complete_form_fields(), vec![("action", "change")]].concat(),
        )
        .await;
    assert_eq!(change.status().as_u16(), 409);
}
