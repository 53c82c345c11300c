//! Running a year from the pages: the settings page (dates in the
//! organisation's time zone, blind judging, the awards team's contact
//! details), the same through the API, moving between phases on purpose,
//! and the dashboard.

use crate::helpers::spawn_app;
use crate::nominations_organiser::organiser;

/// A form's fields, as name and value.
type Fields = Vec<(&'static str, &'static str)>;

async fn text(response: reqwest::Response) -> (u16, String) {
    let status = response.status().as_u16();
    (status, response.text().await.expect("page"))
}

/// The settings form filled in: nominations from 1 December 2026 at 9am
/// to 11:59pm on 25 January 2027, judging until 5pm on 1 March 2027.
fn filled(overrides: &[(&'static str, &'static str)]) -> Fields {
    let mut fields = vec![
        ("title", "Self Management Awards 2027"),
        ("nominations_open_at_day", "1"),
        ("nominations_open_at_month", "12"),
        ("nominations_open_at_year", "2026"),
        ("nominations_open_at_time", "9am"),
        ("nominations_close_at_day", "25"),
        ("nominations_close_at_month", "1"),
        ("nominations_close_at_year", "2027"),
        ("nominations_close_at_time", "11:59pm"),
        ("judging_close_at_day", "1"),
        ("judging_close_at_month", "3"),
        ("judging_close_at_year", "2027"),
        ("judging_close_at_time", "17:00"),
        ("blind_judging", "yes"),
        ("contact_email", "awards@charity.test"),
        ("contact_phone", "0141 496 0000"),
    ];
    for (name, value) in overrides {
        match fields.iter_mut().find(|(field, _)| field == name) {
            Some(field) => field.1 = value,
            None => fields.push((name, value)),
        }
    }
    fields
}

#[tokio::test]
async fn settings_page_sets_the_dates_in_uk_time_and_the_public_pages_show_them_so() {
    let app = spawn_app().await;
    let browser = organiser(&app).await;
    let (status, page) = text(browser.get("/organiser/settings").await).await;
    assert_eq!(status, 200);
    assert!(
        page.contains(r#"aria-current="page">Year settings"#),
        "{page}"
    );

    let response = browser
        .submit("/organiser/settings", "/organiser/settings", &filled(&[]))
        .await;
    assert_eq!(
        response.status().as_u16(),
        303,
        "{}",
        response.text().await.unwrap()
    );

    let cycle = app.default_cycle().await;
    assert_eq!(cycle["title"], "Self Management Awards 2027");
    assert_eq!(cycle["nominations_open_at"], "2026-12-01T09:00:00Z");
    assert_eq!(
        cycle["nominations_close_at"], "2027-01-26T00:00:00Z",
        "11:59pm lasts to the end of the day"
    );
    assert_eq!(cycle["judging_close_at"], "2027-03-01T17:00:00Z");
    assert_eq!(cycle["blind_judging"], true);
    assert_eq!(cycle["contact_email"], "awards@charity.test");

    let (_, home) = text(app.get("/").await).await;
    assert!(
        home.contains("until <strong>11:59pm on Monday 25 January 2027 (UK time)</strong>"),
        "{home}"
    );
    assert!(
        home.contains(r#"<a href="mailto:awards@charity.test">awards@charity.test</a>"#),
        "{home}"
    );
    assert!(
        home.contains(r#"<a href="tel:01414960000">0141 496 0000</a>"#),
        "{home}"
    );

    let (_, settings) = text(browser.get("/organiser/settings?saved=1").await).await;
    assert!(
        settings.contains("The year&#39;s settings have been saved")
            || settings.contains("The year's settings have been saved"),
        "{settings}"
    );
    assert!(
        settings.contains(r#"name="nominations_close_at_time" value="23:59""#),
        "{settings}"
    );
}

#[tokio::test]
async fn summer_dates_are_read_as_british_summer_time() {
    let app = spawn_app().await;
    let browser = organiser(&app).await;
    let fields = filled(&[
        ("nominations_open_at_month", "6"),
        ("nominations_open_at_year", "2027"),
        ("nominations_close_at_day", "5"),
        ("nominations_close_at_month", "8"),
        ("nominations_close_at_time", "5pm"),
        ("judging_close_at_month", "9"),
    ]);
    let response = browser
        .submit("/organiser/settings", "/organiser/settings", &fields)
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let cycle = app.default_cycle().await;
    assert_eq!(cycle["nominations_open_at"], "2027-06-01T08:00:00Z");
    assert_eq!(cycle["nominations_close_at"], "2027-08-05T16:00:00Z");
}

#[tokio::test]
async fn bad_settings_are_named_in_the_error_summary_and_what_was_typed_is_kept() {
    let app = spawn_app().await;
    let browser = organiser(&app).await;
    let before = app.default_cycle().await;
    let cases: [(&str, Fields, &str, &str); 5] = [
        (
            "dates out of order",
            filled(&[
                ("judging_close_at_year", "2026"),
                ("judging_close_at_month", "12"),
                ("judging_close_at_day", "2"),
            ]),
            "Judging must close after nominations close",
            r##"href="#judging_close_at""##,
        ),
        (
            "no such day",
            filled(&[
                ("nominations_close_at_day", "30"),
                ("nominations_close_at_month", "2"),
            ]),
            "Nominations close: Enter a real date",
            r#"value="30""#,
        ),
        (
            "a time nobody can read",
            filled(&[("nominations_open_at_time", "teatime")]),
            "Nominations open: Enter the time like 5pm, 5:30pm or 17:00",
            r#"value="teatime""#,
        ),
        (
            "a bad contact email",
            filled(&[("contact_email", "awards at charity")]),
            "Enter an email address in the correct format",
            r#"value="awards at charity""#,
        ),
        (
            "no title",
            filled(&[("title", "  ")]),
            "Enter the cycle&#39;s title",
            r##"href="#title""##,
        ),
    ];
    for (case, fields, message, kept) in cases {
        let (status, page) = text(
            browser
                .submit("/organiser/settings", "/organiser/settings", &fields)
                .await,
        )
        .await;
        assert_eq!(status, 422, "{case}");
        assert!(page.contains("There is a problem"), "{case}: {page}");
        assert!(page.contains(message), "{case}: {page}");
        assert!(page.contains(kept), "{case}: {page}");
    }
    assert_eq!(app.default_cycle().await, before, "nothing was saved");
}

#[tokio::test]
async fn the_api_changes_the_contact_details_and_refuses_bad_ones() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let (status, body) = app
        .patch_cycle(
            &token,
            serde_json::json!({"contact_email": "team@awards.test", "contact_phone": "+44 141 496 0000"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["contact_email"], "team@awards.test");
    assert_eq!(body["contact_phone"], "+44 141 496 0000");
    let (status, body) = app
        .patch_cycle(&token, serde_json::json!({"contact_phone": "call us"}))
        .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["errors"][0]["field"], "contact_phone");
    let (_, home) = text(app.get("/").await).await;
    assert!(home.contains("team@awards.test"), "{home}");
}

#[tokio::test]
async fn closing_nominations_through_the_confirmation_page_closes_the_public_form() {
    let app = spawn_app().await;
    let browser = organiser(&app).await;
    let draft = app.nomination_body("best-resource").await;
    let mut draft = draft;
    draft["submit"] = serde_json::json!(false);
    let response = app
        .api(reqwest::Method::POST, "/api/v1/nominations", None)
        .json(&draft)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);

    let (_, dashboard) = text(browser.get("/organiser").await).await;
    assert!(
        dashboard.contains("The year is <strong>taking nominations</strong>"),
        "{dashboard}"
    );
    assert!(
        dashboard.contains(r#"href="/organiser/phase/close-nominations""#),
        "{dashboard}"
    );
    assert!(
        dashboard.contains(r#"href="/organiser/nominations""#),
        "{dashboard}"
    );

    let (status, confirm) = text(browser.get("/organiser/phase/close-nominations").await).await;
    assert_eq!(status, 200);
    assert!(
        confirm.contains("1 draft that was never sent will be locked"),
        "{confirm}"
    );

    let response = browser
        .submit(
            "/organiser/phase/close-nominations",
            "/organiser/phase/close-nominations",
            &[],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let cycle = app.default_cycle().await;
    assert_eq!(cycle["phase"], "judging");

    let (_, form) = text(app.get("/nominate/best-resource").await).await;
    assert!(
        form.contains("See all the award categories"),
        "the form is closed: {form}"
    );
    let response = app
        .api(reqwest::Method::POST, "/api/v1/nominations", None)
        .json(&app.nomination_body("best-resource").await)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 409);

    let (_, audit) = text(
        browser
            .get("/organiser/audit?action=cycle.phase_moved")
            .await,
    )
    .await;
    assert!(audit.contains("close-nominations"), "{audit}");

    let (status, _) = text(
        browser
            .submit("/organiser", "/organiser/phase/close-nominations", &[])
            .await,
    )
    .await;
    assert_eq!(status, 409, "nominations cannot close twice");
}

#[tokio::test]
async fn the_dashboard_counts_each_category() {
    let app = spawn_app().await;
    let browser = organiser(&app).await;
    app.submit_nomination("best-resource").await;
    let (_, dashboard) = text(browser.get("/organiser").await).await;
    assert!(
        dashboard.contains("<tr><th scope=\"row\">Best Self Management Resource</th><td>0</td><td>1</td><td>1</td><td>0</td><td>0</td></tr>"),
        "{dashboard}"
    );
}
