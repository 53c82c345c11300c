//! A PostgreSQL restart under load: while the database is away, requests
//! answer 503 with Retry-After and `/readyz` fails; once it is back, service
//! resumes by itself, with every acknowledged nomination stored and every
//! queued email delivered exactly once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use laurel::store::outbox;

use crate::helpers::own_postgres::OwnPostgres;
use crate::helpers::{TestApp, TestDatabase, eventually, spawn_app, spawn_app_on, test_backend};

/// How long service may take to come back once the database is up again.
const RESUME_WITHIN: Duration = Duration::from_secs(30);

/// Nominations posted one after another until `stop`; the ids answered 201.
/// Any answer but 201 or 503 (with Retry-After) fails the test.
async fn nominate_until(
    app: Arc<TestApp>,
    template: serde_json::Value,
    stop: Arc<Mutex<bool>>,
    ids: Arc<Mutex<Vec<String>>>,
) {
    let mut n = 0;
    while !*stop.lock().unwrap() {
        n += 1;
        let mut body = template.clone();
        body["nominator"]["email"] = format!("nominator{n}@nominators.test").into();
        body["nominee"]["email"] = format!("nominee{n}@nominees.test").into();
        let request = app.api(reqwest::Method::POST, "/api/v1/nominations", None);
        let response = request.json(&body).send().await.expect("request sent");
        let status = response.status().as_u16();
        let retry_after = response.headers().contains_key("retry-after");
        let answer: serde_json::Value = response.json().await.expect("a JSON body");
        match status {
            201 => ids
                .lock()
                .unwrap()
                .push(answer["id"].as_str().unwrap().to_owned()),
            503 => {
                assert!(retry_after, "503 without Retry-After");
                assert!(answer["error"].as_str().is_some(), "{answer}");
            }
            other => panic!("a nomination answered {other} during a restart: {answer}"),
        }
    }
}

async fn ready(app: &TestApp) -> u16 {
    app.get("/readyz").await.status().as_u16()
}

/// Waits until a nomination is accepted, `/readyz` answers 200 and a token
/// is issued again.
async fn wait_for_service(app: &TestApp, body: &serde_json::Value) {
    eventually(RESUME_WITHIN, "/readyz to answer 200", || async {
        (ready(app).await == 200).then_some(())
    })
    .await;
    eventually(RESUME_WITHIN, "a nomination to be accepted", || async {
        (app.post_nomination(body, None).await.0 == 201).then_some(())
    })
    .await;
    let (status, body) = app
        .request_token("olive@awards.test", crate::helpers::PASSWORD)
        .await;
    assert_eq!(status, 200, "POST /auth/token after the restart: {body}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn service_resumes_after_a_postgresql_restart() {
    if !test_backend().starts_with("postgres") {
        eprintln!("skipped: the PostgreSQL restart test runs on the PostgreSQL run only");
        return;
    }
    let server = match OwnPostgres::start() {
        Ok(server) => server,
        Err(why) => {
            eprintln!("skipped: cannot start a PostgreSQL server of the test's own: {why}");
            return;
        }
    };
    let app = Arc::new(spawn_app_on(TestDatabase::at(&server.url()), |_| {}).await);
    let token = app.organiser_token().await;
    // Read while the database is up: reading the programme needs it too.
    let body = app.nomination_body("best-resource").await;
    let (stop, ids) = (
        Arc::new(Mutex::new(false)),
        Arc::new(Mutex::new(Vec::new())),
    );
    let load = tokio::spawn(nominate_until(
        Arc::clone(&app),
        body.clone(),
        Arc::clone(&stop),
        Arc::clone(&ids),
    ));
    eventually(
        Duration::from_secs(10),
        "nominations before the restart",
        || async { (ids.lock().unwrap().len() >= 5).then_some(()) },
    )
    .await;

    server.stop();
    assert_eq!(ready(&app).await, 503, "/readyz while the database is down");
    let (status, answer) = app.post_nomination(&body, None).await;
    assert_eq!(
        status, 503,
        "a nomination while the database is down: {answer}"
    );
    let (status, answer) = app
        .request_token("olive@awards.test", crate::helpers::PASSWORD)
        .await;
    assert_eq!(status, 503, "a token while the database is down: {answer}");
    let (status, answer) = app.get_json_with(&token, "/api/v1/nominations").await;
    assert_eq!(
        status, 503,
        "a signed-in call while the database is down: {answer}"
    );
    let page = app.get("/").await;
    assert_eq!(
        page.status().as_u16(),
        503,
        "a page while the database is down"
    );
    assert!(page.headers().contains_key("retry-after"));
    let page = page.text().await.unwrap();
    assert!(page.contains("cannot reach its database"), "{page}");
    server.start_again();
    wait_for_service(&app, &body).await;

    // The same again with a restart in one step, as a package upgrade does.
    let before = ids.lock().unwrap().len();
    server.restart();
    wait_for_service(&app, &body).await;
    eventually(RESUME_WITHIN, "nominations after the restart", || async {
        (ids.lock().unwrap().len() >= before + 5).then_some(())
    })
    .await;
    *stop.lock().unwrap() = true;
    load.await.expect("the load ran to the end");

    let token = {
        let (status, _) = app.get_json_with(&token, "/api/v1/nominations").await;
        if status == 200 {
            token
        } else {
            app.token_for("olive@awards.test", crate::helpers::PASSWORD)
                .await
        }
    };
    let (status, stored) = app.get_json_with(&token, "/api/v1/nominations").await;
    assert_eq!(status, 200, "{stored}");
    let stored: Vec<&str> = stored
        .as_array()
        .unwrap()
        .iter()
        .map(|nomination| nomination["id"].as_str().unwrap())
        .collect();
    let acknowledged = ids.lock().unwrap().clone();
    for id in &acknowledged {
        assert!(
            stored.contains(&id.as_str()),
            "nomination {id} answered 201 but is not stored"
        );
    }
    every_email_delivered_once(&app).await;
}

/// Every outbox row ends sent, and the sink received each exactly once.
async fn every_email_delivered_once(app: &TestApp) {
    let db = app.db.clone();
    let rows = eventually(Duration::from_secs(60), "the outbox to drain", || {
        let db = db.clone();
        async move {
            let rows = db
                .run(|conn| Ok(outbox::list(conn, None, 100_000)?))
                .await
                .ok()?;
            rows.iter()
                .all(|row| row.status == outbox::SENT)
                .then_some(rows)
        }
    })
    .await;
    let mut received: HashMap<String, usize> = HashMap::new();
    for email in app.smtp.received() {
        *received.entry(email.message_id).or_default() += 1;
    }
    for row in &rows {
        let id = format!("{}@laurel.test", row.message_id);
        assert_eq!(
            received.get(&id).copied().unwrap_or(0),
            1,
            "email {id} to {} delivered once",
            row.to_address
        );
    }
    assert_eq!(
        received.len(),
        rows.len(),
        "no email that is not in the outbox"
    );
}

#[tokio::test]
async fn the_openapi_document_says_any_call_may_answer_503_with_retry_after() {
    let app = spawn_app().await;
    let (status, document) = app.get_json("/api/v1/openapi.json").await;
    assert_eq!(status, 200);
    for (path, method) in [
        ("/api/v1/nominations", "post"),
        ("/api/v1/auth/token", "post"),
    ] {
        let unavailable = &document["paths"][path][method]["responses"]["503"];
        assert!(
            unavailable["headers"]["Retry-After"].is_object(),
            "{method} {path}: {unavailable}"
        );
    }
}
