//! The use cases: each runs in one transaction and checks who may do it.
//! Handlers call these; these call `domain` for rules and `store` for data.

pub mod accounts;
pub mod audit;
pub mod cycles;
pub mod passwords;
pub mod programme;
pub mod test_email;
