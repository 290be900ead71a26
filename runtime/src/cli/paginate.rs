//! Every page of a paginated operation, merged as the AWS CLI merges them,
//! with `--max-items` and `--starting-token`.

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::run::{Failure, send_page};
use super::spec::PaginationSpec;
use crate::client::Handle;
use crate::error::SdkError;
use crate::operation::Operation;
use crate::shape::View;

/// Every page, the items of all of them merged into the first (without its
/// next token), stopping early once `max_items` items are in; then, as the
/// AWS CLI does, a `NextToken` to resume from with `--starting-token` when
/// items are left. A token the service hands back twice is an error.
pub(super) async fn all_pages<I>(
    handle: &Handle,
    input: &I,
    pagination: PaginationSpec,
    max_items: Option<usize>,
    starting: Option<&str>,
) -> Result<Value, Failure<I::Error>>
where
    I: Operation + DeserializeOwned,
    I::Output: View,
{
    // Later pages are the first input with a new token, rebuilt from its JSON
    // (the runtime cannot name the token field of `I`).
    let template = serde_json::to_value(input).map_err(|e| Failure::Other(format!("cannot copy the input: {e}")))?;
    let (mut sent_token, mut skip) = match starting {
        Some(text) => ResumeToken::decode(text).map(|t| (t.token, t.skip)).map_err(Failure::Other)?,
        None => (template.get(pagination.input_token).and_then(Value::as_str).map(str::to_owned), 0),
    };
    let mut guard = crate::paginate::TokenGuard::new(sent_token.as_deref());
    let mut merged: Option<Value> = None;
    let mut items: Option<Vec<Value>> = None;
    let mut resume = None;
    loop {
        let page_input = with_token::<I>(&template, pagination, sent_token.as_deref())?;
        let request = page_input.to_request().map_err(|e| Failure::Sdk(SdkError::Construction(e)))?;
        let mut page = send_page::<I>(handle, &page_input.endpoint_params(), request).await?;
        let next = page.get(pagination.output_token).and_then(Value::as_str).map(str::to_owned);
        if let Some(Value::Array(page_items)) = page.get_mut(pagination.items).map(Value::take) {
            let page_len = page_items.len();
            let taken = items.get_or_insert_with(Vec::new);
            let before = taken.len();
            taken.extend(page_items.into_iter().skip(skip));
            if let Some(max) = max_items
                && taken.len() >= max
            {
                taken.truncate(max);
                // Items of this page were left: resume within it; else after it.
                let used = skip + (taken.len() - before);
                resume = if used < page_len {
                    Some(ResumeToken { token: sent_token.clone(), skip: used })
                } else {
                    next.clone().filter(|t| !t.is_empty()).map(|t| ResumeToken { token: Some(t), skip: 0 })
                };
                merged.get_or_insert(page);
                break;
            }
        }
        skip = 0;
        merged.get_or_insert(page);
        match guard.next(next).map_err(|e| Failure::Sdk(SdkError::Pagination(e)))? {
            Some(token) => sent_token = Some(token),
            None => break,
        }
    }
    let mut merged = merged.unwrap_or(Value::Null);
    if let Value::Object(object) = &mut merged {
        object.remove(pagination.output_token);
        if let Some(items) = items {
            object.insert(pagination.items.to_owned(), Value::Array(items));
        }
        if let Some(resume) = resume {
            object.insert("NextToken".to_owned(), Value::String(resume.encode()));
        }
    }
    Ok(merged)
}

/// The input of one page: the first input with `token` (if any) as its token.
fn with_token<I: Operation + DeserializeOwned>(
    template: &Value,
    pagination: PaginationSpec,
    token: Option<&str>,
) -> Result<I, Failure<I::Error>> {
    let mut input = template.clone();
    if let (Value::Object(object), Some(token)) = (&mut input, token) {
        object.insert(pagination.input_token.to_owned(), Value::String(token.to_owned()));
    }
    serde_json::from_value(input).map_err(|e| Failure::Other(format!("cannot set the page token: {e}")))
}

/// Where `--max-items` stopped: the token of the page it stopped in (none
/// for the first) and how many of that page's items were printed. Printed
/// as `NextToken`, base64 of its JSON, like the AWS CLI's.
#[derive(Debug, PartialEq, Eq, Serialize, serde::Deserialize)]
struct ResumeToken {
    token: Option<String>,
    skip: usize,
}

impl ResumeToken {
    fn encode(&self) -> String {
        crate::encoding::encode_base64(serde_json::to_vec(self).unwrap_or_default())
    }

    fn decode(text: &str) -> Result<Self, String> {
        let bad = || format!("--starting-token: `{text}` is not a NextToken this tool printed");
        let bytes = crate::encoding::decode_base64(text).map_err(|_| bad())?;
        serde_json::from_slice(&bytes).map_err(|_| bad())
    }
}
