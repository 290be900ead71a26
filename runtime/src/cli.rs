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

use serde_json::{Map, Value};

use crate::env::Env;

mod command_line;
mod completion;
mod input;
mod output;
mod paginate;
mod run;
mod skeleton;
mod spec;
#[cfg(test)]
mod tests;

use command_line::{COMPLETION, Color, OUTFILE, Options, Skeleton, WAIT, command};
use input::assemble_input;
use output::{Format, Printer, Query};

pub use command_line::GLOBAL_FLAGS;
pub use run::run;
pub use spec::{
    ArgKind, CliSpec, FieldSpec, MemberSpec, OperationSpec, PaginationSpec, Runner, ShapeSpec, StructureSpec,
    WaiterSpec,
};

#[cfg(feature = "waiters")]
pub mod wait;

/// The command succeeded.
pub const EXIT_OK: u8 = 0;
/// The call failed: endpoint, credentials, transport, or an
/// error from the service.
pub const EXIT_FAILED: u8 = 1;
/// The command line, the input or a setting is wrong; nothing was sent.
pub const EXIT_USAGE: u8 = 2;

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
    /// How the output is printed.
    printer: Printer,
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
    let stdout = std::io::stdout();
    // The width of the terminal, when stdout is one: it decides colour
    // (`--color auto`) and when wide tables turn vertical, as in the AWS CLI.
    let terminal = std::io::IsTerminal::is_terminal(&stdout)
        .then(|| terminal_size::terminal_size().map_or(80, |(width, _)| usize::from(width.0)));
    let code = run_in(spec, std::env::args_os(), vars, &mut stdout.lock(), &mut std::io::stderr(), terminal);
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
    run_in(spec, args, vars, out, err, None)
}

/// [`run_with`], with stdout a terminal `terminal` columns wide, or not one.
fn run_in<A: Into<OsString> + Clone>(
    spec: &CliSpec,
    args: impl IntoIterator<Item = A>,
    vars: impl IntoIterator<Item = (String, String)>,
    out: &mut dyn Write,
    err: &mut dyn Write,
    terminal: Option<usize>,
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
    if command == COMPLETION {
        let shell = sub.get_one::<String>("shell").map_or("bash", String::as_str);
        return completion::print(spec, shell, out, err);
    }
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
    let options = Options::from_matches(sub);
    match options.skeleton {
        Some(Skeleton::Input) => return skeleton::print_input(operation, out, err),
        Some(Skeleton::YamlInput) => return skeleton::print_yaml_input(operation, out, err),
        _ => {}
    }
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
    let env = Env::from_vars(vars);
    let printer = match printer(&options, operation, &env, terminal) {
        Ok(printer) => printer,
        Err(message) => return usage(err, &message),
    };
    if options.debug {
        // Only the first subscriber wins; a second `run_with` in one process keeps it.
        let _ = tracing_subscriber::fmt().with_writer(std::io::stderr).with_max_level(tracing::Level::DEBUG).try_init();
    }
    runner(Invocation { spec, operation, input, stream, outfile, options, printer, env, out, err })
}

/// How to print: the format from `--output`, `AWS_DEFAULT_OUTPUT` or the
/// profile's `output`; the query, compiled now so that a bad one is refused
/// before anything is sent; colour and width from the terminal.
fn printer(
    options: &Options,
    operation: &OperationSpec,
    env: &Env,
    terminal: Option<usize>,
) -> Result<Printer, String> {
    let from_profile = || {
        // A profile file that cannot be read is reported when the client is configured.
        let profiles = crate::profile::ProfileSet::load(env).ok()?;
        profiles.selected()?.get("output").map(str::to_owned)
    };
    let profile_output = if options.output.is_some() { None } else { from_profile() };
    let format = Format::resolve(
        options.output.as_deref(),
        env.get_non_empty("AWS_DEFAULT_OUTPUT").as_deref(),
        profile_output.as_deref(),
    )?;
    let query = options.query.as_deref().map(Query::compile).transpose()?;
    let color = match options.color {
        Color::On => true,
        Color::Off => false,
        Color::Auto => terminal.is_some(),
    };
    Ok(Printer { format, query, color, title: operation.name, terminal_width: terminal.unwrap_or(80) })
}

/// `text` with its control characters (ESC, OSC, BEL, CR, newlines…)
/// written as escapes: what a service or a proxy says must not move the
/// cursor, retitle the terminal or forge a line of output.
fn printable(text: &str) -> String {
    text.chars().map(|c| if c.is_control() { c.escape_unicode().to_string() } else { c.to_string() }).collect()
}

fn usage(err: &mut dyn Write, message: &str) -> u8 {
    let _ = writeln!(err, "error: {message}");
    EXIT_USAGE
}

fn failed(err: &mut dyn Write, message: &str) -> u8 {
    let _ = writeln!(err, "error: {message}");
    EXIT_FAILED
}
