//! Counting requests against the rate limits (see [`crate::domain::limits`])
//! in the database, so that every instance on one database shares the counts
//! and two instances together allow what one does. Windows that have ended
//! are removed (once a minute by each instance) when no estimate needs them.

use std::sync::atomic::{AtomicI64, Ordering};

use chrono::{DateTime, Utc};

use crate::domain::limits::Limit;
use crate::error::AppError;
use crate::store::{Backend, Db, DbConnection, rate_counters, to_db_time};

/// The minute in which this process last removed ended windows.
static TIDIED_IN_MINUTE: AtomicI64 = AtomicI64::new(i64::MIN);

/// Counts a hit of `subject` against `limit`: `Err(seconds to wait)` when
/// over it. A limit whose `max` is 0 is off and counts nothing.
pub fn hit(
    conn: &mut DbConnection,
    limit: &Limit,
    subject: &str,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Result<(), u64>> {
    if limit.max == 0 {
        return Ok(Ok(()));
    }
    let minute = now.timestamp().div_euclid(60);
    if TIDIED_IN_MINUTE.fetch_max(minute, Ordering::Relaxed) < minute {
        rate_counters::delete_expired(conn, to_db_time(now))?;
    }
    let window = limit.window_at(now);
    let key = limit.key(subject);
    // Kept one window longer, while the next window's estimate weighs it.
    let expires_at = window.end + limit.window;
    let hits = rate_counters::hit(conn, &key, to_db_time(window.start), to_db_time(expires_at))?;
    let previous = rate_counters::hits_in(conn, &key, to_db_time(window.start - limit.window))?;
    Ok(limit.verdict(i64::from(previous), i64::from(hits), &window, now))
}

/// Counts a request, answering 429 with the wait when over the limit. On
/// SQLite the upsert joins the writer's shared commit (one writer at a time
/// anyway); on PostgreSQL it commits alone, so that a counter row is never
/// held locked while a batch of other writes waits on its own locks.
pub async fn check(
    db: &Db,
    limit: Limit,
    subject: String,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    if limit.max == 0 {
        return Ok(());
    }
    let count = move |conn: &mut DbConnection| -> anyhow::Result<Result<(), u64>> {
        Ok(hit(conn, &limit, &subject, now)?)
    };
    let verdict = match db.backend() {
        Backend::Sqlite => db.write(count).await?,
        Backend::Postgres => db.run(count).await?,
    };
    verdict.map_err(|retry_after_secs| AppError::TooManyRequests { retry_after_secs })
}
