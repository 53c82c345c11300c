//! The `laurel` command: parse the command line, run, and report a failure in one line.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    laurel::telemetry::init();
    let cli = laurel::cli::Cli::parse();
    match laurel::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            // One line, even when a cause (a database driver's message) spans several.
            let message = format!("{error:#}");
            let line: Vec<&str> = message
                .lines()
                .map(str::trim)
                .filter(|part| !part.is_empty())
                .collect();
            eprintln!("laurel: {}", line.join(" "));
            std::process::ExitCode::FAILURE
        }
    }
}
