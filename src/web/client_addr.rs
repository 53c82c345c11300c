//! Which address a request came from. The socket peer, unless the peer is one
//! of `LAUREL_TRUSTED_PROXIES`: then the client is the right-most hop of
//! `Forwarded` (or, without it, `X-Forwarded-For`) that is not a trusted
//! proxy. A header sent by anyone else is ignored, so it cannot be spoofed.
//! The rate limits, the audit log and the request log all ask here.

use std::net::{IpAddr, Ipv4Addr};

use actix_web::HttpRequest;
use actix_web::http::header::HeaderMap;
use actix_web::web;
use ipnet::IpNet;

use super::AppState;

/// The client's address for `request`, as the settings' trusted proxies allow.
pub fn client_ip(request: &HttpRequest) -> IpAddr {
    let peer = request
        .peer_addr()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |addr| addr.ip());
    let Some(state) = request.app_data::<web::Data<AppState>>() else {
        return peer;
    };
    let trusted = &state.settings.trusted_proxies;
    if !is_trusted(peer, trusted) {
        return peer;
    }
    resolve(peer, &forwarded_hops(request.headers()), trusted)
}

fn is_trusted(ip: IpAddr, trusted: &[IpNet]) -> bool {
    let ip = canonical(ip);
    trusted.iter().any(|net| net.contains(&ip))
}

/// An IPv4 address seen through an IPv6 socket (`::ffff:192.0.2.1`) as IPv4.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        IpAddr::V4(_) => ip,
    }
}

/// The hops a trusted peer reports, left (the first) to right (the nearest);
/// `None` for a hop that is not an address (`unknown`, an obfuscated name).
fn forwarded_hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers
        .get_all("forwarded")
        .filter_map(|value| value.to_str().ok())
        .collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|value| value.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (name, value) = pair.split_once('=')?;
                    name.trim()
                        .eq_ignore_ascii_case("for")
                        .then(|| parse_hop(value))
                })
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(parse_hop)
        .collect()
}

/// `192.0.2.1`, `192.0.2.1:4711`, `2001:db8::1`, `"[2001:db8::1]:4711"`.
fn parse_hop(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(canonical(ip));
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split(']').next()?.parse().ok().map(canonical);
    }
    let (host, _port) = text.rsplit_once(':')?;
    host.parse::<Ipv4Addr>().ok().map(IpAddr::V4)
}

/// Walks the hops from the nearest: the first that is not a trusted proxy is
/// the client. A hop that cannot be read ends the walk at the proxy that
/// reported it; when every hop is trusted, the first one is the client.
fn resolve(peer: IpAddr, hops: &[Option<IpAddr>], trusted: &[IpNet]) -> IpAddr {
    let mut client = canonical(peer);
    for hop in hops.iter().rev() {
        let Some(hop) = *hop else {
            return client;
        };
        client = hop;
        if !is_trusted(hop, trusted) {
            return hop;
        }
    }
    client
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn nets(list: &[&str]) -> Vec<IpNet> {
        list.iter().map(|net| net.parse().unwrap()).collect()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(
                HeaderName::from_static(name),
                HeaderValue::from_static(value),
            );
        }
        map
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let trusted = nets(&["10.0.0.0/8"]);
        let cases = [
            (
                "one proxy",
                headers(&[("x-forwarded-for", "203.0.113.9")]),
                "203.0.113.9",
            ),
            (
                "a spoofed left-most hop is passed over",
                headers(&[("x-forwarded-for", "198.51.100.1, 203.0.113.9, 10.0.0.2")]),
                "203.0.113.9",
            ),
            (
                "hops over several header lines",
                headers(&[
                    ("x-forwarded-for", "198.51.100.1"),
                    ("x-forwarded-for", "203.0.113.9"),
                ]),
                "203.0.113.9",
            ),
            (
                "Forwarded, with ports and IPv6",
                headers(&[(
                    "forwarded",
                    "for=198.51.100.1, for=\"[2001:db8::17]:4711\";proto=https",
                )]),
                "2001:db8::17",
            ),
            (
                "Forwarded wins over X-Forwarded-For",
                headers(&[
                    ("forwarded", "for=203.0.113.9:5000"),
                    ("x-forwarded-for", "198.51.100.1"),
                ]),
                "203.0.113.9",
            ),
            (
                "an unreadable hop stops at the proxy that reported it",
                headers(&[("x-forwarded-for", "198.51.100.1, unknown, 10.0.0.2")]),
                "10.0.0.2",
            ),
            ("no header", headers(&[]), "10.0.0.1"),
            (
                "every hop trusted",
                headers(&[("x-forwarded-for", "10.0.0.3, 10.0.0.2")]),
                "10.0.0.3",
            ),
        ];
        for (what, headers, expected) in cases {
            let hops = forwarded_hops(&headers);
            assert_eq!(
                resolve(ip("10.0.0.1"), &hops, &trusted),
                ip(expected),
                "{what}"
            );
        }
    }

    #[test]
    fn trust_covers_single_addresses_ranges_and_mapped_ipv4() {
        let trusted = nets(&["192.0.2.7/32", "10.0.0.0/8"]);
        assert!(is_trusted(ip("192.0.2.7"), &trusted));
        assert!(is_trusted(ip("::ffff:10.1.2.3"), &trusted));
        assert!(!is_trusted(ip("192.0.2.8"), &trusted));
        assert!(!is_trusted(ip("192.0.2.7"), &[]));
    }
}
