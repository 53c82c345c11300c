//! In a real browser: a member of the public nominates by keyboard alone,
//! meets an error, corrects it and reads the reference; axe-core checks each
//! page on the way.

use fantoccini::key::Key;

use crate::browser::Chrome;
use crate::helpers::spawn_app;

#[tokio::test]
async fn a_nominator_fills_the_form_by_keyboard_corrects_a_mistake_and_reads_the_reference() {
    let app = spawn_app().await;
    let chrome = Chrome::start().await;
    chrome.goto(&app.url("/")).await;
    chrome.assert_accessible("the home page").await;

    chrome.goto(&app.url("/nominate/best-resource")).await;
    assert_eq!(
        chrome.heading().await,
        "Nominate for Best Self Management Resource"
    );
    chrome.assert_accessible("the empty form").await;

    // In the order of the page, as a keyboard user meets the fields; the
    // email address is missing its ending.
    let space = char::from(Key::Space).to_string();
    for (id, keys) in [
        ("nominator-name", "Priya Shah"),
        ("nominator-email", "priya@nominators"),
        ("nominee-name", "The Pain Toolkit"),
        ("nominee-email", "team@toolkit.test"),
        ("answers-resource_type", space.as_str()),
        (
            "answers-resource_description",
            "A toolkit that helps people live well with pain.",
        ),
        (
            "answers-getting_and_using",
            "Free online, and on paper from GP surgeries.",
        ),
        (
            "answers-made_with_people",
            "People living with pain wrote every page.",
        ),
        (
            "answers-difference_made",
            "Thousands say it helped them take control.",
        ),
    ] {
        chrome.tab_to(id).await;
        chrome.type_text(keys).await;
    }
    chrome.tab_to("consent-nominator_confirms").await;
    chrome.press(Key::Space).await;
    chrome.tab_to("send-button").await;
    chrome.press(Key::Enter).await;

    let page = chrome.client.source().await.unwrap();
    assert!(page.contains("There is a problem"), "{page}");
    assert!(
        page.contains(
            r##"<a href="#nominator-email">Enter your email address in the right format"##
        )
    );
    assert!(
        page.contains("A toolkit that helps people live well with pain."),
        "what was typed is kept"
    );
    chrome.assert_accessible("the form with an error").await;

    chrome.tab_to("nominator-email").await;
    chrome.press(Key::End).await;
    chrome.type_text(".test").await;
    chrome.tab_to("send-button").await;
    chrome.press(Key::Enter).await;

    assert_eq!(chrome.heading().await, "Nomination sent");
    let reference = chrome
        .client
        .find(fantoccini::Locator::Css(".panel-reference"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(reference, "SMA16-0001");
    chrome.assert_accessible("the confirmation page").await;
    chrome.close().await;
}

#[tokio::test]
async fn the_other_nomination_pages_pass_axe_core() {
    let app = spawn_app().await;
    app.create_user(
        laurel::domain::role::Role::Organiser,
        "olive@awards.test",
        crate::helpers::PASSWORD,
    )
    .await;
    let created = app.submit_nomination("best-resource").await;
    let id = created["id"].as_str().unwrap();
    let nominator = app.wait_for_emails_to("priya@nominators.test", 1).await;
    let nominee = app.wait_for_emails_to("tom@nominees.test", 1).await;
    let private = app.path_of(
        &crate::helpers::link_in(&nominator[0].text, "http://127.0.0.1:9/nomination/").unwrap(),
    );
    let consent = app.path_of(
        &crate::helpers::link_in(&nominee[0].text, "http://127.0.0.1:9/consent/").unwrap(),
    );

    let chrome = Chrome::start().await;
    for path in [
        private.clone(),
        format!("{private}/sent"),
        format!("{private}/withdraw"),
        consent,
        "/nominate/transformational-story".to_owned(),
    ] {
        chrome.goto(&app.url(&path)).await;
        chrome.assert_accessible(&path).await;
    }
    chrome
        .sign_in(
            &app.url("/login"),
            "olive@awards.test",
            crate::helpers::PASSWORD,
            "/organiser",
        )
        .await;
    for path in [
        "/organiser/nominations".to_owned(),
        format!("/organiser/nominations/{id}"),
        "/organiser/nominations/new".to_owned(),
        "/organiser/nominations/new?category=best-resource".to_owned(),
    ] {
        chrome.goto(&app.url(&path)).await;
        let url = chrome.client.current_url().await.unwrap();
        assert_eq!(
            url.path(),
            path.split('?').next().unwrap_or_default(),
            "still signed in"
        );
        chrome.assert_accessible(&path).await;
    }
    chrome.close().await;
}
