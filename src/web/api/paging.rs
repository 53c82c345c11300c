//! The headers of one page of a list: `X-Total-Count`, and an RFC 8288
//! `Link` to the next, previous, first and last pages, each a reference
//! relative to the request that keeps its other query parameters.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponseBuilder};

use crate::domain::paging::Paging;

/// Adds the paging headers of the page `paging` of `total` items.
pub fn add_headers(
    response: &mut HttpResponseBuilder,
    request: &HttpRequest,
    paging: Paging,
    total: u64,
) {
    response.insert_header(("X-Total-Count", total.to_string()));
    response.insert_header((
        header::LINK,
        link(request.path(), request.query_string(), paging, total),
    ));
}

fn link(path: &str, query: &str, paging: Paging, total: u64) -> String {
    let kept: Vec<(String, String)> = url::form_urlencoded::parse(query.as_bytes())
        .filter(|(key, _)| key != "page" && key != "per_page")
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    paging
        .links(total)
        .into_iter()
        .map(|(rel, page)| {
            let query = url::form_urlencoded::Serializer::new(String::new())
                .extend_pairs(&kept)
                .append_pair("page", &page.to_string())
                .append_pair("per_page", &paging.per_page().to_string())
                .finish();
            format!("<{path}?{query}>; rel=\"{rel}\"")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(page: &str, per_page: &str) -> Paging {
        Paging::parse(Some(page), Some(per_page))
            .expect("valid")
            .expect("paged")
    }

    #[test]
    fn links_keep_the_other_parameters_and_replace_the_page() {
        let link = link(
            "/api/v1/nominations",
            "category=best-resource&page=2&q=ann%20story&per_page=10",
            paging("2", "10"),
            35,
        );
        assert_eq!(
            link,
            "</api/v1/nominations?category=best-resource&q=ann+story&page=3&per_page=10>; rel=\"next\", \
             </api/v1/nominations?category=best-resource&q=ann+story&page=1&per_page=10>; rel=\"prev\", \
             </api/v1/nominations?category=best-resource&q=ann+story&page=1&per_page=10>; rel=\"first\", \
             </api/v1/nominations?category=best-resource&q=ann+story&page=4&per_page=10>; rel=\"last\""
        );
    }

    #[test]
    fn what_would_end_a_link_is_escaped() {
        let link = link("/l", "q=%3E%2C%3B%22", paging("1", "5"), 0);
        assert!(link.starts_with("</l?q=%3E%2C%3B%22&page=1"), "{link}");
    }
}
