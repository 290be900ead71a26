//! What a model change changes for callers: the API change report.
//!
//! Two versions of a model (the *base* and the *head*) are loaded through the
//! same pipeline the generator uses ([`crate::model`] → validation →
//! [`crate::ir`]) and compared operation by operation. Every difference a
//! caller can observe is a [`Change`]: a member path inside the operation's
//! request or response (or its route, errors or operation traits), the old and
//! new value, and a [`Severity`] that follows smithy-diff's evaluators, judged
//! from a client's point of view: a few rules depend on whether the value
//! travels in a request or a response (`severity.rs` lists them). A change to
//! a shape shared by several operations is reported under every operation that
//! reaches it.
//!
//! Changes to error structures are reported once per error shape
//! ([`ErrorShapeDiff`]), listing the operations that can return it, rather
//! than under every such operation. Documentation-only changes never make an
//! operation "updated"; they are listed apart ([`DocChange`]).
//!
//! Nothing here is specific to one service: any model the generator accepts
//! can be compared. Results are sorted, so reports are deterministic.
//!
//! Each change also has a [`Semver`]: the version bump it forces on the
//! generated Rust crate, which can differ from its severity on the wire
//! (`semver.rs` lists the rules).
//!
//! [`report`] renders a [`Report`] as text, Markdown or JSON.

mod compare;
mod describe;
mod docs;
mod semver;
mod severity;
mod walk;

pub mod report;

pub use semver::{RustChange, Semver};

use std::fmt;

use crate::ir::{self, Ir};
use crate::model::{self, Model, ModelErrors};

/// One version of a model, loaded, validated and resolved.
#[derive(Clone, Debug)]
pub struct ModelVersion {
    model: Model,
    ir: Ir,
}

impl ModelVersion {
    /// Loads a Smithy 2.0 JSON AST document; the model must define exactly
    /// one service (the one compared).
    ///
    /// # Errors
    ///
    /// Every problem that stops the generator from loading, validating or
    /// resolving the model.
    pub fn load(text: &str) -> Result<ModelVersion, ModelErrors> {
        let model = model::load_str(text)?;
        let validated = model::validate::validate(&model, None)?;
        let ir = ir::build(&validated)?;
        Ok(ModelVersion { model, ir })
    }

    /// The loaded model, as the JSON AST declares it.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The resolved intermediate representation.
    pub fn ir(&self) -> &Ir {
        &self.ir
    }
}

/// Which of the two models compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Version {
    /// The model before the change.
    Base,
    /// The model after the change.
    Head,
}

impl Version {
    /// `base` or `head`.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::Base => "base",
            Version::Head => "head",
        }
    }
}

/// A model that could not be compared because it does not load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffError {
    /// Which model failed.
    pub version: Version,
    /// Everything wrong with it.
    pub errors: ModelErrors,
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "the {} model does not load: {}", self.version.as_str(), self.errors)
    }
}

impl std::error::Error for DiffError {}

/// Loads both models' texts and compares them.
///
/// # Errors
///
/// The first model (base, then head) that does not load, with all its problems.
pub fn diff_str(base: &str, head: &str) -> Result<Report, DiffError> {
    let load = |text: &str, version| ModelVersion::load(text).map_err(|errors| DiffError { version, errors });
    let base = load(base, Version::Base)?;
    let head = load(head, Version::Head)?;
    Ok(compare(&base, &head))
}

/// Compares two loaded models.
pub fn compare(base: &ModelVersion, head: &ModelVersion) -> Report {
    compare::compare(base, head)
}

/// The report for a model that had no predecessor: every operation added.
pub fn introduce(head: &ModelVersion) -> Report {
    compare::introduce(head)
}

/// Everything that changed between two model versions.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// Operations added, removed or updated, sorted by name.
    pub operations: Vec<OperationDiff>,
    /// Error structures whose content changed, sorted by name.
    pub error_shapes: Vec<ErrorShapeDiff>,
    /// Documentation-only changes, sorted by target.
    pub documentation: Vec<DocChange>,
    /// Changes to the generated crate's API that no one change above names.
    pub rust: Vec<RustChange>,
}

impl Report {
    /// Every API change, with the operation or error shape it belongs to.
    pub fn changes(&self) -> impl Iterator<Item = &Change> {
        let operations = self.operations.iter().flat_map(|operation| operation.changes.iter());
        operations.chain(self.error_shapes.iter().flat_map(|error| error.changes.iter()))
    }

    /// The highest severity of any change; `None` when the API is unchanged.
    pub fn severity(&self) -> Option<Severity> {
        self.changes().map(|change| change.severity).max()
    }

    /// Whether any change breaks callers.
    pub fn is_breaking(&self) -> bool {
        self.severity() == Some(Severity::Breaking)
    }

    /// Whether any change is at least as severe as `threshold`.
    pub fn reaches(&self, threshold: Severity) -> bool {
        self.severity().is_some_and(|severity| severity >= threshold)
    }

    /// Whether neither the API nor its documentation changed.
    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
            && self.error_shapes.is_empty()
            && self.documentation.is_empty()
            && self.rust.is_empty()
    }

    /// The operations with this status.
    pub fn with_status(&self, status: Status) -> impl Iterator<Item = &OperationDiff> {
        self.operations.iter().filter(move |operation| operation.status == status)
    }
}

/// How one operation changed.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationDiff {
    /// The operation name as modelled (after service renames).
    pub name: String,
    /// Added, removed or updated.
    pub status: Status,
    /// `METHOD /uri` of the head version (of the base one when removed).
    pub route: String,
    /// The changes, sorted by side, path and kind. Added and removed
    /// operations carry a single change saying so.
    pub changes: Vec<Change>,
}

impl OperationDiff {
    /// Whether any change is on `side`.
    pub fn touches(&self, side: Side) -> bool {
        self.changes.iter().any(|change| change.side == side)
    }

    /// The sides changed, in [`Side`] order.
    pub fn sides(&self) -> Vec<Side> {
        Side::ALL.into_iter().filter(|side| self.touches(*side)).collect()
    }

    /// The highest severity of the operation's changes.
    pub fn severity(&self) -> Severity {
        self.changes.iter().map(|change| change.severity).max().unwrap_or(Severity::Safe)
    }
}

/// How an error structure changed.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorShapeDiff {
    /// The error shape's name.
    pub name: String,
    /// The (head) operations that can return it, sorted.
    pub operations: Vec<String>,
    /// The changes, all on [`Side::Errors`], sorted by path and kind.
    pub changes: Vec<Change>,
}

impl ErrorShapeDiff {
    /// The highest severity of the changes.
    pub fn severity(&self) -> Severity {
        self.changes.iter().map(|change| change.severity).max().unwrap_or(Severity::Safe)
    }
}

/// A documentation-only change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DocChange {
    /// What is documented: the service or an operation name, a shape name,
    /// `Shape$member` or `Enum$VALUE`.
    pub target: String,
    /// The old text, if any.
    pub old: Option<String>,
    /// The new text, if any.
    pub new: Option<String>,
}

/// One API change.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Change {
    /// Where in the operation the change is.
    pub side: Side,
    /// Member path from the request, response or error structure
    /// (`securityGroup.settings.maxMinutes`; `[]` steps into list items,
    /// `{}` into map values, `{key}` into map keys). For route changes,
    /// `http.method`, `http.uri` or `http.code`; for error list changes, the
    /// error's name; empty for the operation (or structure) itself.
    pub path: String,
    /// What changed.
    pub kind: ChangeKind,
    /// The old value, described for people.
    pub old: Option<String>,
    /// The new value, described for people.
    pub new: Option<String>,
    /// How much it matters to callers.
    pub severity: Severity,
}

/// Where in an operation a change is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Side {
    /// The input structure and what it reaches.
    Request,
    /// The output structure and what it reaches.
    Response,
    /// The errors the operation can return, or an error structure's content.
    Errors,
    /// The HTTP method, URI and success code.
    Route,
    /// Operation traits: pagination, `idempotent`, `readonly`, deprecation.
    Operation,
}

impl Side {
    /// Every side, in report order.
    pub const ALL: [Side; 5] = [Side::Request, Side::Response, Side::Errors, Side::Route, Side::Operation];

    /// The name used in reports: `request`, `response`, `errors`, `route`, `operation`.
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Request => "request",
            Side::Response => "response",
            Side::Errors => "errors",
            Side::Route => "route",
            Side::Operation => "operation",
        }
    }
}

/// Whether an operation is new, gone, or changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// Only in the head model.
    Added,
    /// Only in the base model.
    Removed,
    /// In both, with API changes.
    Updated,
}

impl Status {
    /// `added`, `removed` or `updated`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Added => "added",
            Status::Removed => "removed",
            Status::Updated => "updated",
        }
    }
}

/// How much a change matters to existing callers, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Backward compatible (smithy-diff NOTE).
    Safe,
    /// Compatible on paper, but callers may see new behaviour or values they
    /// do not handle (smithy-diff WARNING and DANGER).
    Dangerous,
    /// Existing callers or code break (smithy-diff ERROR).
    Breaking,
}

impl Severity {
    /// `safe`, `dangerous` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Safe => "safe",
            Severity::Dangerous => "dangerous",
            Severity::Breaking => "breaking",
        }
    }

    /// Parses `safe`, `dangerous` or `breaking`.
    pub fn parse(text: &str) -> Option<Severity> {
        [Severity::Safe, Severity::Dangerous, Severity::Breaking].into_iter().find(|severity| severity.as_str() == text)
    }
}

/// Declares [`ChangeKind`], its [`ALL`](ChangeKind::ALL) list and its
/// [`as_str`](ChangeKind::as_str) names from one list, so a new kind cannot be
/// left out of the list the fixtures' coverage test walks.
macro_rules! change_kinds {
    ($($(#[$doc:meta])* $kind:ident => $name:literal,)*) => {
        /// The kinds of change the report knows.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $($(#[$doc])* $kind,)*
        }

        impl ChangeKind {
            /// Every kind of change, in declaration order.
            pub const ALL: &[ChangeKind] = &[$(ChangeKind::$kind),*];

            /// The kebab-case name used in JSON (`member-added`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ChangeKind::$kind => $name,)*
                }
            }
        }
    };
}

change_kinds! {
    /// A new operation.
    OperationAdded => "operation-added",
    /// An operation that no longer exists.
    OperationRemoved => "operation-removed",
    /// The service speaks another protocol: every request and response
    /// changes form.
    ProtocolChanged => "protocol-changed",
    /// The HTTP method changed.
    MethodChanged => "method-changed",
    /// The URI pattern changed.
    UriChanged => "uri-changed",
    /// The success status code changed.
    StatusCodeChanged => "status-code-changed",
    /// The operation can return a new error.
    ErrorAdded => "error-added",
    /// The operation no longer lists an error.
    ErrorRemoved => "error-removed",
    /// The operation's input is a different structure.
    InputChanged => "input-changed",
    /// The operation's output is a different structure.
    OutputChanged => "output-changed",
    /// The operation became paginated.
    PaginationAdded => "pagination-added",
    /// The operation is no longer paginated.
    PaginationRemoved => "pagination-removed",
    /// The pagination tokens, items or page size changed.
    PaginationChanged => "pagination-changed",
    /// The operation has a new waiter.
    WaiterAdded => "waiter-added",
    /// A waiter of the operation no longer exists.
    WaiterRemoved => "waiter-removed",
    /// A waiter's acceptors or delays changed: a wait may end otherwise.
    WaiterChanged => "waiter-changed",
    /// `idempotent` or `readonly` was added.
    OperationTraitAdded => "operation-trait-added",
    /// `idempotent` or `readonly` was removed.
    OperationTraitRemoved => "operation-trait-removed",
    /// A structure member or union variant was added.
    MemberAdded => "member-added",
    /// A structure member or union variant was removed.
    MemberRemoved => "member-removed",
    /// The value's type changed (another simple type, aggregate shape or
    /// collection kind).
    TypeChanged => "type-changed",
    /// The member targets another shape of the same type.
    TargetChanged => "target-changed",
    /// The member became `@required`.
    RequiredAdded => "required-added",
    /// The member is no longer `@required`.
    RequiredRemoved => "required-removed",
    /// The member gained a `@default`.
    DefaultAdded => "default-added",
    /// The member lost its `@default`.
    DefaultRemoved => "default-removed",
    /// The member's `@default` value changed.
    DefaultChanged => "default-changed",
    /// `@length` now allows fewer values.
    LengthTightened => "length-tightened",
    /// `@length` now allows more values.
    LengthLoosened => "length-loosened",
    /// `@length` moved one bound in and the other out.
    LengthChanged => "length-changed",
    /// `@range` now allows fewer values.
    RangeTightened => "range-tightened",
    /// `@range` now allows more values.
    RangeLoosened => "range-loosened",
    /// `@range` moved one bound in and the other out.
    RangeChanged => "range-changed",
    /// A `@pattern` now applies.
    PatternAdded => "pattern-added",
    /// The `@pattern` no longer applies.
    PatternRemoved => "pattern-removed",
    /// The `@pattern` changed.
    PatternChanged => "pattern-changed",
    /// A list's `@uniqueItems` was added or removed.
    UniqueItemsChanged => "unique-items-changed",
    /// A list's or map's `@sparse` was added or removed.
    SparseChanged => "sparse-changed",
    /// A blob's `@streaming` was added or removed: on the wire the same
    /// bytes, in the SDK a `Blob` becomes a `ByteStream` or back.
    StreamingChanged => "streaming-changed",
    /// An enum or intEnum gained a value.
    EnumValueAdded => "enum-value-added",
    /// An enum or intEnum lost a value.
    EnumValueRemoved => "enum-value-removed",
    /// An enum or intEnum member kept its name but changed its wire value.
    EnumValueChanged => "enum-value-changed",
    /// Where the member travels in the HTTP message changed.
    BindingChanged => "binding-changed",
    /// The member's JSON property name changed.
    JsonNameChanged => "json-name-changed",
    /// The timestamp's wire format changed.
    TimestampFormatChanged => "timestamp-format-changed",
    /// `@idempotencyToken` was added or removed.
    IdempotencyTokenChanged => "idempotency-token-changed",
    /// The member or operation became `@deprecated`.
    Deprecated => "deprecated",
    /// The member or operation is no longer `@deprecated`.
    Undeprecated => "undeprecated",
    /// The value became `@sensitive` (on its shape or the member): `Debug`
    /// output, logs and the CLI's dry runs stop showing it.
    SensitiveAdded => "sensitive-added",
    /// The value is no longer `@sensitive`: `Debug` output, logs and the
    /// CLI's dry runs start showing it.
    SensitiveRemoved => "sensitive-removed",
    /// An error's `@httpError` status changed.
    ErrorStatusChanged => "error-status-changed",
    /// An error's fault (`client` or `server`) changed.
    ErrorFaultChanged => "error-fault-changed",
    /// An error's `@retryable` was added or removed.
    RetryableChanged => "retryable-changed",
    /// The service's `rename` gave a shape it already had another name: the
    /// wire is the same, but the SDK's type for it is called something else.
    ShapeRenamed => "shape-renamed",
}

impl ChangeKind {
    /// A short phrase for people (`member added`).
    pub fn label(self) -> String {
        self.as_str().replace('-', " ")
    }
}
