//! Broadcasts: the email an organiser sent to an audience, the outbox rows
//! it queued (for progress and retries), and who the judges of a cycle are.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::DbConnection;
use super::outbox::{FAILED, OutboxRow, PENDING};
use super::schema::{
    assignments, broadcast_messages, broadcasts, categories, judge_panels, outbox, users,
};

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = broadcasts)]
pub struct BroadcastRow {
    pub id: String,
    pub cycle_id: String,
    pub audience: String,
    pub subject: String,
    pub body: String,
    pub created_by: Option<String>,
    pub created_at: NaiveDateTime,
}

pub fn insert(conn: &mut DbConnection, row: &BroadcastRow) -> QueryResult<()> {
    diesel::insert_into(broadcasts::table)
        .values(row)
        .execute(conn)
        .map(drop)
}

/// Links an outbox row to the broadcast that queued it.
pub fn link(conn: &mut DbConnection, broadcast_id: &str, outbox_id: &str) -> QueryResult<()> {
    diesel::insert_into(broadcast_messages::table)
        .values((
            broadcast_messages::broadcast_id.eq(broadcast_id),
            broadcast_messages::outbox_id.eq(outbox_id),
        ))
        .execute(conn)
        .map(drop)
}

/// A cycle's broadcasts, newest first.
pub fn for_cycle(conn: &mut DbConnection, cycle_id: &str) -> QueryResult<Vec<BroadcastRow>> {
    broadcasts::table
        .filter(broadcasts::cycle_id.eq(cycle_id))
        .order(broadcasts::created_at.desc())
        .select(BroadcastRow::as_select())
        .load(conn)
}

/// (broadcast id, outbox status, count) for a cycle's broadcasts.
pub fn progress(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, i64)>> {
    broadcast_messages::table
        .inner_join(broadcasts::table)
        .inner_join(outbox::table)
        .filter(broadcasts::cycle_id.eq(cycle_id))
        .group_by((broadcast_messages::broadcast_id, outbox::status))
        .select((
            broadcast_messages::broadcast_id,
            outbox::status,
            diesel::dsl::count_star(),
        ))
        .load(conn)
}

/// Outbox rows, newest first, optionally of one status and one broadcast.
pub fn outbox_rows(
    conn: &mut DbConnection,
    status: Option<&str>,
    broadcast_id: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<OutboxRow>> {
    let mut query = outbox::table.select(OutboxRow::as_select()).into_boxed();
    if let Some(status) = status {
        query = query.filter(outbox::status.eq(status.to_owned()));
    }
    if let Some(broadcast_id) = broadcast_id {
        query = query.filter(
            outbox::id.eq_any(
                broadcast_messages::table
                    .filter(broadcast_messages::broadcast_id.eq(broadcast_id.to_owned()))
                    .select(broadcast_messages::outbox_id),
            ),
        );
    }
    query
        .order((outbox::created_at.desc(), outbox::id))
        .limit(limit)
        .load(conn)
}

/// Makes failed rows (of one broadcast, or all) due again with fresh attempts.
pub fn retry_failed(
    conn: &mut DbConnection,
    broadcast_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let changes = (
        outbox::status.eq(PENDING),
        outbox::attempts.eq(0),
        outbox::next_attempt_at.eq(now),
    );
    match broadcast_id {
        Some(id) => diesel::update(
            outbox::table.filter(outbox::status.eq(FAILED)).filter(
                outbox::id.eq_any(
                    broadcast_messages::table
                        .filter(broadcast_messages::broadcast_id.eq(id))
                        .select(broadcast_messages::outbox_id),
                ),
            ),
        )
        .set(changes)
        .execute(conn),
        None => diesel::update(outbox::table.filter(outbox::status.eq(FAILED)))
            .set(changes)
            .execute(conn),
    }
}

/// The active judges of a cycle: on a panel of one of its categories, or
/// with an assignment in it; as (id, email, name), by name.
pub fn judges_of(
    conn: &mut DbConnection,
    cycle_id: &str,
) -> QueryResult<Vec<(String, String, String)>> {
    let on_panel = judge_panels::table
        .inner_join(categories::table)
        .filter(categories::cycle_id.eq(cycle_id))
        .select(judge_panels::user_id);
    let assigned = assignments::table
        .filter(assignments::cycle_id.eq(cycle_id))
        .select(assignments::judge_id);
    users::table
        .filter(users::role.eq("judge"))
        .filter(users::active.eq(true))
        .filter(users::id.eq_any(on_panel).or(users::id.eq_any(assigned)))
        .order((users::name, users::email))
        .select((users::id, users::email, users::name))
        .load(conn)
}
