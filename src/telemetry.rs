//! Logging: structured lines through `tracing`. Every request is one span
//! carrying its request id (from `tracing-actix-web`), so every line logged
//! while answering it names the request; the span's close is logged as the
//! access line, with status and time taken. `RUST_LOG` sets the level
//! (default `info`; `warn` silences the access lines).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::format::FmtSpan;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}
