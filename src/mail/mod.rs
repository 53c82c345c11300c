//! Email: templates rendered into outbox rows, the transports that deliver
//! them (SMTP or a folder of files), and the worker that drains the outbox.

pub mod delivery;
pub mod queue;
pub mod record;
pub mod templates;
pub mod transport;
pub mod worker;

pub use queue::{Recipient, queue_email};
pub use templates::{EmailTemplate, RenderedEmail};
