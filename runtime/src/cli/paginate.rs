//! Every page of a paginated operation, merged as the AWS CLI merges them,
//! with `--max-items` and `--starting-token`.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::output::Pages;
use super::run::{Failure, send_page};
use super::spec::{OperationSpec, PaginationSpec};
use crate::client::Handle;
use crate::error::SdkError;
use crate::operation::Operation;
use crate::shape::View;

/// Every page, as botocore's paginator fetches them: from `--starting-token`
/// (skipping the items of its page already printed) until the last page or
/// until `max_items` items are in, trimming the page it stopped in; then, as
/// the AWS CLI does, a `NextToken` to resume from when items are left. A
/// token the service hands back twice is an error.
pub(super) async fn all_pages<I>(
    handle: &Handle,
    input: &I,
    operation: &OperationSpec,
    pagination: PaginationSpec,
    max_items: Option<usize>,
    starting: Option<&str>,
) -> Result<Pages, Failure<I::Error>>
where
    I: Operation + DeserializeOwned,
    I::Output: View,
{
    // The token's key in `NextToken`: the input token member's model name, as botocore's.
    let token_name = operation
        .members
        .iter()
        .find(|m| m.json_name == pagination.input_token)
        .map_or(pagination.input_token, |m| m.name);
    // Later pages are the first input with a new token, rebuilt from its JSON
    // (the runtime cannot name the token field of `I`).
    let template = serde_json::to_value(input).map_err(|e| Failure::Other(format!("cannot copy the input: {e}")))?;
    let (mut sent_token, mut skip) = match starting {
        Some(text) => ResumeToken::decode(text, token_name).map(|t| (t.token, t.skip)).map_err(Failure::Other)?,
        None => (template.get(pagination.input_token).and_then(Value::as_str).map(str::to_owned), 0),
    };
    let mut guard = crate::paginate::TokenGuard::new(sent_token.as_deref());
    let mut pages = Vec::new();
    let mut total = 0;
    let mut resume = None;
    loop {
        let page_input = with_token::<I>(&template, pagination, sent_token.as_deref())?;
        let request = page_input.to_request().map_err(|e| Failure::Sdk(SdkError::Construction(e)))?;
        let mut page = send_page::<I>(handle, &page_input.endpoint_params(), request).await?;
        let next = page.get(pagination.output_token).and_then(Value::as_str).map(str::to_owned);
        let items = match page.get_mut(pagination.items) {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        };
        if let Some(items) = items {
            items.drain(..skip.min(items.len()));
            if let Some(max) = max_items
                && total + items.len() > max
            {
                // Stop inside this page: resume at its token, past what was printed.
                let keep = max - total;
                items.truncate(keep);
                resume = Some(ResumeToken { token: sent_token.clone(), skip: keep + skip }.encode(token_name));
                pages.push(page);
                break;
            }
            total += items.len();
        }
        skip = 0;
        pages.push(page);
        let next = guard.next(next).map_err(|e| Failure::Sdk(SdkError::Pagination(e)))?;
        match next {
            Some(token) if max_items == Some(total) => {
                // On a page boundary: resume at the next page.
                resume = Some(ResumeToken { token: Some(token), skip: 0 }.encode(token_name));
                break;
            }
            Some(token) => sent_token = Some(token),
            None => break,
        }
    }
    Ok(Pages { pages, items: pagination.items, resume })
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
/// as `NextToken` in botocore's form, base64 of
/// `{"<token member>": token, "boto_truncate_amount": n}` (the count left
/// out on a page boundary), so the AWS CLI and this tool take each other's.
#[derive(Debug, PartialEq, Eq)]
struct ResumeToken {
    token: Option<String>,
    skip: usize,
}

impl ResumeToken {
    fn encode(&self, name: &str) -> String {
        // Python's `json.dumps`: `", "` and `": "`, non-ASCII escaped.
        let token = self.token.as_deref().map_or("null".to_owned(), ascii_json_string);
        let mut json = format!("{{{}: {token}", ascii_json_string(name));
        if self.skip > 0 {
            json.push_str(&format!(", \"boto_truncate_amount\": {}", self.skip));
        }
        json.push('}');
        crate::encoding::encode_base64(json)
    }

    fn decode(text: &str, name: &str) -> Result<Self, String> {
        let bad = || format!("--starting-token: `{text}` is not a NextToken printed for this command");
        let bytes = crate::encoding::decode_base64(text).map_err(|_| bad())?;
        let Ok(Value::Object(object)) = serde_json::from_slice::<Value>(&bytes) else { return Err(bad()) };
        let token = match object.get(name) {
            Some(Value::String(token)) => Some(token.clone()),
            Some(Value::Null) => None,
            _ => return Err(bad()),
        };
        let skip = match object.get("boto_truncate_amount") {
            None => 0,
            Some(amount) => amount.as_u64().and_then(|n| usize::try_from(n).ok()).ok_or_else(bad)?,
        };
        Ok(ResumeToken { token, skip })
    }
}

/// A JSON string with every non-ASCII character escaped, as Python's
/// `json.dumps` writes it by default.
fn ascii_json_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            c => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resume_tokens_are_botocores() {
        // Printed by the AWS CLI 1.46.3 for --max-items 4 and 3 and 1.
        let inside = ResumeToken { token: Some("page-3".to_owned()), skip: 1 };
        assert_eq!(inside.encode("nextToken"), "eyJuZXh0VG9rZW4iOiAicGFnZS0zIiwgImJvdG9fdHJ1bmNhdGVfYW1vdW50IjogMX0=");
        let boundary = ResumeToken { token: Some("page-3".to_owned()), skip: 0 };
        assert_eq!(boundary.encode("nextToken"), "eyJuZXh0VG9rZW4iOiAicGFnZS0zIn0=");
        let first = ResumeToken { token: None, skip: 1 };
        assert_eq!(first.encode("nextToken"), "eyJuZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==");
        for token in [inside, boundary, first] {
            assert_eq!(ResumeToken::decode(&token.encode("nextToken"), "nextToken"), Ok(token));
        }
        assert!(ResumeToken::decode("bm9wZQ==", "nextToken").is_err());
        assert_eq!(ascii_json_string("é\"\n😀"), r#""\u00e9\"\n\ud83d\ude00""#);
    }
}
