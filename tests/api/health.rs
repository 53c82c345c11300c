//! Probes, metrics, security headers and error shapes.

use crate::helpers::spawn_app;

#[tokio::test]
async fn healthz_answers_ok() {
    let app = spawn_app().await;
    let response = app.get("/healthz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "ok");
}

#[tokio::test]
async fn readyz_checks_the_database() {
    let app = spawn_app().await;
    let response = app.get("/readyz").await;
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(response.text().await.unwrap(), "ready");
}

#[tokio::test]
async fn metrics_count_requests_by_route_and_report_the_outbox() {
    let app = spawn_app().await;
    app.get("/").await;
    app.get("/api/v1/cycles").await;
    let body = app.get("/metrics").await.text().await.unwrap();
    assert!(
        body.contains(r#"laurel_http_requests_total{method="GET",route="/",status="200"} 1"#),
        "{body}"
    );
    assert!(
        body.contains(r#"route="/api/v1/cycles",status="200""#),
        "{body}"
    );
    assert!(
        body.contains("laurel_http_request_duration_seconds_bucket"),
        "{body}"
    );
    assert!(
        body.contains(r#"laurel_outbox_messages{status="pending"} 0"#),
        "{body}"
    );
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;
    for path in ["/", "/api/v1/cycles", "/no-such-page"] {
        let response = app.get(path).await;
        let headers = response.headers();
        let csp = headers["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{path}: {csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(headers["x-frame-options"], "DENY", "{path}");
        assert_eq!(headers["referrer-policy"], "same-origin", "{path}");
    }
}

#[tokio::test]
async fn an_unknown_api_path_answers_json_and_an_unknown_page_answers_html() {
    let app = spawn_app().await;
    let (status, body) = app.get_json("/api/v1/no-such-thing").await;
    assert_eq!(status, 404);
    assert!(
        body["error"]
            .as_str()
            .unwrap()
            .contains("/api/v1/no-such-thing")
    );

    let response = app.get("/no-such-page").await;
    assert_eq!(response.status().as_u16(), 404);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = response.text().await.unwrap();
    assert!(page.contains("<h1>Page not found</h1>"), "{page}");
}

#[tokio::test]
async fn the_stylesheet_is_served_and_cached() {
    let app = spawn_app().await;
    let response = app.get("/static/laurel.css").await;
    assert_eq!(response.status().as_u16(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        response.headers()["cache-control"]
            .to_str()
            .unwrap()
            .contains("max-age")
    );
    assert!(response.text().await.unwrap().contains(":focus-visible"));
}

#[tokio::test]
async fn a_form_body_over_the_limit_gets_a_clear_413_page() {
    let app = spawn_app().await;
    let browser = app.browser();
    let huge = "x".repeat(2 * 1024 * 1024);
    let response = browser
        .submit(
            "/login",
            "/login",
            &[("email", "a@b.org"), ("password", &huge)],
        )
        .await;
    assert_eq!(response.status().as_u16(), 413);
    let page = response.text().await.unwrap();
    assert!(
        page.contains("Too much to send") && page.contains("the limit is 512 KB"),
        "{page}"
    );
}
