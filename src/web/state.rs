//! What every handler can reach: the database, the settings and the metrics.

use std::sync::Arc;

use crate::settings::Settings;
use crate::store::Db;
use crate::web::metrics::Metrics;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
}
