//! The pure core of Laurel: validated types, the rules of a cycle, and the
//! calculations. Nothing here does I/O.

pub mod assignment;
pub mod broadcast;
pub mod conflicts;
pub mod decision;
pub mod email;
pub mod export;
pub mod ids;
pub mod lifecycle;
pub mod limits;
pub mod names;
pub mod nomination;
pub mod paging;
pub mod password;
pub mod person_name;
pub mod phase;
pub mod programme;
pub mod reference;
pub mod review;
pub mod role;
pub mod scoring;
pub mod when;
