//! Security headers on every response, and `Cache-Control: no-store` on the
//! pages behind private links (their path holds the link's secret, and the
//! page what only its holder may see).

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::middleware::{DefaultHeaders, Next};

/// No inline script, no framing, no sniffing, and referrers kept on-site.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'";

/// Browsers keep to https for two years once they have seen it.
pub const STRICT_TRANSPORT_SECURITY: &str = "max-age=63072000";

/// The headers of every response; `Strict-Transport-Security` only when the
/// service is reached over https (`LAUREL_PUBLIC_URL`).
pub fn headers(https: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("Content-Security-Policy", CONTENT_SECURITY_POLICY))
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "same-origin"));
    if https {
        headers.add(("Strict-Transport-Security", STRICT_TRANSPORT_SECURITY))
    } else {
        headers
    }
}

/// Whether a route is reached through a private link's secret.
pub fn is_private_link(route: &str) -> bool {
    route.contains("{token}")
}

/// Middleware: pages behind private links are never stored by a browser or
/// a proxy.
pub async fn no_store_on_private_links(
    request: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let private = request
        .match_pattern()
        .is_some_and(|route| is_private_link(&route));
    let mut response = next.call(request).await?;
    if private {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}
