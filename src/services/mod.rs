//! The use cases: each runs in one transaction and checks who may do it.
//! Handlers call these; these call `domain` for rules and `store` for data.

pub mod accounts;
pub mod assignments;
pub mod audit;
pub mod audit_log;
pub mod authz;
pub mod broadcasts;
pub mod conflicts;
pub mod cycles;
pub mod decisions;
pub mod demo;
pub mod exports;
pub mod judges;
pub mod judges_needed;
pub mod limits;
pub mod links;
pub mod next_year;
pub mod nominations;
pub mod outbox;
pub mod passwords;
pub mod programme;
pub mod progress;
pub mod publication;
pub mod results;
pub mod retention;
pub mod reviews;
pub mod sessions;
pub mod test_email;
pub mod tokens;
pub mod year;
