//! The `laurel` command: parse the command line, run, and report a failure in one line.

use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    laurel::telemetry::init();
    let cli = laurel::cli::Cli::parse();
    match laurel::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("laurel: {error:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
