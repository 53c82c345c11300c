//! Building the application from settings: the database (migrated, seeded
//! when empty), the HTTP server on its address, and the outbox worker.

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use anyhow::Context as _;
use chrono::Utc;
use secrecy::ExposeSecret;
use tracing_actix_web::TracingLogger;

use crate::domain::programme::Programme;
use crate::mail::transport::Transport;
use crate::mail::worker::Worker;
use crate::services::programme;
use crate::settings::Settings;
use crate::store::Db;
use crate::web::metrics::{self, Metrics};
use crate::web::request_span::RedactedSpan;
use crate::web::{AppState, csrf, routes, security};

/// How long a stopping server waits for the outbox worker to record its batch.
const WORKER_GRACE: Duration = Duration::from_secs(40);

pub struct Application {
    port: u16,
    server: Server,
    worker: Worker,
    db: Db,
}

/// Connects to the database named by the settings.
pub fn connect_database(settings: &Settings) -> anyhow::Result<Db> {
    let database = &settings.database;
    Db::connect(
        database.backend,
        database.url.expose_secret(),
        database.pool_size,
    )
}

/// Connects to the database named by the settings and applies the migrations.
pub fn open_database(settings: &Settings) -> anyhow::Result<Db> {
    let db = connect_database(settings)?;
    db.migrate()?;
    Ok(db)
}

/// Seeds the default programme when the database has no cycle.
pub fn seed_default(db: &Db) -> anyhow::Result<bool> {
    let programme = Programme::default_programme().context("the default programme is not valid")?;
    let mut conn = db.get()?;
    let seeded = programme::seed_if_empty(&mut conn, &programme, Utc::now())?;
    if let Some(cycle_id) = seeded {
        tracing::info!(%cycle_id, title = %programme.cycle.title, "seeded the default programme");
    }
    Ok(seeded.is_some())
}

impl Application {
    /// Connects, migrates, seeds an empty database, and binds the address.
    pub async fn build(settings: Settings) -> anyhow::Result<Application> {
        let db = {
            let settings = settings.clone();
            tokio::task::spawn_blocking(move || {
                let db = open_database(&settings)?;
                seed_default(&db)?;
                Ok::<_, anyhow::Error>(db)
            })
            .await
            .context("start-up task stopped")??
        };
        let transport = Transport::from_settings(&settings.mail)?;
        tracing::info!("mail goes to {}", transport.describe());
        let worker = Worker::new(db.clone(), transport, settings.mail.clone());
        let listener = TcpListener::bind(&settings.bind).with_context(|| {
            format!(
                "cannot listen on {} (is another program using it?)",
                settings.bind
            )
        })?;
        let port = listener
            .local_addr()
            .context("cannot read the bound address")?
            .port();
        let workers = settings.workers;
        let https = settings.secure_cookies();
        let state = AppState {
            db: db.clone(),
            settings: Arc::new(settings),
            metrics: Arc::new(Metrics::default()),
        };
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(web::Data::new(state.clone()))
                .wrap(from_fn(csrf::set_cookie))
                .wrap(from_fn(metrics::record))
                .wrap(from_fn(security::no_store_on_private_links))
                .wrap(security::headers(https))
                .wrap(Compress::default())
                .wrap(TracingLogger::<RedactedSpan>::new())
                .configure(routes)
        })
        .listen(listener)
        .context("cannot start the HTTP server")?;
        if let Some(workers) = workers {
            server = server.workers(workers);
        }
        Ok(Application {
            port,
            server: server.run(),
            worker,
            db,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until the server stops (Ctrl-C or SIGTERM); the worker stops
    /// with it, after recording the batch it is sending, so that a restart
    /// sends nothing twice.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let (stop, stopped) = tokio::sync::watch::channel(false);
        let mut worker = tokio::spawn(self.worker.run(stopped));
        let result = self.server.await;
        let _ = stop.send(true);
        if tokio::time::timeout(WORKER_GRACE, &mut worker)
            .await
            .is_err()
        {
            tracing::warn!("the outbox worker did not finish its batch in time");
            worker.abort();
        }
        result.context("the HTTP server stopped with an error")
    }
}
