//! Values read from the database that rarely change, kept in memory for a
//! short time so that hot read paths (the public pages, the checks before a
//! nomination is written) skip the database. A memo keeps one value of each
//! type, all read from the same tables and forgotten together.
//!
//! This process forgets the value as soon as it changes what the value was
//! read from ([`Memo::forget`]); other processes sharing the database see the
//! change once their copy is older than its time to live. A value read before
//! a change and put after it is refused, so a slow reader never brings back
//! what a writer has just replaced.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

type Shared = Arc<dyn Any + Send + Sync>;

/// The transactions committed on one database's connections, shared by
/// that database's handle and its memos: memos made with
/// [`Memo::following_writes`] forget what they hold at each one.
#[derive(Debug, Clone, Default)]
pub struct Commits(Arc<AtomicU64>);

impl Commits {
    /// Records that a transaction was committed.
    pub fn note(&self) {
        self.0.fetch_add(1, Ordering::AcqRel);
    }

    pub fn count(&self) -> u64 {
        self.0.load(Ordering::Acquire)
    }
}

/// Memoised values, one of each type, with their time to live.
pub struct Memo {
    time_to_live: Duration,
    /// Bumped by every `forget`; a value is kept only if it was read in the
    /// generation that is still current.
    generation: AtomicU64,
    /// The commits that also start a new generation, if any.
    commits: Option<Commits>,
    slots: RwLock<HashMap<TypeId, Entry>>,
    /// Taken by whoever reads a missing value, so that many requests arriving
    /// together read it once instead of all at once.
    reading: tokio::sync::Mutex<()>,
}

struct Entry {
    generation: u64,
    read_at: Instant,
    value: Shared,
}

/// Proof of when a read began, for [`Memo::put`].
#[derive(Debug, Clone, Copy)]
pub struct ReadTicket {
    generation: u64,
    started: Instant,
}

impl Memo {
    pub fn new(time_to_live: Duration) -> Memo {
        Memo {
            time_to_live,
            generation: AtomicU64::new(0),
            commits: None,
            slots: RwLock::new(HashMap::new()),
            reading: tokio::sync::Mutex::new(()),
        }
    }

    /// A memo whose values are also forgotten at each of `commits`, for
    /// values read from data that many use cases change.
    pub fn following_writes(time_to_live: Duration, commits: Commits) -> Memo {
        Memo {
            commits: Some(commits),
            ..Memo::new(time_to_live)
        }
    }

    /// The generation values must have been read in to be served.
    fn current(&self) -> u64 {
        let own = self.generation.load(Ordering::Acquire);
        match &self.commits {
            Some(commits) => own.wrapping_add(commits.count()),
            None => own,
        }
    }

    /// The value of type `T`, if one is kept and is young enough.
    pub fn get<T: Any + Send + Sync>(&self) -> Option<Arc<T>> {
        let slots = self.slots.read().ok()?;
        let entry = slots.get(&TypeId::of::<T>())?;
        if entry.generation != self.current() || entry.read_at.elapsed() >= self.time_to_live {
            return None;
        }
        Arc::clone(&entry.value).downcast::<T>().ok()
    }

    /// The value of type `T`, read by `read` when none is kept. One caller
    /// reads at a time; the others wait for it, then find its value.
    pub async fn get_or_read<T, E, F, Fut>(&self, read: F) -> Result<Arc<T>, E>
    where
        T: Any + Send + Sync,
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, E>>,
    {
        if let Some(value) = self.get::<T>() {
            return Ok(value);
        }
        let _turn = self.one_reader().await;
        if let Some(value) = self.get::<T>() {
            return Ok(value);
        }
        let ticket = self.begin_read();
        let value = Arc::new(read().await?);
        self.put(ticket, Arc::clone(&value));
        Ok(value)
    }

    /// Waits for the turn to read a missing value (see [`Memo::get_or_read`]),
    /// for callers that look inside the value before deciding to read.
    pub async fn one_reader(&self) -> tokio::sync::MutexGuard<'_, ()> {
        self.reading.lock().await
    }

    /// Call before reading the value from the database.
    pub fn begin_read(&self) -> ReadTicket {
        ReadTicket {
            generation: self.current(),
            started: Instant::now(),
        }
    }

    /// Keeps `value`, read since `ticket`, unless the value was forgotten in
    /// the meantime.
    pub fn put<T: Any + Send + Sync>(&self, ticket: ReadTicket, value: Arc<T>) {
        let Ok(mut slots) = self.slots.write() else {
            return;
        };
        if ticket.generation == self.current() {
            slots.insert(
                TypeId::of::<T>(),
                Entry {
                    generation: ticket.generation,
                    read_at: ticket.started,
                    value,
                },
            );
        }
    }

    /// Drops every value: what they were read from has changed.
    pub fn forget(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut slots) = self.slots.write() {
            slots.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LONG: Duration = Duration::from_secs(3600);

    #[test]
    fn keeps_a_value_until_it_is_forgotten() {
        let memo = Memo::new(LONG);
        assert!(memo.get::<String>().is_none());
        memo.put(memo.begin_read(), Arc::new("programme".to_owned()));
        assert_eq!(
            memo.get::<String>().as_deref(),
            Some(&"programme".to_owned())
        );
        memo.forget();
        assert!(memo.get::<String>().is_none());
    }

    #[test]
    fn refuses_a_value_read_before_a_change() {
        let memo = Memo::new(LONG);
        let ticket = memo.begin_read();
        memo.forget();
        memo.put(ticket, Arc::new(1_u32));
        assert!(memo.get::<u32>().is_none());
        memo.put(memo.begin_read(), Arc::new(2_u32));
        assert_eq!(memo.get::<u32>().as_deref(), Some(&2));
    }

    #[test]
    fn a_value_expires_after_its_time_to_live() {
        let memo = Memo::new(Duration::ZERO);
        memo.put(memo.begin_read(), Arc::new(1_u32));
        assert!(memo.get::<u32>().is_none());
    }

    #[test]
    fn a_value_of_another_type_is_not_found() {
        let memo = Memo::new(LONG);
        memo.put(memo.begin_read(), Arc::new(1_u32));
        assert!(memo.get::<String>().is_none());
    }

    #[test]
    fn a_memo_following_writes_forgets_at_a_commit() {
        let commits = Commits::default();
        let memo = Memo::following_writes(LONG, commits.clone());
        let ticket = memo.begin_read();
        commits.note();
        memo.put(ticket, Arc::new(1_u32));
        assert!(memo.get::<u32>().is_none(), "read before the commit");
        memo.put(memo.begin_read(), Arc::new(2_u32));
        commits.note();
        assert!(memo.get::<u32>().is_none(), "kept before the commit");
    }

    #[test]
    fn a_memo_follows_the_commits_of_its_own_database_only() {
        let (ours, theirs) = (Commits::default(), Commits::default());
        let memo = Memo::following_writes(LONG, ours.clone());
        memo.put(memo.begin_read(), Arc::new(1_u32));
        theirs.note();
        assert_eq!(memo.get::<u32>().as_deref(), Some(&1), "another database");
        ours.note();
        assert!(memo.get::<u32>().is_none(), "its own database");
    }

    #[tokio::test]
    async fn callers_arriving_together_read_once() {
        let memo = Arc::new(Memo::new(LONG));
        let reads = Arc::new(AtomicU64::new(0));
        let callers: Vec<_> = (0..8)
            .map(|_| {
                let (memo, reads) = (Arc::clone(&memo), Arc::clone(&reads));
                tokio::spawn(async move {
                    memo.get_or_read(|| async {
                        reads.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(20)).await;
                        Ok::<_, ()>(7_u32)
                    })
                    .await
                })
            })
            .collect();
        for caller in callers {
            assert_eq!(caller.await.unwrap().as_deref(), Ok(&7));
        }
        assert_eq!(reads.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn keeps_one_value_of_each_type_and_forgets_them_together() {
        let memo = Memo::new(LONG);
        memo.put(memo.begin_read(), Arc::new(1_u32));
        memo.put(memo.begin_read(), Arc::new("categories".to_owned()));
        memo.put(memo.begin_read(), Arc::new(2_u32));
        assert_eq!(memo.get::<u32>().as_deref(), Some(&2));
        assert_eq!(
            memo.get::<String>().as_deref(),
            Some(&"categories".to_owned())
        );
        memo.forget();
        assert!(memo.get::<u32>().is_none());
        assert!(memo.get::<String>().is_none());
    }
}
