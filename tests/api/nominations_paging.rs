//! `GET /api/v1/nominations` a page at a time: `page` and `per_page`, the
//! `X-Total-Count` and `Link` headers, and the whole list when neither is
//! given.

use laurel::domain::role::Role;
use reqwest::Method;
use serde_json::Value;

use crate::helpers::{PASSWORD, TestApp, spawn_app};

/// A page's status, `X-Total-Count`, `Link` and body.
struct Answer {
    status: u16,
    total: Option<String>,
    link: Option<String>,
    body: Value,
}

async fn list(app: &TestApp, token: Option<&str>, query: &str) -> Answer {
    let response = app
        .api(Method::GET, &format!("/api/v1/nominations{query}"), token)
        .send()
        .await
        .unwrap();
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .map(|value| value.to_str().unwrap().to_owned())
    };
    Answer {
        status: response.status().as_u16(),
        total: header("x-total-count"),
        link: header("link"),
        body: response.json().await.unwrap(),
    }
}

fn references(body: &Value) -> Vec<String> {
    body.as_array()
        .unwrap()
        .iter()
        .map(|item| item["reference"].as_str().unwrap().to_owned())
        .collect()
}

/// An organiser's token, after 5 nominations in one category and 2 in another.
async fn seven_nominations(app: &TestApp) -> String {
    for slug in ["best-resource", "transformational-story"]
        .into_iter()
        .cycle()
        .take(4)
        .chain(["best-resource"; 3])
    {
        app.submit_nomination(slug).await;
    }
    app.organiser_token().await
}

#[tokio::test]
async fn pages_follow_the_order_of_the_whole_list_with_their_headers() {
    let app = spawn_app().await;
    let token = seven_nominations(&app).await;
    let all = list(&app, Some(&token), "").await;
    assert_eq!(all.status, 200);
    assert_eq!(
        (all.total, all.link),
        (None, None),
        "the whole list has no paging headers"
    );
    assert_eq!(references(&all.body).len(), 7, "{}", all.body);

    let mut paged = Vec::new();
    for (page, size) in [(1, 3), (2, 3), (3, 1)] {
        let answer = list(&app, Some(&token), &format!("?page={page}&per_page=3")).await;
        assert_eq!(answer.status, 200);
        assert_eq!(answer.total.as_deref(), Some("7"), "page {page}");
        let page_references = references(&answer.body);
        assert_eq!(page_references.len(), size, "page {page}");
        paged.extend(page_references);
    }
    assert_eq!(
        paged,
        references(&all.body),
        "pages neither overlap nor skip"
    );
    assert_eq!(
        list(&app, Some(&token), "?page=1&per_page=3")
            .await
            .link
            .unwrap(),
        "</api/v1/nominations?page=2&per_page=3>; rel=\"next\", \
         </api/v1/nominations?page=1&per_page=3>; rel=\"first\", \
         </api/v1/nominations?page=3&per_page=3>; rel=\"last\""
    );
    let link = list(&app, Some(&token), "?page=2&per_page=3")
        .await
        .link
        .unwrap();
    assert!(
        link.contains("page=3&per_page=3>; rel=\"next\"")
            && link.contains("page=1&per_page=3>; rel=\"prev\""),
        "{link}"
    );
    let last = list(&app, Some(&token), "?page=3&per_page=3")
        .await
        .link
        .unwrap();
    assert!(
        !last.contains("rel=\"next\"") && last.contains("page=2&per_page=3>; rel=\"prev\""),
        "the last page has no next: {last}"
    );
    let only_size = list(&app, Some(&token), "?per_page=2").await;
    assert_eq!(
        references(&only_size.body),
        paged[..2],
        "per_page alone is page 1"
    );
    let only_page = list(&app, Some(&token), "?page=1").await;
    assert_eq!(
        references(&only_page.body),
        paged,
        "50 to a page by default"
    );
    assert!(only_page.link.unwrap().contains("per_page=50"));
}

#[tokio::test]
async fn a_page_past_the_end_is_empty_with_its_headers() {
    let app = spawn_app().await;
    let token = seven_nominations(&app).await;
    let beyond = list(&app, Some(&token), "?page=9&per_page=5").await;
    assert_eq!(beyond.status, 200);
    assert_eq!(beyond.body, serde_json::json!([]));
    assert_eq!(beyond.total.as_deref(), Some("7"));
    let link = beyond.link.unwrap();
    assert!(
        link.contains("page=2&per_page=5>; rel=\"prev\"")
            && link.contains("page=2&per_page=5>; rel=\"last\"")
            && !link.contains("rel=\"next\""),
        "{link}"
    );
    let huge = list(
        &app,
        Some(&token),
        "?page=18446744073709551615&per_page=500",
    )
    .await;
    assert_eq!((huge.status, huge.body), (200, serde_json::json!([])));
}

#[tokio::test]
async fn paging_keeps_the_filters_in_count_body_and_links() {
    let app = spawn_app().await;
    let token = seven_nominations(&app).await;
    let answer = list(
        &app,
        Some(&token),
        "?category=transformational-story&status=submitted&per_page=1",
    )
    .await;
    assert_eq!(answer.total.as_deref(), Some("2"));
    assert_eq!(answer.body[0]["category"], "transformational-story");
    assert_eq!(
        answer.link.unwrap(),
        "</api/v1/nominations?category=transformational-story&status=submitted&page=2&per_page=1>; rel=\"next\", \
         </api/v1/nominations?category=transformational-story&status=submitted&page=1&per_page=1>; rel=\"first\", \
         </api/v1/nominations?category=transformational-story&status=submitted&page=2&per_page=1>; rel=\"last\""
    );
}

#[tokio::test]
async fn paging_parameters_out_of_range_are_named_in_a_validation_error() {
    let app = spawn_app().await;
    let token = app.organiser_token().await;
    let cases = [
        ("?per_page=0", "per_page", "an empty page"),
        ("?per_page=501", "per_page", "over 500 to a page"),
        ("?per_page=ten", "per_page", "a size that is not a number"),
        ("?page=0", "page", "page zero"),
        ("?page=-1&per_page=10", "page", "a negative page"),
        ("?page=", "page", "a blank page"),
    ];
    for (query, field, case) in cases {
        let answer = list(&app, Some(&token), query).await;
        assert_eq!(answer.status, 422, "{case}: {}", answer.body);
        assert!(answer.body["error"].is_string(), "{case}: {}", answer.body);
        assert_eq!(answer.body["errors"][0]["field"], field, "{case}");
    }
}

#[tokio::test]
async fn judges_and_strangers_cannot_page_through_nominations() {
    let app = spawn_app().await;
    app.create_user(Role::Judge, "jo@judges.test", PASSWORD)
        .await;
    let judge = app.token_for("jo@judges.test", PASSWORD).await;
    for (token, status, who) in [
        (None, 401, "anonymous"),
        (Some(judge.as_str()), 403, "a judge"),
    ] {
        for query in ["?page=1&per_page=10", "?per_page=0"] {
            let answer = list(&app, token, query).await;
            assert_eq!(answer.status, status, "{who} {query}");
            assert_eq!(answer.total, None, "{who} {query}");
            assert!(answer.body["error"].is_string(), "{who} {query}");
        }
    }
}

#[tokio::test]
async fn the_openapi_document_describes_the_paging_parameters_and_headers() {
    let app = spawn_app().await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let list = &document["paths"]["/api/v1/nominations"]["get"];
    let parameter = |name: &str| {
        list["parameters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|parameter| parameter["name"] == name)
            .cloned()
            .unwrap_or_else(|| panic!("{name} is described: {list}"))
    };
    assert_eq!(parameter("page")["schema"]["minimum"], 1);
    assert_eq!(parameter("per_page")["schema"]["maximum"], 500);
    let headers = &list["responses"]["200"]["headers"];
    assert!(
        headers["X-Total-Count"].is_object() && headers["Link"].is_object(),
        "{headers}"
    );
}
