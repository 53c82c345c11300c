//! Where a nomination stands and who may move it on: its status, how it
//! reached us, and whether the nominee has agreed to it. Each is stored as
//! text and read back through `parse`, so that later issues (shortlisting,
//! winners) can add values without a schema change.

use serde::{Deserialize, Serialize};

/// The status of a nomination.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NominationStatus {
    /// Saved by the nominator to finish later; not yet seen by anyone else.
    Draft,
    /// Sent for judging, with a reference.
    Submitted,
    /// Taken back by the nominator.
    Withdrawn,
    /// Marked by an organiser as not meeting the category's rules.
    Ineligible,
    /// Marked by an organiser as a repeat of another nomination.
    Duplicate,
}

impl NominationStatus {
    pub const ALL: [NominationStatus; 5] = [
        NominationStatus::Draft,
        NominationStatus::Submitted,
        NominationStatus::Withdrawn,
        NominationStatus::Ineligible,
        NominationStatus::Duplicate,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            NominationStatus::Draft => "draft",
            NominationStatus::Submitted => "submitted",
            NominationStatus::Withdrawn => "withdrawn",
            NominationStatus::Ineligible => "ineligible",
            NominationStatus::Duplicate => "duplicate",
        }
    }

    pub fn parse(text: &str) -> Option<NominationStatus> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// How the status reads on a page.
    pub fn label(self) -> &'static str {
        match self {
            NominationStatus::Draft => "Draft",
            NominationStatus::Submitted => "Submitted",
            NominationStatus::Withdrawn => "Withdrawn",
            NominationStatus::Ineligible => "Ineligible",
            NominationStatus::Duplicate => "Duplicate",
        }
    }

    /// Whether the nominator may still change the answers (the cycle must
    /// also be taking nominations).
    pub fn nominator_can_edit(self) -> bool {
        matches!(self, NominationStatus::Draft | NominationStatus::Submitted)
    }

    /// Whether the nominator may withdraw it. A draft is discarded instead.
    pub fn nominator_can_withdraw(self) -> bool {
        matches!(
            self,
            NominationStatus::Submitted
                | NominationStatus::Ineligible
                | NominationStatus::Duplicate
        )
    }

    /// Whether an organiser may mark it ineligible or a duplicate, or restore
    /// it to submitted. Drafts are private and withdrawn ones are gone.
    pub fn organiser_can_review(self) -> bool {
        matches!(
            self,
            NominationStatus::Submitted
                | NominationStatus::Ineligible
                | NominationStatus::Duplicate
        )
    }

    /// Whether it has been sent to us at all (it has a reference).
    pub fn is_sent(self) -> bool {
        self != NominationStatus::Draft
    }
}

/// How a nomination reached us.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EntryMethod {
    /// The public form on the website.
    Online,
    /// The JSON API.
    Api,
    /// Entered by staff from a phone call.
    Phone,
    /// Entered by staff from a paper form.
    Paper,
}

impl EntryMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryMethod::Online => "online",
            EntryMethod::Api => "api",
            EntryMethod::Phone => "phone",
            EntryMethod::Paper => "paper",
        }
    }

    pub fn parse(text: &str) -> Option<EntryMethod> {
        [
            EntryMethod::Online,
            EntryMethod::Api,
            EntryMethod::Phone,
            EntryMethod::Paper,
        ]
        .into_iter()
        .find(|method| method.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            EntryMethod::Online => "Online form",
            EntryMethod::Api => "API",
            EntryMethod::Phone => "By phone, entered by staff",
            EntryMethod::Paper => "On paper, entered by staff",
        }
    }

    /// Whether staff typed it in on the nominator's behalf.
    pub fn by_staff(self) -> bool {
        matches!(self, EntryMethod::Phone | EntryMethod::Paper)
    }
}

/// Whether the nominee agrees to be nominated and to have their story published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentStatus {
    /// No email address for the nominee, and staff have recorded nothing.
    NotAsked,
    /// We have emailed the nominee and wait for their answer.
    Pending,
    /// The nominee agreed through their link.
    Given,
    /// The nominee said no (through their link, or to staff).
    Declined,
    /// Staff recorded the nominee's agreement, given by phone or on paper.
    Recorded,
}

impl ConsentStatus {
    pub const ALL: [ConsentStatus; 5] = [
        ConsentStatus::NotAsked,
        ConsentStatus::Pending,
        ConsentStatus::Given,
        ConsentStatus::Declined,
        ConsentStatus::Recorded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentStatus::NotAsked => "not_asked",
            ConsentStatus::Pending => "pending",
            ConsentStatus::Given => "given",
            ConsentStatus::Declined => "declined",
            ConsentStatus::Recorded => "recorded",
        }
    }

    pub fn parse(text: &str) -> Option<ConsentStatus> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    pub fn label(self) -> &'static str {
        match self {
            ConsentStatus::NotAsked => "Not asked (no email address)",
            ConsentStatus::Pending => "Pending",
            ConsentStatus::Given => "Given",
            ConsentStatus::Declined => "Declined",
            ConsentStatus::Recorded => "Recorded by staff",
        }
    }

    /// Whether the nominee has agreed, one way or another.
    pub fn is_agreed(self) -> bool {
        matches!(self, ConsentStatus::Given | ConsentStatus::Recorded)
    }

    /// Whether a new nominee email address should be asked again: only while
    /// the nominee has not answered.
    pub fn awaits_answer(self) -> bool {
        matches!(self, ConsentStatus::NotAsked | ConsentStatus::Pending)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_value_round_trips_through_its_stored_name() {
        for status in NominationStatus::ALL {
            assert_eq!(NominationStatus::parse(status.as_str()), Some(status));
        }
        for status in ConsentStatus::ALL {
            assert_eq!(ConsentStatus::parse(status.as_str()), Some(status));
        }
        for method in [
            EntryMethod::Online,
            EntryMethod::Api,
            EntryMethod::Phone,
            EntryMethod::Paper,
        ] {
            assert_eq!(EntryMethod::parse(method.as_str()), Some(method));
        }
        assert_eq!(NominationStatus::parse("shortlisted"), None);
        assert_eq!(ConsentStatus::parse(""), None);
    }

    #[test]
    fn a_nominator_edits_drafts_and_submitted_nominations_only() {
        let editable: Vec<_> = NominationStatus::ALL
            .into_iter()
            .filter(|status| status.nominator_can_edit())
            .collect();
        assert_eq!(
            editable,
            [NominationStatus::Draft, NominationStatus::Submitted]
        );
        assert!(!NominationStatus::Draft.nominator_can_withdraw());
        assert!(!NominationStatus::Withdrawn.nominator_can_withdraw());
        assert!(NominationStatus::Ineligible.nominator_can_withdraw());
    }

    #[test]
    fn organisers_review_only_what_was_sent_and_not_withdrawn() {
        assert!(!NominationStatus::Draft.organiser_can_review());
        assert!(!NominationStatus::Withdrawn.organiser_can_review());
        assert!(NominationStatus::Duplicate.organiser_can_review());
        assert!(!NominationStatus::Draft.is_sent());
        assert!(NominationStatus::Withdrawn.is_sent());
    }

    #[test]
    fn consent_counts_as_agreed_when_given_or_recorded() {
        let agreed: Vec<_> = ConsentStatus::ALL
            .into_iter()
            .filter(|status| status.is_agreed())
            .collect();
        assert_eq!(agreed, [ConsentStatus::Given, ConsentStatus::Recorded]);
        assert!(ConsentStatus::Pending.awaits_answer());
        assert!(!ConsentStatus::Declined.awaits_answer());
        assert!(EntryMethod::Paper.by_staff() && !EntryMethod::Api.by_staff());
    }
}
