//! The command line: `serve`, `migrate`, `seed`, `create-user`, `send-test-email`,
//! `purge-personal-data`.

use std::io::BufRead;

use anyhow::Context as _;
use chrono::Utc;
use clap::{Parser, Subcommand, ValueEnum};

use crate::domain::role::Role;
use crate::error::AppError;
use crate::services::accounts::{self, NewAccount};
use crate::services::audit::Actor;
use crate::settings::Settings;
use crate::startup::{self, Application};

#[derive(Debug, Parser)]
#[command(name = "laurel", version, about = "Award nominations and judging")]
pub struct Cli {
    /// What to do; with none, `serve`.
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web service and the email worker.
    Serve {
        /// The address to listen on.
        #[arg(long, value_name = "ADDR")]
        bind: Option<String>,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Load the default programme when the database has no cycle.
    Seed,
    /// Create an account; the password is read as one line from standard input.
    CreateUser {
        #[arg(long, value_enum)]
        role: RoleArg,
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
    },
    /// Fill the database with demonstration data: nominations, judges with
    /// panels, the optimal assignment and, with --reviews, submitted reviews.
    SeedDemo {
        #[arg(long, default_value_t = 200)]
        nominations: usize,
        #[arg(long, default_value_t = 12)]
        judges: usize,
        /// Also submit a review for every assignment.
        #[arg(long)]
        reviews: bool,
        /// The same seed gives the same data.
        #[arg(long, default_value_t = 2016)]
        seed: u64,
    },
    /// Queue a test email, to check the mail settings.
    SendTestEmail {
        #[arg(long)]
        to: String,
    },
    /// Remove the personal data (contact details, answers, review comments)
    /// of a cycle's nominations created before a date; published winners'
    /// and shortlisted nominees' names and the scores stay.
    PurgePersonalData {
        /// The cycle's slug.
        #[arg(long)]
        cycle: String,
        /// Nominations created before this day (YYYY-MM-DD, UTC) are purged.
        #[arg(long, value_name = "DATE")]
        before: chrono::NaiveDate,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RoleArg {
    Organiser,
    Judge,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Role {
        match role {
            RoleArg::Organiser => Role::Organiser,
            RoleArg::Judge => Role::Judge,
        }
    }
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let command = cli.command.unwrap_or(Command::Serve { bind: None });
    let bind = match &command {
        Command::Serve { bind } => bind.clone(),
        _ => None,
    };
    let settings = Settings::from_env(bind)?;
    match command {
        Command::Serve { .. } => serve(settings).await,
        Command::Migrate => {
            let applied = blocking(move || startup::connect_database(&settings)?.migrate()).await?;
            println!("The database is up to date ({applied} migrations applied now).");
            Ok(())
        }
        Command::Seed => {
            let seeded =
                blocking(move || startup::seed_default(&startup::open_database(&settings)?))
                    .await?;
            if seeded {
                println!("Loaded the default programme.");
            } else {
                println!("The database already has a cycle; nothing was changed.");
            }
            Ok(())
        }
        Command::CreateUser { role, email, name } => {
            create_user(settings, role.into(), email, name).await
        }
        Command::SeedDemo {
            nominations,
            judges,
            reviews,
            seed,
        } => {
            let request = crate::services::demo::DemoRequest {
                nominations,
                judges,
                reviews,
                seed,
            };
            seed_demo(settings, request).await
        }
        Command::SendTestEmail { to } => {
            let db = blocking({
                let settings = settings.clone();
                move || startup::open_database(&settings)
            })
            .await?;
            let public_url = settings.public_url.to_string();
            crate::services::test_email::queue(
                &db,
                &to,
                "the command line",
                &public_url,
                Utc::now(),
            )
            .await
            .map_err(user_error)?;
            println!("Queued a test email to {to}; the running server will send it.");
            Ok(())
        }
        Command::PurgePersonalData { cycle, before } => {
            let db = blocking(move || startup::open_database(&settings)).await?;
            let outcome = crate::services::retention::purge_personal_data(
                &db,
                Actor::System("command line"),
                &cycle,
                before,
                Utc::now(),
            )
            .await
            .map_err(user_error)?;
            println!(
                "Removed the personal data of {} nominations of {cycle} created before {before} ({} review comments cleared; {} published names kept).",
                outcome.nominations, outcome.reviews, outcome.names_kept
            );
            Ok(())
        }
    }
}

async fn seed_demo(
    settings: Settings,
    request: crate::services::demo::DemoRequest,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let db = blocking(move || {
        let db = startup::open_database(&settings)?;
        startup::seed_default(&db)?;
        Ok(db)
    })
    .await?;
    let cycle = crate::services::cycles::current(&db, Utc::now())
        .await
        .map_err(user_error)?
        .context("there is no cycle to fill")?;
    let outcome = blocking(move || {
        let mut conn = db.get()?;
        crate::services::demo::seed(&mut conn, &cycle, &request, Utc::now())
    })
    .await?;
    println!(
        "Added {} nominations, {} judges (password: {:?}), {} assignments, {} reviews and {} proposed conflicts in {:.1} s.",
        outcome.nominations,
        outcome.judges,
        crate::services::demo::JUDGE_PASSWORD,
        outcome.assignments,
        outcome.reviews,
        outcome.conflicts,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn serve(settings: Settings) -> anyhow::Result<()> {
    tracing::info!("{}", settings.summary());
    let bind = settings.bind.clone();
    let application = Application::build(settings).await?;
    let host = bind
        .rsplit_once(':')
        .map_or(bind.as_str(), |(host, _)| host);
    println!(
        "Laurel is listening on http://{host}:{}",
        application.port()
    );
    application.run_until_stopped().await
}

async fn create_user(
    settings: Settings,
    role: Role,
    email: String,
    name: String,
) -> anyhow::Result<()> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .context("cannot read the password from standard input")?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let db = blocking(move || startup::open_database(&settings)).await?;
    let account = NewAccount {
        role,
        email,
        name,
        password,
    };
    let (user_id, email) =
        accounts::create_with_password(&db, Actor::System("command line"), account, Utc::now())
            .await
            .map_err(user_error)?;
    println!("Created the {} account {email} ({user_id}).", role.as_str());
    Ok(())
}

/// Turns a use case's refusal into one clear line.
fn user_error(error: AppError) -> anyhow::Error {
    match error {
        AppError::Validation { errors, .. } => anyhow::anyhow!(
            "{}",
            errors
                .iter()
                .map(|error| format!("{}: {}", error.field, error.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        AppError::Unexpected(error) => error,
        other => anyhow::anyhow!("{other}"),
    }
}

async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    tokio::task::spawn_blocking(work)
        .await
        .context("task stopped")?
}
