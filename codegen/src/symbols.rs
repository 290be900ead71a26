//! The one place where Smithy names become Rust and command-line names.
//!
//! Every name the generated code defines is decided here, once, in
//! `assign` at the end of [`crate::ir::build`]; emitters only read the
//! names the IR carries. A name is never refused: casing, keyword escaping
//! and the names the generated code reserves for itself are applied in that
//! order, and when two model names still land on the same Rust name in one
//! namespace, the later one gets a numeric suffix (`set_foo_2`, `User2`).
//! "Later" is deterministic: names already in their Rust form (`set_foo`, a
//! shape `User`) are placed first, then the rest in shape-id order, so a
//! model update that adds a member never renames one that exists.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use heck::{ToKebabCase, ToSnakeCase, ToUpperCamelCase};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, TokenStreamExt};

use crate::ir::{ErrorSet, Ir, Member, Module, Operation, ShapeId, ShapeKind, SimpleType, TypeRef};

/// Rust keywords (strict and reserved, 2024 edition): as identifiers they
/// need `r#` or, where `r#` is not allowed, a trailing `_`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Types the generated code names without a path; a generated type of the
/// same name would shadow them in its module.
const PRELUDE_TYPES: &[&str] = &["Box", "Option", "Result", "Self", "String", "Vec"];

/// Names `src/operation.rs` imports.
const OPERATION_MODULE_IMPORTS: &[&str] = &["DeserializationError", "HttpResponse", "SdkError"];

/// Methods of `Client` besides the operations'.
/// The methods of a generated crate's `mock::MockServer` besides its rule builders.
const MOCK_METHODS: &[&str] =
    &["start", "start_with", "url", "config", "client", "calls", "verify", "shutdown", "engine"];

const CLIENT_METHODS: &[&str] = &["clone", "config", "dry_run", "fmt", "from_conf", "from_env", "send"];

/// Methods of a structure's builder and an operation's fluent builder besides
/// the members' setters.
const BUILDER_METHODS: &[&str] = &["build", "clone", "customize", "fmt", "into_paginator", "items", "send"];

/// Methods a waiter's builder has besides the input members' setters, which
/// it shares with the operation's fluent builder.
const WAITER_METHODS: &[&str] = &["wait", "wait_with"];

/// The prefix of a waiter's client method (`wait_until_thing_ready`) and
/// builder type (`WaitUntilThingReady`), as the AWS SDKs name them.
const WAITER_PREFIX: &str = "wait_until_";

/// The command-line tool's subcommand holding one subcommand per waiter.
pub const CLI_WAIT_COMMAND: &str = "wait";

/// Variants every generated enum and union has besides the model's.
const ENUM_VARIANTS: &[&str] = &["Self", "Unknown"];

/// The command-line tool's global options (without dashes). A member whose
/// flag, or whose `no-` form, is one of these is offered as `input-<flag>`;
/// `sdk_runtime::cli` defines the options themselves.
pub const CLI_GLOBAL_FLAGS: &[&str] = &[
    "cli-connect-timeout",
    "cli-input-json",
    "cli-max-wait",
    "cli-read-timeout",
    "debug",
    "dry-run",
    "endpoint-url",
    "help",
    "max-items",
    "no-paginate",
    "output",
    "profile",
    "region",
    "starting-token",
    "version",
];

/// Subcommands the command-line tool defines besides the operations'.
const CLI_COMMANDS: &[&str] = &["help", "mock-server"];

/// A Rust identifier the generator decided on. Prints as an identifier in
/// token streams (raw when it is a keyword); [`as_str`](Self::as_str) gives
/// the name without `r#`, for docs and messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RustName {
    text: String,
    raw: bool,
}

impl RustName {
    fn plain(text: String) -> RustName {
        RustName { text, raw: false }
    }

    /// The identifier for a token stream.
    pub fn ident(&self) -> Ident {
        if self.raw { Ident::new_raw(&self.text, Span::call_site()) } else { Ident::new(&self.text, Span::call_site()) }
    }

    /// The name without any `r#`.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for RustName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl ToTokens for RustName {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        tokens.append(self.ident());
    }
}

/// `UpperCamelCase` for types and variants; a name casing strips to nothing
/// or to a leading digit gets an underscore prefix.
fn type_case(name: &str) -> String {
    ensure_identifier(name.to_upper_camel_case())
}

/// `snake_case` for fields and methods.
fn snake_case(name: &str) -> String {
    ensure_identifier(name.to_snake_case())
}

fn ensure_identifier(name: String) -> String {
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name }
}

/// A snake-case name as an identifier: raw where a keyword allows it, with a
/// trailing `_` where it does not (`self_`).
fn escaped(name: String) -> RustName {
    if NOT_RAW.contains(&name.as_str()) {
        RustName::plain(format!("{name}_"))
    } else if KEYWORDS.contains(&name.as_str()) {
        RustName { text: name, raw: true }
    } else {
        RustName::plain(name)
    }
}

/// Names that must stay distinct: a module's types, a type's methods.
/// A reserved name (one the generated code defines itself) is escaped before
/// it is handed out (`Result` → `ResultValue`, `send` → `send_`); a name
/// taken by an earlier claim gets the next free numeric suffix.
struct Namespace {
    reserved: BTreeSet<&'static str>,
    taken: BTreeSet<String>,
    /// What joins a name and its suffix: `_` for snake case, nothing for types.
    joiner: &'static str,
}

impl Namespace {
    fn new(reserved: &[&'static str], joiner: &'static str) -> Namespace {
        Namespace { reserved: reserved.iter().copied().collect(), taken: BTreeSet::new(), joiner }
    }

    fn is_free(&self, name: &str) -> bool {
        !self.reserved.contains(name) && !self.taken.contains(name)
    }

    /// `name`, or `name` with the first free suffix.
    fn claim(&mut self, name: String) -> String {
        let mut candidate = name.clone();
        let mut n = 2;
        while !self.is_free(&candidate) {
            candidate = format!("{name}{}{n}", self.joiner);
            n += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }

    /// A type or variant name; a reserved one gets a `Value` suffix.
    fn claim_type(&mut self, preferred: String) -> RustName {
        let base = if self.reserved.contains(preferred.as_str()) { format!("{preferred}Value") } else { preferred };
        RustName::plain(self.claim(base))
    }

    /// A field or method name; a reserved one gets a trailing `_` (`send_`),
    /// as an escaped keyword does. A raw keyword stays raw unless suffixed.
    fn claim_method(&mut self, preferred: RustName) -> RustName {
        if preferred.raw {
            let text = self.claim(preferred.text.clone());
            return RustName { raw: text == preferred.text, text };
        }
        let text = preferred.text;
        let base = if self.reserved.contains(text.as_str()) { format!("{text}_") } else { text };
        RustName::plain(self.claim(base))
    }
}

/// Orders names so that those already in their target form come first.
fn exact_first<T>(items: &mut [(bool, T)]) {
    items.sort_by_key(|(exact, _)| !*exact);
}

/// Decides every name in the IR: types and builders per module, fields,
/// setters and variants per shape, client methods, fluent builders, error
/// enums, CLI commands and flags.
pub(crate) fn assign(ir: &mut Ir) {
    name_types(ir);
    let waited: BTreeSet<ShapeId> =
        ir.operations.iter().filter(|op| !op.waiters.is_empty()).map(|op| op.input.clone()).collect();
    for shape in ir.shapes.values_mut() {
        let builder_methods = if waited.contains(&shape.id) { WAITER_METHODS } else { &[] };
        match &mut shape.kind {
            ShapeKind::Structure(structure) => name_members(&mut structure.members, builder_methods),
            ShapeKind::Union(members) => name_variants(members),
            ShapeKind::Enum(values) | ShapeKind::IntEnum(values) => {
                let mut variants = Namespace::new(ENUM_VARIANTS, "");
                let mut ordered: Vec<_> = values.iter_mut().map(|v| (type_case(&v.name) == v.name, v)).collect();
                exact_first(&mut ordered);
                for (_, value) in ordered {
                    value.rust_name = variants.claim_type(type_case(&value.name));
                }
            }
        }
    }
    name_operations(ir);
    name_flags(ir);
}

/// Shape types per module, then the structures' builders.
fn name_types(ir: &mut Ir) {
    let mut modules: BTreeMap<Module, Namespace> = BTreeMap::new();
    let mut ordered: Vec<_> = ir.shapes.values_mut().map(|s| (type_case(&s.name) == s.name, s)).collect();
    exact_first(&mut ordered);
    for (_, shape) in &mut ordered {
        let names = modules.entry(shape.module).or_insert_with(|| Namespace::new(PRELUDE_TYPES, ""));
        shape.rust_name = names.claim_type(type_case(&shape.name));
    }
    for (_, shape) in ordered {
        let names = modules.entry(shape.module).or_insert_with(|| Namespace::new(PRELUDE_TYPES, ""));
        if let ShapeKind::Structure(structure) = &mut shape.kind {
            structure.builder = names.claim_type(format!("{}Builder", shape.rust_name));
        }
    }
}

/// Fields, then setters, then the `set_` setters that take an `Option`;
/// `also_reserved`: methods of other builders that take the same setters.
fn name_members(members: &mut [Member], also_reserved: &[&'static str]) {
    let mut fields = Namespace::new(&[], "_");
    let mut ordered: Vec<_> = members.iter_mut().map(|m| (snake_case(&m.name) == m.name, m)).collect();
    exact_first(&mut ordered);
    for (_, member) in &mut ordered {
        let preferred = escaped(snake_case(&member.name));
        member.field = fields.claim_method(preferred);
    }
    let mut methods = Namespace::new(&[BUILDER_METHODS, also_reserved].concat(), "_");
    for (_, member) in &mut ordered {
        member.setter = methods.claim_method(member.field.clone());
    }
    for (_, member) in ordered {
        member.option_setter = methods.claim_method(RustName::plain(format!("set_{}", member.field.as_str())));
    }
}

fn name_variants(members: &mut [Member]) {
    let mut variants = Namespace::new(ENUM_VARIANTS, "");
    let mut ordered: Vec<_> = members.iter_mut().map(|m| (type_case(&m.name) == m.name, m)).collect();
    exact_first(&mut ordered);
    for (_, member) in ordered {
        member.variant = variants.claim_type(type_case(&member.name));
    }
}

/// Client methods and fluent builders, then the error enums and each
/// operation's alias of its enum, all in the `operation` module but methods.
fn name_operations(ir: &mut Ir) {
    let mut methods = Namespace::new(CLIENT_METHODS, "_");
    let mut types = Namespace::new(&[PRELUDE_TYPES, OPERATION_MODULE_IMPORTS].concat(), "");
    // `wait` is taken only by an SDK with waiters, so no other SDK's
    // commands change.
    let wait: &[&str] = if ir.uses_waiters() { &[CLI_WAIT_COMMAND] } else { &[] };
    let mut commands = Namespace::new(&[CLI_COMMANDS, wait].concat(), "-");
    // The mock's rule builders (`on_get_user`) beside its own methods.
    let mut mock_rules = Namespace::new(MOCK_METHODS, "_");
    for op in &mut ir.operations {
        op.fn_name = methods.claim_method(escaped(snake_case(&op.name)));
        op.fluent = types.claim_type(type_case(&op.name));
        op.command = commands.claim(op.name.to_kebab_case());
        op.mock_rule = mock_rules.claim_method(RustName::plain(format!("on_{}", snake_case(&op.name).as_str())));
    }
    ir.error_sets = error_sets(&ir.operations, &mut types);
    for (index, set) in ir.error_sets.iter().enumerate() {
        for &op in &set.operations {
            ir.operations[op].error_set = index;
        }
    }
    for op in &mut ir.operations {
        let set = &ir.error_sets[op.error_set];
        let own = format!("{}Error", op.fluent);
        op.error_type = if set.name.as_str() == own { set.name.clone() } else { types.claim_type(own) };
    }
    // Waiters after every operation and error type, so adding one renames none.
    let mut wait_commands = Namespace::new(CLI_COMMANDS, "-");
    for op in &mut ir.operations {
        for waiter in &mut op.waiters {
            waiter.method =
                methods.claim_method(RustName::plain(format!("{WAITER_PREFIX}{}", snake_case(&waiter.name))));
            waiter.fluent = types.claim_type(type_case(&format!("{WAITER_PREFIX}{}", waiter.name)));
            waiter.command = wait_commands.claim(waiter.name.to_kebab_case());
        }
    }
}

/// One error enum per distinct set of modelled errors: operations that return
/// the same errors share it (most services have one set). The most common set
/// is the service's `Error`; a set one operation returns is named after it;
/// another shared set after its first operation.
fn error_sets(operations: &[Operation], types: &mut Namespace) -> Vec<ErrorSet> {
    let mut users: BTreeMap<&[ShapeId], Vec<usize>> = BTreeMap::new();
    for (index, op) in operations.iter().enumerate() {
        users.entry(&op.errors).or_default().push(index);
    }
    // Ties go to the first set in order, so the choice is deterministic.
    let most_common = users.iter().rev().max_by_key(|(_, ops)| ops.len()).map(|(set, _)| set.to_vec());
    let mut sets = Vec::new();
    for (errors, ops) in users {
        let preferred = if Some(errors) == most_common.as_deref() {
            "Error".to_owned()
        } else {
            format!("{}Error", operations[ops[0]].fluent)
        };
        sets.push((errors.to_vec(), preferred, ops));
    }
    sets.into_iter()
        .map(|(errors, preferred, operations)| ErrorSet { name: types.claim_type(preferred), errors, operations })
        .collect()
}

/// Each operation input's members' flags: kebab case; one that clashes with a
/// global option (or whose `no-` form does, for booleans) becomes
/// `input-<flag>`; one still taken (by another member) takes a suffix.
fn name_flags(ir: &mut Ir) {
    let inputs: BTreeSet<ShapeId> = ir.operations.iter().map(|op| op.input.clone()).collect();
    for id in inputs {
        let Some(ShapeKind::Structure(structure)) = ir.shapes.get_mut(&id).map(|shape| &mut shape.kind) else {
            continue;
        };
        let mut flags = Namespace::new(CLI_GLOBAL_FLAGS, "-");
        for member in &mut structure.members {
            let boolean = member.value.ty == TypeRef::Simple(SimpleType::Boolean);
            // A boolean takes its `no-` form too.
            let free = |flag: &str, flags: &Namespace| {
                flags.is_free(flag) && (!boolean || flags.is_free(&format!("no-{flag}")))
            };
            let own_flag = member.name.to_kebab_case();
            let global = |flag: &str| {
                flags.reserved.contains(flag) || boolean && flags.reserved.contains(format!("no-{flag}").as_str())
            };
            let base = if global(&own_flag) { format!("input-{own_flag}") } else { own_flag.clone() };
            let mut flag = base.clone();
            let mut n = 2;
            while !free(&flag, &flags) {
                flag = format!("{base}-{n}");
                n += 1;
            }
            if boolean {
                flags.taken.insert(format!("no-{flag}"));
            }
            flags.taken.insert(flag.clone());
            member.flag_renamed = flag != own_flag;
            member.flag = flag;
        }
    }
}

/// The package name of a service's generated crate: its [`binary_name`]
/// with `-sdk` (`Wickr` → `wickr-sdk`).
pub fn package_name(sdk_id: &str) -> String {
    format!("{}-sdk", binary_name(sdk_id))
}

/// The CLI binary of a service's generated crate: the `sdkId`'s words in
/// lower case, joined by `-`. Words are split where the sdkId puts spaces or
/// punctuation, not at case changes, so `IoT Events` is `iot-events`.
pub fn binary_name(sdk_id: &str) -> String {
    sdk_id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Test function names for protocol test case ids (`RestJsonFoo_request`
/// → `rest_json_foo_request`), distinct from each other.
pub fn test_names<'a>(ids: impl IntoIterator<Item = &'a str>) -> Vec<RustName> {
    let mut names = Namespace::new(&[], "_");
    ids.into_iter().map(|id| names.claim_method(escaped(snake_case(id)))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn casing_and_escapes() {
        assert_eq!(type_case("listUsers"), "ListUsers");
        assert_eq!(snake_case("canStart11Call"), "can_start11_call");
        assert_eq!(escaped(snake_case("type")).ident().to_string(), "r#type");
        assert_eq!(escaped(snake_case("type")).as_str(), "type");
        assert_eq!(escaped(snake_case("self")).as_str(), "self_");
        assert_eq!(type_case("_1"), "_1");
        assert_eq!(escaped(snake_case("_")).as_str(), "__");
        assert_eq!(type_case("_2X"), "_2x");
    }

    #[test]
    fn package_and_binary_names_follow_the_sdk_id() {
        assert_eq!(package_name("Wickr"), "wickr-sdk");
        assert_eq!(binary_name("IoT Events"), "iot-events");
        assert_eq!(package_name("Route 53 Profiles"), "route-53-profiles-sdk");
        assert_eq!(binary_name("ivs-realtime"), "ivs-realtime");
    }

    #[test]
    fn namespaces_suffix_clashes_and_escape_reserved_methods() {
        let mut types = Namespace::new(PRELUDE_TYPES, "");
        assert_eq!(types.claim_type("Result".to_owned()).as_str(), "ResultValue");
        assert_eq!(types.claim_type("User".to_owned()).as_str(), "User");
        assert_eq!(types.claim_type("User".to_owned()).as_str(), "User2");
        let mut methods = Namespace::new(BUILDER_METHODS, "_");
        assert_eq!(methods.claim_method(RustName::plain("send".to_owned())).as_str(), "send_");
        assert_eq!(methods.claim_method(RustName::plain("foo".to_owned())).as_str(), "foo");
        assert_eq!(methods.claim_method(RustName::plain("foo".to_owned())).as_str(), "foo_2");
        assert_eq!(methods.claim_method(escaped("type".to_owned())).ident().to_string(), "r#type");
        assert_eq!(methods.claim_method(escaped("type".to_owned())).ident().to_string(), "type_2");
    }
}
