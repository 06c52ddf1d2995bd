//! The log on stderr: `RUST_LOG` chooses what, `CLINIC_LOG_FORMAT` how.
use super::config::{LogArgs, LogFormat};
use std::io::IsTerminal;
use tracing_subscriber::EnvFilter;

/// What is logged when `RUST_LOG` is unset: for the service, one line per update and per case
/// change (and every warning); for the one-shot commands and the terminal chat, whose output
/// is for a person, errors only.
pub fn default_filter(service: bool) -> &'static str {
    if service { "warn,clinic=info" } else { "error" }
}

/// Install the process's subscriber, writing to stderr.
pub fn init(args: &LogArgs, service: bool) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new(default_filter(service)));
    // Colours only for a person at a terminal, not in a file or a collector.
    let log = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::stderr().is_terminal())
        .with_writer(std::io::stderr);
    match args.log_format {
        LogFormat::Text => log.init(),
        LogFormat::Json => log.json().init(),
    }
}
