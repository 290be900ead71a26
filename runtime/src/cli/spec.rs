//! What generated code declares: the tool ([`CliSpec`]), one
//! [`OperationSpec`] per operation with a [`MemberSpec`] per top-level input
//! member, its pagination and its waiters. Only data; the other modules act
//! on it.

use crate::client::ServiceInfo;
use crate::encoding::TimestampFormat;

use super::Invocation;

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
    /// The input's shape, for `--generate-cli-skeleton input`.
    pub input: &'static StructureSpec,
    /// The output's shape, for `--generate-cli-skeleton output`.
    pub output: &'static StructureSpec,
    /// Reads the assembled input into the operation's input type and runs it:
    /// [`run`](super::run) for that type.
    pub run: Runner,
}

/// A structure's members, for skeletons: `--generate-cli-skeleton` writes a
/// placeholder for each, recursively.
#[derive(Debug)]
pub struct StructureSpec {
    /// The shape's name as modelled (`User`), where a recursive structure stops.
    pub name: &'static str,
    /// Its members, in the order the model's member names sort.
    pub members: &'static [FieldSpec],
}

/// A member of a [`StructureSpec`].
#[derive(Clone, Copy, Debug)]
pub struct FieldSpec {
    /// The member name as modelled (`networkId`).
    pub name: &'static str,
    /// Whether the model requires it.
    pub required: bool,
    /// The first sentence of its documentation, for YAML skeletons' comments.
    pub summary: &'static str,
    /// What it holds.
    pub shape: ShapeSpec,
}

/// What a member holds, for skeletons.
#[derive(Clone, Copy, Debug)]
pub enum ShapeSpec {
    /// Text.
    String,
    /// One of these values.
    Enum(&'static [&'static str]),
    /// `true` or `false`.
    Boolean,
    /// A whole number (int enums too).
    Integer,
    /// A number with a fraction.
    Float,
    /// A point in time.
    Timestamp,
    /// Binary data.
    Blob,
    /// Any JSON.
    Document,
    /// A list of these, and the item shape's name (what an output skeleton
    /// shows for a list of strings).
    List(&'static ShapeSpec, &'static str),
    /// A map from strings to these.
    Map(&'static ShapeSpec),
    /// A structure or union.
    Structure(&'static StructureSpec),
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
