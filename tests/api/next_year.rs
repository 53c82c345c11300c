//! Next year: cloning a cycle, and changing categories, questions and criteria.

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::spawn_app;
use crate::results_helpers::call;

fn next_year() -> Value {
    json!({
        "title": "Self Management Awards 2017",
        "slug": "sma-2017",
        "reference_prefix": "SMA17",
        "nominations_open_at": "2027-06-01T00:00:00Z",
        "nominations_close_at": "2027-08-05T00:00:00Z",
        "judging_close_at": "2027-09-01T00:00:00Z",
    })
}

#[tokio::test]
async fn a_cycle_is_cloned_with_its_categories_questions_and_criteria_but_no_nominations() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let source = app.default_cycle().await;
    let cycle = source["id"].as_str().unwrap().to_owned();
    app.nominate("best-resource", "Last year's nominee").await;
    let path = format!("/api/v1/cycles/{cycle}/clone");
    let (status, cloned) = call(&app, Method::POST, &organiser, &path, next_year()).await;
    assert_eq!(status, 201, "{cloned}");
    assert_eq!(cloned["slug"], "sma-2017");
    assert_eq!(cloned["reference_prefix"], "SMA17");
    assert_eq!(cloned["phase"], "upcoming");
    assert_ne!(cloned["id"], source["id"]);
    let shape = |cycle: &Value| -> Vec<(String, usize, usize, i64)> {
        cycle["categories"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["slug"].as_str().unwrap().to_owned(),
                    c["questions"].as_array().unwrap().len(),
                    c["criteria"].as_array().unwrap().len(),
                    c["shortlist_size"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    assert_eq!(shape(&cloned), shape(&source));
    assert_eq!(
        cloned["categories"][0]["criteria"],
        source["categories"][0]["criteria"]
    );
    let (_, results) = app
        .get_json_with(
            &organiser,
            &format!("/api/v1/cycles/{}/results", cloned["id"].as_str().unwrap()),
        )
        .await;
    assert!(
        results.as_array().unwrap().is_empty(),
        "no nominations copied"
    );

    let mut clash = next_year();
    clash["slug"] = json!("sma-2017");
    let mut bad_dates = next_year();
    bad_dates["judging_close_at"] = json!("2027-07-01T00:00:00Z");
    let mut bad_slug = next_year();
    bad_slug["slug"] = json!("SMA 2018!");
    bad_slug["reference_prefix"] = json!("sma");
    for (body, field, case) in [
        (clash, "slug", "a slug in use"),
        (
            bad_dates,
            "judging_close_at",
            "judging before nominations close",
        ),
        (bad_slug, "slug", "a slug with spaces"),
    ] {
        let (status, answer) = call(&app, Method::POST, &organiser, &path, body).await;
        assert_eq!(status, 422, "{case}: {answer}");
        assert_eq!(answer["errors"][0]["field"], field, "{case}");
    }
}

#[tokio::test]
async fn a_category_its_questions_and_criteria_are_changed_by_organisers_only() {
    let app = spawn_app().await;
    let organiser = app.organiser().await;
    let cycle = app.cycle_id().await;
    let (_, judge) = app
        .judge_with_panel(&organiser, "j@judges.test", "", &["best-resource"])
        .await;
    let base = format!("/api/v1/cycles/{cycle}/categories/best-resource");
    let (status, category) = call(
        &app,
        Method::PATCH,
        &organiser,
        &base,
        json!({"name": "Best Resource 2017", "shortlist_size": 5, "eligibility": "Anyone"}),
    )
    .await;
    assert_eq!(status, 200, "{category}");
    assert_eq!(category["name"], "Best Resource 2017");
    assert_eq!(category["shortlist_size"], 5);
    assert_eq!(category["eligibility"], "Anyone");
    let question = category["questions"][0]["key"].as_str().unwrap().to_owned();
    let criterion = category["criteria"][0]["key"].as_str().unwrap().to_owned();
    let (status, category) = call(
        &app,
        Method::PATCH,
        &organiser,
        &format!("{base}/questions/{question}"),
        json!({"label": "What is it?", "max_words": 0}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(category["questions"][0]["label"], "What is it?");
    assert!(category["questions"][0]["max_words"].is_null());
    let (status, category) = call(
        &app,
        Method::PATCH,
        &organiser,
        &format!("{base}/criteria/{criterion}"),
        json!({"weight": 3, "scale_max": 5}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(category["criteria"][0]["weight"], 3);
    assert_eq!(category["criteria"][0]["scale_max"], 5);
    let cases = [
        (
            format!("{base}/criteria/{criterion}"),
            json!({"scale_max": 0}),
            422,
            "a scale of nothing",
        ),
        (
            base.clone(),
            json!({"judges_per_nomination": 0}),
            422,
            "no judges",
        ),
        (base.clone(), json!({"name": " "}), 422, "an empty name"),
        (
            format!("{base}/criteria/charm"),
            json!({"weight": 1}),
            404,
            "an unknown criterion",
        ),
        (
            format!("/api/v1/cycles/{cycle}/categories/nothing"),
            json!({}),
            404,
            "an unknown category",
        ),
    ];
    for (path, body, status, case) in cases {
        let (got, answer) = call(&app, Method::PATCH, &organiser, &path, body).await;
        assert_eq!(got, status, "{case}: {answer}");
    }
    let (status, _) = call(&app, Method::PATCH, &judge, &base, json!({"name": "Mine"})).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn the_category_page_saves_changes_and_next_year_is_started_from_a_page() {
    let app = spawn_app().await;
    app.organiser().await;
    let browser = app.browser_as_organiser().await;
    let page = "/organiser/categories/best-resource";
    let html = browser.get(page).await.text().await.unwrap();
    assert!(html.contains("Shortlist size"));
    let response = browser
        .submit(
            page,
            "/organiser/categories/best-resource/category/-",
            &[
                ("name", "Best Resource"),
                ("description", "Booklets, apps and films"),
                ("eligibility", "Anyone"),
                ("judges_per_nomination", "2"),
                ("shortlist_size", "4"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let after = browser.get(page).await.text().await.unwrap();
    assert!(after.contains("Booklets, apps and films"));
    let wrong = browser
        .submit(
            page,
            "/organiser/categories/best-resource/category/-",
            &[("name", "X"), ("shortlist_size", "many")],
        )
        .await;
    assert_eq!(wrong.status().as_u16(), 422);

    let response = browser
        .submit(
            "/organiser/categories",
            "/organiser/next-year",
            &[
                ("title", "Awards 2017"),
                ("slug", "awards-2017"),
                ("reference_prefix", "AW17"),
                ("nominations_open_at", "2027-06-01"),
                ("nominations_close_at", "2027-08-01"),
                ("judging_close_at", "2027-09-01"),
            ],
        )
        .await;
    assert_eq!(response.status().as_u16(), 303);
    let (_, cycles) = app.get_json("/api/v1/cycles").await;
    assert!(
        cycles
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["slug"] == "awards-2017")
    );
}
