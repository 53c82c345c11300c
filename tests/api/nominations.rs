//! `POST /api/v1/nominations`: references, drafts, validation, idempotency,
//! concurrency, the phase of the cycle, `PATCH /api/v1/cycles/{id}`, and the
//! per-address limit.

use std::collections::HashSet;

use futures_util::future::join_all;
use reqwest::Method;

use crate::helpers::{link_in, spawn_app};

#[tokio::test]
async fn a_submission_gets_a_reference_a_confirmation_email_and_a_consent_request() {
    let app = spawn_app().await;
    let created = app.submit_nomination("best-resource").await;
    assert_eq!(created["status"], "submitted");
    assert_eq!(created["reference"], "SMA16-0001");
    assert!(uuid::Uuid::parse_str(created["id"].as_str().unwrap()).is_ok());

    let confirmation = &app.wait_for_emails_to("priya@nominators.test", 1).await[0];
    assert_eq!(confirmation.subject, "Nomination received: SMA16-0001");
    assert!(confirmation.has_text_and_html_parts);
    for expected in [
        "SMA16-0001",
        "Tom O'Neil",
        "Best Self Management Resource",
        "What kind of resource is it?",
        "http://127.0.0.1:9/nomination/",
    ] {
        assert!(
            confirmation.text.contains(expected),
            "{expected}: {}",
            confirmation.text
        );
    }
    let request = &app.wait_for_emails_to("tom@nominees.test", 1).await[0];
    assert_eq!(
        request.subject,
        "You have been nominated for Self Management Awards 2016"
    );
    assert!(link_in(&request.text, "http://127.0.0.1:9/consent/").is_some());

    let second = app.submit_nomination("transformational-story").await;
    assert_eq!(
        second["reference"], "SMA16-0002",
        "numbered across the cycle"
    );
}

#[tokio::test]
async fn a_draft_has_no_reference_and_its_private_link_is_emailed() {
    let app = spawn_app().await;
    let body = serde_json::json!({
        "category": "best-resource",
        "nominator": {"name": "Priya Shah", "email": "priya@nominators.test"},
        "nominee": {"name": "The Pain Toolkit"},
        "answers": {"resource_description": "Half written"},
        "submit": false,
    });
    let (status, draft) = app.post_nomination(&body, None).await;
    assert_eq!(status, 201, "{draft}");
    assert_eq!(draft["status"], "draft");
    assert!(draft["reference"].is_null());
    let email = &app.wait_for_emails_to("priya@nominators.test", 1).await[0];
    assert_eq!(
        email.subject,
        "Your draft nomination for Best Self Management Resource"
    );
    let link = link_in(&email.text, "http://127.0.0.1:9/nomination/").unwrap();
    let page = app.get(&app.path_of(&link)).await.text().await.unwrap();
    assert!(
        page.contains("Half written"),
        "the draft opens with what was saved"
    );
}

#[tokio::test]
async fn incomplete_or_wrong_submissions_get_422_naming_each_field() {
    let app = spawn_app().await;
    let mut body = app.nomination_body("best-resource").await;
    body["nominator"]["email"] = "not an address".into();
    body["nominee"]["name"] = "".into();
    body["answers"]["resource_type"] = "A painting".into();
    body["answers"]["difference_made"] = serde_json::Value::Null;
    body["answers"]["made_with_people"] = "word ".repeat(301).into();
    body["answers"]["no_such_question"] = "x".into();
    let (status, answer) = app.post_nomination(&body, None).await;
    assert_eq!(status, 422, "{answer}");
    let fields: Vec<&str> = answer["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|error| error["field"].as_str().unwrap())
        .collect();
    assert_eq!(
        fields,
        [
            "nominator.email",
            "nominee.name",
            "answers.resource_type",
            "answers.made_with_people",
            "answers.difference_made",
            "answers.no_such_question",
        ]
    );
    let over = answer["errors"][3]["message"].as_str().unwrap();
    assert!(
        over.contains("300 words or fewer: it is 301 words"),
        "{over}"
    );
}

#[tokio::test]
async fn the_api_counts_as_confirming_unless_consent_is_refused() {
    let app = spawn_app().await;
    let mut body = app.nomination_body("best-resource").await;
    assert!(
        body.get("consent").is_none(),
        "API.md's body has no consent"
    );
    assert_eq!(app.post_nomination(&body, None).await.0, 201);
    body["consent"] = serde_json::json!({"nominator_confirms": false});
    let (status, answer) = app.post_nomination(&body, None).await;
    assert_eq!(status, 422);
    assert_eq!(answer["errors"][0]["field"], "consent.nominator_confirms");
    body["consent"] = serde_json::json!({"nominator_confirms": true});
    assert_eq!(app.post_nomination(&body, None).await.0, 201);
}

#[tokio::test]
async fn a_category_is_named_by_slug_or_id_and_an_unknown_one_is_422() {
    let app = spawn_app().await;
    let id = app.category("best-resource").await["id"].clone();
    let mut body = app.nomination_body("best-resource").await;
    body["category"] = id;
    assert_eq!(app.post_nomination(&body, None).await.0, 201, "by id");
    for (category, case) in [
        (serde_json::json!("no-such-category"), "an unknown slug"),
        (
            serde_json::json!(uuid::Uuid::new_v4().to_string()),
            "an unknown id",
        ),
        (serde_json::json!(42), "a number"),
        (serde_json::Value::Null, "nothing"),
    ] {
        body["category"] = category;
        let (status, answer) = app.post_nomination(&body, None).await;
        assert_eq!(status, 422, "{case}: {answer}");
        assert_eq!(answer["errors"][0]["field"], "category", "{case}");
    }
}

#[tokio::test]
async fn a_retry_with_the_same_idempotency_key_answers_the_same_nomination() {
    let app = spawn_app().await;
    let body = app.nomination_body("best-resource").await;
    let (first_status, first) = app.post_nomination(&body, Some("retry-me-1")).await;
    let (second_status, second) = app.post_nomination(&body, Some("retry-me-1")).await;
    assert_eq!((first_status, second_status), (201, 200));
    assert_eq!(first, second, "the same body");

    let (status, other) = app.post_nomination(&body, Some("retry-me-2")).await;
    assert_eq!(status, 201);
    assert_ne!(other["id"], first["id"], "a new key is a new nomination");

    let mut changed = body.clone();
    changed["nominee"]["name"] = "Someone Else".into();
    let (status, refused) = app.post_nomination(&changed, Some("retry-me-1")).await;
    assert_eq!(status, 422, "{refused}");
    assert_eq!(refused["errors"][0]["field"], "Idempotency-Key");

    app.wait_for_emails_to("priya@nominators.test", 2).await;
    app.wait_until_outbox_delivered().await;
    assert_eq!(
        app.emails_to("priya@nominators.test").len(),
        2,
        "one confirmation per nomination"
    );
}

#[tokio::test]
async fn concurrent_retries_with_one_key_make_one_nomination() {
    let app = spawn_app().await;
    let body = app.nomination_body("best-resource").await;
    let tries = (0..8).map(|_| app.post_nomination(&body, Some("same-key")));
    let answers = join_all(tries).await;
    let ids: HashSet<String> = answers
        .iter()
        .map(|(status, body)| {
            assert!(matches!(status, 200 | 201), "{status}: {body}");
            body["id"].as_str().unwrap().to_owned()
        })
        .collect();
    assert_eq!(ids.len(), 1, "{answers:?}");
    assert_eq!(
        answers.iter().filter(|(status, _)| *status == 201).count(),
        1
    );
}

#[tokio::test]
async fn concurrent_submissions_get_distinct_references_without_gaps() {
    let app = spawn_app().await;
    let body = app.nomination_body("best-resource").await;
    let answers = join_all((0..20).map(|_| app.post_nomination(&body, None))).await;
    let mut references: Vec<String> = answers
        .iter()
        .map(|(status, body)| {
            assert_eq!(*status, 201, "{body}");
            body["reference"].as_str().unwrap().to_owned()
        })
        .collect();
    references.sort();
    let expected: Vec<String> = (1..=20).map(|n| format!("SMA16-{n:04}")).collect();
    assert_eq!(references, expected);
}

#[tokio::test]
async fn organisers_list_and_read_nominations_through_the_api() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let first = app.submit_nomination("best-resource").await;
    app.submit_nomination("transformational-story").await;
    let mut draft = app.nomination_body("best-resource").await;
    draft["submit"] = false.into();
    app.post_nomination(&draft, None).await;

    let (status, all) = app.get_json_with(&token, "/api/v1/nominations").await;
    assert_eq!(status, 200);
    assert_eq!(
        all.as_array().unwrap().len(),
        2,
        "drafts are left out: {all}"
    );
    let listed = &all[0];
    assert_eq!(listed["reference"], "SMA16-0001");
    assert_eq!(listed["category"], "best-resource");
    assert_eq!(listed["status"], "submitted");
    assert_eq!(listed["nominee"]["name"], "Tom O'Neil");
    assert_eq!(listed["nominator"]["email"], "priya@nominators.test");
    assert!(listed["submitted_at"].as_str().is_some());

    let (_, filtered) = app
        .get_json_with(
            &token,
            "/api/v1/nominations?category=transformational-story&status=submitted",
        )
        .await;
    assert_eq!(filtered.as_array().unwrap().len(), 1);
    let (_, drafts) = app
        .get_json_with(&token, "/api/v1/nominations?status=draft")
        .await;
    assert_eq!(drafts.as_array().unwrap().len(), 1);
    let (status, _) = app
        .get_json_with(&token, "/api/v1/nominations?status=winner")
        .await;
    assert_eq!(status, 400, "an unknown status is named");

    let path = format!("/api/v1/nominations/{}", first["id"].as_str().unwrap());
    let (status, one) = app.get_json_with(&token, &path).await;
    assert_eq!(status, 200);
    assert_eq!(one["answers"]["resource_type"], "Booklet or leaflet");
    assert_eq!(one["consent"]["status"], "pending");
    assert_eq!(one["entry_method"], "api");
    let (status, _) = app
        .get_json_with(
            &token,
            &format!("/api/v1/nominations/{}", uuid::Uuid::new_v4()),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn organisers_review_and_enter_nominations_through_the_api() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let first = app.submit_nomination("best-resource").await;
    let second = app.submit_nomination("best-resource").await;
    let path = |id: &serde_json::Value, what: &str| {
        format!("/api/v1/nominations/{}/{what}", id.as_str().unwrap())
    };
    let review = app
        .api(
            Method::PUT,
            &path(&second["id"], "eligibility"),
            Some(&token),
        )
        .json(&serde_json::json!({"status": "duplicate", "duplicate_of": "sma16-1"}))
        .send()
        .await
        .unwrap();
    assert_eq!(review.status().as_u16(), 200);
    let reviewed: serde_json::Value = review.json().await.unwrap();
    assert_eq!(reviewed["status"], "duplicate");
    assert_eq!(reviewed["duplicate_of"], "SMA16-0001");

    let consent = app
        .api(Method::PUT, &path(&first["id"], "consent"), Some(&token))
        .json(&serde_json::json!({"answer": "given", "method": "paper"}))
        .send()
        .await
        .unwrap();
    let consent: serde_json::Value = consent.json().await.unwrap();
    assert_eq!(consent["consent"]["status"], "recorded");
    assert_eq!(consent["consent"]["method"], "paper");

    let mut body = app.nomination_body("best-resource").await;
    body["entry_method"] = "phone".into();
    let entered = app
        .api(Method::POST, "/api/v1/nominations", Some(&token))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(entered.status().as_u16(), 201);
    let entered: serde_json::Value = entered.json().await.unwrap();
    let (_, one) = app
        .get_json_with(
            &token,
            &format!("/api/v1/nominations/{}", entered["id"].as_str().unwrap()),
        )
        .await;
    assert_eq!(one["entry_method"], "phone");
    let (status, _) = app.post_nomination(&body, None).await;
    assert_eq!(
        status, 403,
        "only organisers enter nominations on someone's behalf"
    );
}

#[tokio::test]
async fn the_openapi_document_describes_the_nomination_endpoints() {
    let app = spawn_app().await;
    let (_, document) = app.get_json("/api/v1/openapi.json").await;
    for (path, method) in [
        ("/api/v1/nominations", "post"),
        ("/api/v1/nominations", "get"),
        ("/api/v1/nominations/{id}", "get"),
        ("/api/v1/nominations/{id}/eligibility", "put"),
        ("/api/v1/nominations/{id}/consent", "put"),
        ("/api/v1/cycles/{id}", "patch"),
    ] {
        assert!(
            document["paths"][path][method].is_object(),
            "{method} {path}"
        );
    }
    let schemas = &document["components"]["schemas"];
    for schema in [
        "NominationRequest",
        "Saved",
        "NominationView",
        "NominationSummary",
        "CycleChanges",
    ] {
        assert!(schemas[schema].is_object(), "{schema}");
    }
}
