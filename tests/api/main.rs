//! Laurel's integration tests: the whole application over HTTP, on a real
//! database (SQLite, or PostgreSQL when `LAUREL_TEST_DB` names a server), with
//! a real SMTP server receiving the mail.

#![allow(clippy::unwrap_used, reason = "tests fail loudly on the unexpected")]

mod accounts;
mod authz;
mod broadcasts;
mod browser;
mod browser_accounts;
mod browser_judging;
mod browser_nominations;
mod browser_results;
mod browser_year;
mod caches;
mod cli;
mod conflict_suspension;
mod consent_changes;
mod cycles;
mod database_outage;
mod durability;
mod edge_limits;
mod edge_logs;
mod exports;
mod fair_results;
mod health;
mod helpers;
mod judging;
mod judging_helpers;
mod log_capture;
mod mail;
mod mail_worker;
mod next_year;
mod nomination_input;
mod nomination_limits;
mod nomination_pages;
mod nominations;
mod nominations_organiser;
mod nominations_paging;
mod outbox_isolation;
mod publication;
mod results;
mod results_helpers;
mod results_pages;
mod smtp;
mod store_writes;
mod year_settings;
