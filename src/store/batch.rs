//! Many rows per INSERT. Batch inserts do not go through the connection
//! enum, so each runs on the backend's own connection.

/// Rows per statement: under SQLite's limit of 32,766 bound values for the
/// widest table.
pub const ROWS: usize = 500;

/// Inserts `rows` into `table` on whichever backend `conn` is.
#[macro_export]
#[doc(hidden)]
macro_rules! __insert_batch {
    ($conn:expr, $table:expr, $rows:expr) => {
        match $conn {
            $crate::store::DbConnection::Postgres(pg) => {
                diesel::insert_into($table).values($rows).execute(pg)
            }
            $crate::store::DbConnection::Sqlite(sqlite) => {
                diesel::insert_into($table).values($rows).execute(sqlite)
            }
        }
    };
}
pub use crate::__insert_batch as insert_batch;
