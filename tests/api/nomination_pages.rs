//! The public nomination pages: the form, its errors, drafts and the private
//! link, sending, changing and withdrawing, double posts, the phase of the
//! cycle, and the nominee's consent.

use crate::helpers::{Browser, TestApp, complete_form_fields, link_in, spawn_app};

/// The fields with `name` set to `value` (added when missing).
fn with(
    fields: &[(&'static str, &'static str)],
    name: &'static str,
    value: &'static str,
) -> Vec<(&'static str, &'static str)> {
    let mut fields: Vec<_> = fields
        .iter()
        .copied()
        .filter(|(field, _)| *field != name)
        .collect();
    fields.push((name, value));
    fields
}

/// The path of the redirect a post answered.
fn location(response: &reqwest::Response) -> String {
    response.headers()["location"].to_str().unwrap().to_owned()
}

/// The private link's path from a redirect like `/nomination/{token}/sent`.
fn link_of(location: &str) -> String {
    let token = location
        .trim_start_matches("/nomination/")
        .split('/')
        .next()
        .unwrap();
    format!("/nomination/{token}")
}

async fn send_complete(app: &TestApp, browser: &Browser) -> String {
    let _ = app;
    let response = browser
        .nominate("best-resource", &complete_form_fields(), "submit")
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let location = location(&response);
    assert!(location.ends_with("/sent"), "{location}");
    location
}

#[tokio::test]
async fn the_form_asks_each_question_with_its_label_hint_and_word_limit() {
    let app = spawn_app().await;
    let response = app.get("/nominate/best-resource").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.headers()["cache-control"], "no-store");
    let page = response.text().await.unwrap();
    for expected in [
        "Nominate for Best Self Management Resource",
        "Nominations close at",
        r#"<label for="nominator-name">Your name</label>"#,
        r#"<label for="nominator-job_title">Your job title (optional)</label>"#,
        r#"<input type="email" id="nominator-email" name="nominator.email""#,
        r#"<input type="tel" id="nominator-phone" name="nominator.phone""#,
        r#"<label for="nominee-certificate_name">"#,
        r#"<label for="nominee-locality">"#,
        r#"<textarea id="answers-resource_description" name="answers.resource_description" rows="10" aria-describedby="answers-resource_description-hint">"#,
        "Up to 300 words.",
        r#"<legend>What kind of resource is it?</legend>"#,
        r#"<input type="radio" id="answers-resource_type" name="answers.resource_type" value="Booklet or leaflet">"#,
        r#"<input type="radio" id="answers-resource_type-2" name="answers.resource_type" value="Website or app">"#,
        r#"<input type="checkbox" id="consent-nominator_confirms" name="consent.nominator_confirms" value="true">"#,
        r#"name="action" value="submit">Send nomination</button>"#,
        r#"name="action" value="save">Save and come back later</button>"#,
        r#"name="form_id" value=""#,
        r#"name="csrf_token" value=""#,
    ] {
        assert!(page.contains(expected), "{expected}\n{page}");
    }
    assert!(!page.contains("<script"), "the form needs no JavaScript");

    let story = app
        .get("/nominate/transformational-story")
        .await
        .text()
        .await
        .unwrap();
    assert!(story.contains(r#"<legend>Are you nominating yourself?</legend>"#));
    assert!(story.contains(r#"value="yes"><label for="answers-nominating_self">Yes</label>"#));
    assert_eq!(
        app.get("/nominate/no-such-category")
            .await
            .status()
            .as_u16(),
        404
    );
}

#[tokio::test]
async fn a_form_with_mistakes_shows_a_summary_linking_to_each_field_and_keeps_what_was_typed() {
    let app = spawn_app().await;
    let browser = app.browser();
    let long = "word ".repeat(301);
    let fields = vec![
        ("nominator.name", "Priya <b>Shah</b>"),
        ("nominator.email", "priya@"),
        ("nominee.name", ""),
        ("answers.resource_description", "one two three"),
        ("answers.made_with_people", long.as_str()),
    ];
    let response = browser.nominate("best-resource", &fields, "submit").await;
    assert_eq!(response.status().as_u16(), 422);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("<title>Error: "),
        "the title says there is an error"
    );
    assert!(page.contains("There is a problem"));
    for (anchor, message) in [
        (
            "nominator-email",
            "Enter your email address in the right format",
        ),
        ("nominee-name", "Enter the nominee&#39;s name"),
        ("answers-resource_type", "Select one of the options"),
        (
            "answers-made_with_people",
            "Your answer must be 300 words or fewer: it is 301 words",
        ),
        (
            "consent-nominator_confirms",
            "Confirm that the information is true",
        ),
    ] {
        assert!(
            page.contains(&format!(r##"<a href="#{anchor}">{message}"##)),
            "{anchor}\n{page}"
        );
        assert!(
            page.contains(&format!(r#"id="{anchor}-error""#)),
            "{anchor} has its message beside it"
        );
    }
    assert!(
        page.contains(r#"value="Priya &#60;b&#62;Shah&#60;/b&#62;""#)
            || page.contains(r#"value="Priya &lt;b&gt;Shah&lt;/b&gt;""#),
        "kept, as text"
    );
    assert!(page.contains(">one two three</textarea>"));
    assert!(
        page.contains("You have used 301 words."),
        "counted on the server"
    );
    assert!(page.contains(
        r#"aria-describedby="answers-made_with_people-hint answers-made_with_people-error""#
    ));
    assert!(app.emails_to("priya@").is_empty());
}

#[tokio::test]
async fn sending_the_form_shows_the_reference_and_emails_a_confirmation() {
    let app = spawn_app().await;
    let browser = app.browser();
    let location = send_complete(&app, &browser).await;
    let page = browser.get(&location).await.text().await.unwrap();
    assert!(page.contains("Nomination sent"));
    assert!(page.contains("SMA16-0001"), "{page}");
    assert!(page.contains("priya@nominators.test"));
    let email = &app.wait_for_emails_to("priya@nominators.test", 1).await[0];
    assert_eq!(email.subject, "Nomination received: SMA16-0001");
    let link = link_in(&email.text, "http://127.0.0.1:9/nomination/").unwrap();
    assert_eq!(
        app.path_of(&link),
        link_of(&location),
        "the emailed link is the page's"
    );
    let consent = &app.wait_for_emails_to("team@toolkit.test", 1).await[0];
    assert!(consent.text.contains("Priya Shah has nominated you"));
}

#[tokio::test]
async fn a_double_post_of_one_form_makes_one_nomination() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = browser
        .get("/nominate/best-resource")
        .await
        .text()
        .await
        .unwrap();
    let token = crate::helpers::csrf_token_in(&page).unwrap();
    let form_id = crate::helpers::form_id_in(&page).unwrap();
    let mut body = vec![
        ("csrf_token", token.as_str()),
        ("form_id", form_id.as_str()),
        ("action", "submit"),
    ];
    body.extend(complete_form_fields());
    let (first, second) = tokio::join!(
        browser.post_form("/nominate/best-resource", &body),
        browser.post_form("/nominate/best-resource", &body)
    );
    assert_eq!(
        (first.status().as_u16(), second.status().as_u16()),
        (303, 303)
    );
    assert_eq!(location(&first), location(&second));
    let token = app.organiser_token().await;
    let (_, all) = app.get_json_with(&token, "/api/v1/nominations").await;
    assert_eq!(all.as_array().unwrap().len(), 1, "{all}");
}

#[tokio::test]
async fn saving_a_draft_shows_and_emails_a_link_to_continue_and_send_it() {
    let app = spawn_app().await;
    let browser = app.browser();
    let partial = vec![
        ("nominator.name", "Priya Shah"),
        ("nominator.email", "priya@nominators.test"),
        ("answers.resource_description", "Half a story"),
    ];
    let response = browser.nominate("best-resource", &partial, "save").await;
    assert_eq!(response.status().as_u16(), 303);
    let saved = location(&response);
    assert!(saved.ends_with("/saved"), "{saved}");
    let page = browser.get(&saved).await.text().await.unwrap();
    assert!(page.contains("Your draft has been saved"));
    assert!(
        page.contains(&format!("http://127.0.0.1:9{}", link_of(&saved))),
        "the link is shown"
    );
    let email = &app.wait_for_emails_to("priya@nominators.test", 1).await[0];
    assert_eq!(
        app.path_of(&link_in(&email.text, "http://127.0.0.1:9/nomination/").unwrap()),
        link_of(&saved)
    );

    // Anyone with the link (another browser) continues it.
    let other = app.browser();
    let link = link_of(&saved);
    let draft = other.get(&link).await.text().await.unwrap();
    assert!(draft.contains("Half a story") && draft.contains("This is a draft"));
    let incomplete = other
        .submit(
            &link,
            &link,
            &[("action", "submit"), ("nominator.name", "Priya Shah")],
        )
        .await;
    assert_eq!(
        incomplete.status().as_u16(),
        422,
        "sending needs every required answer"
    );
    let sent = other
        .submit(
            &link,
            &link,
            &with(&complete_form_fields(), "action", "submit"),
        )
        .await;
    assert_eq!(location(&sent), format!("{link}/sent"));
    let page = other
        .get(&format!("{link}/sent"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains("SMA16-0001"));
    app.wait_for_emails_to("priya@nominators.test", 2).await;
}

#[tokio::test]
async fn a_draft_without_an_email_address_shows_its_link_and_can_be_deleted() {
    let app = spawn_app().await;
    let browser = app.browser();
    let response = browser
        .nominate("best-resource", &[("nominee.name", "Someone")], "save")
        .await;
    let saved = location(&response);
    let page = browser.get(&saved).await.text().await.unwrap();
    assert!(page.contains("we could not email you the link"), "{page}");
    let link = link_of(&saved);
    let confirm = browser
        .get(&format!("{link}/delete"))
        .await
        .text()
        .await
        .unwrap();
    assert!(confirm.contains("Are you sure you want to delete your draft?"));
    let deleted = browser
        .submit(&format!("{link}/delete"), &format!("{link}/delete"), &[])
        .await;
    assert_eq!(deleted.status().as_u16(), 200);
    assert_eq!(
        browser.get(&link).await.status().as_u16(),
        404,
        "the link no longer works"
    );
}

#[tokio::test]
async fn a_sent_nomination_can_be_changed_and_each_change_is_emailed() {
    let app = spawn_app().await;
    let browser = app.browser();
    let link = link_of(&send_complete(&app, &browser).await);
    app.wait_for_emails_to("priya@nominators.test", 1).await;
    let form = browser.get(&link).await.text().await.unwrap();
    assert!(form.contains("Your nomination SMA16-0001") && form.contains("Save changes"));
    let changed = with(
        &complete_form_fields(),
        "nominee.name",
        "The Pain Toolkit Team",
    );
    let changed = with(&changed, "action", "change");
    let response = browser.submit(&link, &link, &changed).await;
    assert_eq!(location(&response), format!("{link}/changed"));
    let emails = app.wait_for_emails_to("priya@nominators.test", 2).await;
    let email = emails
        .iter()
        .find(|email| email.subject.contains("has been changed"))
        .unwrap();
    assert!(email.text.contains("Nominee's name"), "{}", email.text);
    assert!(email.text.contains("The Pain Toolkit Team"));
    // Saving again with nothing changed sends nothing more.
    browser.submit(&link, &link, &changed).await;
    app.wait_until_outbox_delivered().await;
    assert_eq!(app.emails_to("priya@nominators.test").len(), 2);
}

#[tokio::test]
async fn a_sent_nomination_can_be_withdrawn_and_then_no_longer_changed() {
    let app = spawn_app().await;
    let browser = app.browser();
    let link = link_of(&send_complete(&app, &browser).await);
    let confirm = browser
        .get(&format!("{link}/withdraw"))
        .await
        .text()
        .await
        .unwrap();
    assert!(confirm.contains("Are you sure you want to withdraw your nomination?"));
    let withdrawn = browser
        .submit(
            &format!("{link}/withdraw"),
            &format!("{link}/withdraw"),
            &[],
        )
        .await;
    assert_eq!(withdrawn.status().as_u16(), 200);
    let emails = app.wait_for_emails_to("priya@nominators.test", 2).await;
    assert!(
        emails
            .iter()
            .any(|email| email.subject == "Your nomination SMA16-0001 has been withdrawn")
    );
    let page = browser.get(&link).await.text().await.unwrap();
    assert!(
        page.contains("You withdrew this nomination")
            && !page.contains("<form method=\"post\" action=\"/nomination")
    );
    let again = browser
        .post_with_token(&link, &with(&complete_form_fields(), "action", "change"))
        .await;
    assert_eq!(again.status().as_u16(), 409);
}

#[tokio::test]
async fn the_nominee_agrees_or_declines_through_their_link() {
    let app = spawn_app().await;
    let browser = app.browser();
    send_complete(&app, &browser).await;
    let email = &app.wait_for_emails_to("team@toolkit.test", 1).await[0];
    let path = app.path_of(&link_in(&email.text, "http://127.0.0.1:9/consent/").unwrap());
    let nominee = app.browser();
    let page = nominee.get(&path).await.text().await.unwrap();
    assert!(
        page.contains("Do you agree to be nominated?")
            && page.contains("Priya Shah has nominated you")
    );
    let unanswered = nominee.submit(&path, &path, &[]).await;
    assert_eq!(unanswered.status().as_u16(), 422);
    assert!(
        unanswered
            .text()
            .await
            .unwrap()
            .contains(r##"<a href="#agree">Select yes or no</a>"##)
    );
    let yes = nominee.submit(&path, &path, &[("agree", "yes")]).await;
    assert_eq!(yes.status().as_u16(), 200);
    let token = app.organiser_token().await;
    let (_, all) = app.get_json_with(&token, "/api/v1/nominations").await;
    assert_eq!(all[0]["consent"]["status"], "given");
    nominee.submit(&path, &path, &[("agree", "no")]).await;
    let (_, all) = app
        .get_json_with(&token, "/api/v1/nominations?consent=declined")
        .await;
    assert_eq!(
        all.as_array().unwrap().len(),
        1,
        "the nominee changed their mind"
    );
    assert_eq!(
        app.get("/consent/not-a-real-link").await.status().as_u16(),
        404
    );
}
