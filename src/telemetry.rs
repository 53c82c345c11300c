//! Logging: structured lines through `tracing`. Every request is one span
//! carrying its request id, route pattern and client address (see
//! [`crate::web::request_span`]: never the path, which may hold a private
//! link's secret), so every line logged while answering it names the
//! request; the span's close is logged as the access line, with status and
//! time taken. `RUST_LOG` sets the level (default `info`; `warn` silences
//! the access lines).

use std::io::IsTerminal;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::FmtSpan;

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    install(filter, std::io::stderr, std::io::stderr().is_terminal());
}

/// Logs at `info` to `writer` instead of standard error, as `init` would
/// format them (tests read the log this way). Does nothing once a logger is
/// installed.
pub fn init_with_writer<W>(writer: W)
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    install(EnvFilter::new("info"), writer, false);
}

fn install<W>(filter: EnvFilter, writer: W, ansi: bool)
where
    W: for<'writer> MakeWriter<'writer> + Send + Sync + 'static,
{
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false)
        .with_span_events(FmtSpan::CLOSE)
        .with_writer(writer)
        .with_ansi(ansi)
        .try_init();
}
