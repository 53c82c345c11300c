//! Laurel: an award nomination and judging service.

pub mod cli;
pub mod domain;
pub mod error;
pub mod mail;
pub mod services;
pub mod settings;
pub mod startup;
pub mod store;
pub mod telemetry;
pub mod web;
