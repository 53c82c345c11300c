//! Hostile input to the public nomination endpoints: markup, SQL, huge
//! bodies, bytes that are not UTF-8, hidden characters and wrong shapes. Each
//! gets a clear 4xx, or is stored and shown only as text.

use laurel::domain::role::Role;

use crate::helpers::{PASSWORD, complete_form_fields, spawn_app};

#[tokio::test]
async fn markup_and_sql_are_stored_and_shown_only_as_text() {
    let app = spawn_app().await;
    let mut body = app.nomination_body("best-resource").await;
    body["nominee"]["name"] =
        "<script>alert('x')</script> Robert'); DROP TABLE nominations;--".into();
    body["answers"]["resource_description"] = "<img src=x onerror=alert(1)> ' OR 1=1 --".into();
    let (status, created) = app.post_nomination(&body, None).await;
    assert_eq!(status, 201, "{created}");

    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    let token = app.token_for("olive@awards.test", PASSWORD).await;
    let (_, stored) = app
        .get_json_with(
            &token,
            &format!("/api/v1/nominations/{}", created["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(
        stored["nominee"]["name"], body["nominee"]["name"],
        "stored exactly"
    );
    assert_eq!(
        stored["answers"]["resource_description"],
        body["answers"]["resource_description"]
    );

    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    for path in [
        "/organiser/nominations".to_owned(),
        format!("/organiser/nominations/{}", created["id"].as_str().unwrap()),
    ] {
        let page = browser.get(&path).await.text().await.unwrap();
        assert!(
            !page.contains("<script>alert") && !page.contains("<img src=x"),
            "{path}: escaped"
        );
        assert!(
            page.contains("&#60;script&#62;") || page.contains("&lt;script&gt;"),
            "{path}: shown as text"
        );
    }
    let email = &app.wait_for_emails_to("priya@nominators.test", 1).await[0];
    assert!(
        !email.html.contains("<img src=x"),
        "the HTML email escapes it"
    );
    assert!(
        email.text.contains("<img src=x"),
        "the text email shows it as typed"
    );
}

#[tokio::test]
async fn bodies_that_are_too_large_or_not_text_get_clear_errors() {
    let app = spawn_app().await;
    let huge = format!(
        r#"{{"category": "best-resource", "nominee": {{"name": "{}"}}}}"#,
        "x".repeat(5 * 1024 * 1024)
    );
    let cases: Vec<(Vec<u8>, u16, &str, &str)> = vec![
        (huge.into_bytes(), 413, "too large", "a 5 MB body"),
        (
            b"{not json".to_vec(),
            400,
            "not valid JSON",
            "malformed JSON",
        ),
        (
            vec![b'{', 0xff, 0xfe, b'}'],
            400,
            "not valid JSON",
            "bytes that are not UTF-8",
        ),
        (b"[1, 2]".to_vec(), 422, "", "an array"),
        (
            br#"{"category": "best-resource", "answers": {"resource_type": 5}}"#.to_vec(),
            422,
            "",
            "a number for an answer",
        ),
        (
            br#"{"category": "best-resource", "nominee": "Tom"}"#.to_vec(),
            422,
            "",
            "a string for an object",
        ),
        (
            br#"{"category": "best-resource", "submit": "yes"}"#.to_vec(),
            422,
            "",
            "a string for submit",
        ),
    ];
    for (body, status, expected, case) in cases {
        let response = app
            .client
            .post(app.url("/api/v1/nominations"))
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), status, "{case}");
        let answer: serde_json::Value = response.json().await.unwrap();
        assert!(
            answer["error"].as_str().unwrap().contains(expected),
            "{case}: {answer}"
        );
    }
}

#[tokio::test]
async fn hidden_characters_are_removed_and_overlong_fields_refused() {
    let app = spawn_app().await;
    let mut body = app.nomination_body("best-resource").await;
    body["nominee"]["name"] = "Tom\u{0}\u{202E} O'Neil\u{FEFF}".into();
    let (status, created) = app.post_nomination(&body, None).await;
    assert_eq!(status, 201, "{created}");
    let token = app.organiser_token().await;
    let (_, stored) = app
        .get_json_with(
            &token,
            &format!("/api/v1/nominations/{}", created["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(stored["nominee"]["name"], "Tom O'Neil");

    let long = "x".repeat(201);
    let cases = [
        (
            "nominee",
            "name",
            long.as_str(),
            "nominee.name",
            "a name over 200 characters",
        ),
        (
            "nominator",
            "phone",
            "call me",
            "nominator.phone",
            "letters in a phone number",
        ),
        (
            "answers",
            "bad\u{0}key",
            "x",
            "answers.bad\u{0}key",
            "an unknown question with a NUL in its key",
        ),
    ];
    for (part, field, value, path, case) in cases {
        let mut body = app.nomination_body("best-resource").await;
        body[part][field] = value.into();
        let (status, answer) = app.post_nomination(&body, None).await;
        assert_eq!(status, 422, "{case}: {answer}");
        assert_eq!(answer["errors"][0]["field"], path, "{case}");
    }
}

#[tokio::test]
async fn hostile_form_posts_get_clear_pages() {
    let app = spawn_app().await;
    let browser = app.browser();
    let page = browser
        .get("/nominate/best-resource")
        .await
        .text()
        .await
        .unwrap();
    let token = crate::helpers::csrf_token_in(&page).unwrap();

    let huge = "x".repeat(5 * 1024 * 1024);
    let response = browser
        .post_form(
            "/nominate/best-resource",
            &[("csrf_token", &token), ("nominee.name", &huge)],
        )
        .await;
    assert_eq!(response.status().as_u16(), 413);
    assert!(response.text().await.unwrap().contains("Too much to send"));

    let response = browser
        .client
        .post(app.url("/nominate/best-resource"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("csrf_token={token}&nominee.name=%FF%FE"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    assert!(response.text().await.unwrap().contains("not valid text"));

    let mut fields = complete_form_fields();
    fields.push((
        "answers.difference_made",
        "<script>document.cookie</script>",
    ));
    let sent = browser.nominate("best-resource", &fields, "submit").await;
    assert_eq!(sent.status().as_u16(), 303, "markup is only text");
    let forged = browser
        .post_form(
            "/nominate/best-resource",
            &[("csrf_token", "forged"), ("nominee.name", "X")],
        )
        .await;
    assert_eq!(forged.status().as_u16(), 403);
}

#[tokio::test]
async fn nul_and_other_control_characters_never_reach_the_database() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let created = app.submit_nomination("best-resource").await;
    let mut body = app.nomination_body("best-resource").await;
    body["category"] = "best\u{0}resource".into();
    let (status, answer) = app.post_nomination(&body, None).await;
    assert_eq!(status, 422, "{answer}");

    let (status, found) = app
        .get_json_with(&token, "/api/v1/nominations?q=%00tom")
        .await;
    assert_eq!(status, 200);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    let (status, cycle) = app
        .patch_cycle(&token, serde_json::json!({"title": "Awards\u{0} 2017"}))
        .await;
    assert_eq!(
        (status, cycle["title"].as_str()),
        (200, Some("Awards 2017"))
    );
    let path = format!(
        "/api/v1/nominations/{}/eligibility",
        created["id"].as_str().unwrap()
    );
    let marked = app
        .api(reqwest::Method::PUT, &path, Some(&token))
        .json(&serde_json::json!({"status": "ineligible", "reason": "Not\u{0} free"}))
        .send()
        .await
        .unwrap();
    assert_eq!(marked.status().as_u16(), 200);
    let marked: serde_json::Value = marked.json().await.unwrap();
    assert_eq!(marked["status_reason"], "Not free");
}
