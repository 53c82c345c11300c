//! Conflicts of interest, automatic assignment, reviews and progress.

use std::collections::{HashMap, HashSet};

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};
use crate::judging_helpers::Nominated;

async fn post(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .api(Method::POST, path, Some(token))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn put(app: &TestApp, token: &str, path: &str, body: Value) -> (u16, Value) {
    let response = app
        .api(Method::PUT, path, Some(token))
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// Six judges, two per panel pair, and nine nominations in three categories.
async fn judged_cycle(app: &TestApp) -> (String, Vec<(String, String)>, Vec<String>) {
    let organiser = app.organiser().await;
    let mut judges = Vec::new();
    for (n, panel) in [
        ["best-resource"],
        ["best-resource"],
        ["project-of-the-year"],
        ["project-of-the-year"],
        ["transformational-story"],
        ["transformational-story"],
    ]
    .iter()
    .enumerate()
    {
        judges.push(
            app.judge_with_panel(&organiser, &format!("judge{n}@judges.test"), "", panel)
                .await,
        );
    }
    let mut nominations = Vec::new();
    for category in [
        "best-resource",
        "project-of-the-year",
        "transformational-story",
    ] {
        for n in 0..3 {
            nominations.push(
                app.nominate(category, &format!("Nominee {category} {n}"))
                    .await,
            );
        }
    }
    (organiser, judges, nominations)
}

#[tokio::test]
async fn automatic_assignment_gives_every_nomination_three_distinct_judges_with_even_loads() {
    let app = spawn_app().await;
    let (organiser, judges, nominations) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    let (status, outcome) = post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200, "{outcome}");
    assert_eq!(outcome["created"], 27);
    assert_eq!(outcome["total"], 27);
    assert!(outcome["unfilled"].as_array().unwrap().is_empty());
    let (min, max) = (
        outcome["load"]["min"].as_u64().unwrap(),
        outcome["load"]["max"].as_u64().unwrap(),
    );
    assert!(max - min <= 1, "loads within one: {outcome}");

    let (_, assignments) = app.get_json_with(&organiser, "/api/v1/assignments").await;
    let assignments = assignments.as_array().unwrap();
    let mut per_nomination: HashMap<&str, HashSet<&str>> = HashMap::new();
    for assignment in assignments {
        assert_eq!(assignment["status"], "pending");
        per_nomination
            .entry(assignment["nomination_id"].as_str().unwrap())
            .or_default()
            .insert(assignment["judge_id"].as_str().unwrap());
    }
    assert_eq!(per_nomination.len(), nominations.len());
    assert!(
        per_nomination.values().all(|judges| judges.len() == 3),
        "three distinct judges each"
    );

    // Both panel judges of a category are on each of its nominations.
    let panel_of_resource: HashSet<&str> = judges[..2].iter().map(|(id, _)| id.as_str()).collect();
    for nomination in &nominations[..3] {
        assert!(
            panel_of_resource.is_subset(&per_nomination[nomination.as_str()]),
            "panel judges first"
        );
    }

    app.wait_until_outbox_delivered().await;
    let emails = app.smtp.received();
    let digests: Vec<_> = emails
        .iter()
        .filter(|email| email.subject.contains("to judge for"))
        .collect();
    assert_eq!(digests.len(), 6, "one digest per judge");
    assert!(
        digests.iter().all(|email| email.text.contains("SMA16-")),
        "the digest lists references"
    );
}

#[tokio::test]
async fn a_preview_saves_nothing_and_running_again_keeps_what_exists() {
    let app = spawn_app().await;
    let (organiser, _, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    let (_, preview) = post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({"preview": true}),
    )
    .await;
    assert_eq!(preview["preview"], true);
    assert_eq!(preview["created"], 27);
    assert_eq!(preview["planned"].as_array().unwrap().len(), 27);
    let (_, none) = app.get_json_with(&organiser, "/api/v1/assignments").await;
    assert!(none.as_array().unwrap().is_empty(), "nothing saved");
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, again) = post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    assert_eq!(again["created"], 0, "all filled already");
    assert_eq!(again["total"], 27);
}

#[tokio::test]
async fn a_nomination_that_cannot_be_filled_is_listed_with_the_reason() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    app.judge_with_panel(&organiser, "solo@judges.test", "", &["best-resource"])
        .await;
    let nomination = app.nominate("best-resource", "Lonely").await;
    let cycle = app.cycle_id().await;
    let (_, outcome) = post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    assert_eq!(outcome["created"], 1);
    assert_eq!(outcome["unfilled"][0]["nomination_id"], nomination.as_str());
    assert!(
        outcome["unfilled"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("Only 1 judges"),
        "{outcome}"
    );
}

#[tokio::test]
async fn a_judge_who_declares_a_conflict_loses_the_assignment_and_cannot_score_it() {
    let app = spawn_app().await;
    let (organiser, judges, nominations) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (judge_id, judge) = &judges[0];
    let (_, mine) = app.get_json_with(judge, "/api/v1/assignments").await;
    let mine = mine.as_array().unwrap().clone();
    assert!(
        mine.iter().all(|a| a["judge_id"] == judge_id.as_str()),
        "a judge sees only their own"
    );
    let assignment = mine[0]["id"].as_str().unwrap();
    let nomination = mine[0]["nomination_id"].as_str().unwrap();

    let (status, _) = post(
        &app,
        judge,
        "/api/v1/conflicts",
        json!({"nomination_id": nomination, "kind": "personal", "reason": "My neighbour"}),
    )
    .await;
    assert_eq!(status, 201);
    let (status, _) = put(
        &app,
        judge,
        &format!("/api/v1/assignments/{assignment}/review"),
        json!({"scores": {}, "submit": false}),
    )
    .await;
    assert_eq!(status, 404, "the assignment was withdrawn");
    let (_, after) = app.get_json_with(judge, "/api/v1/assignments").await;
    assert_eq!(after.as_array().unwrap().len(), mine.len() - 1);

    // Running the assignment again never gives the pair back.
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, pair) = app
        .get_json_with(
            &organiser,
            &format!("/api/v1/assignments?judge={judge_id}&nomination={nomination}"),
        )
        .await;
    assert!(pair.as_array().unwrap().is_empty());
    let (status, body) = post(
        &app,
        &organiser,
        "/api/v1/assignments",
        json!({"nomination_id": nomination, "judge_id": judge_id}),
    )
    .await;
    assert_eq!(status, 409, "{body}");
    assert!(nominations.contains(&nomination.to_owned()));
}

#[tokio::test]
async fn conflicts_are_recorded_by_the_rules_of_who_may() {
    let app = spawn_app().await;
    let (organiser, judges, nominations) = judged_cycle(&app).await;
    let (other_judge, _) = &judges[1];
    let (_, judge) = &judges[0];
    let cases = [
        (
            judge.as_str(),
            json!({"nomination_id": nominations[0], "judge_id": other_judge, "kind": "personal"}),
            403,
            "a judge for another judge",
        ),
        (
            organiser.as_str(),
            json!({"nomination_id": nominations[0], "kind": "personal"}),
            422,
            "an organiser without a judge",
        ),
        (
            judge.as_str(),
            json!({"nomination_id": nominations[0], "kind": "grudge"}),
            422,
            "an unknown kind",
        ),
        (
            judge.as_str(),
            json!({"kind": "other"}),
            422,
            "no nomination",
        ),
        (
            judge.as_str(),
            json!({"nomination_id": uuid::Uuid::new_v4(), "kind": "other"}),
            404,
            "an unknown nomination",
        ),
        (
            organiser.as_str(),
            json!({"nomination_id": nominations[0], "judge_id": other_judge, "kind": "organisational", "reason": "Same charity"}),
            201,
            "an organiser for a judge",
        ),
    ];
    for (token, body, status, case) in cases {
        let (got, response) = post(&app, token, "/api/v1/conflicts", body).await;
        assert_eq!(got, status, "{case}: {response}");
    }
}

#[tokio::test]
async fn laurel_proposes_a_conflict_when_the_judge_shares_the_nominators_organisation() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let (judge_id, _) = app
        .judge_with_panel(
            &organiser,
            "ann@painassociation.org.uk",
            "The Pain Association Ltd",
            &["best-resource"],
        )
        .await;
    for n in 0..3 {
        app.judge_with_panel(
            &organiser,
            &format!("other{n}@judges.test"),
            "",
            &["best-resource"],
        )
        .await;
    }
    let nomination = app
        .insert_nomination(Nominated {
            category: "best-resource",
            nominee: "Pacing booklet",
            nominator_organisation: "Pain Association",
            nominee_email: "",
        })
        .await;
    let cycle = app.cycle_id().await;
    let (_, outcome) = post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    assert_eq!(outcome["conflicts_proposed"], 1);
    let (_, pair) = app
        .get_json_with(
            &organiser,
            &format!("/api/v1/assignments?judge={judge_id}&nomination={nomination}"),
        )
        .await;
    assert!(
        pair.as_array().unwrap().is_empty(),
        "a proposed conflict keeps the judge off"
    );
    let (_, conflicts) = app
        .get_json_with(&organiser, &format!("/api/v1/conflicts?cycle={cycle}"))
        .await;
    assert_eq!(conflicts[0]["status"], "proposed");
    assert!(
        conflicts[0]["reason"]
            .as_str()
            .unwrap()
            .contains("organisation")
    );

    let id = conflicts[0]["id"].as_str().unwrap();
    let (status, _) = put(
        &app,
        &organiser,
        &format!("/api/v1/conflicts/{id}"),
        json!({"confirm": false}),
    )
    .await;
    assert_eq!(status, 204);
    let (status, _) = post(
        &app,
        &organiser,
        "/api/v1/assignments",
        json!({"nomination_id": nomination, "judge_id": judge_id}),
    )
    .await;
    assert_eq!(status, 201, "a dismissed proposal no longer blocks");
}

async fn first_assignment(app: &TestApp, token: &str) -> String {
    let (_, mine) = app.get_json_with(token, "/api/v1/assignments").await;
    mine[0]["id"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_review_is_checked_saved_submitted_and_then_read_only() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, judge) = &judges[0];
    let (_, other_judge) = &judges[1];
    let assignment = first_assignment(&app, judge).await;
    let path = format!("/api/v1/assignments/{assignment}/review");
    let criteria: Vec<String> = app.default_cycle().await["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["slug"] == "best-resource")
        .unwrap()["criteria"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap().to_owned())
        .collect();
    let all = |score: u32| -> Value {
        criteria
            .iter()
            .map(|key| (key.clone(), json!(score)))
            .collect::<serde_json::Map<_, _>>()
            .into()
    };
    let first_only: Value = json!({ criteria[0].clone(): 5 });

    let cases = [
        (
            json!({"scores": {criteria[0].clone(): 11}, "submit": false}),
            422,
            "off the scale",
        ),
        (
            json!({"scores": {criteria[0].clone(): -1}, "submit": false}),
            422,
            "negative",
        ),
        (
            json!({"scores": first_only.clone(), "submit": true}),
            422,
            "a submit with a criterion missing",
        ),
        (
            json!({"scores": {"charm": 3}, "submit": false}),
            422,
            "an unknown criterion",
        ),
    ];
    for (body, status, case) in cases {
        let (got, response) = put(&app, judge, &path, body).await;
        assert_eq!(got, status, "{case}: {response}");
        assert!(
            response["errors"][0]["field"]
                .as_str()
                .unwrap()
                .starts_with("scores."),
            "{case}"
        );
    }
    let (status, _) = put(
        &app,
        other_judge,
        &path,
        json!({"scores": all(5), "submit": true}),
    )
    .await;
    assert_eq!(status, 403, "another judge");
    let (status, _) = put(
        &app,
        &organiser,
        &path,
        json!({"scores": all(5), "submit": true}),
    )
    .await;
    assert_eq!(status, 403, "an organiser");

    let (status, draft) = put(
        &app,
        judge,
        &path,
        json!({"scores": first_only, "comment": "So far so good", "submit": false}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(draft["status"], "draft");
    let (status, submitted) = put(
        &app,
        judge,
        &path,
        json!({"scores": all(7), "comment": "<script>alert(1)</script>", "submit": true}),
    )
    .await;
    assert_eq!(status, 200, "{submitted}");
    assert_eq!(submitted["status"], "submitted");
    assert!((submitted["weighted_score"].as_f64().unwrap() - 7.0).abs() < 1e-9);
    let (status, _) = put(
        &app,
        judge,
        &path,
        json!({"scores": all(9), "submit": true}),
    )
    .await;
    assert_eq!(status, 409, "read-only once submitted");

    let (status, reopened) = post(
        &app,
        &organiser,
        &format!("/api/v1/assignments/{assignment}/reopen"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(reopened["status"], "draft");
    let (status, _) = put(
        &app,
        judge,
        &path,
        json!({"scores": all(9), "comment": "<script>alert(1)</script>", "submit": true}),
    )
    .await;
    assert_eq!(status, 200, "reopened by an organiser");

    let page = app.browser();
    page.login("judge0@judges.test", crate::helpers::PASSWORD)
        .await;
    let html = page
        .get(&format!("/judge/assignments/{assignment}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        html.contains("&#60;script&#62;") || html.contains("&lt;script&gt;"),
        "the comment is shown as text"
    );
}

#[tokio::test]
async fn nothing_can_be_changed_after_judging_closes() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, judge) = &judges[0];
    let assignment = first_assignment(&app, judge).await;
    app.close_judging().await;
    let (status, body) = put(
        &app,
        judge,
        &format!("/api/v1/assignments/{assignment}/review"),
        json!({"abstain": true, "reason": "late"}),
    )
    .await;
    assert_eq!(status, 409);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("Judging has closed")
    );
}

#[tokio::test]
async fn abstaining_needs_a_reason_and_counts_as_done() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, judge) = &judges[0];
    let assignment = first_assignment(&app, judge).await;
    let path = format!("/api/v1/assignments/{assignment}/review");
    let (status, _) = put(&app, judge, &path, json!({"abstain": true, "reason": " "})).await;
    assert_eq!(status, 422);
    let (status, review) = put(
        &app,
        judge,
        &path,
        json!({"abstain": true, "reason": "Outside my knowledge"}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(review["status"], "abstained");
    let (_, progress) = app
        .get_json_with(&organiser, &format!("/api/v1/cycles/{cycle}/progress"))
        .await;
    assert_eq!(progress["overall"]["abstained"], 1);
    assert_eq!(progress["overall"]["total"], 27);
}

#[tokio::test]
async fn progress_is_counted_per_judge_and_category_and_reminders_carry_each_judges_numbers() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    app.wait_until_outbox_delivered().await;
    let before = app.smtp.received().len();
    let (_, judge) = &judges[0];
    let assignment = first_assignment(&app, judge).await;
    put(
        &app,
        judge,
        &format!("/api/v1/assignments/{assignment}/review"),
        json!({"abstain": true, "reason": "Not my field"}),
    )
    .await;

    let (status, progress) = app
        .get_json_with(&organiser, &format!("/api/v1/cycles/{cycle}/progress"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(progress["overall"]["pending"], 26);
    assert_eq!(progress["judges"].as_array().unwrap().len(), 6);
    let resource = progress["categories"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "best-resource")
        .unwrap()
        .clone();
    assert_eq!(resource["counts"]["total"], 9);

    let (status, reminded) = post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/reminders"),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(reminded["queued"], 6);
    app.wait_until_outbox_delivered().await;
    let emails = app.smtp.received();
    assert_eq!(emails.len(), before + 6, "one reminder per judge");
    let reminder = emails
        .iter()
        .find(|email| email.subject.starts_with("Reminder") && email.to[0] == "judge0@judges.test")
        .unwrap();
    assert!(
        reminder.text.contains("You have submitted 1 of your"),
        "{}",
        reminder.text
    );
}

#[tokio::test]
async fn in_blind_mode_a_judge_does_not_see_the_nominator() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, judge) = &judges[0];
    let assignment = first_assignment(&app, judge).await;
    let browser = app.browser();
    browser
        .login("judge0@judges.test", crate::helpers::PASSWORD)
        .await;
    let open = browser
        .get(&format!("/judge/assignments/{assignment}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(open.contains("Nora Nominator"));
    assert!(
        open.contains("They brought people together every week"),
        "the answers are shown"
    );
    app.set_blind(true).await;
    let blind = browser
        .get(&format!("/judge/assignments/{assignment}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(!blind.contains("Nora Nominator"));
    assert!(blind.contains("judged blind"));
}

#[tokio::test]
async fn the_score_form_saves_a_draft_and_submits_through_the_pages() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, judge) = &judges[0];
    let assignment = first_assignment(&app, judge).await;
    let browser = app.browser();
    browser
        .login("judge0@judges.test", crate::helpers::PASSWORD)
        .await;
    let dashboard = browser.get("/judge").await.text().await.unwrap();
    assert!(dashboard.contains("You have finished 0 of"), "{dashboard}");
    let page = format!("/judge/assignments/{assignment}");
    let html = browser.get(&page).await.text().await.unwrap();
    let keys: Vec<String> = html
        .match_indices(r#"name="score_"#)
        .map(|(at, _)| html[at + 12..].split('"').next().unwrap().to_owned())
        .collect::<HashSet<_>>()
        .into_iter()
        .collect();
    assert!(keys.len() >= 3, "{keys:?}");

    let incomplete = browser
        .submit(
            &page,
            &page,
            &[("action", "submit"), (&format!("score_{}", keys[0]), "4")],
        )
        .await;
    assert_eq!(incomplete.status().as_u16(), 422);
    let body = incomplete.text().await.unwrap();
    assert!(
        body.contains("There is a problem") && body.contains("Choose a score for"),
        "{body}"
    );
    assert!(
        body.contains(&format!(
            r#"id="score-{}-4" name="score_{}" value="4" checked"#,
            keys[0], keys[0]
        )),
        "what was chosen is kept"
    );

    let names: Vec<String> = keys.iter().map(|key| format!("score_{key}")).collect();
    let mut fields: Vec<(&str, &str)> = names.iter().map(|name| (name.as_str(), "6")).collect();
    fields.push(("comment", "Clear and useful"));
    fields.push(("action", "submit"));
    let submitted = browser.submit(&page, &page, &fields).await;
    assert_eq!(submitted.status().as_u16(), 303);
    let after = browser.get(&page).await.text().await.unwrap();
    assert!(after.contains("You submitted this review"));
    let dashboard = browser.get("/judge").await.text().await.unwrap();
    assert!(dashboard.contains("You have finished 1 of"));
}

#[tokio::test]
async fn a_judge_reads_only_the_nominations_assigned_to_them_and_blind_hides_the_nominator() {
    let app = spawn_app().await;
    let (organiser, judges, nominations) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (judge_id, judge) = &judges[0];
    let (_, mine) = app.get_json_with(judge, "/api/v1/assignments").await;
    let assigned: HashSet<String> = mine
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["nomination_id"].as_str().unwrap().to_owned())
        .collect();
    let other = nominations
        .iter()
        .find(|id| !assigned.contains(*id))
        .expect("a nomination not assigned to this judge");
    let own = assigned.iter().next().unwrap();

    let (status, seen) = app
        .get_json_with(judge, &format!("/api/v1/nominations/{own}"))
        .await;
    assert_eq!(status, 200, "{seen}");
    assert_eq!(seen["nominator"]["name"], "Nora Nominator");
    assert_eq!(
        seen["nominator"]["email"], "",
        "no contact details for judges"
    );
    let (status, _) = app
        .get_json_with(judge, &format!("/api/v1/nominations/{other}"))
        .await;
    assert_eq!(status, 403, "not assigned");

    app.set_blind(true).await;
    let (_, blind) = app
        .get_json_with(judge, &format!("/api/v1/nominations/{own}"))
        .await;
    assert_eq!(
        blind["nominator"]["name"], "",
        "blind judging hides the nominator"
    );
    let (_, full) = app
        .get_json_with(&organiser, &format!("/api/v1/nominations/{own}"))
        .await;
    assert_eq!(
        full["nominator"]["name"], "Nora Nominator",
        "organisers see everything"
    );

    post(
        &app,
        judge,
        "/api/v1/conflicts",
        json!({"nomination_id": own, "kind": "personal"}),
    )
    .await;
    let (status, _) = app
        .get_json_with(judge, &format!("/api/v1/nominations/{own}"))
        .await;
    assert_eq!(status, 403, "a conflict closes it");
    assert!(!judge_id.is_empty());
}

#[tokio::test]
async fn a_judge_declares_a_conflict_from_a_page_that_shows_only_the_nominee_and_category() {
    let app = spawn_app().await;
    let (organiser, judges, _) = judged_cycle(&app).await;
    let cycle = app.cycle_id().await;
    post(
        &app,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({}),
    )
    .await;
    let (_, judge) = &judges[0];
    let assignment = first_assignment(&app, judge).await;
    let browser = app.browser();
    browser
        .login("judge0@judges.test", crate::helpers::PASSWORD)
        .await;
    let dashboard = browser.get("/judge").await.text().await.unwrap();
    let page = format!("/judge/assignments/{assignment}/conflict");
    assert!(
        dashboard.contains(&format!(r#"href="{page}""#)),
        "the dashboard links to it"
    );
    let html = browser.get(&page).await.text().await.unwrap();
    assert!(
        html.contains("Best Self Management Resource") && html.contains("Nominee best-resource"),
        "{html}"
    );
    assert!(
        !html.contains("A booklet about pacing."),
        "no answers before declaring"
    );
    let declared = browser
        .submit(
            &page,
            &page,
            &[("kind", "organisational"), ("reason", "Same charity")],
        )
        .await;
    assert_eq!(declared.status().as_u16(), 303);
    assert_eq!(
        browser.get(&page).await.status().as_u16(),
        404,
        "the assignment is gone"
    );
}
