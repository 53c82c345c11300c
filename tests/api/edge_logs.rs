//! The request log and the client's address: no private link's secret in the
//! log (only route patterns), and forwarded addresses believed only from
//! trusted proxies.

use crate::helpers::{PASSWORD, TestApp, complete_form_fields, link_in, spawn_app, spawn_app_with};
use crate::log_capture::{capture_log, captured_log};
use laurel::domain::role::Role;

/// The secret at the end of an emailed link.
fn secret_of(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

async fn emailed_link(app: &TestApp, to: &str, count: usize, prefix: &str) -> String {
    let emails = app.wait_for_emails_to(to, count).await;
    link_in(&emails[count - 1].text, prefix)
        .unwrap_or_else(|| panic!("no {prefix} link in {:?}", emails[count - 1].text))
}

#[tokio::test]
async fn no_private_link_secret_reaches_the_log_only_the_route_pattern() {
    capture_log();
    let app = spawn_app().await;
    let mut secrets = Vec::new();

    // A draft, its link, and a change through it.
    let browser = app.browser();
    let draft = [
        ("nominator.name", "Priya Shah"),
        ("nominator.email", "drafter@nominators.test"),
        ("answers.resource_description", "Half a story"),
    ];
    assert_eq!(
        browser
            .nominate("best-resource", &draft, "save")
            .await
            .status()
            .as_u16(),
        303
    );
    let link = emailed_link(
        &app,
        "drafter@nominators.test",
        1,
        "http://127.0.0.1:9/nomination/",
    )
    .await;
    let path = app.path_of(&link);
    secrets.push(secret_of(&link));
    let other = app.browser();
    assert_eq!(
        other
            .get(&format!("{path}?probe=query-secret-4711"))
            .await
            .status()
            .as_u16(),
        200
    );
    other.post_with_token(&path, &[("action", "save")]).await;

    // A sent nomination: its edit link and the nominee's consent link.
    let response = browser
        .nominate("best-resource", &complete_form_fields(), "submit")
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let edit = emailed_link(
        &app,
        "priya@nominators.test",
        1,
        "http://127.0.0.1:9/nomination/",
    )
    .await;
    secrets.push(secret_of(&edit));
    assert_eq!(other.get(&app.path_of(&edit)).await.status().as_u16(), 200);
    let consent = emailed_link(&app, "team@toolkit.test", 1, "http://127.0.0.1:9/consent/").await;
    secrets.push(secret_of(&consent));
    let consent_path = app.path_of(&consent);
    let nominee = app.browser();
    nominee
        .submit(&consent_path, &consent_path, &[("agree", "yes")])
        .await;

    // A judge's invitation, accepted.
    let token = app.organiser_token().await;
    app.invite_jane(&token).await;
    let invitation = emailed_link(
        &app,
        "jane@judges.test",
        1,
        "http://127.0.0.1:9/invitation/",
    )
    .await;
    secrets.push(secret_of(&invitation));
    let path = app.path_of(&invitation);
    let judge = app.browser();
    let accepted = judge.choose_password(&path, PASSWORD).await;
    assert_eq!(accepted.status().as_u16(), 303);

    // A password reset, asked for on the page and completed.
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let asker = app.browser();
    asker
        .submit(
            "/password-reset",
            "/password-reset",
            &[("email", "jude@judges.test")],
        )
        .await;
    let reset = emailed_link(
        &app,
        "jude@judges.test",
        1,
        "http://127.0.0.1:9/password-reset/",
    )
    .await;
    secrets.push(secret_of(&reset));
    let path = app.path_of(&reset);
    let new_password = "another long passphrase";
    let done = asker.choose_password(&path, new_password).await;
    assert_eq!(done.status().as_u16(), 303);

    let log = captured_log();
    for secret in &secrets {
        assert!(secret.len() >= 20, "{secret:?} looks like a secret");
        assert!(
            !log.contains(secret.as_str()),
            "the secret {secret} is in the log"
        );
    }
    assert!(
        !log.contains("query-secret-4711"),
        "a query string is in the log"
    );
    for route in [
        "/nomination/{token}",
        "/consent/{token}",
        "/invitation/{token}",
        "/password-reset/{token}",
    ] {
        assert!(
            log.contains(&format!("http.route={route}")),
            "{route} is not in the log"
        );
    }
}

#[tokio::test]
async fn a_forwarded_address_is_believed_only_from_a_trusted_proxy() {
    capture_log();
    let direct = spawn_app().await;
    let behind_proxy = spawn_app_with(|settings| {
        settings.trusted_proxies = vec!["127.0.0.1/32".parse().unwrap()];
    })
    .await;
    for (app, claimed) in [
        (&direct, "198.51.100.201"),
        (&behind_proxy, "198.51.100.202"),
    ] {
        let response = app
            .client
            .post(app.url("/api/v1/auth/token"))
            .header("x-forwarded-for", format!("203.0.113.250, {claimed}"))
            .json(
                &serde_json::json!({"email": "nobody@judges.test", "password": "wrong password!"}),
            )
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401);
    }
    assert_eq!(failed_login_addresses(&direct).await, ["127.0.0.1"]);
    assert_eq!(
        failed_login_addresses(&behind_proxy).await,
        ["198.51.100.202"]
    );
    let log = captured_log();
    assert!(
        !log.contains("198.51.100.201"),
        "a spoofed header reached the log"
    );
    assert!(
        !log.contains("203.0.113.250"),
        "a hop left of the trusted proxy's report reached the log"
    );
    assert!(
        log.contains("http.client_ip=198.51.100.202"),
        "the proxied client is logged"
    );
}

/// The addresses the audit log recorded for failed logins.
async fn failed_login_addresses(app: &TestApp) -> Vec<String> {
    app.db
        .run(|conn| {
            let rows = laurel::store::audit::latest(conn, 100)?;
            Ok(rows
                .into_iter()
                .filter(|row| row.action == "login.failed")
                .map(|row| row.ip)
                .collect())
        })
        .await
        .unwrap()
}
