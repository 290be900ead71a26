//! The command-line tool a generated SDK offers behind its `cli` feature,
//! following the AWS CLI's conventions.
//!
//! Generated code only describes the tool: a [`CliSpec`] with one
//! [`OperationSpec`] per operation (its subcommand, docs, and each input
//! member's flag, kind and constraints) and, per operation, [`run`] for its
//! input type. Everything else happens here at run time:
//!
//! 1. the `clap` command is built from the description and parses argv (global
//!    options are accepted before or after the subcommand);
//! 2. the input is assembled as a JSON object: `--cli-input-json` (the model's
//!    member names), then each flag given, which overrides it;
//! 3. [`run`] reads that JSON into the input type, validates it, builds the
//!    request and either prints it signed (`--dry-run`) or sends it, fetching
//!    and merging every page of a paginated operation unless `--no-paginate`;
//! 4. the output is printed as pretty JSON with the model's member names.
//!
//! `wait <waiter> --flags…` (feature `waiters`, [`wait`]) polls an operation
//! with the same flags until its waiter's acceptors end the wait, as the AWS
//! CLI's `wait` commands do: silent and 0 on success, 1 with a message when
//! a failure state, an error or `--cli-max-wait` ends it.
//!
//! Exit status: 0 on success; 2 when the command line, the input or a
//! setting is wrong (usage errors, unreadable JSON, unknown members,
//! constraint violations, a region that is not a host label), in which case
//! nothing is sent; 1 when the call itself fails (endpoint, credentials,
//! transport, or an error from the service, printed with its code).

use std::ffi::OsString;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Arg, ArgAction, ArgMatches, Command};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use crate::client::{Handle, ServiceInfo, SignedRequest};
use crate::config::{ConfigBuilder, DefaultsMode};
use crate::encoding::{DateTime, TimestampFormat};
use crate::endpoint::InputParams;
use crate::env::Env;
use crate::error::SdkError;
use crate::http::HttpRequest;
use crate::operation::{ModeledError, Operation};
use crate::shape::View;

#[cfg(feature = "waiters")]
pub mod wait;

/// The command succeeded.
pub const EXIT_OK: u8 = 0;
/// The call failed: endpoint, credentials, transport, or an
/// error from the service.
pub const EXIT_FAILED: u8 = 1;
/// The command line, the input or a setting is wrong; nothing was sent.
pub const EXIT_USAGE: u8 = 2;

/// The whole tool, as generated code describes it.
#[derive(Clone, Copy, Debug)]
pub struct CliSpec {
    /// The binary's name (`wickr-admin`), shown in usage lines.
    pub binary: &'static str,
    /// One line about the service, shown atop the help.
    pub title: &'static str,
    /// The service's documentation.
    pub docs: &'static str,
    /// The tool's version.
    pub version: &'static str,
    /// The service, for the client the tool builds.
    pub service: &'static ServiceInfo,
    /// One subcommand per operation.
    pub operations: &'static [OperationSpec],
}

/// One operation's subcommand.
#[derive(Clone, Copy, Debug)]
pub struct OperationSpec {
    /// The operation's name (`ListUsers`).
    pub name: &'static str,
    /// The subcommand (`list-users`).
    pub command: &'static str,
    /// The first sentence of its documentation, for the list of commands.
    pub summary: &'static str,
    /// The operation's documentation.
    pub docs: &'static str,
    /// Method and URI pattern (`GET /networks/{networkId}/users`).
    pub http: &'static str,
    /// One flag (two for booleans) per top-level input member.
    pub members: &'static [MemberSpec],
    /// How to fetch every page, for paginated operations.
    pub pagination: Option<PaginationSpec>,
    /// The operation's waiters, each a subcommand of `wait`.
    pub waiters: &'static [WaiterSpec],
    /// Whether the output's payload streams: then the command takes the file
    /// to write it to as its last argument (`outfile`), as the AWS CLI does,
    /// and prints the other members.
    pub output_file: bool,
    /// Reads the assembled input into the operation's input type and runs it:
    /// [`run`] for that type.
    pub run: Runner,
}

/// A waiter's subcommand of `wait`, taking its operation's flags.
#[derive(Clone, Copy, Debug)]
pub struct WaiterSpec {
    /// The waiter's name as modelled (`JobDone`), for messages.
    pub name: &'static str,
    /// The subcommand (`job-done`).
    pub command: &'static str,
    /// The first sentence of its documentation, for the list of waiters.
    pub summary: &'static str,
    /// Its documentation, with what each acceptor does.
    pub docs: &'static str,
    /// Reads the assembled input and waits: `wait::run` for the
    /// operation's input type and this waiter (feature `waiters`).
    pub run: Runner,
}

/// Runs one operation; returns the exit status.
pub type Runner = fn(Invocation<'_>) -> u8;

/// A top-level input member's flag.
#[derive(Clone, Copy, Debug)]
pub struct MemberSpec {
    /// The member name as modelled (`networkId`): its key in `--cli-input-json`.
    pub name: &'static str,
    /// The member's key in the input type's JSON (its `jsonName`, else `name`).
    pub json_name: &'static str,
    /// The flag without dashes (`network-id`; `input-dry-run` where the
    /// member's own name is a global option's).
    pub flag: &'static str,
    /// The member's documentation.
    pub docs: &'static str,
    /// Whether the model requires the member.
    pub required: bool,
    /// What the flag takes.
    pub kind: ArgKind,
    /// What the help adds in brackets: the model's constraints in words
    /// (`8 characters; pattern ^[0-9]{8}$`), and which member a renamed flag
    /// sets; or empty.
    pub notes: &'static str,
}

/// What a member's flag takes, and how its text becomes JSON.
#[derive(Clone, Copy, Debug)]
pub enum ArgKind {
    /// Text, as is.
    String,
    /// `--flag` for true, `--no-flag` for false.
    Boolean,
    /// A whole number.
    Integer,
    /// A number.
    Float,
    /// Epoch seconds or RFC 3339, written into the input as the member's
    /// format expects (a number for epoch seconds, else text).
    Timestamp(TimestampFormat),
    /// One of these values (not enforced: the service may know newer ones).
    Enum(&'static [&'static str]),
    /// An integer, or the name of one of these values.
    IntEnum(&'static [(&'static str, i64)]),
    /// A list of scalars: the flag repeated, or several values after it.
    List(&'static ArgKind),
    /// Structures, maps, lists of structures, documents: JSON, inline or `file://path`.
    Json,
    /// Binary data: base64 text, or `fileb://path` for a file's bytes.
    Blob,
    /// A `@streaming` blob: the path of the file to send (`fileb://` may
    /// prefix it), read in chunks as it is sent.
    Stream,
}

/// Where a paginated operation keeps its tokens and items (JSON names of
/// top-level members).
#[derive(Clone, Copy, Debug)]
pub struct PaginationSpec {
    /// The input member that carries the token.
    pub input_token: &'static str,
    /// The output member with the next token.
    pub output_token: &'static str,
    /// The output member with the page's items.
    pub items: &'static str,
}

/// The global options, accepted before or after the subcommand.
#[derive(Clone, Debug, Default)]
struct Options {
    region: Option<String>,
    profile: Option<String>,
    endpoint_url: Option<String>,
    no_paginate: bool,
    max_items: Option<usize>,
    debug: bool,
    dry_run: bool,
    /// `--starting-token`: a `NextToken` printed by an earlier `--max-items` run.
    starting_token: Option<String>,
    /// `--cli-read-timeout`, seconds (0: none).
    read_timeout: Option<u64>,
    /// `--cli-connect-timeout`, seconds (0: none).
    connect_timeout: Option<u64>,
    /// `--cli-max-wait`, seconds, for `wait` commands.
    #[cfg_attr(not(feature = "waiters"), allow(dead_code))]
    max_wait: Option<u64>,
}

/// One parsed command, handed to the operation's [`Runner`].
pub struct Invocation<'a> {
    spec: &'a CliSpec,
    operation: &'a OperationSpec,
    input: Map<String, Value>,
    /// The file a `@streaming` input member is read from.
    stream: Option<String>,
    /// The file a `@streaming` output payload is written to.
    outfile: Option<String>,
    options: Options,
    env: Env,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

impl std::fmt::Debug for Invocation<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The input may hold sensitive members: list its keys only.
        f.debug_struct("Invocation")
            .field("operation", &self.operation.name)
            .field("input_keys", &self.input.keys().collect::<Vec<_>>())
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Runs the tool with the process's arguments and environment, printing to
/// stdout and stderr.
pub fn main(spec: &CliSpec) -> ExitCode {
    // Variables that are not Unicode cannot hold a usable setting.
    let vars = std::env::vars_os().filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?)));
    let code = run_with(spec, std::env::args_os(), vars, &mut std::io::stdout(), &mut std::io::stderr());
    ExitCode::from(code)
}

/// Runs the tool with these arguments (the first is the program name) and
/// environment variables, writing to `out` and `err`; returns the exit status.
pub fn run_with<A: Into<OsString> + Clone>(
    spec: &CliSpec,
    args: impl IntoIterator<Item = A>,
    vars: impl IntoIterator<Item = (String, String)>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> u8 {
    let matches = match command(spec).try_get_matches_from(args) {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version go to stdout with status 0, usage errors to stderr.
            let text = error.render().to_string();
            let _ = if error.use_stderr() { err.write_all(text.as_bytes()) } else { out.write_all(text.as_bytes()) };
            return if error.use_stderr() { EXIT_USAGE } else { EXIT_OK };
        }
    };
    let Some((command, sub)) = matches.subcommand() else {
        let _ = writeln!(err, "error: a command is required; see `{} --help`", spec.binary);
        return EXIT_USAGE;
    };
    let (operation, runner, sub) = if command == WAIT && spec.operations.iter().any(|op| !op.waiters.is_empty()) {
        let Some((name, waiter_matches)) = sub.subcommand() else {
            let _ = writeln!(err, "error: a waiter is required; see `{} {WAIT} --help`", spec.binary);
            return EXIT_USAGE;
        };
        let found = spec
            .operations
            .iter()
            .find_map(|op| op.waiters.iter().find(|waiter| waiter.command == name).map(|waiter| (op, waiter.run)));
        let Some((operation, run)) = found else {
            let _ = writeln!(err, "error: unknown waiter `{name}`");
            return EXIT_USAGE;
        };
        (operation, run, waiter_matches)
    } else {
        let Some(operation) = spec.operations.iter().find(|op| op.command == command) else {
            let _ = writeln!(err, "error: unknown command `{command}`");
            return EXIT_USAGE;
        };
        (operation, operation.run, sub)
    };
    let options = Options {
        region: sub.get_one::<String>("region").cloned(),
        profile: sub.get_one::<String>("profile").cloned(),
        endpoint_url: sub.get_one::<String>("endpoint-url").cloned(),
        no_paginate: sub.get_flag("no-paginate"),
        max_items: sub.get_one::<usize>("max-items").copied(),
        debug: sub.get_flag("debug"),
        dry_run: sub.get_flag("dry-run"),
        starting_token: sub.get_one::<String>("starting-token").cloned(),
        read_timeout: sub.get_one::<u64>("cli-read-timeout").copied(),
        connect_timeout: sub.get_one::<u64>("cli-connect-timeout").copied(),
        // Only `wait` commands have it.
        max_wait: sub.try_get_one::<u64>(CLI_MAX_WAIT).ok().flatten().copied(),
    };
    let input = match assemble_input(operation, sub) {
        Ok(input) => input,
        Err(message) => return usage(err, &message),
    };
    let stream = operation
        .members
        .iter()
        .filter(|m| matches!(m.kind, ArgKind::Stream))
        .find_map(|m| sub.get_one::<String>(&format!("member:{}", m.name)))
        .map(|path| path.strip_prefix("fileb://").unwrap_or(path).to_owned());
    let outfile = if operation.output_file { sub.get_one::<String>(OUTFILE).cloned() } else { None };
    let mut vars: Vec<(String, String)> = vars.into_iter().collect();
    if let Some(profile) = &options.profile {
        vars.retain(|(k, _)| k != "AWS_PROFILE");
        vars.push(("AWS_PROFILE".to_owned(), profile.clone()));
    }
    if options.debug {
        // Only the first subscriber wins; a second `run_with` in one process keeps it.
        let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_max_level(tracing::Level::DEBUG).try_init();
    }
    runner(Invocation { spec, operation, input, stream, outfile, options, env: Env::from_vars(vars), out, err })
}

/// Reads the assembled input into `I`, validates it, then prints the signed
/// request (`--dry-run`) or sends it and prints the output.
pub fn run<I>(invocation: Invocation<'_>) -> u8
where
    I: Operation + DeserializeOwned,
    I::Output: View,
{
    let Prepared { input, handle, runtime, operation, options, outfile, out, err } = match prepare::<I>(invocation) {
        Ok(prepared) => prepared,
        Err(status) => return status,
    };
    runtime.block_on(async {
        if options.dry_run {
            return print_signed(&handle, &input, operation, out, err).await;
        }
        let result = match operation.pagination {
            Some(pagination) if !options.no_paginate && outfile.is_none() => {
                all_pages::<I>(&handle, &input, pagination, options.max_items, options.starting_token.as_deref()).await
            }
            _ => match input.to_request() {
                Ok(request) => {
                    let params = input.endpoint_params();
                    match &outfile {
                        Some(path) => streamed_output::<I>(&handle, &params, request, path).await,
                        None => one_page::<I>(&handle, &params, request, operation.pagination, options.max_items).await,
                    }
                }
                Err(e) => Err(Failure::Sdk(SdkError::Construction(e))),
            },
        };
        match result {
            Ok(output) => print_json(&output, out),
            Err(Failure::Sdk(e)) => report(operation, &e, err),
            Err(Failure::Other(message)) => failed(err, &message),
        }
    })
}

/// An input ready to send, with the client and runtime to send it on.
struct Prepared<'a, I> {
    input: I,
    handle: Handle,
    runtime: tokio::runtime::Runtime,
    operation: &'a OperationSpec,
    options: Options,
    /// Where a streamed output is written.
    outfile: Option<String>,
    out: &'a mut dyn Write,
    err: &'a mut dyn Write,
}

/// The steps before anything is sent: the input read into `I` and
/// validated, the request built once to see that it can be, the
/// configuration from the environment and the options. `Err` is the exit
/// status, once the problem is printed.
fn prepare<I>(invocation: Invocation<'_>) -> Result<Prepared<'_, I>, u8>
where
    I: Operation + DeserializeOwned,
{
    let Invocation { spec, operation, input, stream, outfile, options, env, out, err } = invocation;
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
    Ok(Prepared { input, handle, runtime, operation, options, outfile, out, err })
}

/// `--dry-run`: the signed request `input` would be sent as, printed.
async fn print_signed<I: Operation>(
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
enum Failure<E> {
    Sdk(SdkError<E>),
    Other(String),
}

impl<E> From<SdkError<E>> for Failure<E> {
    fn from(e: SdkError<E>) -> Self {
        Failure::Sdk(e)
    }
}

/// Prints an SDK error; returns the exit status it calls for.
fn report<E>(operation: &OperationSpec, error: &SdkError<E>, err: &mut dyn Write) -> u8 {
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

/// `text` with its control characters (ESC, OSC, BEL, CR, newlines…)
/// written as escapes: what a service or a proxy says must not move the
/// cursor, retitle the terminal or forge a line of output.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

/// Sends one request; the output as it is printed.
async fn send_page<I: Operation>(
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

/// Every page, the items of all of them merged into the first (without its
/// next token), stopping early once `max_items` items are in; then, as the
/// AWS CLI does, a `NextToken` to resume from with `--starting-token` when
/// items are left. A token the service hands back twice is an error.
async fn all_pages<I>(
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

fn usage(err: &mut dyn Write, message: &str) -> u8 {
    let _ = writeln!(err, "error: {message}");
    EXIT_USAGE
}

fn failed(err: &mut dyn Write, message: &str) -> u8 {
    let _ = writeln!(err, "error: {message}");
    EXIT_FAILED
}

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

// ---------------------------------------------------------------------------
// The clap command.

/// Global options. The generator offers a member whose flag would clash with
/// one of them (or whose `no-` form would) as `input-<flag>`; its list must
/// hold every name here.
pub const GLOBAL_FLAGS: [&str; 15] = [
    "region",
    "profile",
    "endpoint-url",
    "output",
    "no-paginate",
    "max-items",
    "debug",
    "dry-run",
    "starting-token",
    "cli-read-timeout",
    "cli-connect-timeout",
    "cli-input-json",
    // Of `wait` commands only.
    CLI_MAX_WAIT,
    "help",
    "version",
];

const CLI_INPUT_JSON: &str = "cli-input-json";
/// The positional argument naming the file a streamed output is written to.
const OUTFILE: &str = "outfile";

/// The subcommand holding one subcommand per waiter.
const WAIT: &str = "wait";

/// `wait` commands' option: the longest wait, in seconds.
const CLI_MAX_WAIT: &str = "cli-max-wait";

fn command(spec: &CliSpec) -> Command {
    let about = spec.title.to_owned();
    let long_about = if spec.docs.is_empty() { about.clone() } else { format!("{}\n\n{}", spec.title, spec.docs) };
    Command::new(spec.binary)
        .bin_name(spec.binary)
        .version(spec.version)
        .about(about)
        .long_about(long_about)
        .subcommand_required(true)
        .arg_required_else_help(true)
        .after_help(AFTER_HELP)
        .args(global_args())
        .subcommands(spec.operations.iter().map(operation_command))
        .subcommands(wait_command(spec))
}

/// `wait`, with a subcommand per waiter, when the service has any.
fn wait_command(spec: &CliSpec) -> Option<Command> {
    let waiters: Vec<(&'static OperationSpec, &'static WaiterSpec)> =
        spec.operations.iter().flat_map(|op| op.waiters.iter().map(move |waiter| (op, waiter))).collect();
    if waiters.is_empty() {
        return None;
    }
    let max_wait = Arg::new(CLI_MAX_WAIT)
        .long(CLI_MAX_WAIT)
        .value_name("SECONDS")
        .help("How long to wait in all before giving up [default: 600]")
        .global(true)
        .action(ArgAction::Set)
        .value_parser(clap::value_parser!(u64))
        .help_heading(GLOBAL);
    let about = "Wait until a resource reaches a state: poll an operation until its waiter says it is there, or never \
                 will be";
    let commands = waiters.into_iter().map(|(operation, waiter)| {
        let long_about = format!("{}\n\nPolls {} ({}).", waiter.docs.trim(), operation.name, operation.http);
        with_input_args(Command::new(waiter.command).about(waiter.summary).long_about(long_about), operation)
    });
    Some(
        Command::new(WAIT)
            .about(about)
            .subcommand_required(true)
            .arg_required_else_help(true)
            .arg(max_wait)
            .subcommands(commands),
    )
}

const AFTER_HELP: &str = "\
Credentials, region and endpoint come from the usual AWS settings: AWS_ACCESS_KEY_ID, \
AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_PROFILE, AWS_ENDPOINT_URL, \
AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT and ~/.aws/config; the options above override them.

Exit status: 0 success; 1 the call failed (endpoint, credentials, network, or an error from the service, \
printed with its code); 2 the command line, the input or a setting is wrong (every violation is printed \
with its field path), and nothing was sent.";

/// The help heading of the global options, apart from the operation's own.
const GLOBAL: &str = "Global options";

fn global_args() -> Vec<Arg> {
    let value = |id: &'static str, name: &'static str, help: &'static str| {
        Arg::new(id).long(id).value_name(name).help(help).global(true).action(ArgAction::Set).help_heading(GLOBAL)
    };
    let switch = |id: &'static str, help: &'static str| {
        Arg::new(id).long(id).help(help).global(true).action(ArgAction::SetTrue).help_heading(GLOBAL)
    };
    vec![
        value("region", "REGION", "The AWS Region to send the request to"),
        value("profile", "PROFILE", "The profile of ~/.aws/config and ~/.aws/credentials to use"),
        value("endpoint-url", "URL", "Send the request to this URL instead of the resolved endpoint"),
        value("output", "FORMAT", "The output format: json (pretty JSON with the model's member names)")
            .value_parser(["json"])
            .default_value("json"),
        switch("no-paginate", "Fetch only the first page of a paginated operation"),
        value(
            "max-items",
            "N",
            "Print at most N items of a paginated operation, and a NextToken to resume from if more are left",
        )
        .value_parser(clap::value_parser!(usize)),
        value("starting-token", "TOKEN", "Resume a paginated operation from a NextToken printed with --max-items"),
        value(
            "cli-read-timeout",
            "SECONDS",
            "How long the server may send nothing before an attempt fails and is retried; 0 waits forever [default: 60]",
        )
        .value_parser(clap::value_parser!(u64)),
        value(
            "cli-connect-timeout",
            "SECONDS",
            "How long connecting (TCP and TLS) may take before an attempt fails and is retried; 0 waits forever \
             [default: 60]",
        )
        .value_parser(clap::value_parser!(u64)),
        switch("debug", "Log what the client does (endpoint, attempts, retries) to stderr"),
        switch(
            "dry-run",
            "Validate the input, resolve the endpoint, sign the request and print it as JSON instead of sending it",
        ),
    ]
}

fn operation_command(operation: &'static OperationSpec) -> Command {
    let summary = operation.summary;
    let long_about = format!("{}\n\n{}", operation.docs.trim(), operation.http);
    with_input_args(Command::new(operation.command).about(summary).long_about(long_about), operation)
}

/// `--cli-input-json` and a flag per input member of `operation`.
fn with_input_args(command: Command, operation: &'static OperationSpec) -> Command {
    let mut command =
        command.arg(Arg::new(CLI_INPUT_JSON).long(CLI_INPUT_JSON).value_name("JSON").action(ArgAction::Set).help(
            "The whole input as a JSON object with the model's member names, inline or file://path; \
                 flags given as well override its members",
        ));
    for member in operation.members {
        command = command.args(member_args(member));
    }
    if operation.output_file {
        command = command.arg(
            Arg::new(OUTFILE)
                .value_name("OUTFILE")
                .required(true)
                .help("The file to write the streamed output to; the other members are printed"),
        );
    }
    command
}

fn member_args(member: &MemberSpec) -> Vec<Arg> {
    let flag = member.flag;
    let mut notes = Vec::new();
    if member.required {
        notes.push("required".to_owned());
    }
    if !member.notes.is_empty() {
        notes.push(member.notes.to_owned());
    }
    let (value_name, hint) = value_hint(&member.kind);
    if let Some(hint) = hint {
        notes.push(hint);
    }
    // `-h` shows the first paragraph, `--help` every paragraph of the docs.
    let notes = if notes.is_empty() { String::new() } else { format!(" [{}]", notes.join("; ")) };
    let help = format!("{}{notes}", first_paragraph(member.docs));
    let long_help = format!("{}{notes}", member.docs.trim());
    let arg = Arg::new(format!("member:{}", member.name)).long(flag).help(help).long_help(long_help);
    match member.kind {
        ArgKind::Boolean => vec![
            arg.action(ArgAction::SetTrue),
            Arg::new(format!("member-false:{}", member.name))
                .long(format!("no-{flag}"))
                .help(format!("Sets --{flag} to false"))
                .action(ArgAction::SetTrue)
                .conflicts_with(format!("member:{}", member.name)),
        ],
        ArgKind::List(item) => {
            let arg = arg.value_name(value_name).action(ArgAction::Append).num_args(1..);
            vec![if is_numeric(item) { arg.allow_negative_numbers(true) } else { arg }]
        }
        kind => {
            let arg = arg.value_name(value_name).action(ArgAction::Set);
            vec![if is_numeric(&kind) { arg.allow_negative_numbers(true) } else { arg }]
        }
    }
}

fn is_numeric(kind: &ArgKind) -> bool {
    matches!(kind, ArgKind::Integer | ArgKind::Float | ArgKind::Timestamp(_) | ArgKind::IntEnum(_))
}

/// The placeholder in usage lines, and a note on what the flag takes.
fn value_hint(kind: &ArgKind) -> (&'static str, Option<String>) {
    match kind {
        ArgKind::String => ("TEXT", None),
        ArgKind::Boolean => ("", None),
        ArgKind::Integer => ("INTEGER", None),
        ArgKind::Float => ("NUMBER", None),
        ArgKind::Timestamp(_) => ("TIME", Some("epoch seconds or RFC 3339".to_owned())),
        ArgKind::Enum(values) => ("VALUE", Some(format!("one of: {}", values.join(", ")))),
        ArgKind::IntEnum(values) => {
            let values: Vec<String> = values.iter().map(|(name, value)| format!("{name} ({value})")).collect();
            ("VALUE", Some(format!("one of: {}", values.join(", "))))
        }
        ArgKind::List(item) => {
            let (name, hint) = value_hint(item);
            let repeat = "repeat the flag or give several values".to_owned();
            (name, Some(hint.map_or(repeat.clone(), |hint| format!("{hint}; {repeat}"))))
        }
        ArgKind::Json => ("JSON", Some("JSON, inline or file://path".to_owned())),
        ArgKind::Blob => ("BASE64", Some("base64, or fileb://path for a file's bytes".to_owned())),
        ArgKind::Stream => ("PATH", Some("the file to send, read as it is sent".to_owned())),
    }
}

/// The first paragraph on one line, for `-h`; `--help` shows all of them.
fn first_paragraph(text: &str) -> String {
    let paragraph = text.trim().split("\n\n").next().unwrap_or_default();
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------------------
// From flags to the input's JSON.

/// `--cli-input-json`'s members, then every flag given, as the input type's JSON.
fn assemble_input(operation: &OperationSpec, matches: &ArgMatches) -> Result<Map<String, Value>, String> {
    let mut input = Map::new();
    if let Some(text) = matches.get_one::<String>(CLI_INPUT_JSON) {
        let value = load_json(text).map_err(|e| format!("--{CLI_INPUT_JSON}: {e}"))?;
        let Value::Object(object) = value else {
            return Err(format!("--{CLI_INPUT_JSON}: expected a JSON object with the input's members"));
        };
        for (key, value) in object {
            let Some(member) = operation.members.iter().find(|m| m.name == key || m.json_name == key) else {
                let known: Vec<&str> = operation.members.iter().map(|m| m.name).collect();
                // The AWS CLI's wording, as for keys nested deeper (see `read_input`).
                return Err(format!(
                    "--{CLI_INPUT_JSON}: Unknown parameter in input: \"{key}\", must be one of: {}",
                    known.join(", ")
                ));
            };
            let value =
                from_json(&member.kind, value).map_err(|e| format!("--{CLI_INPUT_JSON}: {}: {e}", member.name))?;
            input.insert(member.json_name.to_owned(), value);
        }
    }
    for member in operation.members {
        let flag = member.flag;
        let id = format!("member:{}", member.name);
        let value = match member.kind {
            // Read from its file when the request is built, not part of the JSON.
            ArgKind::Stream => None,
            ArgKind::Boolean => {
                if matches.get_flag(&id) {
                    Some(Value::Bool(true))
                } else if matches.get_flag(&format!("member-false:{}", member.name)) {
                    Some(Value::Bool(false))
                } else {
                    None
                }
            }
            ArgKind::List(item) => match matches.get_many::<String>(&id) {
                Some(texts) => Some(Value::Array(
                    texts
                        .map(|text| from_text(item, text))
                        .collect::<Result<_, _>>()
                        .map_err(|e| format!("--{flag}: {e}"))?,
                )),
                None => None,
            },
            kind => match matches.get_one::<String>(&id) {
                Some(text) => Some(from_text(&kind, text).map_err(|e| format!("--{flag}: {e}"))?),
                None => None,
            },
        };
        if let Some(value) = value {
            input.insert(member.json_name.to_owned(), value);
        }
    }
    Ok(input)
}

/// Inline JSON, or the JSON in the file a `file://` prefix names.
fn load_json(text: &str) -> Result<Value, String> {
    let text = match text.strip_prefix("file://") {
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read `{path}`: {e}"))?,
        None => text.to_owned(),
    };
    serde_json::from_str(&text).map_err(|e| format!("invalid JSON: {e}"))
}

/// A flag's text as the JSON the input type reads.
fn from_text(kind: &ArgKind, text: &str) -> Result<Value, String> {
    match kind {
        ArgKind::String | ArgKind::Enum(_) => Ok(Value::String(text.to_owned())),
        ArgKind::Boolean => match text.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err(format!("`{text}` is not true or false")),
        },
        ArgKind::Integer => integer(text).ok_or_else(|| format!("`{text}` is not an integer")),
        ArgKind::Float => text
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(serde_json::Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| format!("`{text}` is not a number")),
        ArgKind::Timestamp(format) => timestamp(text).map(|time| timestamp_json(time, *format)),
        ArgKind::IntEnum(values) => match values.iter().find(|(name, _)| name.eq_ignore_ascii_case(text.trim())) {
            Some((_, value)) => Ok(Value::from(*value)),
            None => integer(text).ok_or_else(|| {
                let names: Vec<&str> = values.iter().map(|(name, _)| *name).collect();
                format!("`{text}` is not an integer nor one of {}", names.join(", "))
            }),
        },
        ArgKind::List(item) => from_text(item, text).map(|value| Value::Array(vec![value])),
        ArgKind::Json => load_json(text),
        ArgKind::Blob => match text.strip_prefix("fileb://") {
            Some(path) => std::fs::read(path)
                .map(|bytes| Value::String(crate::encoding::encode_base64(bytes)))
                .map_err(|e| format!("cannot read {path}: {e}")),
            None => Ok(Value::String(text.to_owned())),
        },
        // Sent from the file, not through the JSON input (see `run_with`).
        ArgKind::Stream => Err("a streamed member is a file to send, given with its flag".to_owned()),
    }
}

fn integer(text: &str) -> Option<Value> {
    let text = text.trim();
    text.parse::<i64>().map(Value::from).or_else(|_| text.parse::<u64>().map(Value::from)).ok()
}

/// A `--cli-input-json` member as the input type reads it: timestamps as
/// epoch seconds or RFC 3339, int enum values by name; the rest as given.
fn from_json(kind: &ArgKind, value: Value) -> Result<Value, String> {
    match (kind, value) {
        (ArgKind::Timestamp(format), Value::Number(seconds)) => seconds
            .as_f64()
            .and_then(DateTime::from_secs_f64)
            .map(|time| timestamp_json(time, *format))
            .ok_or_else(|| format!("timestamp {seconds} is out of range")),
        (ArgKind::Timestamp(format), Value::String(text)) => timestamp(&text).map(|time| timestamp_json(time, *format)),
        (ArgKind::IntEnum(_) | ArgKind::Blob | ArgKind::Stream, Value::String(text)) => from_text(kind, &text),
        (ArgKind::List(item), Value::Array(items)) => {
            items.into_iter().map(|value| from_json(item, value)).collect::<Result<_, _>>().map(Value::Array)
        }
        (_, value) => Ok(value),
    }
}

/// Epoch seconds (with an optional fraction) or RFC 3339.
fn timestamp(text: &str) -> Result<DateTime, String> {
    let text = text.trim();
    DateTime::parse(text, TimestampFormat::EpochSeconds)
        .or_else(|_| DateTime::parse(text, TimestampFormat::DateTime))
        .map_err(|_| format!("`{text}` is neither epoch seconds nor an RFC 3339 date-time (2024-01-31T12:00:00Z)"))
}

/// A timestamp as the input type's serde reads it: a number for epoch
/// seconds, else text in the member's format.
fn timestamp_json(time: DateTime, format: TimestampFormat) -> Value {
    match format {
        TimestampFormat::EpochSeconds => serde_json::to_value(time).unwrap_or(Value::Null),
        format => time.format(format).map(Value::String).unwrap_or(Value::Null),
    }
}

/// Reads the assembled JSON into the input type: structures from objects
/// only, and a key no structure has refused with its path (see
/// [`de`](crate::de)). serde's other messages do not say which member they
/// choked on, so on failure each member is tried alone to name it.
fn read_input<I: DeserializeOwned>(operation: &OperationSpec, input: Map<String, Value>) -> Result<I, String> {
    match crate::de::from_value_strict::<I>(Value::Object(input.clone())) {
        Ok(input) => Ok(input),
        // It names where the key is already, as the AWS CLI does.
        Err(error) if error.to_string().starts_with("Unknown parameter in ") => Err(error.to_string()),
        Err(error) => {
            for (key, value) in input {
                let alone = Map::from_iter([(key.clone(), value)]);
                if let Err(e) = crate::de::from_value_strict::<I>(Value::Object(alone)) {
                    let name = operation.members.iter().find(|m| m.json_name == key).map_or(key.as_str(), |m| m.name);
                    return Err(format!("{name}: {e}"));
                }
            }
            Err(format!("the input does not fit `{}`: {error}", operation.name))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::{ConstructionError, DeserializationError};
    use crate::http::{HttpResponse, Method};
    use crate::validation::{Validate, Violations};

    /// A small operation: `PUT /things/{id}?when=…` with a JSON body.
    #[derive(Default, serde::Serialize, serde::Deserialize)]
    struct PutThing {
        #[serde(skip_serializing_if = "Option::is_none")]
        id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        when: Option<DateTime>,
        #[serde(rename = "wireCount", skip_serializing_if = "Option::is_none")]
        count: Option<i32>,
        #[serde(skip_serializing_if = "Option::is_none")]
        tags: Option<Vec<String>>,
        #[serde(rename = "dryRun", skip_serializing_if = "Option::is_none")]
        dry_run: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        detail: Option<Value>,
    }

    impl Validate for PutThing {
        fn validate_into(&self, v: &mut Violations) {
            v.required("id", &self.id);
            if let Some(count) = self.count {
                v.at_field("count", |v| v.range_int(i128::from(count), Some(1), Some(10)));
            }
        }
    }

    #[derive(Debug)]
    struct NoErrors;

    impl ModeledError for NoErrors {
        fn from_code(_: &str, _: &HttpResponse) -> Option<Result<Self, DeserializationError>> {
            None
        }
    }

    impl Operation for PutThing {
        type Output = Value;
        type Error = NoErrors;
        const INFO: crate::client::OperationInfo = crate::client::OperationInfo::new("PutThing");

        fn to_request(&self) -> Result<HttpRequest, ConstructionError> {
            let id = crate::protocol::rest_json::label(self.id.as_deref(), "id", false)?;
            let mut request = HttpRequest::new(Method::PUT, format!("/things/{id}"));
            if let Some(when) = &self.when {
                request =
                    request.query("when", crate::protocol::rest_json::timestamp(when, TimestampFormat::DateTime)?);
            }
            crate::protocol::rest_json::with_body(request, self, &["id", "when"])
        }

        fn read_output(response: &HttpResponse) -> Result<Value, DeserializationError> {
            crate::protocol::rest_json::output(response, &[], None, None)
        }
    }

    const RULES: &str = r#"{"version":"1.0",
        "parameters":{"Endpoint":{"type":"string","builtIn":"SDK::Endpoint","required":false}},
        "rules":[{"type":"endpoint","conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"endpoint":{"url":{"ref":"Endpoint"}}},
                 {"type":"error","conditions":[],"error":"no endpoint"}]}"#;
    static SERVICE: ServiceInfo = ServiceInfo {
        sdk_id: "Test",
        signing_name: "test",
        endpoint_rule_set_json: RULES,
        api_version: "1",
        protocol: &crate::protocol::RestJson1,
    };

    const fn member(name: &'static str, flag: &'static str, kind: ArgKind) -> MemberSpec {
        MemberSpec { name, json_name: name, flag, docs: "Docs.", required: false, kind, notes: "" }
    }

    static SPEC: CliSpec = CliSpec {
        binary: "tool",
        title: "Test service",
        docs: "What the service does.",
        version: "1.0",
        service: &SERVICE,
        operations: &[OperationSpec {
            name: "PutThing",
            command: "put-thing",
            summary: "Puts a thing.",
            docs: "Puts a thing. More about it.\n\nDetails.",
            http: "PUT /things/{id}",
            members: &[
                MemberSpec { required: true, notes: "pattern .+", ..member("id", "id", ArgKind::String) },
                member("when", "when", ArgKind::Timestamp(TimestampFormat::EpochSeconds)),
                MemberSpec { json_name: "wireCount", ..member("count", "count", ArgKind::Integer) },
                member("tags", "tags", ArgKind::List(&ArgKind::String)),
                // The generator renames flags that clash with global options.
                member("dryRun", "input-dry-run", ArgKind::Boolean),
                member("detail", "detail", ArgKind::Json),
            ],
            pagination: None,
            waiters: &[],
            output_file: false,
            run: run::<PutThing>,
        }],
    };

    const VARS: [(&str, &str); 6] = [
        ("AWS_ACCESS_KEY_ID", "AKID"),
        ("AWS_SECRET_ACCESS_KEY", "SECRET"),
        ("AWS_REGION", "eu-west-1"),
        ("AWS_ENDPOINT_URL", "https://things.example"),
        ("HOME", "/nonexistent"),
        // Without keys the chain would end at the instance metadata service,
        // which tests never reach: they talk to 127.0.0.1 only.
        ("AWS_EC2_METADATA_DISABLED", "true"),
    ];

    /// Runs the tool; (status, stdout, stderr).
    fn tool(args: &[&str], vars: &[(&str, &str)]) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let args = std::iter::once("tool").chain(args.iter().copied());
        let vars = vars.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        let status = run_with(&SPEC, args, vars, &mut out, &mut err);
        (status, String::from_utf8(out).unwrap(), String::from_utf8(err).unwrap())
    }

    #[test]
    fn the_command_is_well_formed() {
        command(&SPEC).debug_assert();
    }

    #[test]
    fn dry_run_prints_the_signed_request() {
        let (status, out, err) =
            tool(&["--dry-run", "put-thing", "--id", "a b", "--when", "2024-01-02T03:04:05Z", "--count", "3"], &VARS);
        assert_eq!((status, err.as_str()), (EXIT_OK, ""));
        let printed: Value = serde_json::from_str(&out).unwrap();
        let keys: Vec<&str> =
            out.lines().filter(|l| l.starts_with("  \"")).map(|l| &l[3..l[3..].find('"').unwrap() + 3]).collect();
        assert_eq!(keys, ["method", "url", "headers", "body"]);
        assert_eq!(printed["method"], "PUT");
        assert_eq!(printed["url"], "https://things.example/things/a%20b?when=2024-01-02T03%3A04%3A05Z");
        assert_eq!(printed["body"], serde_json::json!({"wireCount": 3}));
        let auth = printed["headers"]["authorization"].as_str().unwrap();
        assert!(auth.starts_with("AWS4-HMAC-SHA256 Credential=AKID/"), "{auth}");
        assert!(printed["headers"]["user-agent"].as_str().unwrap().ends_with(" app/tool"));
    }

    #[test]
    fn without_credentials_the_request_is_unsigned_with_a_note() {
        let (status, out, err) = tool(&["put-thing", "--id", "x", "--dry-run"], &VARS[2..]);
        assert_eq!(status, EXIT_OK);
        assert!(err.starts_with("note: the request is shown unsigned"), "{err}");
        let printed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(printed["headers"].get("authorization"), None);
        assert_eq!(printed["body"], serde_json::json!({}));
    }

    #[test]
    fn cli_input_json_is_read_and_flags_override_it() {
        let input = r#"{"id": "from-json", "when": 1700000000, "count": 2, "tags": ["a"], "dryRun": true}"#;
        let (status, out, err) =
            tool(&["put-thing", "--cli-input-json", input, "--count", "5", "--no-input-dry-run", "--dry-run"], &VARS);
        assert_eq!(status, EXIT_OK, "{err}");
        let printed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(printed["url"], "https://things.example/things/from-json?when=2023-11-14T22%3A13%3A20Z");
        assert_eq!(printed["body"], serde_json::json!({"wireCount": 5, "tags": ["a"], "dryRun": false}));
    }

    #[test]
    fn repeated_and_multi_value_list_flags() {
        let (status, out, _) = tool(
            &["put-thing", "--id", "x", "--tags", "a", "b", "--tags", "c", "--detail", r#"{"k":[1]}"#, "--dry-run"],
            &VARS,
        );
        assert_eq!(status, EXIT_OK);
        let printed: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(printed["body"], serde_json::json!({"tags": ["a", "b", "c"], "detail": {"k": [1]}}));
    }

    #[test]
    fn bad_input_exits_2_naming_the_member_and_prints_nothing() {
        let cases: [(&[&str], &str); 8] = [
            (&["put-thing", "--count", "50"], "id: is required"),
            (&["put-thing", "--id", "x", "--count", "50"], "count: value 50 is not between 1 and 10 (--count)"),
            (&["put-thing", "--id", "x", "--count", "many"], "--count: `many` is not an integer"),
            (&["put-thing", "--id", "x", "--count", "99999999999"], "count: "),
            (&["put-thing", "--id", "x", "--when", "yesterday"], "--when: `yesterday` is neither epoch seconds"),
            (&["put-thing", "--cli-input-json", r#"{"nope": 1}"#], r#"Unknown parameter in input: "nope", must be"#),
            (&["put-thing", "--cli-input-json", "[1]"], "expected a JSON object"),
            (
                &["put-thing", "--cli-input-json", "file:///nonexistent/input.json"],
                "cannot read `/nonexistent/input.json`",
            ),
        ];
        for (args, expected) in cases {
            let (status, out, err) = tool(args, &VARS);
            assert_eq!(status, EXIT_USAGE, "{args:?}: {err}");
            assert!(err.contains(expected), "{args:?}: {err}");
            assert_eq!(out, "", "{args:?}");
        }
    }

    #[test]
    fn usage_errors_and_help() {
        let (status, out, err) = tool(&["put-thing", "--id", "x", "--bogus"], &VARS);
        assert_eq!((status, out.as_str()), (EXIT_USAGE, ""));
        assert!(err.contains("--bogus"), "{err}");
        let (status, out, _) = tool(&["put-thing", "--help"], &VARS);
        assert_eq!(status, EXIT_OK);
        for text in
            ["Puts a thing. More about it.", "Details.", "PUT /things/{id}", "--id <TEXT>", "[required; pattern .+]"]
        {
            assert!(out.contains(text), "{text} in {out}");
        }
        assert!(out.contains("--input-dry-run") && out.contains("--no-input-dry-run"), "{out}");
        let (status, out, _) = tool(&["--help"], &VARS);
        assert_eq!(status, EXIT_OK);
        assert!(out.contains("put-thing  Puts a thing.\n") && out.contains("What the service does."), "{out}");
    }

    #[test]
    fn text_and_json_conversions() {
        assert_eq!(from_text(&ArgKind::Integer, "-3"), Ok(Value::from(-3)));
        assert_eq!(from_text(&ArgKind::Float, "1.5"), Ok(serde_json::json!(1.5)));
        assert!(from_text(&ArgKind::Float, "NaN").is_err());
        assert_eq!(from_text(&ArgKind::Boolean, "TRUE"), Ok(Value::Bool(true)));
        let statuses = ArgKind::IntEnum(&[("PENDING", 1), ("ACTIVE", 2)]);
        assert_eq!(from_text(&statuses, "active"), Ok(Value::from(2)));
        assert_eq!(from_text(&statuses, "7"), Ok(Value::from(7)));
        assert!(from_text(&statuses, "gone").unwrap_err().contains("PENDING, ACTIVE"));
        let epoch = ArgKind::Timestamp(TimestampFormat::EpochSeconds);
        assert_eq!(from_text(&epoch, "1700000000.5"), Ok(serde_json::json!(1700000000.5)));
        assert_eq!(from_text(&epoch, "2023-11-14T22:13:20Z"), Ok(Value::from(1_700_000_000)));
        let rfc = ArgKind::Timestamp(TimestampFormat::DateTime);
        assert_eq!(from_text(&rfc, "1700000000"), Ok(Value::from("2023-11-14T22:13:20Z")));
        assert_eq!(from_json(&rfc, Value::from(1_700_000_000)), Ok(Value::from("2023-11-14T22:13:20Z")));
        assert_eq!(
            from_json(
                &ArgKind::List(&ArgKind::Timestamp(TimestampFormat::EpochSeconds)),
                serde_json::json!(["2023-11-14T22:13:20Z", 5])
            ),
            Ok(serde_json::json!([1_700_000_000, 5]))
        );
        assert_eq!(first_paragraph("One. Two\n  more.\n\nThree."), "One. Two more.");
        assert_eq!(printable("a\u{1b}]0;x\u{7}\rb\nc é"), "a\\u{1b}]0;x\\u{7}\\u{d}b\\u{a}c é");
    }
}
