//! The pure core of Laurel: validated types, the rules of a cycle, and the
//! calculations. Nothing here does I/O.

pub mod email;
pub mod ids;
pub mod password;
pub mod phase;
pub mod programme;
pub mod role;
