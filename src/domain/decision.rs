//! The organisers' decision on a nomination, the ranking methods they choose
//! between, and the shortlist Laurel suggests from a ranking.

use serde::{Deserialize, Serialize};

use super::scoring::RankBy;

/// What the organisers decided about a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Shortlisted,
    Winner,
    NotShortlisted,
    Ineligible,
}

impl Decision {
    pub const ALL: [Decision; 4] = [
        Decision::Shortlisted,
        Decision::Winner,
        Decision::NotShortlisted,
        Decision::Ineligible,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Shortlisted => "shortlisted",
            Decision::Winner => "winner",
            Decision::NotShortlisted => "not_shortlisted",
            Decision::Ineligible => "ineligible",
        }
    }

    pub fn parse(text: &str) -> Option<Decision> {
        Decision::ALL.into_iter().find(|d| d.as_str() == text)
    }

    /// How a page names it.
    pub fn label(self) -> &'static str {
        match self {
            Decision::Shortlisted => "Shortlisted",
            Decision::Winner => "Winner",
            Decision::NotShortlisted => "Not shortlisted",
            Decision::Ineligible => "Ineligible",
        }
    }

    /// Whether a published result names the nominee (winners and the shortlist).
    pub fn is_published(self) -> bool {
        matches!(self, Decision::Shortlisted | Decision::Winner)
    }
}

/// Parses a `rank_by` query value; empty means the default (normalised).
pub fn parse_rank_by(text: &str) -> Option<RankBy> {
    match text.trim() {
        "" | "normalised" => Some(RankBy::Normalised),
        "mean" => Some(RankBy::Mean),
        "median" => Some(RankBy::Median),
        _ => None,
    }
}

pub fn rank_by_str(rank_by: RankBy) -> &'static str {
    match rank_by {
        RankBy::Normalised => "normalised",
        RankBy::Mean => "mean",
        RankBy::Median => "median",
    }
}

/// The decision Laurel suggests for a ranked nomination: the top
/// `shortlist_size` ranks (ties at the edge included) are shortlisted, the
/// rest not; an unranked nomination gets no suggestion. A winner or an
/// ineligible nomination keeps what the organisers chose.
pub fn suggest(
    rank: Option<u32>,
    shortlist_size: u32,
    current: Option<Decision>,
) -> Option<Decision> {
    if matches!(current, Some(Decision::Winner | Decision::Ineligible)) {
        return current;
    }
    rank.map(|rank| {
        if rank <= shortlist_size {
            Decision::Shortlisted
        } else {
            Decision::NotShortlisted
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decisions_round_trip_through_their_names() {
        for decision in Decision::ALL {
            assert_eq!(Decision::parse(decision.as_str()), Some(decision));
        }
        assert_eq!(Decision::parse("maybe"), None);
    }

    #[test]
    fn the_top_ranks_are_suggested_for_the_shortlist_ties_included() {
        assert_eq!(suggest(Some(1), 3, None), Some(Decision::Shortlisted));
        assert_eq!(suggest(Some(3), 3, None), Some(Decision::Shortlisted));
        assert_eq!(suggest(Some(4), 3, None), Some(Decision::NotShortlisted));
        assert_eq!(suggest(None, 3, None), None);
        let winner = Some(Decision::Winner);
        assert_eq!(suggest(Some(9), 3, winner), winner);
        let ineligible = Some(Decision::Ineligible);
        assert_eq!(suggest(Some(1), 3, ineligible), ineligible);
        let shortlisted = Some(Decision::Shortlisted);
        assert_eq!(
            suggest(Some(5), 3, shortlisted),
            Some(Decision::NotShortlisted)
        );
    }

    #[test]
    fn rank_by_accepts_the_three_methods_and_defaults_to_normalised() {
        assert_eq!(parse_rank_by(""), Some(RankBy::Normalised));
        assert_eq!(parse_rank_by("median"), Some(RankBy::Median));
        assert_eq!(parse_rank_by("mean"), Some(RankBy::Mean));
        assert_eq!(parse_rank_by("best"), None);
        for by in [RankBy::Normalised, RankBy::Mean, RankBy::Median] {
            assert_eq!(parse_rank_by(rank_by_str(by)), Some(by));
        }
    }
}
