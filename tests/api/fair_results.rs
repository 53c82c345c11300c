//! Fair results on every panel: the automatic assignment links the judges
//! of a category, and the results say how each row was normalised, in which
//! group of linked judges, and when a category's judges are split.

use std::collections::{HashMap, HashSet};

use reqwest::Method;
use serde_json::json;

use crate::helpers::spawn_app;
use crate::results_helpers::call;

/// Judges linked by shared nominations: the number of groups.
fn groups(pairs: &[(String, String)]) -> usize {
    let mut by_nomination: HashMap<&str, Vec<&str>> = HashMap::new();
    for (nomination, judge) in pairs {
        by_nomination.entry(nomination).or_default().push(judge);
    }
    let mut groups: Vec<HashSet<&str>> = Vec::new();
    for judges in by_nomination.values() {
        let (linked, rest): (Vec<_>, Vec<_>) = groups
            .into_iter()
            .partition(|g| judges.iter().any(|j| g.contains(j)));
        let mut joined: HashSet<&str> = judges.iter().copied().collect();
        linked.into_iter().for_each(|g| joined.extend(g));
        groups = rest;
        groups.push(joined);
    }
    groups.len()
}

/// The organiser's results page of the best-resource category.
async fn results_page(app: &crate::helpers::TestApp) -> String {
    let browser = app.browser_as_organiser().await;
    let response = browser
        .get("/organiser/results?category=best-resource")
        .await;
    response.text().await.unwrap()
}

#[tokio::test]
async fn two_judges_a_nomination_still_link_the_whole_panel_and_the_answer_says_so() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    for n in 0..6 {
        app.judge_with_panel(
            &organiser,
            &format!("j{n}@judges.test"),
            "",
            &["best-resource"],
        )
        .await;
    }
    for n in 0..9 {
        app.nominate("best-resource", &format!("Nominee {n}")).await;
    }
    let cycle = app.cycle_id().await;
    let (status, outcome) = call(
        &app,
        Method::POST,
        &organiser,
        &format!("/api/v1/cycles/{cycle}/assignments/auto"),
        json!({"judges_per_nomination": 2}),
    )
    .await;
    assert_eq!(status, 200, "{outcome}");
    let entry = outcome["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["category"] == "best-resource")
        .cloned()
        .unwrap_or_else(|| panic!("a groups entry for the category: {outcome}"));
    assert_eq!(entry["groups"], 1, "{outcome}");
    let (_, assignments) = app.get_json_with(&organiser, "/api/v1/assignments").await;
    let pairs: Vec<(String, String)> = (assignments.as_array().unwrap().iter())
        .map(|a| {
            let id = |k: &str| a[k].as_str().unwrap().to_owned();
            (id("nomination_id"), id("judge_id"))
        })
        .collect();
    assert_eq!(pairs.len(), 18);
    assert_eq!(groups(&pairs), 1, "the saved assignments link every judge");
}

#[tokio::test]
async fn results_say_how_each_row_was_normalised_and_in_which_group() {
    let app = spawn_app().await;
    let judged = app.judged_with_leniency().await;
    let path = format!(
        "/api/v1/cycles/{}/results?category=best-resource",
        judged.cycle
    );
    let (status, rows) = app.get_json_with(&judged.organiser, &path).await;
    assert_eq!(status, 200, "{rows}");
    for row in rows.as_array().unwrap() {
        if row["reviews"] == 0 {
            assert!(
                row["normalisation"].is_null() && row["group"].is_null(),
                "{row}"
            );
        } else {
            assert_eq!(row["normalisation"], "model", "{row}");
            assert_eq!(row["group"], 1, "{row}");
        }
    }
    let page = results_page(&app).await;
    assert!(!page.contains("separate groups"), "one group: no warning");
}

#[tokio::test]
async fn a_split_panel_is_reported_with_its_groups_and_what_would_fix_it() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    let mut judges = Vec::new();
    for n in 0..4 {
        judges.push(
            app.judge_with_panel(
                &organiser,
                &format!("s{n}@judges.test"),
                "",
                &["best-resource"],
            )
            .await,
        );
    }
    // Judges 0 and 1 score A and B; judges 2 and 3 score C and D: two groups.
    for (letter, pair, scores) in [
        ("A", [0, 1], [8, 7]),
        ("B", [0, 1], [5, 4]),
        ("C", [2, 3], [6, 6]),
        ("D", [2, 3], [3, 4]),
    ] {
        let id = app
            .nominate("best-resource", &format!("Nominee {letter}"))
            .await;
        for (&j, score) in pair.iter().zip(scores) {
            app.review(&organiser, &id, &judges[j], score).await;
        }
    }
    let path = format!("/api/v1/cycles/{cycle}/results?category=best-resource");
    let (_, rows) = app.get_json_with(&organiser, &path).await;
    let group_of: HashMap<String, u64> = (rows.as_array().unwrap().iter())
        .map(|r| {
            (
                r["nominee_name"].as_str().unwrap().to_owned(),
                r["group"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(group_of["Nominee A"], group_of["Nominee B"]);
    assert_eq!(group_of["Nominee C"], group_of["Nominee D"]);
    assert_ne!(group_of["Nominee A"], group_of["Nominee C"]);
    let mut numbers: Vec<u64> = group_of.values().copied().collect();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers, [1, 2]);
    let page = results_page(&app).await;
    assert!(
        page.contains("form 2 separate groups"),
        "the warning names the groups"
    );
    assert!(
        page.contains("no fairer than the mean"),
        "what it means for the ranking"
    );
    assert!(page.contains("one more judge"), "what would fix it");
    assert!(page.contains("Group 2"), "each row says its group");
}
