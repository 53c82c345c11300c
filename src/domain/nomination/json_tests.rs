//! Tests of the JSON shapes: the API body read as a [`NominationInput`], and
//! a [`ValidNomination`] stored and read back.

use super::tests::{complete, questions};
use super::*;

#[test]
fn the_json_api_body_maps_straight_onto_the_input() {
    let body = r#"{
        "category": "peer-support",
        "nominator": {"name": "Priya Shah", "email": "priya@example.org", "phone": null},
        "nominee": {"name": "Tom O'Neil"},
        "answers": {"why": "He set up a walking group.", "agreed": "yes", "role": null},
        "consent": {"nominator_confirms": true},
        "submit": true
    }"#;
    let input: NominationInput = serde_json::from_str(body).expect("deserialises");
    assert_eq!(input.nominator.name, "Priya Shah");
    assert_eq!(input.nominator.phone, "");
    assert_eq!(input.nominator.job_title, "");
    assert_eq!(input.nominee.certificate_name, "");
    assert_eq!(input.answers["role"], "");
    assert!(input.consent.nominator_confirms);
}

#[test]
fn a_json_body_without_consent_reads_as_not_confirmed() {
    let input: NominationInput =
        serde_json::from_str(r#"{"nominator": {}, "answers": null}"#).expect("deserialises");
    assert_eq!(input, NominationInput::default());
}

#[test]
fn a_valid_nomination_is_stored_as_json_and_read_back_unchanged() {
    let valid = validate_for_submit(&complete(), &questions()).expect("valid");
    let json = serde_json::to_string(&valid).expect("serialises");
    assert!(
        json.contains(r#""email":"priya.shah@example.org""#),
        "{json}"
    );
    assert!(json.contains(r#""email":null"#), "{json}");
    let back: ValidNomination = serde_json::from_str(&json).expect("deserialises");
    assert_eq!(back, valid);
}

#[test]
fn a_stored_nomination_with_a_broken_email_address_is_not_read() {
    let valid = validate_for_submit(&complete(), &questions()).expect("valid");
    let json = serde_json::to_string(&valid)
        .expect("serialises")
        .replace("priya.shah@example.org", "not an address");
    assert!(serde_json::from_str::<ValidNomination>(&json).is_err());
}
