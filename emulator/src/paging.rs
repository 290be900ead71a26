//! `maxResults` and `nextToken` for every list operation.
//!
//! The first page of a listing fixes which items it has and in what order
//! (a snapshot of their ids); each page shows those items as they are now,
//! leaving out any deleted since, so paging through a list that changes
//! meanwhile shows every item at most once. A page token is a random string
//! that means something only to the emulator that issued it, for the
//! request it answered: another operation, network, filter or sort gets it
//! refused, and so does a token older than [`TOKEN_LIFETIME`] or issued
//! before a restart.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;
use serde_json::Value;

use crate::error::ApiError;

/// How long a page token can be used.
pub const TOKEN_LIFETIME: Duration = Duration::from_secs(60 * 60);
/// How many page tokens are kept; the oldest go first.
const MAX_TOKENS: usize = 10_000;
/// The page size when `maxResults` is not given (the reference's default).
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// The listings being paged through, by page token.
#[derive(Debug, Default)]
pub(crate) struct Cursors {
    pages: HashMap<String, Page>,
}

#[derive(Debug)]
struct Page {
    listing: Arc<Listing>,
    offset: usize,
    issued: Instant,
}

#[derive(Debug)]
struct Listing {
    /// The request the listing answers, without its paging members.
    query: String,
    keys: Vec<String>,
}

/// What a list request asks for.
pub(crate) struct PageRequest {
    query: String,
    max_results: Option<i32>,
    next_token: Option<String>,
}

impl PageRequest {
    /// The page `input` (a list operation's input) asks for.
    pub(crate) fn of(operation: &str, input: &impl Serialize) -> Self {
        let mut members = match serde_json::to_value(input) {
            Ok(Value::Object(members)) => members,
            _ => serde_json::Map::new(),
        };
        let next_token = members.remove("nextToken").and_then(|token| token.as_str().map(str::to_owned));
        let max_results = members.remove("maxResults").and_then(|size| size.as_i64()).map(|size| size as i32);
        PageRequest { query: format!("{operation} {}", Value::Object(members)), max_results, next_token }
    }
}

impl Cursors {
    /// The ids on the requested page, and the token of the next one when
    /// more follow. `listing` gives every id of a new listing, in order; it
    /// is called only for a first page.
    pub(crate) fn page(
        &mut self,
        request: PageRequest,
        listing: impl FnOnce() -> Result<Vec<String>, ApiError>,
    ) -> Result<(Vec<String>, Option<String>), ApiError> {
        let size = request.max_results.map_or(DEFAULT_PAGE_SIZE, |size| size.max(1) as usize);
        let (listing, offset) = match &request.next_token {
            None => (Arc::new(Listing { query: request.query, keys: listing()? }), 0),
            Some(token) => {
                self.forget_expired();
                let page = self.pages.get(token).ok_or_else(|| {
                    ApiError::invalid(
                        "nextToken",
                        "the token was not issued by this emulator, or it has expired (page tokens last an hour \
                         and do not survive a restart); start the listing again without one",
                    )
                })?;
                if page.listing.query != request.query {
                    return Err(ApiError::invalid(
                        "nextToken",
                        "the token belongs to another listing: use it with the same operation, ids, filters \
                         and sort it came from",
                    ));
                }
                (page.listing.clone(), page.offset)
            }
        };
        let end = (offset + size).min(listing.keys.len());
        let keys = listing.keys[offset.min(end)..end].to_vec();
        let next = (end < listing.keys.len()).then(|| self.issue(listing, end));
        Ok((keys, next))
    }

    fn issue(&mut self, listing: Arc<Listing>, offset: usize) -> String {
        self.forget_expired();
        if self.pages.len() >= MAX_TOKENS {
            let oldest = self.pages.iter().min_by_key(|(_, page)| page.issued).map(|(token, _)| token.clone());
            if let Some(oldest) = oldest {
                self.pages.remove(&oldest);
            }
        }
        let token = crate::ids::page_token();
        self.pages.insert(token.clone(), Page { listing, offset, issued: Instant::now() });
        token
    }

    fn forget_expired(&mut self) {
        self.pages.retain(|_, page| page.issued.elapsed() < TOKEN_LIFETIME);
    }
}
