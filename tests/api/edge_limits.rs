//! The limits at the edge: sign-in throttling that cannot lock the owner
//! out, password-reset emails, limits shared by instances on one database,
//! and the headers and CSRF renewal around private pages and sign-in.

use std::time::Duration;

use chrono::{TimeZone, Utc};
use diesel::prelude::*;
use laurel::domain::limits::Limit;
use laurel::domain::role::Role;
use laurel::services::limits;
use laurel::settings::Settings;

use crate::helpers::{PASSWORD, TestApp, csrf_token_in, eventually, spawn_app, spawn_app_with};

fn behind_local_proxy(settings: &mut Settings) {
    settings.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
}

async fn token_from(app: &TestApp, ip: &str, email: &str, password: &str) -> reqwest::Response {
    app.client
        .post(app.url("/api/v1/auth/token"))
        .header("x-forwarded-for", ip)
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn an_attacker_is_refused_while_the_owner_signs_in_from_elsewhere() {
    let one = spawn_app_with(behind_local_proxy).await;
    let two = one.spawn_sibling(behind_local_proxy).await;
    one.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let attacker = "203.0.113.66";
    let mut statuses = Vec::new();
    for attempt in 0..12 {
        let app = if attempt % 2 == 0 { &one } else { &two };
        let response = token_from(app, attacker, "jude@judges.test", "wrong password!").await;
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            let wait: u64 = response.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            assert!(wait > 0);
        }
    }
    assert_eq!(
        statuses,
        [401, 401, 401, 401, 401, 401, 401, 401, 401, 401, 429, 429],
        "the two instances count the attacker's failures together"
    );
    let refused = token_from(&one, attacker, "jude@judges.test", PASSWORD).await;
    assert_eq!(
        refused.status().as_u16(),
        429,
        "the attacker's address stays refused"
    );

    let owner = "198.51.100.9";
    let signed_in = token_from(&two, owner, "jude@judges.test", PASSWORD).await;
    assert_eq!(
        signed_in.status().as_u16(),
        200,
        "the owner signs in through the API"
    );
    let page = one
        .browser_from(owner)
        .login("jude@judges.test", PASSWORD)
        .await;
    assert_eq!(page.status().as_u16(), 303, "and on the sign-in page");
    let attacker_page = one
        .browser_from(attacker)
        .login("jude@judges.test", PASSWORD)
        .await;
    assert_eq!(attacker_page.status().as_u16(), 429);
    assert!(attacker_page.headers().contains_key("retry-after"));
}

/// Waits until the outbox has nothing left to send.
async fn outbox_settled(app: &TestApp) {
    use laurel::store::schema::outbox;
    eventually(Duration::from_secs(20), "the outbox to be sent", || async {
        let due: i64 = app
            .db
            .run(|conn| {
                Ok(outbox::table
                    .filter(outbox::status.eq_any(["pending", "sending"]))
                    .count()
                    .get_result(conn)?)
            })
            .await
            .unwrap();
        (due == 0).then_some(())
    })
    .await;
}

async fn ask_reset(app: &TestApp, ip: &str, email: &str) -> (u16, String) {
    let response = app
        .client
        .post(app.url("/api/v1/auth/password-reset"))
        .header("x-forwarded-for", ip)
        .json(&serde_json::json!({ "email": email }))
        .send()
        .await
        .unwrap();
    (response.status().as_u16(), response.text().await.unwrap())
}

#[tokio::test]
async fn password_reset_emails_are_limited_and_the_answer_never_changes() {
    let app = spawn_app_with(behind_local_proxy).await;
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    app.create_user(Role::Judge, "jane@judges.test", PASSWORD)
        .await;
    let (_, first) = ask_reset(&app, "192.0.2.1", "jude@judges.test").await;
    for (n, ip) in (2..=12).map(|n| (n, format!("192.0.2.{n}"))) {
        let variant = if n % 2 == 0 {
            "JUDE@judges.test"
        } else {
            "jude@judges.test"
        };
        assert_eq!(
            ask_reset(&app, &ip, variant).await,
            (202, first.clone()),
            "request {n}"
        );
    }
    // One address: nine requests for nobody, then one for each account.
    for n in 0..9 {
        let (status, body) =
            ask_reset(&app, "198.51.100.50", &format!("nobody{n}@judges.test")).await;
        assert_eq!((status, body), (202, first.clone()));
    }
    assert_eq!(
        ask_reset(&app, "198.51.100.50", "jane@judges.test").await,
        (202, first.clone())
    );
    assert_eq!(
        ask_reset(&app, "198.51.100.50", "jane@judges.test").await,
        (202, first.clone())
    );
    outbox_settled(&app).await;
    assert_eq!(
        app.emails_to("jude@judges.test").len(),
        3,
        "three a window per address"
    );
    assert_eq!(
        app.emails_to("jane@judges.test").len(),
        1,
        "the eleventh request from one address sends nothing"
    );
    assert_eq!(
        ask_reset(&app, "198.51.100.51", "jane@judges.test").await,
        (202, first)
    );
    outbox_settled(&app).await;
    assert_eq!(
        app.emails_to("jane@judges.test").len(),
        2,
        "another address still may"
    );
}

#[tokio::test]
async fn two_instances_on_one_database_share_the_public_limit() {
    let limited = |settings: &mut Settings| settings.public_rate_per_minute = 4;
    let one = spawn_app_with(limited).await;
    let two = one.spawn_sibling(limited).await;
    let body = one.nomination_body("best-resource").await;
    for app in [&one, &two, &one, &two] {
        assert_eq!(app.post_nomination(&body, None).await.0, 201);
    }
    for app in [&one, &two] {
        assert_eq!(
            app.post_nomination(&body, None).await.0,
            429,
            "together they allow what one does"
        );
    }
}

#[tokio::test]
async fn ended_windows_are_removed() {
    use laurel::store::schema::rate_counters;
    let app = spawn_app().await;
    let limit = Limit::public_per_minute(5);
    let long_ago = Utc.with_ymd_and_hms(2020, 1, 1, 12, 0, 0).unwrap();
    let far_ahead = Utc.with_ymd_and_hms(2100, 1, 1, 12, 0, 0).unwrap();
    let keys = app
        .db
        .run(move |conn| {
            limits::hit(conn, &limit, "192.0.2.1", long_ago)?.unwrap();
            limits::hit(conn, &limit, "192.0.2.2", far_ahead)?.unwrap();
            Ok(rate_counters::table
                .select(rate_counters::key)
                .load::<String>(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(keys, ["public.address:192.0.2.2"]);
}

#[tokio::test]
async fn https_brings_strict_transport_security_and_plain_http_does_not() {
    let https = spawn_app_with(|settings| {
        settings.public_url = "https://awards.example.org/".parse().unwrap();
    })
    .await;
    let response = https.get("/").await;
    assert_eq!(
        response.headers()["strict-transport-security"],
        "max-age=63072000"
    );
    let http = spawn_app().await;
    assert!(
        !http
            .get("/")
            .await
            .headers()
            .contains_key("strict-transport-security")
    );
}

#[tokio::test]
async fn pages_behind_private_links_are_never_stored() {
    let app = spawn_app().await;
    for path in [
        "/invitation/not-a-real-secret",
        "/password-reset/not-a-real-secret",
        "/nomination/not-a-real-secret",
        "/consent/not-a-real-secret",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
    }
    let home = app.get("/").await;
    assert_ne!(
        home.headers()
            .get("cache-control")
            .map(|value| value.to_str().unwrap()),
        Some("no-store")
    );
}

#[tokio::test]
async fn signing_in_renews_the_csrf_token() {
    let app = spawn_app().await;
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let browser = app.browser();
    let before = csrf_token_in(&browser.get("/login").await.text().await.unwrap()).unwrap();
    let login = browser
        .post_form(
            "/login",
            &[
                ("csrf_token", before.as_str()),
                ("email", "jude@judges.test"),
                ("password", PASSWORD),
            ],
        )
        .await;
    assert_eq!(login.status().as_u16(), 303);
    let stale = browser
        .post_form("/logout", &[("csrf_token", before.as_str())])
        .await;
    assert_eq!(
        stale.status().as_u16(),
        403,
        "the token from before sign-in is refused"
    );
    let after = csrf_token_in(&browser.get("/judge").await.text().await.unwrap()).unwrap();
    assert_ne!(after, before);
    let fresh = browser
        .post_form("/logout", &[("csrf_token", after.as_str())])
        .await;
    assert_eq!(fresh.status().as_u16(), 303);
}
