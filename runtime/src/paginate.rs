//! Generic pagination over operations with a continuation token.
//!
//! [`pages`] turns "send one page" into a stream of pages; [`items`] flattens
//! pages into their items. Pagination stops when the output token is absent
//! or empty. A service that hands back a token it was already sent (the
//! same one, or one of a cycle) would page forever, so that is an error
//! ([`PaginationError::RepeatedToken`]), as is a paging past [`MAX_PAGES`].
//! An error is yielded once and ends the stream.

use std::collections::{HashSet, VecDeque};
use std::fmt;
use std::future::Future;

pub use futures_core::Stream;
pub use futures_util::stream::{StreamExt, TryStreamExt};

/// The most pages one pagination fetches; a service that keeps handing out
/// new tokens (with empty pages, say) is stopped there.
pub const MAX_PAGES: usize = 10_000;

/// The service's tokens would have paged forever.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PaginationError {
    /// The service returned a token it had been sent already.
    RepeatedToken(String),
    /// [`MAX_PAGES`] pages were fetched and the service still had a next token.
    TooManyPages(usize),
}

impl fmt::Display for PaginationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            // The AWS CLI's wording.
            Self::RepeatedToken(token) => write!(f, "The same next token was received twice: {token}"),
            Self::TooManyPages(pages) => {
                write!(f, "stopped after {pages} pages: the service keeps returning a next token")
            }
        }
    }
}

impl std::error::Error for PaginationError {}

/// The tokens one pagination has sent, to tell when the next one repeats.
#[derive(Debug, Default)]
pub struct TokenGuard {
    sent: HashSet<String>,
    pages: usize,
}

impl TokenGuard {
    /// Starts with the token of the first request, if any.
    pub fn new(first: Option<&str>) -> Self {
        Self { sent: first.map(str::to_owned).into_iter().collect(), pages: 0 }
    }

    /// Records one page and its next token (`None` or empty: the last page);
    /// `Ok(Some(token))` to fetch next, or an error if it would page forever.
    pub fn next(&mut self, token: Option<String>) -> Result<Option<String>, PaginationError> {
        self.pages += 1;
        let Some(token) = token.filter(|t| !t.is_empty()) else { return Ok(None) };
        if self.pages >= MAX_PAGES {
            return Err(PaginationError::TooManyPages(self.pages));
        }
        if !self.sent.insert(token.clone()) {
            return Err(PaginationError::RepeatedToken(token));
        }
        Ok(Some(token))
    }
}

/// A stream of pages.
///
/// * `input`: the first request (its token, if any, is where paging starts);
/// * `send`: sends one request;
/// * `output_token`: reads the next token from a page;
/// * `set_token`: writes a token into the next request.
///
/// The error type must take a [`PaginationError`] (as `SdkError` does), for
/// a service whose tokens would page forever.
///
/// Pages are fetched lazily, one request per page polled. The stream is not
/// `Unpin`: pin it (`std::pin::pin!(stream)`) to call `next()` on it.
///
/// ```
/// # use sdk_runtime::paginate::{pages, PaginationError, StreamExt};
/// # #[derive(Clone)] struct Input { next_token: Option<String> }
/// # struct Output { items: Vec<u32>, next_token: Option<String> }
/// # async fn list(i: Input) -> Result<Output, PaginationError> {
/// #     Ok(match i.next_token.as_deref() { None => Output { items: vec![1], next_token: Some("t".into()) }, _ => Output { items: vec![2], next_token: None } })
/// # }
/// # futures_util::FutureExt::now_or_never(async {
/// let stream = pages(Input { next_token: None }, list, |o: &Output| o.next_token.clone(), |i: &mut Input, t| i.next_token = t);
/// let all: Vec<_> = stream.collect().await;
/// assert_eq!(all.len(), 2);
/// # });
/// ```
pub fn pages<I, O, E, F, Fut>(
    input: I,
    send: F,
    output_token: impl Fn(&O) -> Option<String>,
    set_token: impl Fn(&mut I, Option<String>),
) -> impl Stream<Item = Result<O, E>>
where
    I: Clone,
    F: FnMut(I) -> Fut,
    Fut: Future<Output = Result<O, E>>,
    E: From<PaginationError>,
{
    struct State<I, F, G, S> {
        next: Option<I>,
        /// Every token sent so far: one that comes back would loop forever.
        guard: TokenGuard,
        /// An error to yield after the page that caused it.
        failed: Option<PaginationError>,
        send: F,
        output_token: G,
        set_token: S,
    }
    let state = State { next: Some(input), guard: TokenGuard::default(), failed: None, send, output_token, set_token };
    futures_util::stream::unfold(state, |mut state| async move {
        if let Some(e) = state.failed.take() {
            return Some((Err(E::from(e)), state));
        }
        let input = state.next.take()?;
        let page = match (state.send)(input.clone()).await {
            Ok(page) => page,
            // Yield the error; `next` stays `None`, so the stream ends after it.
            Err(e) => return Some((Err(e), state)),
        };
        match state.guard.next((state.output_token)(&page)) {
            Ok(Some(token)) => {
                let mut next = input;
                (state.set_token)(&mut next, Some(token));
                state.next = Some(next);
            }
            Ok(None) => {}
            Err(e) => state.failed = Some(e),
        }
        Some((Ok(page), state))
    })
}

/// Flattens a stream of pages into a stream of items; an error is passed on
/// and ends the stream.
pub fn items<O, T, E>(
    pages: impl Stream<Item = Result<O, E>>,
    items_of: impl FnMut(O) -> Vec<T>,
) -> impl Stream<Item = Result<T, E>> {
    struct State<P, F, T> {
        pages: std::pin::Pin<Box<P>>,
        items_of: F,
        buffer: VecDeque<T>,
        done: bool,
    }
    let state = State { pages: Box::pin(pages), items_of, buffer: VecDeque::new(), done: false };
    futures_util::stream::unfold(state, |mut state| async move {
        loop {
            if let Some(item) = state.buffer.pop_front() {
                return Some((Ok(item), state));
            }
            if state.done {
                return None;
            }
            match state.pages.next().await {
                Some(Ok(page)) => state.buffer.extend((state.items_of)(page)),
                Some(Err(e)) => {
                    state.done = true;
                    return Some((Err(e), state));
                }
                None => return None,
            }
        }
    })
}
