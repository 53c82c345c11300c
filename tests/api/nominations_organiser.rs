//! The organisers' nomination pages: the list with its filters, counts and
//! pages; one nomination with its history and look-alikes; marking it
//! ineligible or a duplicate; recording consent; entering one by phone.

use laurel::domain::role::Role;

use crate::helpers::{Browser, PASSWORD, TestApp, complete_form_fields, spawn_app_with};

pub(crate) async fn organiser(app: &TestApp) -> Browser {
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    browser
}

async fn page(browser: &Browser, path: &str) -> String {
    let response = browser.get(path).await;
    assert_eq!(response.status().as_u16(), 200, "{path}");
    response.text().await.unwrap()
}

/// Submits a nomination of `nominee` in `slug`; its id.
async fn nominate(app: &TestApp, slug: &str, nominee: &str) -> String {
    let mut body = app.nomination_body(slug).await;
    body["nominee"]["name"] = nominee.into();
    let (status, created) = app.post_nomination(&body, None).await;
    assert_eq!(status, 201, "{created}");
    created["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn organisers_filter_count_and_page_through_nominations() {
    let app = spawn_app_with(|settings| settings.public_rate_per_minute = 0).await;
    for n in 0..53 {
        nominate(&app, "best-resource", &format!("Resource {n}")).await;
    }
    nominate(&app, "transformational-story", "Ann Story").await;
    nominate(&app, "transformational-story", "Bob Story").await;
    let browser = organiser(&app).await;

    let first = page(&browser, "/organiser/nominations").await;
    assert!(
        first.contains("55 nominations") && first.contains("Showing 1 to 50."),
        "{first}"
    );
    assert!(first.contains(r#"<a href="/organiser/nominations?category=best-resource">Best Self Management Resource</a></td><td class="numeric">53</td>"#));
    assert!(
        first.contains("Page 1 of 2")
            && first.contains(r#"href="/organiser/nominations?page=2" rel="next""#)
    );
    assert!(first.contains("SMA16-0001") && !first.contains("SMA16-0051"));
    let second = page(&browser, "/organiser/nominations?page=2").await;
    assert!(second.contains("Showing 51 to 55.") && second.contains("SMA16-0055"));

    let cases = [
        (
            "?category=transformational-story",
            "2 nominations",
            "a category",
        ),
        ("?q=sma16-54", "1 nomination", "a reference as typed"),
        ("?q=ann+story", "1 nomination", "the nominee's name"),
        (
            "?q=PRIYA",
            "55 nominations",
            "the nominator's name, any case",
        ),
        ("?q=%25", "0 nominations", "a LIKE wildcard matches itself"),
        ("?status=withdrawn", "No nominations match", "a status"),
        (
            "?consent=pending&category=best-resource",
            "53 nominations",
            "consent",
        ),
        ("?status=draft", "0 nominations", "drafts on request"),
    ];
    for (query, expected, case) in cases {
        let found = page(&browser, &format!("/organiser/nominations{query}")).await;
        assert!(found.contains(expected), "{case}: {expected}");
    }
    let bad = browser
        .get("/organiser/nominations?status=shortlisted")
        .await;
    assert_eq!(bad.status().as_u16(), 400);
}

#[tokio::test]
async fn a_nomination_page_shows_its_answers_history_and_look_alikes() {
    let app = spawn_app_with(|_| {}).await;
    let first = nominate(&app, "best-resource", "Tom O'Neil").await;
    let second = nominate(&app, "best-resource", "Dr Tom O Neil MBE").await;
    nominate(&app, "transformational-story", "Tom O'Neil").await;
    let browser = organiser(&app).await;

    let list = page(&browser, "/organiser/nominations?category=best-resource").await;
    assert!(
        list.contains("Looks like SMA16-0002") && list.contains("Looks like SMA16-0001"),
        "{list}"
    );
    let detail = page(&browser, &format!("/organiser/nominations/{second}")).await;
    assert!(detail.contains("<h1>Nomination SMA16-0002</h1>"));
    assert!(detail.contains("Possible duplicate."), "{detail}");
    assert!(detail.contains(&format!(
        r#"<a href="/organiser/nominations/{first}">SMA16-0001</a>"#
    )));
    assert!(
        !detail.contains("SMA16-0003"),
        "another category is not a duplicate"
    );
    for expected in [
        "What kind of resource is it?",
        "Booklet or leaflet",
        "priya@nominators.test",
        "Pending",
        "Submitted",
        "The nominator",
    ] {
        assert!(detail.contains(expected), "{expected}");
    }
    assert_eq!(
        browser
            .get("/organiser/nominations/not-an-id")
            .await
            .status()
            .as_u16(),
        404
    );
    let unknown = format!("/organiser/nominations/{}", uuid::Uuid::new_v4());
    assert_eq!(browser.get(&unknown).await.status().as_u16(), 404);
}

#[tokio::test]
async fn marking_ineligible_needs_a_reason_and_a_duplicate_needs_another_reference() {
    let app = spawn_app_with(|_| {}).await;
    nominate(&app, "best-resource", "First").await;
    let id = nominate(&app, "best-resource", "Second").await;
    let browser = organiser(&app).await;
    let path = format!("/organiser/nominations/{id}");

    let no_reason = browser
        .submit(&path, &format!("{path}/ineligible"), &[("reason", " ")])
        .await;
    assert_eq!(no_reason.status().as_u16(), 422);
    assert!(
        no_reason
            .text()
            .await
            .unwrap()
            .contains(r##"<a href="#reason">Enter why the nomination is ineligible</a>"##)
    );
    let marked = browser
        .submit(
            &path,
            &format!("{path}/ineligible"),
            &[("reason", "The resource is not free to use")],
        )
        .await;
    assert_eq!(marked.status().as_u16(), 303);
    let shown = page(&browser, &format!("{path}?done=ineligible")).await;
    assert!(shown.contains("Ineligible: The resource is not free to use"));
    assert!(
        shown.contains("Marked ineligible") && shown.contains("olive@awards.test"),
        "history"
    );

    for (reference, expected) in [
        (
            "nonsense",
            "Enter the reference of the nomination this one repeats",
        ),
        (
            "SMA16-0099",
            "There is no nomination SMA16-0099 in this cycle",
        ),
        ("sma16-2", "cannot be a duplicate of itself"),
    ] {
        let refused = browser
            .submit(
                &path,
                &format!("{path}/duplicate"),
                &[("duplicate_of", reference)],
            )
            .await;
        assert_eq!(refused.status().as_u16(), 422, "{reference}");
        let text = refused.text().await.unwrap();
        assert!(text.contains(expected), "{reference}: {expected}");
        assert!(
            text.contains(&format!(r#"value="{reference}""#)),
            "kept as typed"
        );
    }
    let duplicate = browser
        .submit(
            &path,
            &format!("{path}/duplicate"),
            &[("duplicate_of", "SMA16 1")],
        )
        .await;
    assert_eq!(duplicate.status().as_u16(), 303);
    assert!(
        page(&browser, &path)
            .await
            .contains("Duplicate of SMA16-0001")
    );
    browser.submit(&path, &format!("{path}/restore"), &[]).await;
    assert!(page(&browser, &path).await.contains("<dd>Submitted</dd>"));
}

#[tokio::test]
async fn staff_record_the_nominees_consent_given_by_phone_or_on_paper() {
    let app = spawn_app_with(|_| {}).await;
    let id = nominate(&app, "best-resource", "Tom").await;
    let browser = organiser(&app).await;
    let path = format!("/organiser/nominations/{id}");
    let missing = browser
        .submit(&path, &format!("{path}/consent"), &[("answer", "given")])
        .await;
    assert_eq!(missing.status().as_u16(), 422);
    assert!(
        missing
            .text()
            .await
            .unwrap()
            .contains("Choose how the nominee told you")
    );
    let recorded = browser
        .submit(
            &path,
            &format!("{path}/consent"),
            &[("answer", "given"), ("method", "paper")],
        )
        .await;
    assert_eq!(recorded.status().as_u16(), 303);
    let shown = page(&browser, &path).await;
    assert!(shown.contains("Recorded by staff (on paper)"));
    assert!(shown.contains("Consent recorded by staff"));
}

#[tokio::test]
async fn staff_enter_a_nomination_taken_by_phone_and_it_is_marked_as_such() {
    let app = spawn_app_with(|_| {}).await;
    let browser = organiser(&app).await;
    let choose = page(&browser, "/organiser/nominations/new").await;
    assert!(choose.contains(r#"href="/organiser/nominations/new?category=best-resource""#));
    let form_path = "/organiser/nominations/new?category=best-resource";
    let form = page(&browser, form_path).await;
    assert!(
        form.contains("The nominator&#39;s name") || form.contains("The nominator's name"),
        "{form}"
    );

    let refused = browser
        .submit(form_path, form_path, &[("nominator.name", "")])
        .await;
    assert_eq!(refused.status().as_u16(), 422);
    let text = refused.text().await.unwrap();
    assert!(
        text.contains("Select how the nomination reached you"),
        "{text}"
    );

    let mut fields = complete_form_fields();
    fields.push(("entry_method", "phone"));
    let entered = browser.submit(form_path, form_path, &fields).await;
    assert_eq!(entered.status().as_u16(), 303);
    let location = entered.headers()["location"].to_str().unwrap().to_owned();
    let shown = page(&browser, &location).await;
    assert!(shown.contains("By phone, entered by staff") && shown.contains("SMA16-0001"));
    assert!(shown.contains("The nomination has been saved"));
    let email = &app.wait_for_emails_to("priya@nominators.test", 1).await[0];
    assert!(
        email.text.contains("from your phone call"),
        "{}",
        email.text
    );

    let incomplete = browser
        .submit(
            form_path,
            form_path,
            &[("entry_method", "paper"), ("nominee.name", "X")],
        )
        .await;
    let text = incomplete.text().await.unwrap();
    assert!(
        text.contains("Enter the nominator&#39;s name")
            || text.contains("Enter the nominator's name"),
        "{text}"
    );
}
