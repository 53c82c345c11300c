//! Group commit: one thread of this process runs the writes it is handed,
//! many to a transaction, each in its own savepoint, and answers each caller
//! only once the transaction holding its write is durably committed.
//!
//! SQLite lets one connection write at a time and, with `synchronous = FULL`,
//! waits for the disk at every commit. Writers that each open their own
//! transaction queue on SQLite's busy timeout, which sleeps up to 100 ms
//! between tries; here they queue in memory instead, and the fsync of one
//! commit is shared by every write waiting when it starts. On PostgreSQL the
//! writes are nominations, which take the cycle's next gapless reference
//! number and so hold its counter row until they commit: one at a time, each
//! waiting for its own fsync, they would be numbered no faster than the disk
//! flushes; in one transaction the lock and the flush are shared too.
//!
//! A write that fails rolls back its own savepoint only; a commit that fails
//! fails every write in it, and none of them is reported as done.
//!
//! When the database is away (restarting, failing over, its disk full) the
//! writes are refused with [`Unavailable`], so that callers answer "try again"
//! rather than report a bug; the thread waits a little before each new try
//! and takes a fresh, checked connection from the pool for every batch.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::Duration;

use anyhow::anyhow;
use diesel::Connection;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::r2d2::Pool;

use super::connection::{Backend, ConnectionManager, DbConnection};
use super::faults::{Outage, Unavailable, outage_of};

/// The most writes one transaction takes, so that one commit never holds the
/// write lock for long.
const MAX_BATCH: usize = 256;

/// The first wait after a batch failed because the database is away; it
/// doubles at each failure in a row, up to `MAX_PAUSE`.
const FIRST_PAUSE: Duration = Duration::from_millis(50);
const MAX_PAUSE: Duration = Duration::from_secs(1);

/// Why a batch could not be written, told to each of its callers.
#[derive(Debug, Clone)]
struct Refusal {
    outage: Option<Outage>,
    why: String,
}

impl Refusal {
    fn of(error: &diesel::result::Error, doing: &str) -> Refusal {
        Refusal {
            outage: outage_of(error),
            why: format!("{doing}: {error}"),
        }
    }

    fn into_error(self) -> anyhow::Error {
        match self.outage {
            Some(outage) => anyhow::Error::new(Unavailable {
                outage,
                why: self.why,
            }),
            None => anyhow!(self.why),
        }
    }
}

/// Tells a caller how its write ended, once the batch's commit is known.
type Finish = Box<dyn FnOnce(Result<(), Refusal>) + Send>;

/// A caller's write: it runs on the connection (or learns why it cannot) and
/// returns how to tell the caller the outcome.
type Job = Box<dyn FnOnce(Result<&mut DbConnection, Refusal>) -> Finish + Send>;

/// The handle through which writes reach the writing thread.
#[derive(Clone)]
pub struct GroupCommit {
    jobs: Sender<Job>,
}

impl GroupCommit {
    /// Starts the writing thread over connections from `pool`. It stops when
    /// the last handle is dropped.
    pub fn start(pool: Pool<ConnectionManager>, backend: Backend) -> anyhow::Result<GroupCommit> {
        let (jobs, queue) = mpsc::channel::<Job>();
        let name = match backend {
            Backend::Sqlite => "sqlite-writer",
            Backend::Postgres => "postgres-writer",
        };
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || write_batches(&pool, &queue))?;
        Ok(GroupCommit { jobs })
    }

    /// Runs `work` in a savepoint of the next transaction and answers its
    /// result once that transaction is committed.
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<diesel::result::Error> + From<anyhow::Error> + Send + 'static,
    {
        let (answer, outcome) = tokio::sync::oneshot::channel::<Result<T, E>>();
        let job: Job = Box::new(move |conn| {
            let result = match conn {
                Ok(conn) => conn.transaction(work),
                Err(refusal) => Err(refusal.into_error().into()),
            };
            Box::new(move |committed: Result<(), Refusal>| {
                let result = match committed {
                    Ok(()) => result,
                    Err(refusal) if result.is_ok() => Err(refusal.into_error().into()),
                    Err(_) => result,
                };
                // The caller may have gone away (its request was dropped);
                // the write stands either way.
                let _ = answer.send(result);
            })
        });
        self.jobs
            .send(job)
            .map_err(|_| anyhow!("the database writer has stopped"))?;
        outcome
            .await
            .map_err(|_| anyhow!("the database writer stopped before answering"))?
    }
}

fn write_batches(pool: &Pool<ConnectionManager>, queue: &Receiver<Job>) {
    let mut pause = FIRST_PAUSE;
    while let Ok(first) = queue.recv() {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        if write_batch(pool, batch).is_some() {
            // The database is away: give it a moment instead of failing the
            // next writes as fast as they come.
            std::thread::sleep(pause);
            pause = (pause * 2).min(MAX_PAUSE);
        } else {
            pause = FIRST_PAUSE;
        }
    }
}

/// Writes one batch; answers the outage that stopped it, if one did. The
/// connection goes back to the pool, which drops it if it is broken (and
/// checks it before it is used again).
fn write_batch(pool: &Pool<ConnectionManager>, batch: Vec<Job>) -> Option<Outage> {
    let mut conn = match pool.get() {
        Ok(conn) => conn,
        Err(error) => {
            let refusal = Refusal {
                outage: Some(Outage::Unreachable),
                why: format!("no database connection: {error}"),
            };
            return refuse(batch, refusal);
        }
    };
    if let Err(error) = begin(&mut conn) {
        return refuse(batch, Refusal::of(&error, "cannot begin a transaction"));
    }
    let ran = catch_unwind(AssertUnwindSafe(|| {
        batch
            .into_iter()
            .map(|job| job(Ok(&mut conn)))
            .collect::<Vec<Finish>>()
    }));
    let Ok(finishers) = ran else {
        // A write panicked: its caller hears that the writer stopped, and the
        // others in the batch, rolled back with it, hear the same.
        rollback_all(&mut conn);
        return None;
    };
    let committed = commit(&mut conn).map_err(|error| {
        let _ = rollback(&mut conn);
        Refusal::of(&error, "the write could not be committed")
    });
    let outage = committed.as_ref().err().and_then(|refusal| refusal.outage);
    for finish in finishers {
        finish(committed.clone());
    }
    outage
}

fn refuse(batch: Vec<Job>, refusal: Refusal) -> Option<Outage> {
    let outage = refusal.outage;
    for job in batch {
        job(Err(refusal.clone()))(Err(refusal.clone()));
    }
    outage
}

fn begin(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")
        }
        DbConnection::Postgres(pg) => AnsiTransactionManager::begin_transaction(pg),
    }
}

fn commit(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(sqlite) => AnsiTransactionManager::commit_transaction(sqlite),
        DbConnection::Postgres(pg) => AnsiTransactionManager::commit_transaction(pg),
    }
}

/// Rolls back every savepoint a panicking write left open, then the
/// transaction, so that the connection goes back to the pool clean.
fn rollback_all(conn: &mut DbConnection) {
    while in_transaction(conn) {
        if rollback(conn).is_err() {
            break;
        }
    }
}

fn in_transaction(conn: &mut DbConnection) -> bool {
    let status = match conn {
        DbConnection::Sqlite(sqlite) => {
            AnsiTransactionManager::transaction_manager_status_mut(sqlite)
        }
        DbConnection::Postgres(pg) => AnsiTransactionManager::transaction_manager_status_mut(pg),
    };
    !matches!(status.transaction_depth(), Ok(None))
}

fn rollback(conn: &mut DbConnection) -> diesel::QueryResult<()> {
    match conn {
        DbConnection::Sqlite(sqlite) => AnsiTransactionManager::rollback_transaction(sqlite),
        DbConnection::Postgres(pg) => AnsiTransactionManager::rollback_transaction(pg),
    }
}
