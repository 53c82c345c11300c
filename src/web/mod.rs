//! HTTP: routes, handlers by area, error rendering, and middleware. Handlers
//! only translate HTTP: they parse input, call one service, render the result.

pub mod api;
pub mod assets;
pub mod auth;
pub mod client_addr;
pub mod csrf;
pub mod error;
pub mod health;
pub mod metrics;
pub mod pages;
pub mod rate_limit;
pub mod request_span;
pub mod security;
pub mod state;

use actix_web::web;

pub use error::{ApiError, PageError};
pub use state::AppState;

/// The largest JSON body the API accepts.
pub const JSON_LIMIT: usize = 256 * 1024;
/// The largest form body a page accepts.
pub const FORM_LIMIT: usize = 512 * 1024;

/// Every route of the application.
pub fn routes(config: &mut web::ServiceConfig) {
    config
        .app_data(api::json_config())
        .app_data(pages::form_config())
        .app_data(web::PayloadConfig::new(FORM_LIMIT))
        .service(health::healthz)
        .service(health::readyz)
        .service(metrics::metrics)
        .service(assets::stylesheet)
        .service(
            web::scope("/api/v1")
                .configure(api::routes)
                .default_service(web::to(api::not_found)),
        )
        .configure(pages::routes)
        .default_service(web::to(pages::not_found));
}
