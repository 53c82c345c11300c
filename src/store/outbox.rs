//! The outbox: emails waiting to be sent, claimed by one worker at a time.
//!
//! A worker claims due rows by setting `claimed_by` and a lease
//! (`claimed_until`). On PostgreSQL the rows are picked with
//! `FOR UPDATE SKIP LOCKED`, so several servers never claim one row twice;
//! on SQLite the claim runs in an immediate transaction, which serialises
//! writers. A row whose lease ran out (its worker died mid-send) is due again.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::schema::outbox;
use super::{DbConnection, write_transaction};

pub const PENDING: &str = "pending";
pub const SENDING: &str = "sending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = outbox)]
pub struct OutboxRow {
    pub id: String,
    pub template: String,
    pub to_address: String,
    pub to_name: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    pub message_id: String,
    pub status: String,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub next_attempt_at: NaiveDateTime,
    pub claimed_by: Option<String>,
    pub claimed_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub sent_at: Option<NaiveDateTime>,
}

pub fn insert(conn: &mut DbConnection, row: &OutboxRow) -> QueryResult<()> {
    diesel::insert_into(outbox::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Rows that are due at `$now`: pending and past their retry time, or
/// claimed by a worker whose lease has run out.
macro_rules! due_ids {
    ($now:expr) => {
        outbox::table
            .filter(
                outbox::status
                    .eq(PENDING)
                    .and(outbox::next_attempt_at.le($now))
                    .or(outbox::status
                        .eq(SENDING)
                        .and(outbox::claimed_until.lt($now))),
            )
            .order(outbox::next_attempt_at)
            .select(outbox::id)
    };
}

/// The rows among `$ids` that `$worker` still holds.
macro_rules! held {
    ($ids:expr, $worker:expr) => {
        outbox::table
            .filter(outbox::id.eq_any($ids))
            .filter(outbox::claimed_by.eq($worker))
    };
}

/// Claims up to `limit` due rows for `worker` until `lease_until`.
pub fn claim_due(
    conn: &mut DbConnection,
    worker: &str,
    now: NaiveDateTime,
    lease_until: NaiveDateTime,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    write_transaction(conn, |conn| {
        let ids: Vec<String> = match conn {
            DbConnection::Postgres(pg) => due_ids!(now)
                .limit(limit)
                .for_update()
                .skip_locked()
                .load(pg)?,
            DbConnection::Sqlite(sqlite) => due_ids!(now).limit(limit).load(sqlite)?,
        };
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        diesel::update(outbox::table.filter(outbox::id.eq_any(&ids)))
            .set((
                outbox::status.eq(SENDING),
                outbox::claimed_by.eq(worker),
                outbox::claimed_until.eq(lease_until),
            ))
            .execute(conn)?;
        outbox::table
            .filter(outbox::id.eq_any(&ids))
            .order(outbox::next_attempt_at)
            .select(OutboxRow::as_select())
            .load(conn)
    })
}

/// Records the delivery of the rows `ids`, in one statement. Only the rows
/// `worker` still holds are changed: a row whose lease ran out and that
/// another worker claimed is left to that worker.
pub fn mark_sent(
    conn: &mut DbConnection,
    ids: &[String],
    worker: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(held!(ids, worker))
        .set((
            outbox::status.eq(SENT),
            outbox::attempts.eq(outbox::attempts + 1),
            outbox::sent_at.eq(now),
            outbox::last_error.eq(None::<String>),
            outbox::claimed_by.eq(None::<String>),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
}

/// Gives back rows `worker` claimed but did not try to send: due again at
/// once, with no attempt counted.
pub fn release(conn: &mut DbConnection, ids: &[String], worker: &str) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    diesel::update(held!(ids, worker))
        .set((
            outbox::status.eq(PENDING),
            outbox::claimed_by.eq(None::<String>),
            outbox::claimed_until.eq(None::<NaiveDateTime>),
        ))
        .execute(conn)
}

/// Records a failed attempt: due again at `retry_at`, or failed for good when
/// `retry_at` is `None`.
pub fn mark_attempt_failed(
    conn: &mut DbConnection,
    id: &str,
    worker: &str,
    error: &str,
    retry_at: Option<NaiveDateTime>,
) -> QueryResult<usize> {
    let (status, next) = match retry_at {
        Some(at) => (PENDING, Some(at)),
        None => (FAILED, None),
    };
    let target = held!([id], worker);
    let changes = (
        outbox::status.eq(status),
        outbox::attempts.eq(outbox::attempts + 1),
        outbox::last_error.eq(Some(error)),
        outbox::claimed_by.eq(None::<String>),
        outbox::claimed_until.eq(None::<NaiveDateTime>),
    );
    match next {
        Some(at) => diesel::update(target)
            .set((changes, outbox::next_attempt_at.eq(at)))
            .execute(conn),
        None => diesel::update(target).set(changes).execute(conn),
    }
}

/// How many rows are in each status.
pub fn count_by_status(conn: &mut DbConnection) -> QueryResult<Vec<(String, i64)>> {
    outbox::table
        .group_by(outbox::status)
        .select((outbox::status, diesel::dsl::count_star()))
        .load(conn)
}

/// The newest rows first, optionally of one status.
pub fn list(
    conn: &mut DbConnection,
    status: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let mut query = outbox::table.select(OutboxRow::as_select()).into_boxed();
    if let Some(status) = status {
        query = query.filter(outbox::status.eq(status.to_owned()));
    }
    query
        .order(outbox::created_at.desc())
        .limit(limit)
        .load(conn)
}

pub fn find(conn: &mut DbConnection, id: &str) -> QueryResult<Option<OutboxRow>> {
    outbox::table
        .find(id)
        .select(OutboxRow::as_select())
        .first(conn)
        .optional()
}
