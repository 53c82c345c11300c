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
mod cli;
mod cycles;
mod exports;
mod fair_results;
mod health;
mod helpers;
mod judging;
mod judging_helpers;
mod mail;
mod mail_worker;
mod next_year;
mod nomination_input;
mod nomination_limits;
mod nomination_pages;
mod nominations;
mod nominations_organiser;
mod nominations_paging;
mod publication;
mod results;
mod results_helpers;
mod results_pages;
mod smtp;
mod store_writes;
