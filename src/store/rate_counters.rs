//! The rate limits' fixed-window counters: one row per key and window,
//! counted up by one upsert that answers the new count.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::schema::rate_counters;

/// Counts one hit on `key` in the window starting at `window_start` and
/// answers the window's hits so far, this one included.
pub fn hit(
    conn: &mut DbConnection,
    key: &str,
    window_start: NaiveDateTime,
    expires_at: NaiveDateTime,
) -> QueryResult<i32> {
    macro_rules! upsert {
        ($conn:expr) => {
            diesel::insert_into(rate_counters::table)
                .values((
                    rate_counters::key.eq(key),
                    rate_counters::window_start.eq(window_start),
                    rate_counters::hits.eq(1),
                    rate_counters::expires_at.eq(expires_at),
                ))
                .on_conflict((rate_counters::key, rate_counters::window_start))
                .do_update()
                .set(rate_counters::hits.eq(rate_counters::hits + 1))
                .returning(rate_counters::hits)
                .get_result($conn)
        };
    }
    match conn {
        DbConnection::Postgres(pg) => upsert!(pg),
        DbConnection::Sqlite(sqlite) => upsert!(sqlite),
    }
}

/// The hits of `key` in the window starting at `window_start` (0 if none).
pub fn hits_in(
    conn: &mut DbConnection,
    key: &str,
    window_start: NaiveDateTime,
) -> QueryResult<i32> {
    rate_counters::table
        .find((key, window_start))
        .select(rate_counters::hits)
        .first(conn)
        .optional()
        .map(Option::unwrap_or_default)
}

/// Removes the windows that ended before `now`.
pub fn delete_expired(conn: &mut DbConnection, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(rate_counters::table.filter(rate_counters::expires_at.lt(now))).execute(conn)
}
