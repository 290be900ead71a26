//! Running one operation: the input read and validated, the client
//! configured, then the request printed (`--dry-run`) or sent, and the
//! output or the error printed. The only module that calls the client.

use std::io::Write;
use std::time::Duration;

use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::command_line::{Options, Skeleton};
use super::input::read_input;
use super::output::{Printer, Response};
use super::paginate::all_pages;
use super::skeleton;
use super::spec::{OperationSpec, PaginationSpec};
use super::{EXIT_FAILED, EXIT_OK, EXIT_USAGE, Invocation, failed, printable, usage};
use crate::client::{Handle, SignedRequest};
use crate::config::{ConfigBuilder, DefaultsMode};
use crate::endpoint::InputParams;
use crate::error::SdkError;
use crate::http::HttpRequest;
use crate::operation::{ModeledError, Operation};
use crate::shape::View;

/// Reads the assembled input into `I`, validates it, then prints the signed
/// request (`--dry-run`) or sends it and prints the output.
pub fn run<I>(invocation: Invocation<'_>) -> u8
where
    I: Operation + DeserializeOwned,
    I::Output: View,
{
    let Prepared { input, handle, runtime, operation, options, printer, outfile, out, err } =
        match prepare::<I>(invocation) {
            Ok(prepared) => prepared,
            Err(status) => return status,
        };
    if options.skeleton == Some(Skeleton::Output) {
        // The input is valid; print the output's shape instead of sending it.
        return print(&printer, &Response::Single(skeleton::output(operation)), out, err);
    }
    runtime.block_on(async {
        if options.dry_run {
            return print_signed(&handle, &input, operation, out, err).await;
        }
        let result = match operation.pagination {
            Some(pagination) if !options.no_paginate && outfile.is_none() => {
                let starting = options.starting_token.as_deref();
                all_pages::<I>(&handle, &input, operation, pagination, options.max_items, starting)
                    .await
                    .map(Response::Pages)
            }
            _ => match input.to_request() {
                Ok(request) => {
                    let params = input.endpoint_params();
                    match &outfile {
                        Some(path) => streamed_output::<I>(&handle, &params, request, path).await,
                        None => one_page::<I>(&handle, &params, request, operation.pagination, options.max_items).await,
                    }
                    .map(Response::Single)
                }
                Err(e) => Err(Failure::Sdk(SdkError::Construction(e))),
            },
        };
        match result {
            Ok(response) => print(&printer, &response, out, err),
            Err(Failure::Sdk(e)) => report(operation, &e, err),
            Err(Failure::Other(message)) => failed(err, &message),
        }
    })
}

/// One call of a `wait` command's poll: the client's whole call, as the
/// SDK's waiters make it (kept here with the tool's other calls into the client).
#[cfg(feature = "waiters")]
pub(super) async fn invoke<I: Operation>(handle: &Handle, input: I) -> Result<I::Output, SdkError<I::Error>> {
    crate::operation::invoke(handle, input).await
}

/// Prints a response in the chosen format.
fn print(printer: &Printer, response: &Response, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    match printer.print(response, out) {
        Ok(()) => EXIT_OK,
        Err(message) => failed(err, &message),
    }
}

/// An input ready to send, with the client and runtime to send it on.
pub(super) struct Prepared<'a, I> {
    pub(super) input: I,
    pub(super) handle: Handle,
    pub(super) runtime: tokio::runtime::Runtime,
    pub(super) operation: &'a OperationSpec,
    pub(super) options: Options,
    pub(super) printer: Printer,
    /// Where a streamed output is written.
    pub(super) outfile: Option<String>,
    pub(super) out: &'a mut dyn Write,
    pub(super) err: &'a mut dyn Write,
}

/// The steps before anything is sent: the input read into `I` and
/// validated, the request built once to see that it can be, the
/// configuration from the environment and the options. `Err` is the exit
/// status, once the problem is printed.
pub(super) fn prepare<I>(invocation: Invocation<'_>) -> Result<Prepared<'_, I>, u8>
where
    I: Operation + DeserializeOwned,
{
    let Invocation { spec, operation, input, stream, outfile, options, printer, env, out, err } = invocation;
    let mut input: I = read_input(operation, input).map_err(|message| usage(err, &message))?;
    if let Some(path) = &stream {
        let body =
            crate::stream::ByteStream::from_path(path).map_err(|e| usage(err, &format!("cannot read {path}: {e}")))?;
        input.set_input_stream(body);
    }
    input.fill_idempotency_tokens(crate::operation::idempotency_token);
    if let Err(e) = input.validate() {
        let _ = writeln!(err, "error: the input is invalid, so nothing was sent:");
        for violation in e.violations() {
            // Point at the flag that sets the member the path starts with.
            let top = violation.path.split(['.', '[']).next().unwrap_or_default();
            let flag = operation.members.iter().position(|m| m.name == top || m.json_name == top);
            match flag {
                Some(index) => {
                    let _ = writeln!(err, "  {violation} (--{})", operation.members[index].flag);
                }
                None => {
                    let _ = writeln!(err, "  {violation}");
                }
            }
        }
        return Err(EXIT_USAGE);
    }
    if let Err(e) = input.to_request() {
        return Err(usage(err, &format!("cannot build the request: {e}")));
    }
    // A setting that is wrong is the caller's to fix, as a flag would be.
    let mut builder = ConfigBuilder::from_env(&env, spec.service.sdk_id).map_err(|e| usage(err, &e.to_string()))?;
    if let Some(region) = &options.region {
        builder = builder.region(region.as_str());
    }
    if let Some(url) = &options.endpoint_url {
        builder = builder.endpoint_url(url.as_str());
    }
    builder = with_cli_timeouts(builder, &options);
    let config = builder.app_name(spec.binary).build();
    config.validate().map_err(|e| usage(err, &e.to_string()))?;
    let handle = Handle::new(config, *spec.service);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| failed(err, &format!("cannot start the async runtime: {e}")))?;
    Ok(Prepared { input, handle, runtime, operation, options, printer, outfile, out, err })
}

/// `--dry-run`: the signed request `input` would be sent as, printed.
pub(super) async fn print_signed<I: Operation>(
    handle: &Handle,
    input: &I,
    operation: &OperationSpec,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let request = match input.to_request() {
        Ok(request) => request,
        Err(e) => return usage(err, &format!("cannot build the request: {e}")),
    };
    match handle.prepare_signed_with::<I::Error>(&I::INFO, &input.endpoint_params(), &request).await {
        Ok(signed) => print_dry_run(&signed, out, err),
        Err(e) => report(operation, &e, err),
    }
}

/// The AWS CLI's timeouts: 60 s to connect and 60 s of silence while reading
/// unless the flags say otherwise (0: none); a `defaults_mode` from the
/// environment or profile still sets the connect timeout when the flag is absent.
fn with_cli_timeouts(builder: ConfigBuilder, options: &Options) -> ConfigBuilder {
    const DEFAULT: Duration = Duration::from_secs(60);
    let seconds = |s: u64| (s > 0).then(|| Duration::from_secs(s));
    let legacy = builder.clone().build().defaults_mode() == DefaultsMode::Legacy;
    let builder = match options.connect_timeout {
        Some(s) => builder.connect_timeout(seconds(s)),
        None if legacy => builder.connect_timeout(Some(DEFAULT)),
        None => builder,
    };
    builder.read_timeout(options.read_timeout.map_or(Some(DEFAULT), seconds))
}

/// Why a call failed: an error from the SDK, or a step of the tool's own.
pub(super) enum Failure<E> {
    Sdk(SdkError<E>),
    Other(String),
}

impl<E> From<SdkError<E>> for Failure<E> {
    fn from(e: SdkError<E>) -> Self {
        Failure::Sdk(e)
    }
}

/// Prints an SDK error; returns the exit status it calls for.
pub(super) fn report<E>(operation: &OperationSpec, error: &SdkError<E>, err: &mut dyn Write) -> u8 {
    let text = match error {
        SdkError::Service(_) | SdkError::Unmodeled(_) => {
            let meta = error.meta();
            let status = match error {
                SdkError::Service(e) => e.status(),
                SdkError::Unmodeled(e) => e.status(),
                _ => 0,
            };
            // As the AWS CLI does without a code or message: the status and its reason.
            let status_code = status.to_string();
            let code = meta.and_then(|m| m.code()).unwrap_or(&status_code);
            let reason = ::http::StatusCode::from_u16(status).ok().and_then(|s| s.canonical_reason());
            let message = meta.and_then(|m| m.message()).or(reason).unwrap_or("(no message)");
            // The AWS CLI's wording, which scripts already match on.
            let mut text =
                format!("An error occurred ({code}) when calling the {} operation: {message}", operation.name);
            if let Some(id) = meta.and_then(|m| m.request_id()) {
                text.push_str(&format!(" (request id {id})"));
            }
            text
        }
        SdkError::Validation(e) => return usage(err, &e.to_string()),
        SdkError::Construction(e) => format!("error: could not build the request: {e}"),
        SdkError::Endpoint(e) => format!("error: could not resolve the endpoint: {e}"),
        SdkError::Transport(e) => format!("error: could not send the request: {e}"),
        SdkError::Timeout(e) => format!("error: {e}"),
        SdkError::Deserialization(e) => format!("error: could not read the response: {e}"),
        SdkError::Pagination(e) => format!("error: {e}"),
    };
    let _ = writeln!(err, "{}", printable(&text));
    EXIT_FAILED
}

/// Sends one request; the output as it is printed.
pub(super) async fn send_page<I: Operation>(
    handle: &Handle,
    endpoint_params: &InputParams,
    request: HttpRequest,
) -> Result<Value, Failure<I::Error>>
where
    I::Output: View,
{
    let output = handle.invoke_with(&I::INFO, endpoint_params, request, I::read_output, I::Error::from_code).await?;
    // What the AWS CLI prints: every member (bound to headers too) by its
    // model name, timestamps in ISO 8601, blobs in base64.
    Ok(output.view())
}

/// One call whose output payload streams: the payload written to `path` as
/// it arrives, the other members as they are printed.
async fn streamed_output<I: Operation>(
    handle: &Handle,
    endpoint_params: &InputParams,
    request: HttpRequest,
    path: &str,
) -> Result<Value, Failure<I::Error>>
where
    I::Output: View,
{
    let read = I::read_streamed_output;
    let mut output =
        handle.invoke_streaming_with(&I::INFO, endpoint_params, request, read, I::Error::from_code).await?;
    if let Some(body) = I::take_output_stream(&mut output) {
        body.write_to_file(path).await.map_err(|e| Failure::Other(format!("error: cannot write {path}: {e}")))?;
    }
    Ok(output.view())
}

/// One call; `--max-items` still trims its items.
async fn one_page<I: Operation>(
    handle: &Handle,
    endpoint_params: &InputParams,
    request: HttpRequest,
    pagination: Option<PaginationSpec>,
    max_items: Option<usize>,
) -> Result<Value, Failure<I::Error>>
where
    I::Output: View,
{
    let mut page = send_page::<I>(handle, endpoint_params, request).await?;
    if let (Some(pagination), Some(max)) = (pagination, max_items)
        && let Some(Value::Array(items)) = page.get_mut(pagination.items)
    {
        items.truncate(max);
    }
    Ok(page)
}

/// The dry run's request as pretty JSON (the tool's own format, not the AWS CLI's).
fn print_json(value: &impl Serialize, out: &mut dyn Write) -> u8 {
    match serde_json::to_string_pretty(value) {
        Ok(text) => match writeln!(out, "{text}") {
            Ok(()) => EXIT_OK,
            // A closed pipe (`| head`) is not worth a message.
            Err(_) => EXIT_FAILED,
        },
        Err(_) => EXIT_FAILED,
    }
}

/// Prints the request as one JSON object; notes on stderr when it is unsigned.
fn print_dry_run(signed: &SignedRequest, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    if let Some(reason) = &signed.unsigned_reason {
        let _ = writeln!(err, "note: the request is shown unsigned: {reason}");
    }
    print_json(&dry_run_json(signed), out)
}

/// `{"method", "url", "headers": {name: value}, "body": JSON or null}`, in
/// that order (a struct, since serde_json's maps sort their keys).
#[derive(Serialize)]
struct DryRun {
    method: String,
    url: String,
    headers: Map<String, Value>,
    body: Value,
}

fn dry_run_json(signed: &SignedRequest) -> DryRun {
    // `@sensitive` values and credentials stay out of terminals and logs.
    let request = signed.shown();
    let mut headers = Map::new();
    for (name, value) in &request.headers {
        let name = name.to_ascii_lowercase();
        match headers.get_mut(&name) {
            // Repeated headers are one comma-separated list in HTTP.
            Some(Value::String(existing)) => {
                existing.push_str(", ");
                existing.push_str(value);
            }
            _ => {
                headers.insert(name, Value::String(value.clone()));
            }
        }
    }
    let body = signed.redactions.body_json(&signed.request.body);
    DryRun { method: request.method.to_string(), url: request.url, headers, body }
}
