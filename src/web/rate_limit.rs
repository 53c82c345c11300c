//! The per-address limit on the public nomination endpoints (the form
//! posts and `POST /api/v1/nominations`): `public_rate_per_minute` requests
//! a minute from one address, with that many in a burst; 0 turns it off.
//! Held in memory by each instance (the `governor` crate's GCRA), so several
//! instances each allow the rate. Over the limit, 429 with Retry-After.

use std::future::{Ready, ready};
use std::net::IpAddr;
use std::num::NonZeroU32;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest, web};
use governor::clock::{Clock, DefaultClock};
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

use super::{ApiError, AppState, PageError};
use crate::error::AppError;

/// Addresses remembered before old ones are forgotten.
const TIDY_ABOVE: usize = 10_000;

type Keyed = RateLimiter<IpAddr, DefaultKeyedStateStore<IpAddr>, DefaultClock>;

/// The limiter; `None` inside when the limit is off.
pub struct PublicLimiter(Option<Keyed>);

impl PublicLimiter {
    pub fn per_minute(rate: u32) -> PublicLimiter {
        PublicLimiter(NonZeroU32::new(rate).map(|rate| RateLimiter::keyed(Quota::per_minute(rate))))
    }

    /// Counts a request from `ip`; too many answers 429 with the seconds to wait.
    pub fn check(&self, ip: IpAddr) -> Result<(), AppError> {
        let Some(limiter) = &self.0 else {
            return Ok(());
        };
        if limiter.len() > TIDY_ABOVE {
            limiter.retain_recent();
        }
        limiter.check_key(&ip).map_err(|not_until| {
            let wait = not_until.wait_time_from(limiter.clock().now());
            AppError::TooManyRequests {
                retry_after_secs: wait.as_secs() + 1,
            }
        })
    }
}

fn check(request: &HttpRequest) -> Result<(), AppError> {
    let (Some(state), Some(peer)) = (
        request.app_data::<web::Data<AppState>>(),
        request.peer_addr(),
    ) else {
        return Ok(());
    };
    state.public_limiter.check(peer.ip())
}

/// A public page's form post, counted against the address's limit.
pub struct PageRateLimit;

impl FromRequest for PageRateLimit {
    type Error = PageError;
    type Future = Ready<Result<Self, PageError>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(check(request).map(|()| PageRateLimit).map_err(PageError))
    }
}

/// A public API call, counted against the address's limit.
pub struct ApiRateLimit;

impl FromRequest for ApiRateLimit {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _payload: &mut Payload) -> Self::Future {
        ready(check(request).map(|()| ApiRateLimit).map_err(ApiError))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_counts_each_address_apart_and_says_how_long_to_wait() {
        let limiter = PublicLimiter::per_minute(2);
        let (one, two): (IpAddr, IpAddr) = ([192, 0, 2, 1].into(), [192, 0, 2, 2].into());
        assert!(limiter.check(one).is_ok());
        assert!(limiter.check(one).is_ok());
        match limiter.check(one) {
            Err(AppError::TooManyRequests { retry_after_secs }) => {
                assert!((1..=31).contains(&retry_after_secs), "{retry_after_secs}");
            }
            other => panic!("expected 429, got {other:?}"),
        }
        assert!(
            limiter.check(two).is_ok(),
            "another address has its own count"
        );
    }

    #[test]
    fn a_rate_of_zero_turns_the_limit_off() {
        let limiter = PublicLimiter::per_minute(0);
        for _ in 0..1_000 {
            assert!(limiter.check([192, 0, 2, 1].into()).is_ok());
        }
    }
}
