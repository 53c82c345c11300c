//! Paging through a long list: a page number and size, checked once, and
//! the pages around one that a `Link` header names.

use crate::error::FieldError;

/// A page of a list: which one (from 1) and how many items a page holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Paging {
    page: u64,
    per_page: u64,
}

impl Paging {
    /// The most items a page may hold.
    pub const MAX_PER_PAGE: u64 = 500;
    /// The page size when only a page number is given.
    pub const DEFAULT_PER_PAGE: u64 = 50;

    /// The page asked for by the query's `page` and `per_page`, as typed;
    /// `None` when neither is given (the whole list).
    pub fn parse(
        page: Option<&str>,
        per_page: Option<&str>,
    ) -> Result<Option<Paging>, Vec<FieldError>> {
        if page.is_none() && per_page.is_none() {
            return Ok(None);
        }
        let page = match page.map(|text| text.trim().parse::<u64>()) {
            None => Ok(1),
            Some(Ok(page)) if page >= 1 => Ok(page),
            Some(_) => Err(FieldError::new("page", "Give a page number from 1")),
        };
        let per_page = match per_page.map(|text| text.trim().parse::<u64>()) {
            None => Ok(Paging::DEFAULT_PER_PAGE),
            Some(Ok(size)) if (1..=Paging::MAX_PER_PAGE).contains(&size) => Ok(size),
            Some(_) => Err(FieldError::new(
                "per_page",
                format!("Give a page size from 1 to {}", Paging::MAX_PER_PAGE),
            )),
        };
        match (page, per_page) {
            (Ok(page), Ok(per_page)) => Ok(Some(Paging { page, per_page })),
            (page, per_page) => Err([page.err(), per_page.err()].into_iter().flatten().collect()),
        }
    }

    pub fn page(self) -> u64 {
        self.page
    }

    pub fn per_page(self) -> u64 {
        self.per_page
    }

    /// How many items come before this page, for a database's OFFSET.
    pub fn offset(self) -> i64 {
        i64::try_from((self.page - 1).saturating_mul(self.per_page)).unwrap_or(i64::MAX)
    }

    /// The page size, for a database's LIMIT.
    pub fn limit(self) -> i64 {
        i64::try_from(self.per_page).unwrap_or(i64::MAX)
    }

    /// The number of the last page of `total` items; 1 when there are none.
    pub fn last_page(self, total: u64) -> u64 {
        total.div_ceil(self.per_page).max(1)
    }

    /// The pages a `Link` header names, with their relation: `first` and
    /// `last` always, `prev` and `next` where they exist. The page before
    /// one past the end is the last.
    pub fn links(self, total: u64) -> Vec<(&'static str, u64)> {
        let last = self.last_page(total);
        let mut links = Vec::with_capacity(4);
        if self.page < last {
            links.push(("next", self.page + 1));
        }
        if self.page > 1 {
            links.push(("prev", (self.page - 1).min(last)));
        }
        links.push(("first", 1));
        links.push(("last", last));
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn paging(page: Option<&str>, per_page: Option<&str>) -> Paging {
        Paging::parse(page, per_page)
            .expect("valid")
            .expect("paged")
    }

    #[test]
    fn no_paging_parameters_mean_the_whole_list() {
        assert_eq!(Paging::parse(None, None), Ok(None));
    }

    #[test]
    fn either_parameter_alone_pages_with_the_other_defaulted() {
        assert_eq!(paging(Some("3"), None).per_page(), Paging::DEFAULT_PER_PAGE);
        assert_eq!(paging(None, Some("20")).page(), 1);
    }

    #[test]
    fn bad_values_name_their_field() {
        let cases = [
            (Some("0"), None, vec!["page"], "page zero"),
            (Some("-1"), None, vec!["page"], "a negative page"),
            (
                Some("two"),
                None,
                vec!["page"],
                "a page that is not a number",
            ),
            (None, Some("0"), vec!["per_page"], "an empty page"),
            (None, Some("501"), vec!["per_page"], "a page over the most"),
            (None, Some(""), vec!["per_page"], "a blank size"),
            (Some("x"), Some("1e3"), vec!["page", "per_page"], "both bad"),
        ];
        for (page, per_page, fields, case) in cases {
            let errors = Paging::parse(page, per_page).expect_err(case);
            let named: Vec<&str> = errors.iter().map(|error| error.field.as_str()).collect();
            assert_eq!(named, fields, "{case}");
        }
    }

    #[test]
    fn offsets_count_the_items_before_the_page_and_never_overflow() {
        assert_eq!(paging(Some("1"), Some("10")).offset(), 0);
        assert_eq!(paging(Some("3"), Some("10")).offset(), 20);
        assert_eq!(
            paging(Some("18446744073709551615"), Some("500")).offset(),
            i64::MAX
        );
    }

    #[test]
    fn links_name_the_pages_that_exist() {
        let of = |page: &str, total| paging(Some(page), Some("10")).links(total);
        assert_eq!(of("1", 25), [("next", 2), ("first", 1), ("last", 3)]);
        assert_eq!(
            of("2", 25),
            [("next", 3), ("prev", 1), ("first", 1), ("last", 3)]
        );
        assert_eq!(of("3", 25), [("prev", 2), ("first", 1), ("last", 3)]);
        assert_eq!(of("1", 0), [("first", 1), ("last", 1)]);
        assert_eq!(of("9", 25), [("prev", 3), ("first", 1), ("last", 3)]);
    }
}
