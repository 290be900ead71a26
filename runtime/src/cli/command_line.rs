//! The command line: the `clap` command built from the [`CliSpec`] (global
//! options, a subcommand per operation and per waiter, a flag per input
//! member) and the global options read back from what it parsed.

use clap::builder::{PossibleValue, TypedValueParser};
use clap::{Arg, ArgAction, ArgMatches, Command};

use super::output::Format;
use super::spec::{ArgKind, CliSpec, MemberSpec, OperationSpec, WaiterSpec};

/// The global options, accepted before or after the subcommand.
#[derive(Clone, Debug, Default)]
pub(super) struct Options {
    pub(super) region: Option<String>,
    pub(super) profile: Option<String>,
    pub(super) endpoint_url: Option<String>,
    pub(super) no_paginate: bool,
    pub(super) max_items: Option<usize>,
    pub(super) debug: bool,
    pub(super) dry_run: bool,
    /// `--starting-token`: a `NextToken` printed by an earlier `--max-items` run.
    pub(super) starting_token: Option<String>,
    /// `--cli-read-timeout`, seconds (0: none).
    pub(super) read_timeout: Option<u64>,
    /// `--cli-connect-timeout`, seconds (0: none).
    pub(super) connect_timeout: Option<u64>,
    /// `--cli-max-wait`, seconds, for `wait` commands.
    #[cfg_attr(not(feature = "waiters"), allow(dead_code))]
    pub(super) max_wait: Option<u64>,
    /// `--output`, when given (the environment and profile come next).
    pub(super) output: Option<String>,
    /// `--query`, a JMESPath expression.
    pub(super) query: Option<String>,
    /// `--color`.
    pub(super) color: Color,
    /// `--generate-cli-skeleton`.
    pub(super) skeleton: Option<Skeleton>,
}

/// `--color`: whether tables are coloured.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) enum Color {
    On,
    Off,
    /// When stdout is a terminal.
    #[default]
    Auto,
}

/// `--generate-cli-skeleton`'s choices.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Skeleton {
    /// JSON for `--cli-input-json`.
    Input,
    /// YAML for `--cli-input-yaml`.
    YamlInput,
    /// The output's shape, printed in the output format (nothing is sent).
    Output,
}

impl Options {
    /// The global options given, before or after the subcommand.
    pub(super) fn from_matches(sub: &ArgMatches) -> Options {
        Options {
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
            output: sub.get_one::<String>("output").cloned(),
            query: sub.get_one::<String>("query").cloned(),
            color: match sub.get_one::<String>("color").map(String::as_str) {
                Some("on") => Color::On,
                Some("off") => Color::Off,
                _ => Color::Auto,
            },
            // Operation commands have it; `wait` commands do not.
            skeleton: match sub.try_get_one::<String>(GENERATE_CLI_SKELETON).ok().flatten().map(String::as_str) {
                Some("input") => Some(Skeleton::Input),
                Some("yaml-input") => Some(Skeleton::YamlInput),
                Some("output") => Some(Skeleton::Output),
                _ => None,
            },
        }
    }
}

/// Global options. The generator offers a member whose flag would clash with
/// one of them (or whose `no-` form would) as `input-<flag>`; its list must
/// hold every name here.
pub const GLOBAL_FLAGS: [&str; 19] = [
    "region",
    "profile",
    "endpoint-url",
    "output",
    "query",
    "color",
    "no-paginate",
    "max-items",
    "debug",
    "dry-run",
    "starting-token",
    "cli-read-timeout",
    "cli-connect-timeout",
    CLI_INPUT_JSON,
    CLI_INPUT_YAML,
    GENERATE_CLI_SKELETON,
    // Of `wait` commands only.
    CLI_MAX_WAIT,
    "help",
    "version",
];

pub(super) const CLI_INPUT_JSON: &str = "cli-input-json";
pub(super) const CLI_INPUT_YAML: &str = "cli-input-yaml";
pub(super) const GENERATE_CLI_SKELETON: &str = "generate-cli-skeleton";
/// The subcommand printing a shell completion script.
pub(super) const COMPLETION: &str = "completion";
/// The positional argument naming the file a streamed output is written to.
pub(super) const OUTFILE: &str = "outfile";

/// The subcommand holding one subcommand per waiter.
pub(super) const WAIT: &str = "wait";

/// `wait` commands' option: the longest wait, in seconds.
const CLI_MAX_WAIT: &str = "cli-max-wait";

pub(super) fn command(spec: &CliSpec) -> Command {
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
        .subcommand(completion_command())
}

/// `completion <shell>`.
fn completion_command() -> Command {
    Command::new(COMPLETION)
        .about("Print a script that completes this tool's commands, options and values in a shell")
        .long_about(
            "Print a script that completes this tool's commands, options and values in a shell:\n\n  \
             bash:        source <(TOOL completion bash)\n  \
             zsh:         TOOL completion zsh > \"${fpath[1]}/_TOOL\"\n  \
             fish:        TOOL completion fish > ~/.config/fish/completions/TOOL.fish\n  \
             PowerShell:  TOOL completion powershell | Out-String | Invoke-Expression",
        )
        .arg(Arg::new("shell").required(true).value_parser(["bash", "zsh", "fish", "powershell"]))
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
        with_input_args(Command::new(waiter.command).about(waiter.summary).long_about(long_about), operation, false)
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
        value(
            "output",
            "FORMAT",
            "The output format, as the AWS CLI prints it [default: AWS_DEFAULT_OUTPUT, the profile's `output`, or json]",
        )
        .value_parser(Format::NAMES),
        value(
            "query",
            "JMESPATH",
            "A JMESPath query on the output (on each page in text output), as the AWS CLI applies it",
        ),
        value("color", "WHEN", "Colour in table output: on, off, or auto (when stdout is a terminal)")
            .value_parser(["on", "off", "auto"])
            .default_value("auto"),
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
    with_input_args(Command::new(operation.command).about(summary).long_about(long_about), operation, true)
}

/// `--cli-input-json` and a flag per input member of `operation`.
/// `--cli-input-json`, `--cli-input-yaml` and a flag per input member of
/// `operation`; `--generate-cli-skeleton` on an operation's own command, as
/// the AWS CLI has it, unless its output streams to a file.
fn with_input_args(command: Command, operation: &'static OperationSpec, own_command: bool) -> Command {
    let mut command = command
        .arg(Arg::new(CLI_INPUT_JSON).long(CLI_INPUT_JSON).value_name("JSON").action(ArgAction::Set).help(
            "The whole input as a JSON object with the model's member names, inline or file://path; \
                 flags given as well override its members",
        ))
        .arg(
            Arg::new(CLI_INPUT_YAML)
                .long(CLI_INPUT_YAML)
                .value_name("YAML")
                .action(ArgAction::Set)
                .conflicts_with(CLI_INPUT_JSON)
                .help("The whole input as YAML, inline or file://path, as --cli-input-json takes JSON"),
        );
    if own_command && !operation.output_file {
        command = command.arg(
            Arg::new(GENERATE_CLI_SKELETON)
                .long(GENERATE_CLI_SKELETON)
                .value_name("WHAT")
                .num_args(0..=1)
                .default_missing_value("input")
                .value_parser(["input", "yaml-input", "output"])
                .help(
                    "Print a skeleton instead of sending the request: the input for --cli-input-json (input, \
                     the default) or --cli-input-yaml (yaml-input), or, once the input is valid, the output's \
                     shape in the output format (output)",
                ),
        );
    }
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
            let arg = with_known_values(arg.value_name(value_name).action(ArgAction::Append).num_args(1..), item);
            vec![if is_numeric(item) { arg.allow_negative_numbers(true) } else { arg }]
        }
        kind => {
            let arg = with_known_values(arg.value_name(value_name).action(ArgAction::Set), &kind);
            vec![if is_numeric(&kind) { arg.allow_negative_numbers(true) } else { arg }]
        }
    }
}

/// An enum's values, for shell completion; any value is still taken (the
/// service may know newer ones) and the help lists them already.
fn with_known_values(arg: Arg, kind: &ArgKind) -> Arg {
    let values: Vec<&'static str> = match kind {
        ArgKind::Enum(values) => values.to_vec(),
        ArgKind::IntEnum(values) => values.iter().map(|(name, _)| *name).collect(),
        _ => return arg,
    };
    arg.value_parser(KnownValues(values)).hide_possible_values(true)
}

/// A value parser that takes any text and names the values it knows.
#[derive(Clone)]
struct KnownValues(Vec<&'static str>);

impl TypedValueParser for KnownValues {
    type Value = String;

    fn parse_ref(&self, cmd: &Command, arg: Option<&Arg>, value: &std::ffi::OsStr) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new(self.0.iter().map(|value| PossibleValue::new(*value))))
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
pub(super) fn first_paragraph(text: &str) -> String {
    let paragraph = text.trim().split("\n\n").next().unwrap_or_default();
    paragraph.split_whitespace().collect::<Vec<_>>().join(" ")
}
