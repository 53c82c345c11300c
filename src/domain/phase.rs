//! The phase of a cycle, computed from its dates and the time now.

use chrono::{DateTime, Utc};
use serde::Serialize;

/// Where a cycle stands. Each phase starts at a date of the cycle:
/// nominations open, nominations close, judging closes, results published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Nominations have not opened yet.
    Upcoming,
    /// The public can nominate.
    Nominating,
    /// Nominations are closed; judges score.
    Judging,
    /// Judging is closed; organisers choose the shortlist and winners.
    Deciding,
    /// The results are public.
    Published,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Upcoming => "upcoming",
            Phase::Nominating => "nominating",
            Phase::Judging => "judging",
            Phase::Deciding => "deciding",
            Phase::Published => "published",
        }
    }
}

/// The dates that decide a cycle's phase. Each boundary belongs to the phase
/// it starts: at exactly `nominations_close_at`, nominations are closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CycleDates {
    pub nominations_open_at: DateTime<Utc>,
    pub nominations_close_at: DateTime<Utc>,
    pub judging_close_at: DateTime<Utc>,
    pub results_published_at: Option<DateTime<Utc>>,
}

/// Why a set of dates cannot make a cycle.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatesError {
    #[error("nominations must close after they open")]
    CloseBeforeOpen,
    #[error("judging must close after nominations close")]
    JudgingBeforeClose,
}

impl CycleDates {
    /// Checks that the dates come in order.
    pub fn validate(self) -> Result<CycleDates, DatesError> {
        if self.nominations_close_at <= self.nominations_open_at {
            return Err(DatesError::CloseBeforeOpen);
        }
        if self.judging_close_at <= self.nominations_close_at {
            return Err(DatesError::JudgingBeforeClose);
        }
        Ok(self)
    }

    /// The phase at `now`.
    pub fn phase_at(&self, now: DateTime<Utc>) -> Phase {
        if self.results_published_at.is_some_and(|at| at <= now) {
            Phase::Published
        } else if now < self.nominations_open_at {
            Phase::Upcoming
        } else if now < self.nominations_close_at {
            Phase::Nominating
        } else if now < self.judging_close_at {
            Phase::Judging
        } else {
            Phase::Deciding
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    fn dates(published: Option<DateTime<Utc>>) -> CycleDates {
        CycleDates {
            nominations_open_at: Utc.with_ymd_and_hms(2016, 6, 1, 9, 0, 0).unwrap(),
            nominations_close_at: Utc.with_ymd_and_hms(2016, 8, 5, 17, 0, 0).unwrap(),
            judging_close_at: Utc.with_ymd_and_hms(2016, 9, 2, 17, 0, 0).unwrap(),
            results_published_at: published,
        }
    }

    #[test]
    fn each_boundary_belongs_to_the_phase_it_starts() {
        let d = dates(None);
        let tick = Duration::microseconds(1);
        let cases = [
            (
                d.nominations_open_at - tick,
                Phase::Upcoming,
                "just before opening",
            ),
            (d.nominations_open_at, Phase::Nominating, "at opening"),
            (
                d.nominations_close_at - tick,
                Phase::Nominating,
                "just before closing",
            ),
            (d.nominations_close_at, Phase::Judging, "at closing"),
            (
                d.judging_close_at - tick,
                Phase::Judging,
                "just before judging closes",
            ),
            (d.judging_close_at, Phase::Deciding, "at judging close"),
            (
                d.judging_close_at + Duration::days(400),
                Phase::Deciding,
                "long after, unpublished",
            ),
        ];
        for (now, expected, case) in cases {
            assert_eq!(d.phase_at(now), expected, "{case}");
        }
    }

    #[test]
    fn a_cycle_is_published_from_its_publication_time() {
        let published_at = Utc.with_ymd_and_hms(2016, 10, 4, 18, 0, 0).unwrap();
        let d = dates(Some(published_at));
        assert_eq!(
            d.phase_at(published_at - Duration::seconds(1)),
            Phase::Deciding
        );
        assert_eq!(d.phase_at(published_at), Phase::Published);
    }

    #[test]
    fn dates_out_of_order_are_refused() {
        let mut d = dates(None);
        d.nominations_close_at = d.nominations_open_at;
        assert_eq!(d.validate(), Err(DatesError::CloseBeforeOpen));
        let mut d = dates(None);
        d.judging_close_at = d.nominations_close_at - Duration::days(1);
        assert_eq!(d.validate(), Err(DatesError::JudgingBeforeClose));
        assert!(dates(None).validate().is_ok());
    }
}
