//! Liveness and readiness probes.

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, get, web};
use diesel::RunQueryDsl;

use super::AppState;

/// How long the probe waits for the database: while it is away, a connection
/// from the pool can take the pool's whole timeout to fail, longer than a load
/// balancer waits for a probe.
const READY_TIMEOUT: Duration = Duration::from_secs(2);

/// The process is up.
#[get("/healthz")]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().content_type("text/plain").body("ok")
}

/// The database answers, within a short time.
#[get("/readyz")]
pub async fn readyz(state: web::Data<AppState>) -> HttpResponse {
    let ready = tokio::time::timeout(
        READY_TIMEOUT,
        state
            .db
            .run(|conn| Ok(diesel::sql_query("SELECT 1").execute(conn)?)),
    )
    .await;
    let error = match ready {
        Ok(Ok(_)) => return HttpResponse::Ok().content_type("text/plain").body("ready"),
        Ok(Err(error)) => format!("{error:#}"),
        Err(_) => format!("no answer within {} s", READY_TIMEOUT.as_secs()),
    };
    tracing::warn!(error, "not ready");
    HttpResponse::ServiceUnavailable()
        .content_type("text/plain")
        .insert_header((header::RETRY_AFTER, "5"))
        .body("the database is not reachable")
}
