//! Results: normalised ranking, ties, unranked nominations, decisions and
//! the suggested shortlist.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::results_helpers::call;

fn names_in_order(rows: &Value) -> Vec<String> {
    rows.as_array()
        .unwrap()
        .iter()
        .filter(|row| !row["rank"].is_null())
        .map(|row| {
            row["nominee_name"]
                .as_str()
                .unwrap()
                .trim_start_matches("Nominee ")
                .to_owned()
        })
        .collect()
}

#[tokio::test]
async fn the_normalised_score_ranks_by_true_quality_where_the_plain_mean_does_not() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let path = format!(
        "/api/v1/cycles/{}/results?category=best-resource",
        judged.cycle
    );
    let (status, normalised) = app.get_json_with(&judged.organiser, &path).await;
    assert_eq!(status, 200, "{normalised}");
    assert_eq!(
        names_in_order(&normalised),
        ["A", "B", "C", "D", "E", "F", "G", "H"]
    );
    let (_, by_mean) = app
        .get_json_with(&judged.organiser, &format!("{path}&rank_by=mean"))
        .await;
    let mean_order = names_in_order(&by_mean);
    assert_eq!(
        mean_order[..2],
        ["B", "A"],
        "the lenient judge lifts B: {by_mean}"
    );

    let first = &normalised[0];
    assert_eq!(first["reference"], "SMA16-0001");
    assert_eq!(first["category"], "best-resource");
    assert_eq!(first["reviews"], 2);
    assert_eq!(first["rank"], 1);
    assert_eq!(first["normalised_by"], "model");
    assert!((first["mean"].as_f64().unwrap() - 8.0).abs() < 1e-9);
    assert!((first["median"].as_f64().unwrap() - 8.0).abs() < 1e-9);
    assert_eq!(first["disagreement"], false);
    assert!(first["decision"].is_null());
    assert_eq!(first["suggested"], "shortlisted");
    assert_eq!(normalised[3]["suggested"], "not_shortlisted");
}

#[tokio::test]
async fn an_unreviewed_nomination_is_unranked_and_says_why() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let (_, rows) = app
        .get_json_with(
            &judged.organiser,
            &format!("/api/v1/cycles/{}/results", judged.cycle),
        )
        .await;
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 9);
    let last = rows.last().unwrap();
    assert_eq!(last["nominee_name"], "Nominee U");
    assert!(last["rank"].is_null() && last["normalised"].is_null());
    assert_eq!(last["reviews"], 0);
    assert_eq!(last["few_reviews"], true);
    assert_eq!(last["unranked_reason"], "no submitted reviews");
}

#[tokio::test]
async fn tied_nominations_share_a_rank_and_abstentions_and_disagreement_are_counted() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    let mut judges = Vec::new();
    for n in 0..3 {
        judges.push(
            app.judge_with_panel(
                &organiser,
                &format!("j{n}@judges.test"),
                "",
                &["best-resource"],
            )
            .await,
        );
    }
    let (a, b, c) = (
        app.nominate("best-resource", "Tied one").await,
        app.nominate("best-resource", "Tied two").await,
        app.nominate("best-resource", "Split").await,
    );
    for id in [&a, &b] {
        app.review(&organiser, id, &judges[0], 6).await;
        app.review(&organiser, id, &judges[1], 6).await;
    }
    app.review(&organiser, &c, &judges[0], 1).await;
    app.review(&organiser, &c, &judges[1], 9).await;
    let abstaining = app.assign(&organiser, &c, &judges[2].0).await;
    let (status, _) = call(
        &app,
        Method::PUT,
        &judges[2].1,
        &format!("/api/v1/assignments/{abstaining}/review"),
        json!({"abstain": true, "reason": "I know the nominee"}),
    )
    .await;
    assert_eq!(status, 200);
    for rank_by in ["normalised", "mean", "median"] {
        let (_, rows) = app
            .get_json_with(
                &organiser,
                &format!("/api/v1/cycles/{cycle}/results?rank_by={rank_by}"),
            )
            .await;
        let rank = |name: &str| {
            rows.as_array()
                .unwrap()
                .iter()
                .find(|r| r["nominee_name"] == name)
                .unwrap()
                .clone()
        };
        assert_eq!(rank("Tied one")["rank"], 1, "{rank_by}: {rows}");
        assert_eq!(rank("Tied two")["rank"], 1, "{rank_by}");
        assert_eq!(rank("Split")["rank"], 3, "{rank_by}");
        assert_eq!(rank("Split")["abstentions"], 1);
        assert_eq!(rank("Split")["disagreement"], true);
    }
}

#[tokio::test]
async fn results_reject_an_unknown_method_or_category() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    let cases = [
        ("?rank_by=best", 422, "an unknown method"),
        ("?category=no-such-thing", 404, "an unknown category"),
    ];
    for (query, status, case) in cases {
        let (got, body) = app
            .get_json_with(
                &organiser,
                &format!("/api/v1/cycles/{cycle}/results{query}"),
            )
            .await;
        assert_eq!(got, status, "{case}: {body}");
    }
}

#[tokio::test]
async fn a_decision_is_recorded_answered_and_audited_and_the_suggestion_fills_the_rest() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let winner = &judged.nominations[1];
    let (status, body) = call(
        &app,
        Method::PUT,
        &judged.organiser,
        &format!("/api/v1/nominations/{winner}/decision"),
        json!({"decision": "winner"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["id"], winner.as_str());
    assert_eq!(body["reference"], "SMA16-0002");
    assert_eq!(body["decision"], "winner");

    let (status, _) = call(
        &app,
        Method::PUT,
        &judged.organiser,
        &format!("/api/v1/nominations/{winner}/decision"),
        json!({"decision": "maybe"}),
    )
    .await;
    assert_eq!(status, 422, "an unknown decision");
    let (status, _) = call(
        &app,
        Method::PUT,
        &judged.organiser,
        &format!("/api/v1/nominations/{}/decision", uuid::Uuid::new_v4()),
        json!({"decision": "winner"}),
    )
    .await;
    assert_eq!(status, 404);

    let (status, changed) = call(
        &app,
        Method::POST,
        &judged.organiser,
        &format!(
            "/api/v1/cycles/{}/decisions/suggested?category=best-resource",
            judged.cycle
        ),
        json!({}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(changed["changed"], 7, "8 ranked, the winner kept");
    let (_, rows) = app
        .get_json_with(
            &judged.organiser,
            &format!("/api/v1/cycles/{}/results", judged.cycle),
        )
        .await;
    let decisions: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["decision"].as_str().unwrap_or("none"))
        .collect();
    assert_eq!(
        decisions,
        [
            "shortlisted",
            "winner",
            "shortlisted",
            "not_shortlisted",
            "not_shortlisted",
            "not_shortlisted",
            "not_shortlisted",
            "not_shortlisted",
            "none"
        ]
    );
    let audit = app
        .browser_as_organiser()
        .await
        .get("/organiser/audit?action=nomination.decided")
        .await
        .text()
        .await
        .unwrap();
    // The filter box echoes the action back, so count the table's cells.
    assert_eq!(
        audit.matches("<td>nomination.decided</td>").count(),
        8,
        "each decision audit-logged: the winner and the 7 suggested"
    );
}
