//! A nominee's consent belongs to the person who gave it: a change of the
//! nominee's name or email voids it and asks the nominee now named, and a
//! consent link stops working once the nomination is withdrawn.

use crate::helpers::{Browser, TestApp, complete_form_fields, link_in, spawn_app};

const CONSENT: &str = "http://127.0.0.1:9/consent/";

fn changed(changes: &[(&'static str, &'static str)]) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = complete_form_fields()
        .into_iter()
        .filter(|(field, _)| !changes.iter().any(|(name, _)| name == field))
        .collect();
    fields.extend_from_slice(changes);
    fields.push(("action", "change"));
    fields
}

/// Sends the complete nomination and has its nominee agree; answers the
/// nomination's private link, the nominee's consent path and an
/// organiser's token.
async fn nominated_and_consented(app: &TestApp, browser: &Browser) -> (String, String, String) {
    let response = browser
        .nominate("best-resource", &complete_form_fields(), "submit")
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let token = location
        .trim_start_matches("/nomination/")
        .split('/')
        .next()
        .unwrap();
    let link = format!("/nomination/{token}");
    let request = &app.wait_for_emails_to("team@toolkit.test", 1).await[0];
    let consent = app.path_of(&link_in(&request.text, CONSENT).unwrap());
    let nominee = app.browser();
    let yes = nominee
        .submit(&consent, &consent, &[("agree", "yes")])
        .await;
    assert_eq!(yes.status().as_u16(), 200);
    let token = app.organiser_token().await;
    assert_eq!(consent_status(app, &token).await, "given");
    (link, consent, token)
}

async fn consent_status(app: &TestApp, token: &str) -> String {
    let (_, all) = app.get_json_with(token, "/api/v1/nominations").await;
    all[0]["consent"]["status"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_new_nominee_voids_the_old_consent_and_is_asked_themself() {
    let app = spawn_app().await;
    let browser = app.browser();
    let (link, alice, token) = nominated_and_consented(&app, &browser).await;
    let fields = changed(&[
        ("nominee.name", "Bob Brown"),
        ("nominee.email", "bob@brown.test"),
    ]);
    let response = browser.submit(&link, &link, &fields).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        consent_status(&app, &token).await,
        "pending",
        "Bob has not answered"
    );
    assert_eq!(
        app.get(&alice).await.status().as_u16(),
        404,
        "Alice's old link no longer answers for Bob"
    );
    let request = &app.wait_for_emails_to("bob@brown.test", 1).await[0];
    let bob = app.path_of(&link_in(&request.text, CONSENT).unwrap());
    let page = app.browser().get(&bob).await.text().await.unwrap();
    assert!(page.contains("Do you agree to be nominated?"), "{page}");
}

#[tokio::test]
async fn a_change_of_the_nominees_name_alone_asks_again() {
    let app = spawn_app().await;
    let browser = app.browser();
    let (link, old, token) = nominated_and_consented(&app, &browser).await;
    let fields = changed(&[("nominee.name", "Bob Brown")]);
    browser.submit(&link, &link, &fields).await;
    assert_eq!(consent_status(&app, &token).await, "pending");
    assert_eq!(app.get(&old).await.status().as_u16(), 404);
    let requests = app.wait_for_emails_to("team@toolkit.test", 2).await;
    let new = app.path_of(&link_in(&requests[1].text, CONSENT).unwrap());
    assert_ne!(new, old);
    assert_eq!(app.get(&new).await.status().as_u16(), 200);
}

#[tokio::test]
async fn a_consent_link_of_a_withdrawn_nomination_says_so() {
    let app = spawn_app().await;
    let browser = app.browser();
    let (link, consent, token) = nominated_and_consented(&app, &browser).await;
    let withdraw = format!("{link}/withdraw");
    let response = browser.submit(&withdraw, &withdraw, &[]).await;
    assert_eq!(response.status().as_u16(), 200);
    let page = app.get(&consent).await;
    assert_eq!(page.status().as_u16(), 409);
    let text = page.text().await.unwrap();
    assert!(
        text.contains("This nomination has been withdrawn"),
        "{text}"
    );
    let nominee = app.browser();
    let answer = nominee.post_with_token(&consent, &[("agree", "no")]).await;
    assert!(answer.status().as_u16() < 500);
    assert_eq!(
        consent_status(&app, &token).await,
        "given",
        "nothing more recorded"
    );
}
