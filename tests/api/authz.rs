//! Who may do what: every endpoint and page, called as anonymous, as a judge
//! and as an organiser, with the status each must get. Every new endpoint or
//! page adds a row here.

use laurel::domain::role::Role;
use reqwest::Method;

use crate::helpers::{Browser, PASSWORD, TestApp, spawn_app};

/// Placeholders in paths, filled in by `fill`.
const CYCLE: &str = "{cycle}";
const SOMEONE: &str = "{someone}";

struct Row {
    method: Method,
    path: &'static str,
    body: Option<&'static str>,
    /// Expected statuses: anonymous, judge, organiser.
    expect: [u16; 3],
}

fn api(method: Method, path: &'static str, body: Option<&'static str>, expect: [u16; 3]) -> Row {
    Row {
        method,
        path,
        body,
        expect,
    }
}

/// The API, called with no token, a judge's token, an organiser's token.
fn api_rows() -> Vec<Row> {
    vec![
        api(Method::GET, "/api/v1/cycles", None, [200, 200, 200]),
        api(Method::GET, "/api/v1/cycles/{cycle}", None, [200, 200, 200]),
        api(Method::GET, "/api/v1/openapi.json", None, [200, 200, 200]),
        api(Method::GET, "/api/v1/judges", None, [401, 403, 200]),
        api(Method::POST, "/api/v1/judges", Some("{}"), [401, 403, 422]),
        api(
            Method::POST,
            "/api/v1/users/{someone}/deactivate",
            None,
            [401, 403, 404],
        ),
        api(
            Method::PATCH,
            "/api/v1/cycles/{cycle}",
            Some("{}"),
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/nominations",
            Some("{}"),
            [422, 422, 422],
        ),
        api(Method::GET, "/api/v1/nominations", None, [401, 403, 200]),
        api(
            Method::GET,
            "/api/v1/nominations/{someone}",
            None,
            [401, 403, 404],
        ),
        api(
            Method::PUT,
            "/api/v1/nominations/{someone}/eligibility",
            Some(r#"{"status": "submitted"}"#),
            [401, 403, 404],
        ),
        api(
            Method::PUT,
            "/api/v1/nominations/{someone}/consent",
            Some(r#"{"answer": "given", "method": "phone"}"#),
            [401, 403, 404],
        ),
        api(
            Method::POST,
            "/api/v1/auth/password-reset",
            Some(r#"{"email": "x@y.org"}"#),
            [202, 202, 202],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/results",
            None,
            [401, 403, 200],
        ),
        api(
            Method::PUT,
            "/api/v1/nominations/{someone}/decision",
            Some(r#"{"decision": "winner"}"#),
            [401, 403, 404],
        ),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/decisions/suggested",
            None,
            [401, 403, 200],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/export/shortlist.csv",
            None,
            [401, 403, 200],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/export/shortlist.xlsx",
            None,
            [401, 403, 200],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/export/scores.csv",
            None,
            [401, 403, 200],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/export/nominations.csv",
            None,
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/broadcasts",
            Some(r#"{"audience": "judges", "subject": "x", "body": "y", "preview": true}"#),
            [401, 403, 200],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/broadcasts",
            None,
            [401, 403, 200],
        ),
        api(Method::GET, "/api/v1/outbox", None, [401, 403, 200]),
        api(
            Method::POST,
            "/api/v1/outbox/retry",
            Some("{}"),
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/publish",
            None,
            [401, 403, 409],
        ),
        api(Method::GET, "/api/v1/winners", None, [404, 404, 404]),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/clone",
            Some("{}"),
            [401, 403, 422],
        ),
        api(
            Method::PATCH,
            "/api/v1/cycles/{cycle}/categories/best-resource",
            Some("{}"),
            [401, 403, 200],
        ),
        api(
            Method::PATCH,
            "/api/v1/cycles/{cycle}/categories/best-resource/questions/nothing",
            Some(r#"{"label": "x"}"#),
            [401, 403, 404],
        ),
        api(
            Method::PATCH,
            "/api/v1/cycles/{cycle}/categories/best-resource/criteria/nothing",
            Some(r#"{"weight": 1}"#),
            [401, 403, 404],
        ),
        api(Method::GET, "/api/v1/assignments", None, [401, 200, 200]),
        api(
            Method::POST,
            "/api/v1/assignments",
            Some(
                r#"{"nomination_id": "0190e0a0-0000-7000-8000-000000000000", "judge_id": "0190e0a0-0000-7000-8000-000000000001"}"#,
            ),
            [401, 403, 404],
        ),
        api(
            Method::DELETE,
            "/api/v1/assignments/{someone}",
            None,
            [401, 403, 404],
        ),
        api(
            Method::POST,
            "/api/v1/assignments/{someone}/reopen",
            None,
            [401, 403, 404],
        ),
        api(
            Method::PUT,
            "/api/v1/assignments/{someone}/review",
            Some(r#"{"abstain": true, "reason": "I know them"}"#),
            [401, 404, 404],
        ),
        api(
            Method::GET,
            "/api/v1/conflicts?cycle={cycle}",
            None,
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/conflicts",
            Some("{}"),
            [401, 422, 422],
        ),
        api(
            Method::PUT,
            "/api/v1/conflicts/{someone}",
            Some(r#"{"confirm": false}"#),
            [401, 403, 404],
        ),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/assignments/auto",
            Some("{}"),
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/assignments/notify",
            None,
            [401, 403, 200],
        ),
        api(
            Method::GET,
            "/api/v1/cycles/{cycle}/progress",
            None,
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/cycles/{cycle}/reminders",
            None,
            [401, 403, 200],
        ),
        api(
            Method::POST,
            "/api/v1/auth/token",
            Some(r#"{"email": "nobody@awards.test", "password": "not the password"}"#),
            [401, 401, 401],
        ),
        // These end the token, so they come last.
        api(
            Method::POST,
            "/api/v1/auth/sign-out-everywhere",
            None,
            [401, 204, 204],
        ),
        api(Method::DELETE, "/api/v1/auth/token", None, [401, 401, 401]),
    ]
}

/// The pages, called signed out, signed in as a judge, as an organiser.
/// A page that needs signing in sends anonymous visitors to `/login` (303).
fn page_rows() -> Vec<Row> {
    vec![
        api(Method::GET, "/", None, [200, 200, 200]),
        api(Method::GET, "/login", None, [200, 303, 303]),
        api(Method::GET, "/password-reset", None, [200, 200, 200]),
        api(Method::GET, "/organiser", None, [303, 403, 200]),
        api(Method::GET, "/organiser/judges", None, [303, 403, 200]),
        api(Method::GET, "/organiser/audit", None, [303, 403, 200]),
        api(Method::GET, "/organiser/settings", None, [303, 403, 200]),
        api(
            Method::POST,
            "/organiser/settings",
            Some("title="),
            [303, 403, 422],
        ),
        api(
            Method::GET,
            "/organiser/phase/close-nominations",
            None,
            [303, 403, 200],
        ),
        api(
            Method::POST,
            "/organiser/phase/open-nominations",
            Some(""),
            [303, 403, 409],
        ),
        api(Method::GET, "/judge", None, [303, 200, 403]),
        api(
            Method::GET,
            "/judge/assignments/{someone}",
            None,
            [303, 404, 404],
        ),
        api(
            Method::GET,
            "/judge/assignments/{someone}/conflict",
            None,
            [303, 404, 404],
        ),
        api(
            Method::POST,
            "/judge/assignments/{someone}",
            Some("action=save"),
            [303, 404, 404],
        ),
        api(
            Method::POST,
            "/judge/assignments/{someone}/conflict",
            Some("kind=other"),
            [303, 404, 404],
        ),
        api(Method::GET, "/organiser/assignments", None, [303, 403, 200]),
        api(
            Method::POST,
            "/organiser/assignments/auto",
            Some("action=preview"),
            [303, 403, 200],
        ),
        api(
            Method::POST,
            "/organiser/assignments/add",
            Some("nomination_id=x&judge_id=y"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/assignments/{someone}/remove",
            Some(""),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/assignments/{someone}/reopen",
            Some(""),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/assignments/notify",
            Some(""),
            [303, 403, 303],
        ),
        api(Method::GET, "/organiser/progress", None, [303, 403, 200]),
        api(
            Method::POST,
            "/organiser/progress/remind",
            Some(""),
            [303, 403, 303],
        ),
        api(Method::GET, "/organiser/conflicts", None, [303, 403, 200]),
        api(
            Method::POST,
            "/organiser/conflicts/propose",
            Some(""),
            [303, 403, 303],
        ),
        api(
            Method::POST,
            "/organiser/conflicts/{someone}",
            Some("decision=dismiss"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/judges",
            Some("name=&email="),
            [303, 403, 422],
        ),
        api(
            Method::POST,
            "/organiser/judges/{someone}/deactivate",
            Some(""),
            [303, 403, 404],
        ),
        api(Method::GET, "/organiser/results", None, [303, 403, 200]),
        api(
            Method::POST,
            "/organiser/results/decision",
            Some("nomination_id=x&decision=winner"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/results/suggest",
            Some(""),
            [303, 403, 303],
        ),
        api(
            Method::GET,
            "/organiser/results/export/shortlist.xlsx",
            None,
            [303, 403, 200],
        ),
        api(Method::GET, "/organiser/broadcasts", None, [303, 403, 200]),
        api(
            Method::POST,
            "/organiser/broadcasts",
            Some("audience=judges&subject=x&body=y&action=preview"),
            [303, 403, 200],
        ),
        api(
            Method::POST,
            "/organiser/broadcasts/{someone}/retry",
            Some(""),
            [303, 403, 303],
        ),
        api(Method::GET, "/winners", None, [200, 200, 200]),
        api(Method::GET, "/organiser/categories", None, [303, 403, 200]),
        api(
            Method::GET,
            "/organiser/categories/best-resource",
            None,
            [303, 403, 200],
        ),
        api(
            Method::POST,
            "/organiser/categories/best-resource/criteria/nothing",
            Some("name=x&weight=1"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/next-year",
            Some("title="),
            [303, 403, 422],
        ),
        api(
            Method::GET,
            "/nominate/best-resource",
            None,
            [200, 200, 200],
        ),
        api(
            Method::POST,
            "/nominate/best-resource",
            Some("action=submit"),
            [422, 422, 422],
        ),
        api(Method::GET, "/nomination/{someone}", None, [404, 404, 404]),
        api(
            Method::POST,
            "/nomination/{someone}",
            Some("action=save"),
            [404, 404, 404],
        ),
        api(
            Method::POST,
            "/nomination/{someone}/withdraw",
            Some(""),
            [404, 404, 404],
        ),
        api(
            Method::POST,
            "/nomination/{someone}/delete",
            Some(""),
            [404, 404, 404],
        ),
        api(Method::GET, "/consent/{someone}", None, [404, 404, 404]),
        api(
            Method::POST,
            "/consent/{someone}",
            Some("agree=yes"),
            [404, 404, 404],
        ),
        api(Method::GET, "/organiser/nominations", None, [303, 403, 200]),
        api(
            Method::GET,
            "/organiser/nominations/new",
            None,
            [303, 403, 200],
        ),
        api(
            Method::POST,
            "/organiser/nominations/new?category=best-resource",
            Some("entry_method=phone"),
            [303, 403, 422],
        ),
        api(
            Method::GET,
            "/organiser/nominations/{someone}",
            None,
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/nominations/{someone}/ineligible",
            Some("reason=Not+eligible"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/nominations/{someone}/duplicate",
            Some("duplicate_of=SMA16-0001"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/nominations/{someone}/restore",
            Some(""),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/organiser/nominations/{someone}/consent",
            Some("answer=given&method=phone"),
            [303, 403, 404],
        ),
        api(
            Method::POST,
            "/sign-out-everywhere",
            Some(""),
            [303, 303, 303],
        ),
    ]
}

fn fill(path: &str, cycle: &str) -> String {
    path.replace(CYCLE, cycle)
        .replace(SOMEONE, &uuid::Uuid::new_v4().to_string())
}

async fn call_api(app: &TestApp, row: &Row, path: &str, token: Option<&str>) -> u16 {
    let mut request = app.api(row.method.clone(), path, token);
    if let Some(body) = row.body {
        request = request
            .header("content-type", "application/json")
            .body(body);
    }
    request.send().await.unwrap().status().as_u16()
}

async fn call_page(browser: &Browser, row: &Row, path: &str) -> u16 {
    if row.method == Method::GET {
        return browser.get(path).await.status().as_u16();
    }
    // A form as the page would send it, with the visitor's own CSRF token.
    // Signed-in pages carry the token in the sign-out form; `/login` for everyone else.
    let mut token = crate::helpers::csrf_token_in(&browser.get("/").await.text().await.unwrap());
    if token.is_none() {
        token = crate::helpers::csrf_token_in(&browser.get("/login").await.text().await.unwrap());
    }
    let token = token.unwrap();
    let mut fields: Vec<(String, String)> = vec![("csrf_token".into(), token)];
    fields.extend(
        serde_html_form::from_str::<Vec<(String, String)>>(row.body.unwrap_or_default()).unwrap(),
    );
    let fields: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    browser.post_form(path, &fields).await.status().as_u16()
}

#[tokio::test]
async fn every_endpoint_answers_each_role_as_the_rules_say() {
    let app = spawn_app().await;
    let cycle = app.default_cycle().await["id"].as_str().unwrap().to_owned();
    app.create_user(Role::Organiser, "olive@awards.test", PASSWORD)
        .await;
    app.create_user(Role::Judge, "jude@judges.test", PASSWORD)
        .await;
    let judge = app.token_for("jude@judges.test", PASSWORD).await;
    let organiser = app.token_for("olive@awards.test", PASSWORD).await;

    let mut failures = Vec::new();
    for row in api_rows() {
        let path = fill(row.path, &cycle);
        for (role, token, expected) in [
            ("anonymous", None, row.expect[0]),
            ("judge", Some(judge.as_str()), row.expect[1]),
            ("organiser", Some(organiser.as_str()), row.expect[2]),
        ] {
            let status = call_api(&app, &row, &path, token).await;
            if status != expected {
                failures.push(format!(
                    "{} {} as {role}: {status}, expected {expected}",
                    row.method, row.path
                ));
            }
        }
    }

    let anonymous = app.browser();
    let judge_browser = app.browser();
    judge_browser.login("jude@judges.test", PASSWORD).await;
    let organiser_browser = app.browser();
    organiser_browser.login("olive@awards.test", PASSWORD).await;
    for row in page_rows() {
        let path = fill(row.path, &cycle);
        for (role, browser, expected) in [
            ("anonymous", &anonymous, row.expect[0]),
            ("judge", &judge_browser, row.expect[1]),
            ("organiser", &organiser_browser, row.expect[2]),
        ] {
            let status = call_page(browser, &row, &path).await;
            if status != expected {
                failures.push(format!(
                    "page {} {} as {role}: {status}, expected {expected}",
                    row.method, row.path
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether a row's path (placeholders or sample values, a query allowed)
/// calls the OpenAPI path `template` (`{name}` is one segment).
fn calls(row_path: &str, template: &str) -> bool {
    let row_path = row_path.split('?').next().unwrap_or_default();
    let (row, template): (Vec<&str>, Vec<&str>) =
        (row_path.split('/').collect(), template.split('/').collect());
    row.len() == template.len()
        && row
            .iter()
            .zip(&template)
            .all(|(segment, wanted)| wanted.starts_with('{') || segment == wanted)
}

#[tokio::test]
async fn every_operation_of_the_openapi_document_has_a_row() {
    let app = spawn_app().await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    let rows = api_rows();
    let mut missing = Vec::new();
    let mut operations = 0;
    for (template, item) in document["paths"].as_object().expect("paths") {
        for method in item.as_object().expect("a path item").keys() {
            let Ok(method) = method.to_uppercase().parse::<Method>() else {
                continue;
            };
            operations += 1;
            if !rows
                .iter()
                .any(|row| row.method == method && calls(row.path, template))
            {
                missing.push(format!("{method} {template}"));
            }
        }
    }
    assert!(
        operations > 40,
        "the document lists {operations} operations"
    );
    assert!(
        missing.is_empty(),
        "operations without a row in the table:\n{}",
        missing.join("\n")
    );
}
