//! The API change report (`codegen::diff`).
//!
//! Each directory of `tests/fixtures/diff/` holds a small model pair
//! (`base.json`, `head.json`) that differs by one kind of change, and a
//! `README.md` saying which; its text and JSON reports are snapshotted in
//! `tests/snapshots/diff__<case>.snap`. The last tests compare the releases
//! in the git history of `model/wickr.json` (a shallow clone skips them,
//! saying why; under CI they fail instead).

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use codegen::diff::report::{json, markdown, text};
use codegen::diff::{self, ChangeKind, ModelVersion, Report, Semver, Severity, Side, Status, Version};
use sdk_tests::workspace_root;

fn fixture_dir(case: &str) -> PathBuf {
    workspace_root().join("tests/fixtures/diff").join(case)
}

fn read(path: PathBuf) -> String {
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn fixture_report(case: &str) -> Report {
    let dir = fixture_dir(case);
    diff::diff_str(&read(dir.join("base.json")), &read(dir.join("head.json")))
        .unwrap_or_else(|error| panic!("{case}: {error}"))
}

/// Checks a case's highest severity and its snapshot (text, then JSON).
fn check_case(case: &str, expected: Option<Severity>) {
    let report = fixture_report(case);
    assert_eq!(report.severity(), expected, "{case}: highest severity");
    let description = read(fixture_dir(case).join("README.md")).trim().to_owned();
    let rendered = format!("{}\n---- json ----\n{}", text::render(&report), json::render(&report));
    insta::with_settings!({ description => description, omit_expression => true }, {
        insta::assert_snapshot!(case, rendered);
    });
}

macro_rules! cases {
    ($($test:ident: $case:literal => $severity:expr;)*) => {
        $(
            #[test]
            fn $test() {
                check_case($case, $severity);
            }
        )*

        /// Every fixture case.
        const CASES: &[&str] = &[$($case),*];
    };
}

const SAFE: Option<Severity> = Some(Severity::Safe);
const DANGEROUS: Option<Severity> = Some(Severity::Dangerous);
const BREAKING: Option<Severity> = Some(Severity::Breaking);

cases! {
    unchanged: "unchanged" => None;
    documentation_only: "documentation-only" => None;
    operation_added: "operation-added" => SAFE;
    operation_removed: "operation-removed" => BREAKING;
    method_changed: "method-changed" => BREAKING;
    protocol_changed: "protocol-changed" => BREAKING;
    uri_changed: "uri-changed" => BREAKING;
    status_code_changed: "status-code-changed" => BREAKING;
    input_changed: "input-changed" => BREAKING;
    output_changed: "output-changed" => BREAKING;
    binding_changed: "binding-changed" => BREAKING;
    error_added: "error-added" => DANGEROUS;
    error_removed: "error-removed" => DANGEROUS;
    error_shape_member_added: "error-shape-member-added" => SAFE;
    error_status_changed: "error-status-changed" => BREAKING;
    error_fault_changed: "error-fault-changed" => BREAKING;
    retryable_removed: "retryable-removed" => BREAKING;
    member_added_optional: "member-added-optional" => SAFE;
    member_added_required: "member-added-required" => BREAKING;
    member_added_response: "member-added-response" => SAFE;
    member_removed: "member-removed" => BREAKING;
    type_changed: "type-changed" => BREAKING;
    target_changed: "target-changed" => DANGEROUS;
    json_name_changed: "json-name-changed" => BREAKING;
    timestamp_format_changed: "timestamp-format-changed" => BREAKING;
    deprecated: "deprecated" => SAFE;
    undeprecated: "undeprecated" => SAFE;
    sensitive_added: "sensitive-added" => SAFE;
    sensitive_removed: "sensitive-removed" => DANGEROUS;
    required_added_request: "required-added-request" => BREAKING;
    required_removed_request: "required-removed-request" => SAFE;
    required_removed_response: "required-removed-response" => BREAKING;
    default_added: "default-added" => BREAKING;
    default_removed: "default-removed" => BREAKING;
    default_changed: "default-changed" => DANGEROUS;
    idempotency_token_changed: "idempotency-token-changed" => BREAKING;
    length_tightened_request: "length-tightened-request" => BREAKING;
    length_loosened_response: "length-loosened-response" => DANGEROUS;
    length_changed: "length-changed" => DANGEROUS;
    range_tightened_response: "range-tightened-response" => SAFE;
    range_loosened_shared: "range-loosened-shared" => DANGEROUS;
    range_changed: "range-changed" => DANGEROUS;
    pattern_added_request: "pattern-added-request" => BREAKING;
    pattern_removed: "pattern-removed" => SAFE;
    pattern_changed: "pattern-changed" => DANGEROUS;
    unique_items_changed: "unique-items-changed" => DANGEROUS;
    sparse_changed: "sparse-changed" => BREAKING;
    streaming_added: "streaming-added" => BREAKING;
    enum_value_added_response: "enum-value-added-response" => DANGEROUS;
    enum_trait_value_added_request: "enum-trait-value-added-request" => SAFE;
    enum_trait_value_added_response: "enum-trait-value-added-response" => DANGEROUS;
    enum_value_added_request: "enum-value-added-request" => SAFE;
    enum_value_removed: "enum-value-removed" => BREAKING;
    enum_value_changed: "enum-value-changed" => BREAKING;
    union_variant_added_response: "union-variant-added-response" => DANGEROUS;
    readonly_removed: "readonly-removed" => BREAKING;
    operation_trait_added: "operation-trait-added" => SAFE;
    pagination_added: "pagination-added" => SAFE;
    pagination_removed: "pagination-removed" => BREAKING;
    pagination_changed: "pagination-changed" => BREAKING;
    waiter_added: "waiter-added" => SAFE;
    waiter_removed: "waiter-removed" => BREAKING;
    waiter_changed: "waiter-changed" => DANGEROUS;
    shared_shape: "shared-shape" => SAFE;
    nested_collections: "nested-collections" => SAFE;
    recursive_shape: "recursive-shape" => SAFE;
    int_enum_changed: "int-enum-changed" => BREAKING;
    union_variant_removed: "union-variant-removed" => BREAKING;
    service_errors_changed: "service-errors-changed" => DANGEROUS;
    resource_operation_moved: "resource-operation-moved" => None;
    resource_operation_added: "resource-operation-added" => SAFE;
    rename: "rename" => BREAKING;
}

#[test]
fn every_fixture_directory_is_a_case() {
    let root = workspace_root().join("tests/fixtures/diff");
    let mut found: Vec<String> = fs::read_dir(&root)
        .expect("tests/fixtures/diff exists")
        .map(|entry| entry.expect("readable directory entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "invalid-base")
        .collect();
    found.sort();
    let mut listed: Vec<String> = CASES.iter().map(|case| (*case).to_owned()).collect();
    listed.sort();
    assert_eq!(found, listed, "every fixture directory needs a case in tests/diff.rs, and vice versa");
}

#[test]
fn the_fixtures_cover_every_kind_and_severity() {
    let reports: Vec<Report> = CASES.iter().map(|case| fixture_report(case)).collect();
    let kinds: BTreeSet<ChangeKind> = reports.iter().flat_map(Report::changes).map(|change| change.kind).collect();
    let missing: Vec<&str> =
        ChangeKind::ALL.iter().filter(|kind| !kinds.contains(kind)).map(|kind| kind.as_str()).collect();
    assert!(missing.is_empty(), "no fixture shows {missing:?}");
    let severities: BTreeSet<(Side, Severity)> =
        reports.iter().flat_map(Report::changes).map(|change| (change.side, change.severity)).collect();
    for side in [Side::Request, Side::Response] {
        for severity in [Severity::Safe, Severity::Dangerous, Severity::Breaking] {
            assert!(
                severities.contains(&(side, severity)),
                "no fixture shows a {} {} change",
                severity.as_str(),
                side.as_str()
            );
        }
    }
}

#[test]
fn a_shared_shape_is_reported_under_every_operation_that_reaches_it() {
    let report = fixture_report("shared-shape");
    let summary: Vec<(&str, Vec<Side>, Vec<&str>)> = report
        .operations
        .iter()
        .map(|operation| {
            let paths = operation.changes.iter().map(|change| change.path.as_str()).collect();
            (operation.name.as_str(), operation.sides(), paths)
        })
        .collect();
    assert_eq!(
        summary,
        [
            ("GetThing", vec![Side::Response], vec!["thing.color"]),
            ("UpdateThing", vec![Side::Request, Side::Response], vec!["thing.color", "thing.color"]),
        ]
    );
    insta::assert_snapshot!("shared-shape-markdown", markdown::render(&report, 2));
}

/// The new operation returns no errors, which makes the set `operation::Error`
/// names its set, so `GetThing`'s errors move to an enum of their own: the
/// crate's API breaks though the wire does not (cargo-semver-checks agrees).
#[test]
fn an_operation_that_regroups_the_error_enums_is_major_for_the_crate() {
    let report = fixture_report("operation-added");
    let rust: Vec<(&str, Semver)> = report.rust.iter().map(|change| (change.item.as_str(), change.semver)).collect();
    assert_eq!(rust, [("operation::Error", Semver::Major), ("operation::GetThingError", Semver::Major)]);
    assert_eq!(report.semver(), Semver::Major);
    assert!(!report.is_breaking());
}

#[test]
fn reversing_an_addition_is_a_removal() {
    let dir = fixture_dir("operation-added");
    let reversed = diff::diff_str(&read(dir.join("head.json")), &read(dir.join("base.json"))).expect("both load");
    let route = |kind, severity| (Side::Route, String::new(), kind, severity);
    let one = |status, change| vec![("UpdateThing".to_owned(), status, vec![Side::Route], vec![change])];
    assert_eq!(
        operations(&fixture_report("operation-added")),
        one(Status::Added, route(ChangeKind::OperationAdded, Severity::Safe))
    );
    assert_eq!(operations(&reversed), one(Status::Removed, route(ChangeKind::OperationRemoved, Severity::Breaking)));
}

#[test]
fn a_model_that_does_not_load_is_reported_with_its_side() {
    let dir = fixture_dir("invalid-base");
    let (bad, good) = (read(dir.join("base.json")), read(dir.join("head.json")));
    let error = diff::diff_str(&bad, &good).expect_err("the base model is invalid");
    assert_eq!(error.version, Version::Base);
    assert_eq!(error.errors.errors().len(), 2, "{error}");
    let message = error.to_string();
    assert!(message.starts_with("the base model does not load: the model has 2 problems:"), "{message}");
    assert!(message.contains("example#Thing$size: unknown target"), "{message}");
    assert!(message.contains("example#GetThing: invalid URI pattern"), "{message}");
    let error = diff::diff_str(&good, &bad).expect_err("the head model is invalid");
    assert_eq!(error.version, Version::Head);
    assert!(diff::diff_str("{", &good).expect_err("not JSON").to_string().contains("not valid JSON"));
}

/// The model pair `tests/downstream` is compiled against: it only adds, so
/// the generated crate takes a minor bump (the downstream crate shows it).
#[test]
fn the_evolution_fixture_only_adds_api() {
    let dir = workspace_root().join("tests/fixtures/codegen");
    let report = diff::diff_str(&read(dir.join("evolution_v1.json")), &read(dir.join("evolution_v2.json")))
        .expect("both versions load");
    let changes: Vec<(Side, &str, ChangeKind, Semver)> =
        report.changes().map(|change| (change.side, change.path.as_str(), change.kind, change.semver())).collect();
    assert_eq!(
        changes,
        [
            (Side::Request, "outline.triangle", ChangeKind::MemberAdded, Semver::Minor),
            (Side::Request, "thing.color", ChangeKind::EnumValueAdded, Semver::Minor),
            (Side::Request, "thing.size", ChangeKind::MemberAdded, Semver::Minor),
            (Side::Response, "thing.color", ChangeKind::EnumValueAdded, Semver::Minor),
            (Side::Response, "thing.size", ChangeKind::MemberAdded, Semver::Minor),
            (Side::Errors, "Throttled", ChangeKind::ErrorAdded, Semver::Minor),
        ]
    );
    assert_eq!(report.semver(), Semver::Minor);
}

// --- The releases in the git history of model/wickr.json ---------------------------------

/// `git args` in `repo`: its output, or a panic with git's error.
fn git(repo: &Path, args: &[&str]) -> String {
    let output = Command::new("git").args(args).current_dir(repo).output().expect("git runs");
    assert!(output.status.success(), "git {args:?} failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

/// Why `repo` cannot have the releases: a shallow clone lacks the history
/// of model/wickr.json. Anything else missing is a failure, not a skip.
fn shallow(repo: &Path) -> Option<String> {
    (git(repo, &["rev-parse", "--is-shallow-repository"]).trim() == "true").then(|| {
        "the release-diff tests need the history of model/wickr.json, which this shallow clone lacks \
         (`git fetch --unshallow` gets it)"
            .to_owned()
    })
}

/// The model at the commit of `repo` whose subject starts with
/// `Model: <date> release`, or, in a shallow clone, why it cannot be read.
fn release_in(repo: &Path, date: &str) -> Result<String, String> {
    if let Some(why) = shallow(repo) {
        return Err(why);
    }
    let log = git(repo, &["log", "--format=%H %s", "--", "model/wickr.json"]);
    let prefix = format!("Model: {date} release");
    let hash = log
        .lines()
        .find_map(|line| line.split_once(' ').filter(|(_, subject)| subject.starts_with(&prefix)).map(|(hash, _)| hash))
        .unwrap_or_else(|| panic!("no commit `{prefix}` in the history of model/wickr.json"));
    Ok(git(repo, &["show", &format!("{hash}:model/wickr.json")]))
}

/// The release's model; `None` (the test is skipped, saying why) in a shallow
/// clone, except under CI, which must have the history (`.ci/run` fetches it).
fn release(date: &str) -> Option<String> {
    match release_in(&workspace_root(), date) {
        Ok(model) => Some(model),
        Err(why) if std::env::var_os("CI").is_some() => panic!("{why}"),
        Err(why) => {
            eprintln!("skipped: {why}");
            None
        }
    }
}

#[test]
fn a_shallow_clone_skips_the_release_tests_saying_why() {
    let clone = tempfile::tempdir().unwrap();
    let source = format!("file://{}", workspace_root().display());
    git(Path::new("."), &["clone", "--quiet", "--depth", "1", &source, &clone.path().display().to_string()]);
    let why = release_in(clone.path(), "2026-02-23").unwrap_err();
    assert!(why.contains("shallow clone") && why.contains("git fetch --unshallow"), "{why}");
    // Fetched in full, it has them.
    git(clone.path(), &["fetch", "--quiet", "--unshallow"]);
    let model = release_in(clone.path(), "2026-02-23").unwrap();
    assert!(model.contains("WickrAdminApi"));
}

/// Operation name, status, sides, and each change as (side, path, kind, severity).
type OperationSummary = (String, Status, Vec<Side>, Vec<(Side, String, ChangeKind, Severity)>);

fn operations(report: &Report) -> Vec<OperationSummary> {
    report
        .operations
        .iter()
        .map(|operation| {
            let changes = operation
                .changes
                .iter()
                .map(|change| (change.side, change.path.clone(), change.kind, change.severity))
                .collect();
            (operation.name.clone(), operation.status, operation.sides(), changes)
        })
        .collect()
}

fn updated(name: &str, changes: &[(Side, &str)]) -> OperationSummary {
    let sides = Side::ALL.into_iter().filter(|side| changes.iter().any(|(changed, _)| changed == side)).collect();
    let changes = changes
        .iter()
        .map(|(side, path)| (*side, (*path).to_owned(), ChangeKind::MemberAdded, Severity::Safe))
        .collect();
    (name.to_owned(), Status::Updated, sides, changes)
}

#[test]
fn release_2026_06_04_updates_five_operations_and_breaks_nothing() {
    let (Some(base), Some(head)) = (release("2026-02-23"), release("2026-06-04")) else { return };
    let report = diff::diff_str(&base, &head).expect("both releases load");
    const SETTING: &str = "securityGroupSettings.maxNonSsoSessionMinutes";
    let in_group = format!("securityGroup.{SETTING}");
    assert_eq!(
        operations(&report),
        [
            updated("CreateSecurityGroup", &[(Side::Response, &in_group)]),
            updated("GetSecurityGroup", &[(Side::Response, &in_group)]),
            updated("ListSecurityGroups", &[(Side::Response, &format!("securityGroups[].{SETTING}"))]),
            updated("UpdateNetworkSettings", &[(Side::Request, "settings.consentPopup")]),
            updated("UpdateSecurityGroup", &[(Side::Request, SETTING), (Side::Response, &in_group)]),
        ]
    );
    assert!(!report.is_breaking());
    assert_eq!(report.severity(), Some(Severity::Safe));
    // New members only: new API in the generated crate, which breaks no code using it.
    assert_eq!(report.semver(), Semver::Minor);
    assert!(report.error_shapes.is_empty());
    let docs: Vec<&str> = report.documentation.iter().map(|doc| doc.target.as_str()).collect();
    assert_eq!(docs, ["NetworkSettings$enableTrustedDataFormat", "ShredderSettings$intensity"]);
    insta::assert_snapshot!("release-2026-06-04", text::render(&report));
}

#[test]
fn release_2026_02_23_adds_the_two_opentdf_operations() {
    let (Some(base), Some(head)) = (release("2025-12-19"), release("2026-02-23")) else { return };
    let report = diff::diff_str(&base, &head).expect("both releases load");
    let added = |name: &str| {
        let change = (Side::Route, String::new(), ChangeKind::OperationAdded, Severity::Safe);
        (name.to_owned(), Status::Added, vec![Side::Route], vec![change])
    };
    assert_eq!(
        operations(&report),
        [
            added("GetOpentdfConfig"),
            added("RegisterOpentdfConfig"),
            // NetworkSettings, which UpdateNetworkSettings sends, gained a member.
            updated("UpdateNetworkSettings", &[(Side::Request, "settings.enableTrustedDataFormat")]),
        ]
    );
    let routes: Vec<&str> = report.with_status(Status::Added).map(|operation| operation.route.as_str()).collect();
    assert_eq!(routes, ["GET /networks/{networkId}/tdf", "POST /networks/{networkId}/tdf"]);
    // ValidationError, which every operation can return, gained an optional member.
    assert_eq!(report.error_shapes.len(), 1);
    let validation = &report.error_shapes[0];
    assert_eq!(validation.name, "ValidationError");
    assert_eq!(validation.operations.len(), 44);
    let changes: Vec<(&str, ChangeKind, Severity)> =
        validation.changes.iter().map(|change| (change.path.as_str(), change.kind, change.severity)).collect();
    assert_eq!(changes, [("message", ChangeKind::MemberAdded, Severity::Safe)]);
    assert!(!report.is_breaking());
    assert_eq!(report.semver(), Semver::Minor);
    assert!(report.documentation.is_empty(), "{:#?}", report.documentation);
    insta::assert_snapshot!("release-2026-02-23", text::render(&report));
}

#[test]
fn release_2025_12_19_introduces_42_operations() {
    let Some(first) = release("2025-12-19") else { return };
    let first = ModelVersion::load(&first).expect("the first release loads");
    let report = diff::introduce(&first);
    assert_eq!(report.with_status(Status::Added).count(), 42);
    assert_eq!(report.operations.len(), 42);
    assert!(!report.is_breaking());
}
