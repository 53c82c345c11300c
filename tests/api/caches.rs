//! The results kept in memory forget what each write changes, on the
//! database it was made on only: a test per write path reads the results
//! (so they are kept), writes through the API, and reads them again.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app, spawn_app_with};
use crate::results_helpers::call;

/// The results of the default cycle, as an organiser sees them.
async fn results(app: &TestApp, organiser: &str, cycle: &str) -> Vec<Value> {
    let path = format!("/api/v1/cycles/{cycle}/results");
    let (status, body) = app.get_json_with(organiser, &path).await;
    assert_eq!(status, 200, "{body}");
    body.as_array().unwrap().clone()
}

fn row<'a>(results: &'a [Value], nomination: &str) -> &'a Value {
    (results.iter())
        .find(|row| row["nomination_id"] == nomination)
        .unwrap_or_else(|| panic!("no result for {nomination}"))
}

/// An organiser, the default cycle, one judge and one nomination assigned
/// to them, with the results read (and so kept) once.
struct Judging {
    organiser: String,
    cycle: String,
    judge: (String, String),
    nomination: String,
    assignment: String,
}

async fn judging(app: &TestApp) -> Judging {
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    let judge = app
        .judge_with_panel(&organiser, "judge@judges.test", "", &["best-resource"])
        .await;
    let nomination = app.nominate("best-resource", "Nominee A").await;
    let assignment = app.assign(&organiser, &nomination, &judge.0).await;
    results(app, &organiser, &cycle).await;
    Judging {
        organiser,
        cycle,
        judge,
        nomination,
        assignment,
    }
}

#[tokio::test]
async fn a_submitted_review_shows_in_the_results_at_once() {
    let app = spawn_app().await;
    let j = judging(&app).await;
    let before = results(&app, &j.organiser, &j.cycle).await;
    assert_eq!(row(&before, &j.nomination)["reviews"], 0);
    app.score(&j.judge.1, &j.assignment, "best-resource", 7)
        .await;
    let after = results(&app, &j.organiser, &j.cycle).await;
    assert_eq!(row(&after, &j.nomination)["reviews"], 1);
    assert_eq!(row(&after, &j.nomination)["mean"], 7.0);
}

#[tokio::test]
async fn a_decision_shows_in_the_results_at_once() {
    let app = spawn_app().await;
    let j = judging(&app).await;
    let before = results(&app, &j.organiser, &j.cycle).await;
    assert!(row(&before, &j.nomination)["decision"].is_null());
    let path = format!("/api/v1/nominations/{}/decision", j.nomination);
    let decided = json!({"decision": "shortlisted"});
    let (status, body) = call(&app, Method::PUT, &j.organiser, &path, decided).await;
    assert_eq!(status, 200, "{body}");
    let after = results(&app, &j.organiser, &j.cycle).await;
    assert_eq!(row(&after, &j.nomination)["decision"], "shortlisted");
}

#[tokio::test]
async fn a_new_nomination_shows_in_the_results_at_once() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    assert!(results(&app, &organiser, &cycle).await.is_empty());
    let created = app.submit_nomination("best-resource").await;
    let after = results(&app, &organiser, &cycle).await;
    row(&after, created["id"].as_str().unwrap());
}

#[tokio::test]
async fn a_category_edit_shows_in_the_results_and_the_programme_at_once() {
    let app = spawn_app().await;
    let j = judging(&app).await;
    let before = results(&app, &j.organiser, &j.cycle).await;
    assert_ne!(
        row(&before, &j.nomination)["category_name"],
        "Best Resource 2017"
    );
    let path = format!("/api/v1/cycles/{}/categories/best-resource", j.cycle);
    let renamed = json!({"name": "Best Resource 2017"});
    let (status, body) = call(&app, Method::PATCH, &j.organiser, &path, renamed).await;
    assert_eq!(status, 200, "{body}");
    let after = results(&app, &j.organiser, &j.cycle).await;
    assert_eq!(
        row(&after, &j.nomination)["category_name"],
        "Best Resource 2017"
    );
    assert_eq!(
        app.category("best-resource").await["name"],
        "Best Resource 2017"
    );
}

#[tokio::test]
async fn an_assignment_makes_the_results_forget() {
    let app = spawn_app().await;
    let j = judging(&app).await;
    let second = app
        .judge_with_panel(&j.organiser, "second@judges.test", "", &["best-resource"])
        .await;
    results(&app, &j.organiser, &j.cycle).await;
    let commits = app.db.commits();
    app.assign(&j.organiser, &j.nomination, &second.0).await;
    assert!(
        app.db.commits() > commits,
        "the assignment was not counted as a commit"
    );
    // An abstention through the new assignment shows at once.
    let assignments = format!("/api/v1/assignments?nomination={}", j.nomination);
    let (_, listed) = app.get_json_with(&j.organiser, &assignments).await;
    let assignment = (listed.as_array().unwrap().iter())
        .find(|a| a["judge_id"] == second.0.as_str())
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/api/v1/assignments/{assignment}/review");
    let abstain = json!({"abstain": true, "reason": "I know the nominee"});
    let (status, body) = call(&app, Method::PUT, &second.1, &path, abstain).await;
    assert_eq!(status, 200, "{body}");
    let after = results(&app, &j.organiser, &j.cycle).await;
    assert_eq!(row(&after, &j.nomination)["abstentions"], 1);
}

#[tokio::test]
async fn writes_to_one_database_leave_another_databases_results_kept() {
    // Our outbox worker claims once, then waits: nothing else commits here.
    let quiet = |settings: &mut laurel::settings::Settings| {
        settings.mail.poll_interval = std::time::Duration::from_secs(3600);
    };
    let (ours, theirs) = (spawn_app_with(quiet).await, spawn_app().await);
    // No judge here: accepting an invitation needs the worker to send it.
    let organiser = ours.organiser().await;
    let cycle = ours.cycle_id().await;
    ours.nominate("best-resource", "Nominee A").await;
    results(&ours, &organiser, &cycle).await;
    let kept = ours.db.commits();
    theirs.submit_nomination("best-resource").await;
    let their_judging = judging(&theirs).await;
    theirs
        .score(
            &their_judging.judge.1,
            &their_judging.assignment,
            "best-resource",
            5,
        )
        .await;
    assert_eq!(
        ours.db.commits(),
        kept,
        "another database's writes counted here"
    );
    assert!(theirs.db.commits() > 0);
    results(&ours, &organiser, &cycle).await;
}
