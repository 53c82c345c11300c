//! Accounts, sessions, tokens, invitations, password resets and throttling.

use std::time::Duration;

use laurel::domain::role::Role;
use reqwest::Method;

use crate::helpers::{PASSWORD, link_in, spawn_app, spawn_app_with};

const WAIT: Duration = Duration::from_secs(20);

#[tokio::test]
async fn the_right_password_gets_a_token_that_names_the_role_and_its_expiry() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let (status, body) = app.request_token("Olive@Awards.test", PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["role"], "organiser");
    assert_eq!(body["token"].as_str().unwrap().len(), 43);
    assert!(
        body["expires_at"]
            .as_str()
            .unwrap()
            .parse::<chrono::DateTime<chrono::Utc>>()
            .unwrap()
            > chrono::Utc::now()
    );
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_401() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let (wrong_status, wrong_password) = app
        .request_token("olive@awards.test", "not the password")
        .await;
    let (unknown_status, unknown_email) = app.request_token("nobody@awards.test", PASSWORD).await;
    assert_eq!((wrong_status, unknown_status), (401, 401));
    assert_eq!(wrong_password, unknown_email);
    assert_eq!(
        wrong_password["error"],
        "The email address or password is not right"
    );
}

#[tokio::test]
async fn a_revoked_token_no_longer_works() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let listed = app
        .api(Method::GET, "/api/v1/judges", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(listed.status().as_u16(), 200);
    let revoked = app
        .api(Method::DELETE, "/api/v1/auth/token", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(revoked.status().as_u16(), 204);
    let after = app
        .api(Method::GET, "/api/v1/judges", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status().as_u16(), 401);
}

#[tokio::test]
async fn forty_wrong_logins_in_a_row_meet_429_with_retry_after() {
    let app = spawn_app().await;
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let mut statuses = Vec::new();
    let mut retry_after = None;
    for _ in 0..40 {
        let response = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .json(&serde_json::json!({"email": "jude@judges.test", "password": "wrong password!"}))
            .send()
            .await
            .unwrap();
        statuses.push(response.status().as_u16());
        if response.status().as_u16() == 429 {
            retry_after = response
                .headers()
                .get("retry-after")
                .map(|value| value.to_str().unwrap().to_owned());
        }
    }
    assert!(
        statuses[..5].iter().all(|&status| status == 401),
        "{statuses:?}"
    );
    assert!(
        statuses[statuses.len() - 10..]
            .iter()
            .all(|&status| status == 429),
        "{statuses:?}"
    );
    assert!(retry_after.unwrap().parse::<u64>().unwrap() > 0);
    let (status, _) = app.request_token("jude@judges.test", PASSWORD).await;
    assert_eq!(
        status, 429,
        "even the right password waits until the window passes"
    );
}

#[tokio::test]
async fn an_invitation_email_arrives_and_its_link_works_once() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let invited = app
        .api(Method::POST, "/api/v1/judges", Some(&token))
        .json(&serde_json::json!({"email": "Jane@Judges.test", "name": "Jane Judge", "organisation": "Pain Association", "categories": ["best-resource"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(invited.status().as_u16(), 201);
    let id = invited.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();

    let email = &app.smtp.wait_for(1, WAIT).await[0];
    assert_eq!(email.to, ["jane@judges.test"]);
    assert!(
        email.subject.contains("Self Management Awards 2016"),
        "{}",
        email.subject
    );
    assert!(email.has_text_and_html_parts);
    let link = app.local_link(&link_in(&email.text, "http://127.0.0.1:9/invitation/").unwrap());

    let browser = app.browser();
    let path = link.trim_start_matches(&app.address).to_owned();
    let page = browser.get(&path).await;
    assert_eq!(page.status().as_u16(), 200);
    assert!(page.text().await.unwrap().contains("Hello Jane Judge"));
    let accepted = browser
        .submit(
            &path,
            &path,
            &[("password", PASSWORD), ("confirm", PASSWORD)],
        )
        .await;
    assert_eq!(accepted.status().as_u16(), 303);
    assert_eq!(accepted.headers()["location"], "/judge");
    let dashboard = browser.get("/judge").await;
    assert_eq!(dashboard.status().as_u16(), 200, "signed in by the link");

    let again = app.browser().get(&path).await;
    assert_eq!(
        again.status().as_u16(),
        404,
        "a used link does not work again"
    );

    let (status, judges) = app.get_json_with(&token, "/api/v1/judges").await;
    assert_eq!(status, 200);
    assert_eq!(judges[0]["id"], id);
    assert_eq!(
        judges[0]["categories"],
        serde_json::json!(["best-resource"])
    );
    assert_eq!(judges[0]["accepted"], true);
}

#[tokio::test]
async fn inviting_again_replaces_the_old_link() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let invite = || async {
        app.api(Method::POST, "/api/v1/judges", Some(&token))
            .json(&serde_json::json!({"email": "jane@judges.test", "name": "Jane Judge"}))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    };
    assert_eq!(invite().await, 201);
    // Wait for the first email, so that the two arrive in order.
    let first_email = app.smtp.wait_for(1, WAIT).await.remove(0);
    assert_eq!(invite().await, 200, "the same judge again");
    let emails = app.smtp.wait_for(2, WAIT).await;
    let first =
        app.local_link(&link_in(&first_email.text, "http://127.0.0.1:9/invitation/").unwrap());
    let second =
        app.local_link(&link_in(&emails[1].text, "http://127.0.0.1:9/invitation/").unwrap());
    assert_ne!(first, second);
    let browser = app.browser();
    assert_eq!(
        browser
            .get(first.trim_start_matches(&app.address))
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(
        browser
            .get(second.trim_start_matches(&app.address))
            .await
            .status()
            .as_u16(),
        200
    );
}

#[tokio::test]
async fn bad_invitations_are_refused_field_by_field() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let cases = [
        (
            serde_json::json!({"email": "not-an-email", "name": "J"}),
            422,
            "email",
            "a bad email",
        ),
        (
            serde_json::json!({"email": "j@judges.test", "name": "  "}),
            422,
            "name",
            "no name",
        ),
        (
            serde_json::json!({"email": "j@judges.test", "name": "J", "categories": ["nope"]}),
            422,
            "categories",
            "an unknown category",
        ),
        (
            serde_json::json!({"email": "olive@awards.test", "name": "J"}),
            409,
            "",
            "an organiser's email",
        ),
    ];
    for (body, status, field, case) in cases {
        let response = app
            .api(Method::POST, "/api/v1/judges", Some(&token))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{case}");
        let body: serde_json::Value = response.json().await.unwrap();
        if !field.is_empty() {
            assert_eq!(body["errors"][0]["field"], field, "{case}: {body}");
        }
    }
}

#[tokio::test]
async fn a_password_reset_ends_every_old_session_and_token() {
    let app = spawn_app().await;
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let token = app.token_for("jude@judges.test", PASSWORD).await;
    let old_browser = app.browser();
    assert_eq!(
        old_browser
            .login("jude@judges.test", PASSWORD)
            .await
            .status()
            .as_u16(),
        303
    );

    let asked = app
        .client
        .post(app.url("/api/v1/auth/password-reset"))
        .json(&serde_json::json!({"email": "jude@judges.test"}))
        .send()
        .await
        .unwrap();
    assert_eq!(asked.status().as_u16(), 202);
    let email = &app.smtp.wait_for(1, WAIT).await[0];
    let link = app.local_link(&link_in(&email.text, "http://127.0.0.1:9/password-reset/").unwrap());
    let path = link.trim_start_matches(&app.address).to_owned();
    let browser = app.browser();
    let new_password = "another long passphrase";
    let reset = browser.choose_password(&path, new_password).await;
    assert_eq!(reset.status().as_u16(), 303);

    let old_token = app
        .api(Method::GET, "/api/v1/judges", Some(&token))
        .send()
        .await
        .unwrap();
    assert_eq!(old_token.status().as_u16(), 401, "the old token ended");
    assert_eq!(
        old_browser.get("/judge").await.status().as_u16(),
        303,
        "the old browser session ended"
    );
    assert_eq!(
        browser.get("/judge").await.status().as_u16(),
        200,
        "the new session works"
    );
    assert_eq!(
        app.request_token("jude@judges.test", PASSWORD).await.0,
        401,
        "the old password no longer works"
    );
    assert_eq!(
        app.request_token("jude@judges.test", new_password).await.0,
        200
    );
    assert_eq!(
        browser.get(&path).await.status().as_u16(),
        404,
        "the link works once"
    );
}

#[tokio::test]
async fn a_reset_request_answers_the_same_whether_or_not_the_account_exists() {
    let app = spawn_app().await;
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let browser = app.browser();
    let known = browser
        .submit(
            "/password-reset",
            "/password-reset",
            &[("email", "jude@judges.test")],
        )
        .await;
    let unknown = browser
        .submit(
            "/password-reset",
            "/password-reset",
            &[("email", "nobody@judges.test")],
        )
        .await;
    assert_eq!(known.status().as_u16(), 200);
    assert_eq!(unknown.status().as_u16(), 200);
    let known = known
        .text()
        .await
        .unwrap()
        .replace("jude@judges.test", "ADDRESS");
    let unknown = unknown
        .text()
        .await
        .unwrap()
        .replace("nobody@judges.test", "ADDRESS");
    let main =
        |page: &str| page[page.find("<main").unwrap()..page.find("</main>").unwrap()].to_owned();
    assert_eq!(main(&known), main(&unknown));
    let emails = app.smtp.wait_for(1, WAIT).await;
    app.wait_until_outbox_delivered().await;
    assert_eq!(
        app.smtp.received().len(),
        1,
        "only the real account gets an email"
    );
    assert_eq!(emails[0].to, ["jude@judges.test"]);
}

#[tokio::test]
async fn a_deactivated_judge_can_no_longer_sign_in_and_their_token_ends() {
    let app = spawn_app().await;
    let organiser = app.organiser_token().await;
    let judge_id = app
        .create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let judge = app.token_for("jude@judges.test", PASSWORD).await;
    let response = app
        .api(
            Method::POST,
            &format!("/api/v1/users/{judge_id}/deactivate"),
            Some(&organiser),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 204);
    let after = app
        .api(Method::DELETE, "/api/v1/auth/token", Some(&judge))
        .send()
        .await
        .unwrap();
    assert_eq!(after.status().as_u16(), 401);
    assert_eq!(app.request_token("jude@judges.test", PASSWORD).await.0, 401);
}

#[tokio::test]
async fn the_session_cookie_is_http_only_same_site_and_new_at_each_login() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let browser = app.browser();
    let first = browser.login("olive@awards.test", PASSWORD).await;
    assert_eq!(first.headers()["location"], "/organiser");
    let cookie = first.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.starts_with("laurel_session="), "{cookie}");
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(!cookie.contains("Secure"), "not on plain http");
    // Signing in again from the signed-in browser (the home page carries the form token).
    let second = browser
        .submit(
            "/",
            "/login",
            &[("email", "olive@awards.test"), ("password", PASSWORD)],
        )
        .await;
    let second_cookie = second.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert_ne!(
        cookie.split(';').next(),
        second_cookie.split(';').next(),
        "a new session id at each login"
    );
}

#[tokio::test]
async fn with_an_https_public_address_the_cookies_are_secure() {
    let app = spawn_app_with(|settings| {
        settings.public_url = "https://awards.example.org/".parse().unwrap()
    })
    .await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let response = app.browser().get("/login").await;
    let csrf_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(csrf_cookie.contains("Secure"), "{csrf_cookie}");
}

#[tokio::test]
async fn signing_out_everywhere_ends_every_session() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let token = app.token_for("olive@awards.test", PASSWORD).await;
    let laptop = app.browser();
    let phone = app.browser();
    for device in [&laptop, &phone] {
        let signed_in = device.login("olive@awards.test", PASSWORD).await;
        assert_eq!(signed_in.status().as_u16(), 303);
        assert_eq!(signed_in.headers()["location"], "/organiser");
        assert_eq!(
            device.get("/organiser").await.status().as_u16(),
            200,
            "signed in before signing out everywhere"
        );
    }
    let signed_out = laptop
        .submit("/organiser", "/sign-out-everywhere", &[])
        .await;
    assert_eq!(signed_out.status().as_u16(), 303);
    assert_eq!(phone.get("/organiser").await.status().as_u16(), 303);
    assert_eq!(laptop.get("/organiser").await.status().as_u16(), 303);
    assert_eq!(
        app.api(Method::GET, "/api/v1/judges", Some(&token))
            .send()
            .await
            .unwrap()
            .status()
            .as_u16(),
        401
    );
}

#[tokio::test]
async fn signing_out_ends_the_browser_session() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    assert_eq!(browser.get("/organiser").await.status().as_u16(), 200);
    let out = browser.submit("/organiser", "/logout", &[]).await;
    assert_eq!(out.status().as_u16(), 303);
    assert_eq!(browser.get("/organiser").await.status().as_u16(), 303);
}

#[tokio::test]
async fn a_session_unused_for_longer_than_the_idle_limit_ends() {
    use diesel::{ExpressionMethods, RunQueryDsl};
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    assert_eq!(browser.get("/organiser").await.status().as_u16(), 200);
    let three_hours_ago = (chrono::Utc::now() - chrono::Duration::hours(3)).naive_utc();
    app.db
        .run(move |conn| {
            Ok(diesel::update(laurel::store::schema::sessions::table)
                .set(laurel::store::schema::sessions::last_seen_at.eq(three_hours_ago))
                .execute(conn)?)
        })
        .await
        .unwrap();
    assert_eq!(
        browser.get("/organiser").await.status().as_u16(),
        303,
        "sent to sign in"
    );
}

#[tokio::test]
async fn a_form_post_without_the_csrf_token_is_refused() {
    let app = spawn_app().await;
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let browser = app.browser();
    browser.get("/login").await;
    let cases: [(&[(&str, &str)], &str); 3] = [
        (
            &[("email", "olive@awards.test"), ("password", PASSWORD)],
            "no token",
        ),
        (
            &[
                ("csrf_token", "forged"),
                ("email", "olive@awards.test"),
                ("password", PASSWORD),
            ],
            "a wrong token",
        ),
        (
            &[
                ("csrf_token", ""),
                ("email", "olive@awards.test"),
                ("password", PASSWORD),
            ],
            "an empty token",
        ),
    ];
    for (fields, case) in cases {
        let response = browser.post_form("/login", fields).await;
        assert_eq!(response.status().as_u16(), 403, "{case}");
        let page = response.text().await.unwrap();
        assert!(
            page.contains("did not come from this site"),
            "{case}: {page}"
        );
    }
    let signed_in = app.browser();
    signed_in.login("olive@awards.test", PASSWORD).await;
    let forged = signed_in
        .post_form("/organiser/judges", &[("email", "x@y.org"), ("name", "X")])
        .await;
    assert_eq!(
        forged.status().as_u16(),
        403,
        "a signed-in form without a token"
    );
}

#[tokio::test]
async fn the_login_page_shows_errors_in_a_summary_and_beside_the_field() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser
        .submit("/login", "/login", &[("email", ""), ("password", "")])
        .await;
    assert_eq!(response.status().as_u16(), 422);
    let page = response.text().await.unwrap();
    assert!(page.contains("There is a problem"));
    assert!(
        page.contains(r##"<a href="#email">Enter your email address</a>"##),
        "{page}"
    );
    assert!(page.contains(r#"id="email-error""#));
    assert!(page.contains(r#"aria-describedby="email-error""#));
    let wrong = browser
        .submit(
            "/login",
            "/login",
            &[("email", "nobody@x.org"), ("password", "whatever123")],
        )
        .await;
    assert_eq!(wrong.status().as_u16(), 401);
    let page = wrong.text().await.unwrap();
    assert!(page.contains("The email address or password is not right"));
    assert!(
        page.contains(r#"value="nobody@x.org""#),
        "what was typed is kept"
    );
}

#[tokio::test]
async fn a_weak_password_on_the_invitation_page_is_refused_with_a_reason() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    app.api(Method::POST, "/api/v1/judges", Some(&token))
        .json(&serde_json::json!({"email": "jane@judges.test", "name": "Jane Judge"}))
        .send()
        .await
        .unwrap();
    let email = &app.smtp.wait_for(1, WAIT).await[0];
    let path = app
        .local_link(&link_in(&email.text, "http://127.0.0.1:9/invitation/").unwrap())
        .trim_start_matches(&app.address)
        .to_owned();
    let browser = app.browser();
    let cases = [
        ("short", "short", "Use at least 10 characters"),
        ("password123", "password123", "too common"),
        (
            "a long enough passphrase",
            "a different passphrase",
            "do not match",
        ),
    ];
    for (password, confirm, expected) in cases {
        let response = browser
            .submit(
                &path,
                &path,
                &[("password", password), ("confirm", confirm)],
            )
            .await;
        assert_eq!(response.status().as_u16(), 422, "{expected}");
        assert!(
            response.text().await.unwrap().contains(expected),
            "{expected}"
        );
    }
}

#[tokio::test]
async fn the_audit_log_records_logins_and_invitations_and_filters_them() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    app.request_token("olive@awards.test", "wrong password!")
        .await;
    app.api(Method::POST, "/api/v1/judges", Some(&token))
        .json(&serde_json::json!({"email": "jane@judges.test", "name": "Jane Judge"}))
        .send()
        .await
        .unwrap();
    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    let page = browser.get("/organiser/audit").await.text().await.unwrap();
    for action in [
        "login.failed",
        "login.succeeded",
        "judge.invited",
        "account.created",
    ] {
        assert!(page.contains(action), "{action}");
    }
    let filtered = browser
        .get("/organiser/audit?action=judge")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        filtered.contains("judge.invited") && !filtered.contains("login.failed"),
        "{filtered}"
    );
    let by_actor = browser
        .get("/organiser/audit?actor=nobody-like-this")
        .await
        .text()
        .await
        .unwrap();
    assert!(by_actor.contains("Nothing matches"));
}

#[tokio::test]
async fn api_bodies_that_are_too_large_malformed_or_misshapen_get_clear_errors() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"email": "a@b.org", "password": "{}"}}"#,
        "x".repeat(300 * 1024)
    );
    let cases = [
        (huge, 413, "too large"),
        ("{not json".to_owned(), 400, "not valid JSON"),
        (r#"{"email": 5}"#.to_owned(), 422, "expected shape"),
        ("\u{0}\u{1}".to_owned(), 400, "not valid JSON"),
    ];
    for (body, status, expected) in cases {
        let response = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{expected}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert!(
            body["error"].as_str().unwrap().contains(expected),
            "{expected}: {body}"
        );
    }
    let invalid_utf8 = app
        .client
        .post(app.url("/api/v1/auth/token"))
        .header("content-type", "application/json")
        .body(vec![b'{', 0xff, 0xfe, b'}'])
        .send()
        .await
        .unwrap();
    assert_eq!(invalid_utf8.status().as_u16(), 400);
}
