//! `page` and `limit` of `/users` and `/transcripts`: checked, defaulted, and applied to a list.
//!
//! The router already enforces the spec's bounds; they are checked again here because the
//! implementation can be called without the router, and must answer 400 rather than misbehave.

/// The page size when `limit` is absent.
const DEFAULT_LIMIT: i64 = 50;
const MIN_LIMIT: i64 = 25;
const MAX_LIMIT: i64 = 1000;

/// A checked `page` (from 1) and `limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Paging {
    page: u64,
    limit: u64,
}

/// One page of a list, with the figures the service answers beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Page<T> {
    pub items: Vec<T>,
    pub page: u64,
    /// How many pages there are; 0 for an empty list.
    pub pages: u64,
    pub total: u64,
    pub limit: u64,
}

impl Paging {
    /// The paging of a request, or the 400 message.
    pub fn new(page: Option<i64>, limit: Option<i64>) -> Result<Self, String> {
        let page = page.unwrap_or(1);
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if page < 1 {
            return Err("page must not be less than 1".to_owned());
        }
        if limit < MIN_LIMIT {
            return Err(format!("limit must not be less than {MIN_LIMIT}"));
        }
        if limit > MAX_LIMIT {
            return Err(format!("limit must not be greater than {MAX_LIMIT}"));
        }
        Ok(Self {
            page: page.unsigned_abs(),
            limit: limit.unsigned_abs(),
        })
    }

    /// This page of `items`; past the end it is empty, with the figures still right.
    pub fn apply<T>(self, items: Vec<T>) -> Page<T> {
        let total = items.len() as u64;
        let skip = (self.page - 1).saturating_mul(self.limit);
        let items = items
            .into_iter()
            .skip(usize::try_from(skip).unwrap_or(usize::MAX))
            .take(usize::try_from(self.limit).unwrap_or(usize::MAX))
            .collect();
        Page {
            items,
            page: self.page,
            pages: total.div_ceil(self.limit),
            total,
            limit: self.limit,
        }
    }
}

impl<T> Page<T> {
    /// Whether a later page exists.
    pub fn has_next(&self) -> bool {
        self.page < self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_to_the_first_page_of_fifty() {
        assert_eq!(Paging::new(None, None), Ok(Paging { page: 1, limit: 50 }));
    }

    #[test]
    fn refuses_out_of_range_values_naming_them() {
        assert_eq!(
            Paging::new(None, Some(10)).unwrap_err(),
            "limit must not be less than 25"
        );
        assert_eq!(
            Paging::new(None, Some(1001)).unwrap_err(),
            "limit must not be greater than 1000"
        );
        assert_eq!(
            Paging::new(Some(0), None).unwrap_err(),
            "page must not be less than 1"
        );
        assert!(Paging::new(Some(i64::MIN), Some(i64::MIN)).is_err());
        assert!(Paging::new(Some(1), Some(25)).is_ok());
        assert!(Paging::new(Some(1), Some(1000)).is_ok());
    }

    #[test]
    fn pages_a_list() {
        let items: Vec<u32> = (0..53).collect();
        let paging = |page| Paging::new(Some(page), Some(25)).unwrap();
        let first = paging(1).apply(items.clone());
        assert_eq!((first.items.len(), first.pages, first.total), (25, 3, 53));
        assert!(first.has_next());
        let last = paging(3).apply(items.clone());
        assert_eq!(last.items, vec![50, 51, 52]);
        assert!(!last.has_next());
        let past = paging(4).apply(items.clone());
        assert!(past.items.is_empty());
        assert_eq!((past.page, past.pages, past.total), (4, 3, 53));
        let far = paging(i64::MAX).apply(items);
        assert!(far.items.is_empty());
    }

    #[test]
    fn an_empty_list_has_no_pages() {
        let page = Paging::new(None, None).unwrap().apply(Vec::<u8>::new());
        assert_eq!((page.pages, page.total, page.has_next()), (0, 0, false));
    }
}
