//! The database: one connection type over SQLite and PostgreSQL, the pool,
//! the embedded migrations, and the queries (one file per table or aggregate).
//! Store functions take a connection and return diesel's `QueryResult`.

pub mod action_tokens;
pub mod assignments;
pub mod audit;
pub mod batch;
pub mod broadcasts;
pub mod conflicts;
pub mod connection;
pub mod consents;
pub mod cycles;
pub mod demo;
pub mod faults;
pub mod group_commit;
pub mod judging;
pub mod memo;
pub mod next_year;
pub mod nominations;
pub mod outbox;
pub mod publication;
pub mod rate_counters;
pub mod results;
pub mod retention;
pub mod schema;
pub mod sessions;
pub mod users;
pub mod year_counts;

pub use batch::insert_batch;
pub use connection::{Backend, Db, DbConnection, write_transaction};

use chrono::{DateTime, NaiveDateTime, Utc};
use diesel::result::Error as DieselError;
use uuid::Uuid;

/// Parses an id column (UUID held as TEXT) into its typed wrapper.
pub(crate) fn parse_id<T: From<Uuid>>(text: &str) -> diesel::QueryResult<T> {
    Uuid::parse_str(text)
        .map(T::from)
        .map_err(|error| DieselError::DeserializationError(Box::new(error)))
}

/// Database timestamps are naive UTC.
pub(crate) fn to_db_time(at: DateTime<Utc>) -> NaiveDateTime {
    at.naive_utc()
}

pub(crate) fn from_db_time(at: NaiveDateTime) -> DateTime<Utc> {
    at.and_utc()
}
