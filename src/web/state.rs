//! What every handler can reach: the database, the settings, the metrics and
//! the limit on the public nomination endpoints.

use std::sync::Arc;

use crate::settings::Settings;
use crate::store::Db;
use crate::web::metrics::Metrics;
use crate::web::rate_limit::PublicLimiter;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub settings: Arc<Settings>,
    pub metrics: Arc<Metrics>,
    pub public_limiter: Arc<PublicLimiter>,
}
