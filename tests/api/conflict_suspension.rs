//! A conflict Laurel proposes suspends the assignment until an organiser
//! decides; and a judge cannot tell an unknown nomination from one not
//! assigned to them.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{PASSWORD, TestApp, spawn_app};
use crate::judging_helpers::Nominated;

async fn send(app: &TestApp, method: Method, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .api(method, path, Some(token))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// A judge from the nominator's organisation, assigned to the nomination
/// with a draft review, before Laurel looked for conflicts: (organiser,
/// judge id, judge token, nomination, assignment, cycle).
async fn assigned_before_the_conflict_is_seen(
    app: &TestApp,
) -> (String, String, String, String, String, String) {
    let organiser = app.organiser().await;
    let (judge_id, judge) = app
        .judge_with_panel(
            &organiser,
            "ann@painassociation.org.uk",
            "The Pain Association Ltd",
            &["best-resource"],
        )
        .await;
    let nomination = app
        .insert_nomination(Nominated {
            category: "best-resource",
            nominee: "Pacing booklet",
            nominator_organisation: "Pain Association",
            nominee_email: "",
        })
        .await;
    let (status, assignment) = send(
        app,
        Method::POST,
        &organiser,
        "/api/v1/assignments",
        json!({"nomination_id": nomination, "judge_id": judge_id}),
    )
    .await;
    assert_eq!(status, 201, "{assignment}");
    let assignment = assignment["id"].as_str().unwrap().to_owned();
    let (status, body) = send(
        app,
        Method::PUT,
        &judge,
        &format!("/api/v1/assignments/{assignment}/review"),
        json!({"scores": {}, "comment": "Half way through", "submit": false}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let cycle = app.cycle_id().await;
    let (status, outcome) = send(
        app,
        Method::POST,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({"keep_existing": true}),
    )
    .await;
    assert_eq!((status, &outcome["conflicts_proposed"]), (200, &json!(1)));
    (organiser, judge_id, judge, nomination, assignment, cycle)
}

/// What the judge can see of the nomination: (in their API list, on
/// `/judge`, `GET /nominations/{id}` status).
async fn judge_sees(app: &TestApp, judge: &str, nomination: &str) -> (bool, bool, u16) {
    let (_, mine) = app.get_json_with(judge, "/api/v1/assignments").await;
    let listed = mine
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["nomination_id"] == nomination);
    let browser = app.browser();
    browser.login("ann@painassociation.org.uk", PASSWORD).await;
    let page = browser.get("/judge").await.text().await.unwrap();
    let (status, _) = app
        .get_json_with(judge, &format!("/api/v1/nominations/{nomination}"))
        .await;
    (listed, page.contains("Pacing booklet"), status)
}

async fn conflict_id(app: &TestApp, organiser: &str, cycle: &str) -> String {
    let (_, conflicts) = app
        .get_json_with(organiser, &format!("/api/v1/conflicts?cycle={cycle}"))
        .await;
    assert_eq!(conflicts[0]["status"], "proposed");
    conflicts[0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_proposed_conflict_suspends_the_assignment_and_dismissing_it_brings_it_back() {
    let app = spawn_app().await;
    let (organiser, judge_id, judge, nomination, assignment, cycle) =
        assigned_before_the_conflict_is_seen(&app).await;
    assert_eq!(
        judge_sees(&app, &judge, &nomination).await,
        (false, false, 403),
        "suspended: not listed, not on /judge, not readable"
    );
    let (_, progress) = app
        .get_json_with(&organiser, &format!("/api/v1/cycles/{cycle}/progress"))
        .await;
    assert_eq!(progress["overall"]["total"], 0, "{progress}");
    let (_, reminded) = send(
        &app,
        Method::POST,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/reminders"),
        json!({}),
    )
    .await;
    assert_eq!(reminded["queued"], 0, "no reminder for a suspended review");
    let (_, all) = app
        .get_json_with(&organiser, &format!("/api/v1/assignments?judge={judge_id}"))
        .await;
    assert_eq!(all[0]["suspended"], true, "organisers see it, marked");

    let id = conflict_id(&app, &organiser, &cycle).await;
    let (status, _) = send(
        &app,
        Method::PUT,
        &organiser,
        &format!("/api/v1/conflicts/{id}"),
        json!({"confirm": false}),
    )
    .await;
    assert_eq!(status, 204);
    assert_eq!(
        judge_sees(&app, &judge, &nomination).await,
        (true, true, 200),
        "dismissed: back as it was"
    );
    let (_, mine) = app.get_json_with(&judge, "/api/v1/assignments").await;
    assert_eq!(mine[0]["id"], assignment.as_str());
    assert_eq!(mine[0]["status"], "draft", "the draft is kept");
    let (_, progress) = app
        .get_json_with(&organiser, &format!("/api/v1/cycles/{cycle}/progress"))
        .await;
    assert_eq!(progress["overall"]["total"], 1);
}

#[tokio::test]
async fn a_confirmed_proposal_withdraws_the_assignment_and_says_the_nomination_needs_a_judge() {
    let app = spawn_app().await;
    let (organiser, judge_id, judge, nomination, _, cycle) =
        assigned_before_the_conflict_is_seen(&app).await;
    let id = conflict_id(&app, &organiser, &cycle).await;
    let (status, _) = send(
        &app,
        Method::PUT,
        &organiser,
        &format!("/api/v1/conflicts/{id}"),
        json!({"confirm": true}),
    )
    .await;
    assert_eq!(status, 204);
    let (_, all) = app
        .get_json_with(&organiser, &format!("/api/v1/assignments?judge={judge_id}"))
        .await;
    assert_eq!(all, json!([]), "withdrawn");
    assert!(!judge_sees(&app, &judge, &nomination).await.0);
    // With no judge left it is listed too, needing the whole panel.
    let browser = app.browser();
    browser.login("olive@awards.test", PASSWORD).await;
    let page = browser
        .get("/organiser/assignments")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("(Pacing booklet): needs 3 more judges"),
        "{page}"
    );
    // Another judge keeps the nomination on the page once it lost one.
    let (other, _) = app
        .judge_with_panel(&organiser, "bea@judges.test", "", &["best-resource"])
        .await;
    let (status, _) = send(
        &app,
        Method::POST,
        &organiser,
        "/api/v1/assignments",
        json!({"nomination_id": nomination, "judge_id": other}),
    )
    .await;
    assert_eq!(status, 201);
    let page = browser
        .get("/organiser/assignments")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("Nominations that need another judge")
            && page.contains("(Pacing booklet): needs 2 more judges"),
        "{page}"
    );
}

#[tokio::test]
async fn a_judge_gets_the_same_answer_for_an_unknown_and_an_unassigned_nomination() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let (judge_id, judge) = app
        .judge_with_panel(&organiser, "cal@judges.test", "", &["best-resource"])
        .await;
    let unassigned = app.nominate("best-resource", "Someone else's").await;
    let mut answers = Vec::new();
    for nomination in [uuid::Uuid::new_v4().to_string(), unassigned.clone()] {
        answers.push(
            send(
                &app,
                Method::POST,
                &judge,
                "/api/v1/conflicts",
                json!({"nomination_id": nomination, "kind": "personal", "reason": "x"}),
            )
            .await,
        );
    }
    assert_eq!(answers[0].0, 404, "{:?}", answers[0]);
    assert_eq!(
        answers[0], answers[1],
        "unknown and unassigned look the same"
    );
    let (status, body) = send(
        &app,
        Method::POST,
        &organiser,
        "/api/v1/conflicts",
        json!({"nomination_id": unassigned, "judge_id": judge_id, "kind": "personal"}),
    )
    .await;
    assert_eq!(status, 201, "an organiser still records it: {body}");
    let (status, _) = send(
        &app,
        Method::POST,
        &judge,
        "/api/v1/conflicts",
        json!({"nomination_id": unassigned, "kind": "personal"}),
    )
    .await;
    assert_eq!(
        status, 404,
        "a conflict an organiser recorded reveals nothing"
    );
}
