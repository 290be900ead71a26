//! Generic pagination over operations with a continuation token.
//!
//! [`pages`] turns "send one page" into a stream of pages; [`items`] flattens
//! pages into their items. Pagination stops when the output token is absent or
//! empty, or when the service returns the token it was just sent (which would
//! otherwise loop forever). An error is yielded once and ends the stream.

use std::collections::VecDeque;
use std::future::Future;

pub use futures_core::Stream;
pub use futures_util::stream::{StreamExt, TryStreamExt};

/// A stream of pages.
///
/// * `input`: the first request (its token, if any, is where paging starts);
/// * `send`: sends one request;
/// * `output_token`: reads the next token from a page;
/// * `set_token`: writes a token into the next request.
///
/// Pages are fetched lazily, one request per page polled. The stream is not
/// `Unpin`: pin it (`std::pin::pin!(stream)`) to call `next()` on it.
///
/// ```
/// # use sdk_runtime::paginate::{pages, StreamExt};
/// # #[derive(Clone)] struct Input { next_token: Option<String> }
/// # struct Output { items: Vec<u32>, next_token: Option<String> }
/// # async fn list(i: Input) -> Result<Output, ()> {
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
{
    struct State<I, F, G, S> {
        next: Option<I>,
        /// The token put into `next` (so a page that returns it again is spotted).
        sent_token: Option<String>,
        send: F,
        output_token: G,
        set_token: S,
    }
    let state = State { next: Some(input), sent_token: None, send, output_token, set_token };
    futures_util::stream::unfold(state, |mut state| async move {
        let input = state.next.take()?;
        let page = match (state.send)(input.clone()).await {
            Ok(page) => page,
            // Yield the error; `next` stays `None`, so the stream ends after it.
            Err(e) => return Some((Err(e), state)),
        };
        match (state.output_token)(&page).filter(|t| !t.is_empty()) {
            Some(token) if Some(&token) != state.sent_token.as_ref() => {
                let mut next = input;
                (state.set_token)(&mut next, Some(token.clone()));
                state.next = Some(next);
                state.sent_token = Some(token);
            }
            Some(token) => tracing::warn!(token = %token, "the service repeated the pagination token; stopping"),
            None => {}
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
