//! Rate limits over windows of `window` (starting at whole multiples of it
//! since 1970, so every instance agrees where one ends), counted per key.
//! The count is the sliding-window estimate: this window's hits plus the
//! previous window's, weighted by how much of the previous window a window
//! ending now would still cover. So a burst at the end of one window and
//! another at the start of the next cannot pass twice the limit. Over the
//! limit, the answer says how many seconds until one more hit would fit.

use chrono::{DateTime, Duration, TimeZone, Utc};

/// A limit on one kind of request, counted per some key (an address, an
/// email address, an account).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// What is counted, the first part of each counter's key.
    pub name: &'static str,
    pub max: u32,
    pub window: Duration,
}

/// Password-reset requests from one client address.
pub const RESET_PER_ADDRESS: Limit = Limit {
    name: "reset.address",
    max: 10,
    window: Duration::hours(1),
};
/// Password-reset requests naming one email address.
pub const RESET_PER_EMAIL: Limit = Limit {
    name: "reset.email",
    max: 3,
    window: Duration::hours(1),
};
/// Password-reset emails sent to one account.
pub const RESET_PER_ACCOUNT: Limit = Limit {
    name: "reset.account",
    max: 3,
    window: Duration::hours(1),
};

/// The window a hit at `at` falls in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Limit {
    /// The public nomination endpoints: `per_minute` from one address.
    pub fn public_per_minute(per_minute: u32) -> Limit {
        Limit {
            name: "public.address",
            max: per_minute,
            window: Duration::minutes(1),
        }
    }

    /// The counter's key for `subject`.
    pub fn key(&self, subject: &str) -> String {
        format!("{}:{subject}", self.name)
    }

    pub fn window_at(&self, at: DateTime<Utc>) -> Window {
        let length = self.window.num_seconds().max(1);
        let start_secs = at.timestamp().div_euclid(length) * length;
        let start = Utc.timestamp_opt(start_secs, 0).single().unwrap_or(at);
        Window {
            start,
            end: start + Duration::seconds(length),
        }
    }

    /// Whether a hit is allowed, `hits` being this window's hits (this one
    /// included) and `previous` the previous window's; if not, the whole
    /// seconds to wait until one more would be (at least one).
    pub fn verdict(
        &self,
        previous: i64,
        hits: i64,
        window: &Window,
        now: DateTime<Utc>,
    ) -> Result<(), u64> {
        let length = self.window.num_milliseconds().max(1);
        let left = (window.end - now).num_milliseconds().clamp(0, length) as f64;
        let length = length as f64;
        let (max, previous, hits) = (f64::from(self.max), previous as f64, hits as f64);
        if previous * left / length + hits <= max {
            return Ok(());
        }
        let wait_ms = if hits + 1.0 <= max {
            // The previous window's weight must fall until one more fits.
            left - (max - hits - 1.0) * length / previous
        } else {
            // Into the next window, where this one's hits weigh less and less.
            left + length * (1.0 - (max - 1.0) / hits)
        };
        Err(((wait_ms / 1000.0).ceil() as u64).max(1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().to_utc()
    }

    #[test]
    fn windows_are_aligned_so_every_instance_agrees() {
        let limit = Limit::public_per_minute(5);
        let window = limit.window_at(at("2026-12-01T10:15:42.5Z"));
        assert_eq!(window.start, at("2026-12-01T10:15:00Z"));
        assert_eq!(window.end, at("2026-12-01T10:16:00Z"));
        let hourly = RESET_PER_EMAIL.window_at(at("2026-12-01T10:15:42Z"));
        assert_eq!(hourly.start, at("2026-12-01T10:00:00Z"));
    }

    #[test]
    fn up_to_max_hits_pass_then_the_wait_runs_past_the_window_end() {
        let limit = Limit::public_per_minute(2);
        let now = at("2026-12-01T10:15:42.5Z");
        let window = limit.window_at(now);
        assert_eq!(limit.verdict(0, 1, &window, now), Ok(()));
        assert_eq!(limit.verdict(0, 2, &window, now), Ok(()));
        // 17.5 s to the end of the window, then until 3 * (1 - f) + 1 <= 2.
        assert_eq!(limit.verdict(0, 3, &window, now), Err(18 + 40));
    }

    #[test]
    fn the_previous_window_still_counts_while_it_is_recent() {
        let limit = Limit::public_per_minute(3);
        let start = at("2026-12-01T10:16:00Z");
        let window = limit.window_at(start);
        let just_after = start + Duration::milliseconds(500);
        assert!(
            limit.verdict(3, 1, &window, just_after).is_err(),
            "three hits just before the minute turned still weigh almost fully"
        );
        let later = start + Duration::seconds(45);
        assert_eq!(limit.verdict(3, 1, &window, later), Ok(()));
        // At 0 s: 3 * (60 - w) / 60 + 1 + 1 <= 3 from w = 40 s.
        assert_eq!(limit.verdict(3, 1, &window, start), Err(40));
    }

    proptest! {
        #[test]
        fn after_the_wait_one_more_hit_fits(
            previous in 0i64..50, hits in 1i64..50, max in 1u32..20, offset in 0i64..60_000,
        ) {
            let limit = Limit { name: "t", max, window: Duration::minutes(1) };
            let now = at("2026-12-01T10:16:00Z") + Duration::milliseconds(offset);
            let window = limit.window_at(now);
            if let Err(wait) = limit.verdict(previous, hits, &window, now) {
                let then = now + Duration::seconds(i64::try_from(wait).unwrap());
                let later = limit.window_at(then);
                let fits = if later == window {
                    limit.verdict(previous, hits + 1, &window, then)
                } else if later.start == window.end {
                    limit.verdict(hits, 1, &later, then)
                } else {
                    limit.verdict(0, 1, &later, then)
                };
                prop_assert_eq!(fits, Ok(()));
            }
        }
    }

    #[test]
    fn keys_name_the_limit() {
        assert_eq!(RESET_PER_ACCOUNT.key("abc"), "reset.account:abc");
    }

    proptest! {
        #[test]
        fn every_moment_lies_in_its_window(secs in 0i64..4_000_000_000, minutes in 1i64..1_000) {
            let limit = Limit { name: "t", max: 1, window: Duration::minutes(minutes) };
            let now = Utc.timestamp_opt(secs, 0).unwrap();
            let window = limit.window_at(now);
            prop_assert!(window.start <= now && now < window.end);
            prop_assert_eq!(window.end - window.start, limit.window);
        }
    }
}
