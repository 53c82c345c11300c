//! One connection type for both backends, chosen at run time from the URL,
//! and an r2d2 pool whose connections are set up for concurrent use, are
//! checked before each use (so that a database restart costs only the
//! connections it cut, not the service) and count their commits for the
//! caches of the one database they belong to.

use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use diesel::Connection;
use diesel::connection::{
    AnsiTransactionManager, Instrumentation, InstrumentationEvent, SimpleConnection,
    TransactionManager,
};
use diesel::pg::PgConnection;
use diesel::r2d2::{self, ManageConnection, Pool, PooledConnection, R2D2Connection};
use diesel::sqlite::SqliteConnection;
use diesel_migrations::{EmbeddedMigrations, MigrationHarness, embed_migrations};

use super::group_commit::GroupCommit;
use super::memo::{Commits, Memo};

pub const MIGRATIONS: EmbeddedMigrations = embed_migrations!("migrations");

/// A connection to whichever database `DATABASE_URL` names.
#[derive(diesel::MultiConnection)]
pub enum DbConnection {
    Postgres(PgConnection),
    Sqlite(SqliteConnection),
}

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// What each SQLite connection runs first. `busy_timeout` comes first so that
/// switching to WAL waits for other connections instead of failing.
/// `synchronous = FULL` makes every commit survive a power cut, which is the
/// promise made to a nominator who sees their reference. Sorts and other
/// temporary work stay in memory instead of going through temporary files.
/// (Mapping the file into memory was tried: it made little difference once
/// the organisers' reads came from covering indexes, and counted the mapped
/// pages in the server's memory.)
const SQLITE_PRAGMAS: &str = "PRAGMA busy_timeout = 10000; \
     PRAGMA journal_mode = WAL; \
     PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; \
     PRAGMA temp_store = MEMORY;";

/// Opens connections for the pool, reporting the backend's own error at once.
#[derive(Clone)]
pub struct ConnectionManager {
    backend: Backend,
    url: String,
    /// Where this database's connections count their commits.
    commits: Commits,
}

impl std::fmt::Debug for ConnectionManager {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The URL may hold a password.
        f.debug_struct("ConnectionManager")
            .field("backend", &self.backend)
            .finish_non_exhaustive()
    }
}

impl ManageConnection for ConnectionManager {
    type Connection = DbConnection;
    type Error = r2d2::Error;

    fn connect(&self) -> Result<DbConnection, r2d2::Error> {
        let counter = CountCommits {
            commits: self.commits.clone(),
            committing: false,
        };
        match self.backend {
            Backend::Postgres => {
                let mut conn =
                    PgConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                conn.set_instrumentation(counter);
                Ok(DbConnection::Postgres(conn))
            }
            Backend::Sqlite => {
                let mut conn =
                    SqliteConnection::establish(&self.url).map_err(r2d2::Error::ConnectionError)?;
                conn.batch_execute(SQLITE_PRAGMAS)
                    .map_err(r2d2::Error::QueryError)?;
                conn.set_instrumentation(counter);
                Ok(DbConnection::Sqlite(conn))
            }
        }
    }

    /// Run at every check-out: a connection the server has closed (after a
    /// restart or a fail-over) fails this one round trip and is replaced.
    fn is_valid(&self, conn: &mut DbConnection) -> Result<(), r2d2::Error> {
        conn.ping().map_err(r2d2::Error::QueryError)
    }

    /// Run at every check-in: a connection whose transaction could not be
    /// ended (its server went away mid-transaction) is never handed out again.
    fn has_broken(&self, conn: &mut DbConnection) -> bool {
        std::thread::panicking() || conn.is_broken()
    }
}

/// Counts a connection's commits of a whole transaction into its database's
/// [`Commits`]: diesel announces a commit, then reports how its `COMMIT`
/// statement ended.
struct CountCommits {
    commits: Commits,
    committing: bool,
}

impl Instrumentation for CountCommits {
    fn on_connection_event(&mut self, event: InstrumentationEvent<'_>) {
        match event {
            InstrumentationEvent::CommitTransaction { depth, .. } => {
                self.committing = depth.get() == 1;
            }
            InstrumentationEvent::FinishQuery { error, .. } if self.committing => {
                self.committing = false;
                if error.is_none() {
                    self.commits.note();
                }
            }
            _ => {}
        }
    }
}

/// The pool of database connections, cheap to clone.
#[derive(Clone)]
pub struct Db {
    pool: Pool<ConnectionManager>,
    backend: Backend,
    /// The cycles with their categories, as the public pages show them.
    programme: Arc<Memo>,
    /// What is computed from the judging (results), forgotten at every write.
    judging: Arc<Memo>,
    /// The writer thread shared by the writes sent through `write`.
    group_commit: GroupCommit,
    /// The write transactions committed on this database's connections.
    commits: Commits,
}

/// How long one instance may show a programme another instance has changed.
pub const PROGRAMME_TIME_TO_LIVE: Duration = Duration::from_secs(1);

/// How long one instance may show results another instance's writes changed.
pub const JUDGING_TIME_TO_LIVE: Duration = Duration::from_secs(1);

pub type PooledDb = PooledConnection<ConnectionManager>;

impl Db {
    /// Connects to `url` (a path or `sqlite://PATH`, or `postgres://…`).
    pub fn connect(backend: Backend, url: &str, max_size: u32) -> anyhow::Result<Db> {
        let commits = Commits::default();
        let manager = ConnectionManager {
            backend,
            url: url.to_owned(),
            commits: commits.clone(),
        };
        // Try one connection first, so that an unreachable database is reported
        // with the backend's own words instead of a pool timeout.
        manager
            .connect()
            .map_err(|error| anyhow::anyhow!("{error}"))
            .context("cannot connect to the database")?;
        let pool = Pool::builder()
            .max_size(max_size)
            .connection_timeout(Duration::from_secs(10))
            .test_on_check_out(true)
            .build(manager)
            .context("cannot open the database connection pool")?;
        let group_commit = GroupCommit::start(pool.clone(), backend)?;
        Ok(Db {
            pool,
            backend,
            programme: Arc::new(Memo::new(PROGRAMME_TIME_TO_LIVE)),
            judging: Arc::new(Memo::following_writes(
                JUDGING_TIME_TO_LIVE,
                commits.clone(),
            )),
            group_commit,
            commits,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The programme (cycles, categories, questions, criteria) kept in
    /// memory; whoever changes it calls `forget` after committing.
    pub fn programme(&self) -> &Memo {
        &self.programme
    }

    /// What is computed from reviews, decisions and nominations (results),
    /// kept in memory until a write to this database commits (here; another
    /// process's writes are seen after the time to live).
    pub fn judging(&self) -> &Memo {
        &self.judging
    }

    /// How many transactions this database's connections have committed.
    pub fn commits(&self) -> u64 {
        self.commits.count()
    }

    /// A connection from the pool, for blocking code.
    pub fn get(&self) -> anyhow::Result<PooledDb> {
        self.pool
            .get()
            .context("no database connection is available")
    }

    /// Runs blocking database work on the blocking thread pool.
    pub async fn run<T, F>(&self, work: F) -> anyhow::Result<T>
    where
        F: FnOnce(&mut DbConnection) -> anyhow::Result<T> + Send + 'static,
        T: Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.get()?;
            work(&mut conn)
        })
        .await
        .context("database task stopped")?
    }

    /// Runs `work` in a write transaction and answers once it is committed.
    /// The writes of this process share transactions (see [`GroupCommit`]),
    /// so `work` must not begin its own transaction with `BEGIN` (nested
    /// `write_transaction`s become savepoints).
    pub async fn write<T, E, F>(&self, work: F) -> Result<T, E>
    where
        F: FnOnce(&mut DbConnection) -> Result<T, E> + Send + 'static,
        T: Send + 'static,
        E: From<diesel::result::Error> + From<anyhow::Error> + Send + 'static,
    {
        self.group_commit.write(work).await
    }

    /// Applies the embedded migrations that have not run yet.
    pub fn migrate(&self) -> anyhow::Result<usize> {
        let mut conn = self.get()?;
        let applied = conn
            .run_pending_migrations(MIGRATIONS)
            .map_err(|error| anyhow::anyhow!("{error}"))
            .context("cannot apply the database migrations")?;
        Ok(applied.len())
    }
}

/// Runs `work` in a transaction that may write. On SQLite it begins with
/// `BEGIN IMMEDIATE`, so that a transaction that reads and then writes takes
/// the write lock up front instead of failing with "database is locked" when
/// another writer got there first. On PostgreSQL it is a plain transaction.
pub fn write_transaction<T, E, F>(conn: &mut DbConnection, work: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConnection) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    let DbConnection::Sqlite(sqlite) = conn else {
        return conn.transaction(work);
    };
    if AnsiTransactionManager::transaction_manager_status_mut(sqlite)
        .transaction_depth()?
        .is_some()
    {
        // Already inside a write (such as one of `Db::write`): a savepoint.
        return conn.transaction(work);
    }
    AnsiTransactionManager::begin_transaction_sql(sqlite, "BEGIN IMMEDIATE")?;
    match work(conn) {
        Ok(value) => {
            end_sqlite_transaction(conn, true)?;
            Ok(value)
        }
        Err(error) => {
            end_sqlite_transaction(conn, false)?;
            Err(error)
        }
    }
}

/// Commits (or rolls back) the transaction `write_transaction` began; a commit
/// that fails is rolled back so the connection goes back to the pool clean.
fn end_sqlite_transaction(conn: &mut DbConnection, commit: bool) -> diesel::QueryResult<()> {
    let DbConnection::Sqlite(sqlite) = conn else {
        return Ok(());
    };
    if !commit {
        return AnsiTransactionManager::rollback_transaction(sqlite);
    }
    AnsiTransactionManager::commit_transaction(sqlite).inspect_err(|_| {
        let _ = AnsiTransactionManager::rollback_transaction(sqlite);
    })
}
