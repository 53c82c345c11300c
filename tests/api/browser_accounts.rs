//! In a real browser: an invited judge signs in through the pages, by keyboard.

use std::time::Duration;

use fantoccini::key::Key;

use crate::browser::Chrome;
use crate::helpers::{PASSWORD, link_in, spawn_app};

#[tokio::test]
async fn an_invited_judge_sets_a_password_and_signs_in_by_keyboard() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    app.invite_jane(&token).await;
    let email = &app.smtp.wait_for(1, Duration::from_secs(20)).await[0];
    let link = app.local_link(&link_in(&email.text, "http://127.0.0.1:9/invitation/").unwrap());

    let chrome = Chrome::start().await;
    chrome.goto(&app.url("/login")).await;
    chrome.assert_accessible("the sign-in page").await;

    chrome.goto(&link).await;
    assert_eq!(chrome.heading().await, "Accept your invitation");
    chrome.assert_accessible("the invitation page").await;
    chrome.tab_to("password").await;
    chrome.type_text("too short").await;
    chrome.tab_to("confirm").await;
    chrome.type_text("too short").await;
    chrome.press(Key::Enter).await;
    // The intro text always mentions the rule; the error is the field's own message.
    let error = chrome.wait_for_element_text("#password-error").await;
    assert!(
        error.contains("Use at least 10 characters"),
        "the password's error: {error:?}"
    );
    let summary = chrome.wait_for_element_text("#error-summary").await;
    assert!(
        summary.contains("Use at least 10 characters"),
        "{summary:?}"
    );
    chrome
        .assert_accessible("the invitation page with an error")
        .await;

    chrome.tab_to("password").await;
    chrome.type_text(PASSWORD).await;
    chrome.tab_to("confirm").await;
    chrome.type_text(PASSWORD).await;
    chrome.press(Key::Enter).await;
    assert_eq!(chrome.heading().await, "My judging");
    assert!(
        chrome
            .client
            .current_url()
            .await
            .unwrap()
            .path()
            .ends_with("/judge")
    );
    chrome.assert_accessible("the judge's dashboard").await;

    // Sign out, then sign in again through the sign-in page, by keyboard.
    chrome.goto(&app.url("/")).await;
    chrome.assert_accessible("the home page").await;
    chrome
        .client
        .find(fantoccini::Locator::Css("form[action='/logout'] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    // Wait until signing out has finished and the browser is back on the home page.
    crate::helpers::eventually(
        std::time::Duration::from_secs(10),
        "signing out",
        || async {
            let page = chrome.client.source().await.ok()?;
            page.contains(r#"href="/login">Sign in</a>"#).then_some(())
        },
    )
    .await;
    chrome.goto(&app.url("/login")).await;
    chrome.tab_to("email").await;
    chrome.type_text("jane@judges.test").await;
    chrome.tab_to("password").await;
    chrome.type_text(PASSWORD).await;
    chrome.press(Key::Enter).await;
    assert_eq!(chrome.heading().await, "My judging");
    chrome.close().await;
}

#[tokio::test]
async fn the_organiser_pages_pass_axe_core() {
    let app = spawn_app().await;
    app.create_user(
        laurel::domain::role::Role::Organiser,
        "olive@awards.test",
        PASSWORD,
    )
    .await;
    let chrome = Chrome::start().await;
    chrome.goto(&app.url("/login")).await;
    chrome.tab_to("email").await;
    chrome.type_text("olive@awards.test").await;
    chrome.tab_to("password").await;
    chrome.type_text(PASSWORD).await;
    chrome.press(Key::Enter).await;
    assert_eq!(chrome.heading().await, "Organiser dashboard");
    for path in [
        "/organiser",
        "/organiser/judges",
        "/organiser/audit",
        "/password-reset",
        "/no-such-page",
    ] {
        chrome.goto(&app.url(path)).await;
        chrome.assert_accessible(path).await;
    }
    chrome.close().await;
}

#[tokio::test]
async fn the_accessibility_check_finds_an_input_without_a_label() {
    let chrome = Chrome::start().await;
    chrome.goto("data:text/html,<!DOCTYPE html><html lang=en><title>t</title><main><input type=text></main></html>").await;
    let violations = chrome.axe_violations().await;
    assert!(
        violations
            .iter()
            .any(|violation| violation.starts_with("label:")),
        "{violations:?}"
    );
    chrome.close().await;
}
