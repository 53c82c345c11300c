//! Conflicts of interest: their kinds, and the ones Laurel can see for itself
//! (a judge from the nominator's or nominee's organisation, or with the same
//! email domain outside shared mail providers), proposed to organisers.

use serde::{Deserialize, Serialize};

use crate::domain::email::EmailAddress;
use crate::domain::names::{email_domain_conflict, normalise_organisation};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConflictKind {
    /// A friend, relative, or someone the judge knows well.
    Personal,
    /// The judge works for or with the nominee's or nominator's organisation.
    Organisational,
    Other,
}

impl ConflictKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictKind::Personal => "personal",
            ConflictKind::Organisational => "organisational",
            ConflictKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<ConflictKind> {
        [
            ConflictKind::Personal,
            ConflictKind::Organisational,
            ConflictKind::Other,
        ]
        .into_iter()
        .find(|kind| kind.as_str() == text)
    }
}

/// The people and organisations a conflict can be seen between.
#[derive(Debug, Clone, Default)]
pub struct Party {
    pub organisation: String,
    pub email: Option<EmailAddress>,
}

/// Why Laurel thinks a judge may have a conflict with a nomination, if it does.
pub fn propose(judge: &Party, nominator: &Party, nominee: &Party) -> Option<String> {
    let judge_organisation = normalise_organisation(&judge.organisation);
    for (who, party) in [("nominator", nominator), ("nominee", nominee)] {
        if !judge_organisation.is_empty()
            && judge_organisation == normalise_organisation(&party.organisation)
        {
            return Some(format!(
                "The judge's organisation is the {who}'s ({})",
                party.organisation.trim()
            ));
        }
        if let (Some(judge_email), Some(email)) = (&judge.email, &party.email)
            && email_domain_conflict(judge_email, email)
        {
            return Some(format!(
                "The judge's email domain is the {who}'s ({})",
                email.domain()
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn party(organisation: &str, email: &str) -> Party {
        Party {
            organisation: organisation.into(),
            email: EmailAddress::parse(email).ok(),
        }
    }

    #[test]
    fn the_same_organisation_after_normalising_is_proposed() {
        let judge = party("The Pain Association Ltd.", "");
        let reason = propose(&judge, &party("pain association", ""), &Party::default()).unwrap();
        assert!(
            reason.contains("organisation is the nominator's"),
            "{reason}"
        );
    }

    #[test]
    fn the_same_work_email_domain_is_proposed_but_not_webmail() {
        let judge = party("", "ann@healthboard.org.uk");
        let nominee = party("", "bob@healthboard.org.uk");
        assert!(
            propose(&judge, &Party::default(), &nominee)
                .unwrap()
                .contains("healthboard.org.uk")
        );
        let judge = party("", "ann@gmail.com");
        let nominee = party("", "bob@gmail.com");
        assert_eq!(propose(&judge, &Party::default(), &nominee), None);
    }

    #[test]
    fn unrelated_parties_and_blank_organisations_propose_nothing() {
        assert_eq!(
            propose(&party("", ""), &party("", ""), &party("", "")),
            None
        );
        assert_eq!(
            propose(
                &party("Age UK", "a@ageuk.org.uk"),
                &party("Age Scotland", "b@agescotland.org.uk"),
                &Party::default()
            ),
            None
        );
    }

    #[test]
    fn kinds_round_trip_through_their_names() {
        for kind in [
            ConflictKind::Personal,
            ConflictKind::Organisational,
            ConflictKind::Other,
        ] {
            assert_eq!(ConflictKind::parse(kind.as_str()), Some(kind));
        }
        assert_eq!(ConflictKind::parse("grudge"), None);
    }
}
