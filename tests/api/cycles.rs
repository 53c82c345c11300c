//! The default programme, the cycles API, the home page and the OpenAPI document.

use chrono::{DateTime, Duration, Utc};

use crate::helpers::spawn_app;

const CATEGORY_NAMES: [&str; 6] = [
    "Self Management Supporting Health and Social Care Partnership of the Year",
    "Self Management Project of the Year",
    "Self Management Supporting Community of the Year",
    "Best Self Management Resource",
    "Individual Transformational Story of the Year",
    "Innovative Partnership Idea of the Year",
];

fn time(value: &serde_json::Value) -> DateTime<Utc> {
    value.as_str().unwrap().parse().unwrap()
}

#[tokio::test]
async fn a_fresh_database_is_seeded_with_the_2016_programme_open_for_eight_weeks() {
    let app = spawn_app().await;
    let (status, cycles) = app.get_json("/api/v1/cycles").await;
    assert_eq!(status, 200);
    let cycles = cycles.as_array().unwrap();
    assert_eq!(cycles.len(), 1);
    let cycle = &cycles[0];
    assert_eq!(cycle["title"], "Self Management Awards 2016");
    assert_eq!(cycle["phase"], "nominating");
    let opens = time(&cycle["nominations_open_at"]);
    let closes = time(&cycle["nominations_close_at"]);
    assert!(
        opens <= Utc::now() && Utc::now() - opens < Duration::days(1),
        "opens the day it is seeded"
    );
    assert_eq!(closes - opens, Duration::weeks(8));
    assert!(time(&cycle["judging_close_at"]) > closes);

    let names: Vec<&str> = cycle["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, CATEGORY_NAMES);
    for category in cycle["categories"].as_array().unwrap() {
        let questions = category["questions"].as_array().unwrap();
        let criteria = category["criteria"].as_array().unwrap();
        assert!((3..=5).contains(&questions.len()), "{}", category["slug"]);
        assert!((3..=5).contains(&criteria.len()), "{}", category["slug"]);
        for question in questions {
            for field in ["key", "label", "kind", "required"] {
                assert!(!question[field].is_null(), "question {field}");
            }
            if question["kind"] == "long_text" {
                assert!(
                    question["max_words"].as_i64().unwrap() > 0,
                    "long answers have a word limit"
                );
            }
        }
        for criterion in criteria {
            assert!(criterion["weight"].as_i64().unwrap() >= 1);
            assert_eq!(criterion["scale_max"], 10);
        }
        assert_eq!(category["judges_per_nomination"], 3);
    }
}

#[tokio::test]
async fn seeding_twice_changes_nothing() {
    let app = spawn_app().await;
    let before = app.default_cycle().await;
    let db = app.db.clone();
    let seeded_again = tokio::task::spawn_blocking(move || laurel::startup::seed_default(&db))
        .await
        .unwrap()
        .unwrap();
    assert!(!seeded_again, "a database with a cycle is not seeded again");
    let (_, cycles) = app.get_json("/api/v1/cycles").await;
    assert_eq!(cycles.as_array().unwrap().len(), 1);
    assert_eq!(cycles[0]["id"], before["id"]);
}

#[tokio::test]
async fn one_cycle_is_found_by_its_id_and_a_wrong_id_is_404() {
    let app = spawn_app().await;
    let cycle = app.default_cycle().await;
    let (status, found) = app
        .get_json(&format!("/api/v1/cycles/{}", cycle["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200);
    assert_eq!(found, cycle);

    for (path, case) in [
        (
            format!("/api/v1/cycles/{}", uuid::Uuid::new_v4()),
            "an unknown uuid",
        ),
        ("/api/v1/cycles/not-a-uuid".to_owned(), "not a uuid"),
        (
            "/api/v1/cycles/%27%20OR%201=1--".to_owned(),
            "an SQL fragment",
        ),
    ] {
        let (status, body) = app.get_json(&path).await;
        assert_eq!(status, 404, "{case}");
        assert_eq!(body["error"], "There is no such cycle", "{case}");
    }
}

#[tokio::test]
async fn the_home_page_lists_the_six_categories_with_links_to_their_forms() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status().as_u16(), 200);
    let page = response.text().await.unwrap();
    assert!(page.contains(r##"<a class="skip-link" href="#main">"##));
    assert!(page.contains(r#"<main id="main""#));
    for name in CATEGORY_NAMES {
        assert!(page.contains(name), "{name}");
    }
    assert!(page.contains(r#"href="/nominate/best-resource""#));
    assert!(page.contains("Nominations are open until"));
}

#[tokio::test]
async fn the_openapi_document_describes_the_api() {
    let app = spawn_app().await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    assert!(document["openapi"].as_str().unwrap().starts_with("3."));
    for path in [
        "/api/v1/cycles",
        "/api/v1/cycles/{id}",
        "/api/v1/openapi.json",
    ] {
        assert!(document["paths"][path].is_object(), "{path} is documented");
    }
    assert!(document["components"]["schemas"]["CycleView"].is_object());
}
