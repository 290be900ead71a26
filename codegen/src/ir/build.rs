//! Builds the [`Ir`] from a validated model.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{
    Constraints, EnumValue, Ir, Matcher, Member, Module, Operation, Pagination, Pattern, Protocol, Role, RustName,
    Service, Shape, ShapeKind, Structure, TypeRef, ValueType, Waiter, Warning, endpoints, pattern, protocol_tests,
    recursion,
};
use crate::config::Config;
use crate::model::traits::{self, id};
use crate::model::validate::{Validated, validate};
use crate::model::{self, Model, ModelError, ModelErrors, ShapeId, Traits};
use crate::symbols;

/// Loads, validates and resolves a model's text.
pub fn build_from_str(model_text: &str, config: &Config) -> Result<Ir, ModelErrors> {
    let model = model::load_str(model_text)?;
    let service = match &config.service {
        Some(text) => Some(ShapeId::parse(text).map_err(|message| ModelErrors::one("codegen config", message))?),
        None => None,
    };
    let validated = validate(&model, service.as_ref())?;
    build(&validated)
}

/// Resolves a validated model. Problems validation could not see (there should
/// be none) are still reported, never panicked on.
pub fn build(validated: &Validated<'_>) -> Result<Ir, ModelErrors> {
    let mut builder = Builder {
        model: validated.model,
        protocol: validated.protocol,
        errors: Vec::new(),
        warnings: Vec::new(),
        renames: BTreeMap::new(),
        patterns: BTreeMap::new(),
    };
    let service = builder.service(&validated.service);
    let usage = Usage::of(validated);
    let mut operations = Vec::new();
    let mut shapes = BTreeMap::new();
    for id in &validated.closure.shapes {
        let Some(shape) = builder.model.shape(id) else { continue };
        match &shape.kind {
            model::ShapeKind::Operation(_) => operations.extend(builder.operation(shape, &validated.service)),
            _ if id.is_prelude() => {}
            model::ShapeKind::Structure(_)
            | model::ShapeKind::Union(_)
            | model::ShapeKind::Enum(_)
            | model::ShapeKind::IntEnum(_) => {
                shapes.insert(id.clone(), builder.shape(shape, usage.role(shape)));
            }
            _ => {}
        }
    }
    operations.sort_by(|a: &Operation, b| a.name.cmp(&b.name));
    for op in &mut operations {
        synthesize_unit_structures(op, &mut shapes);
        // An input shared with other operations or other uses gets a copy of
        // its own: each input implements `Operation` once, with all members
        // optional.
        let shared = shapes.get(&op.input).is_some_and(|shape| shape.module != Module::Input);
        if let Some(original) = builder.model.shape(&op.input).filter(|_| shared) {
            let copy = builder.input_copy(original, &op.name);
            op.input = copy.id.clone();
            shapes.insert(copy.id.clone(), copy);
        }
    }
    // A structure that was only ever an input, now copied for each of its
    // operations, has no use left.
    shapes.retain(|id, _| !usage.only_an_input(id) || operations.iter().any(|op| &op.input == id));
    recursion::box_members(&mut shapes);
    ModelErrors::check(builder.errors)?;
    builder.warnings.extend(super::unsupported::warnings(validated));
    let mut ir = Ir { service, operations, shapes, error_sets: Vec::new(), warnings: builder.warnings };
    symbols::assign(&mut ir);
    Ok(ir)
}

struct Builder<'a> {
    model: &'a Model,
    protocol: Protocol,
    errors: Vec<ModelError>,
    warnings: Vec<Warning>,
    renames: BTreeMap<ShapeId, String>,
    /// Each distinct pattern's translation, made once.
    patterns: BTreeMap<String, Result<pattern::Translation, String>>,
}

impl Builder<'_> {
    fn service(&mut self, id: &ShapeId) -> Service {
        let shape = &self.model.shapes[id];
        let model::ShapeKind::Service(service) = &shape.kind else { unreachable!("validated as a service") };
        self.renames = service.rename.clone();
        let text = |trait_id: &str, key: &str| {
            shape.traits.get(trait_id).and_then(|value| value.get(key)).and_then(Value::as_str).map(str::to_owned)
        };
        Service {
            id: id.clone(),
            title: shape.traits.get(id::TITLE).and_then(Value::as_str).unwrap_or(id.name()).to_owned(),
            docs: docs(&shape.traits),
            version: service.version.clone(),
            sdk_id: text(id::AWS_SERVICE, "sdkId"),
            endpoint_prefix: text(id::AWS_SERVICE, "endpointPrefix"),
            signing_name: text(id::SIGV4, "name"),
            protocol: self.protocol,
            query_compatible: shape.has_trait(crate::model::protocol::AWS_QUERY_COMPATIBLE),
            endpoint_rule_set: shape.traits.get(id::ENDPOINT_RULE_SET).cloned(),
            rule_params: endpoints::rule_params(shape.traits.get(id::ENDPOINT_RULE_SET)),
            client_context_params: {
                let mut warnings = Vec::new();
                let params = endpoints::client_context_params(&shape.traits, &mut warnings);
                self.warn_all(&id.to_string(), warnings);
                params
            },
            endpoint_tests: endpoints::endpoint_tests(&shape.traits),
        }
    }

    fn warn_all(&mut self, at: &str, messages: Vec<String>) {
        self.warnings.extend(messages.into_iter().map(|message| Warning { at: at.to_owned(), message }));
    }

    /// A member's `@contextParam`, when its target is a value the rules
    /// engine takes (string, enum, boolean, list of strings).
    fn context_param(&mut self, at: &str, traits: &Traits, target: &ShapeId) -> Option<String> {
        let name = endpoints::context_param(traits)?;
        if self.is_param_value(target) {
            return Some(name);
        }
        self.warnings.push(Warning {
            at: at.to_owned(),
            message: format!(
                "`@contextParam({name})` on a member that is not a string, boolean or list of strings; it is not bound"
            ),
        });
        None
    }

    /// Whether `target` is a string, enum, boolean or a list of strings.
    fn is_param_value(&self, target: &ShapeId) -> bool {
        match self.model.shape(target).map(|shape| &shape.kind) {
            Some(model::ShapeKind::Simple(model::SimpleType::String | model::SimpleType::Boolean)) => true,
            Some(model::ShapeKind::Enum(_)) => true,
            Some(model::ShapeKind::List(member)) => matches!(
                self.model.shape(&member.target).map(|shape| &shape.kind),
                Some(model::ShapeKind::Simple(model::SimpleType::String) | model::ShapeKind::Enum(_))
            ),
            _ => false,
        }
    }

    /// Whether an `operationContextParams` path leads, through the input's
    /// members, to a string, boolean or list of strings (a projection `[*]`
    /// over strings, or `keys()` of a map, makes one).
    fn check_path(&self, input: Option<&ShapeId>, path: &[endpoints::PathStep]) -> Result<(), String> {
        use endpoints::PathStep;
        let mut at = input.cloned().ok_or("the operation has no input")?;
        let mut projected = false;
        for (index, step) in path.iter().enumerate() {
            let shape = self.model.shape(&at).ok_or_else(|| format!("`{at}` is not in the model"))?;
            at = match (step, &shape.kind) {
                (PathStep::Field(name), model::ShapeKind::Structure(members)) => members
                    .get(name)
                    .map(|member| member.target.clone())
                    .ok_or_else(|| format!("`{}` has no member `{name}`", shape.id))?,
                (PathStep::Each, model::ShapeKind::List(member)) if !projected => {
                    projected = true;
                    member.target.clone()
                }
                (PathStep::Keys, model::ShapeKind::Map { .. }) if index + 1 == path.len() && !projected => {
                    return Ok(());
                }
                _ => return Err(format!("step {} does not apply to `{}`", index + 1, shape.id)),
            };
        }
        let scalar = matches!(
            self.model.shape(&at).map(|shape| &shape.kind),
            Some(model::ShapeKind::Simple(model::SimpleType::String) | model::ShapeKind::Enum(_))
        );
        match (projected, scalar) {
            (true, true) => Ok(()),
            (false, _) if self.is_param_value(&at) => Ok(()),
            _ => Err(format!("the path ends at `{at}`, which is not a string, boolean or list of strings")),
        }
    }

    fn name_of(&self, id: &ShapeId) -> String {
        self.renames.get(id).cloned().unwrap_or_else(|| id.name().to_owned())
    }

    fn operation(&mut self, shape: &model::Shape, service_id: &ShapeId) -> Option<Operation> {
        let model::ShapeKind::Operation(operation) = &shape.kind else { return None };
        let http = match traits::http(&shape.traits) {
            _ if !self.protocol.uses_http_bindings() => rpc_route(),
            Ok(Some(http)) => http,
            _ => {
                self.errors.push(ModelError::new(shape.id.to_string(), "the operation has no valid `http` trait"));
                return None;
            }
        };
        let service = &self.model.shapes[service_id];
        let mut errors = operation.errors.clone();
        if let model::ShapeKind::Service(service) = &service.kind {
            errors.extend(service.errors.iter().cloned());
        }
        errors.sort();
        errors.dedup();
        let pagination = shape.traits.get(id::PAGINATED).and_then(|value| traits::paginated(value).ok()).map(|own| {
            let defaults =
                service.traits.get(id::PAGINATED).and_then(|value| traits::paginated(value).ok()).unwrap_or_default();
            let merged = own.or(&defaults);
            let path = |path: Option<String>| path.map(|path| path.split('.').map(str::to_owned).collect());
            Pagination {
                input_token: merged.input_token,
                output_token: path(merged.output_token),
                items: path(merged.items),
                page_size: merged.page_size,
            }
        });
        let unit = ShapeId::new(model::prelude::PRELUDE, "Unit");
        let mut warnings = Vec::new();
        let static_context_params = endpoints::static_context_params(&shape.traits, &mut warnings);
        let mut operation_context_params = endpoints::operation_context_params(&shape.traits, &mut warnings);
        operation_context_params.retain(|(name, path)| match self.check_path(operation.input.as_ref(), path) {
            Ok(()) => true,
            Err(why) => {
                warnings.push(format!("operation context parameter `{name}`: {why}; it is not bound"));
                false
            }
        });
        let examples = super::examples::of_operation(&shape.traits, &mut warnings);
        self.warn_all(&shape.id.to_string(), warnings);
        Some(Operation {
            id: shape.id.clone(),
            name: self.name_of(&shape.id),
            fn_name: RustName::default(),
            fluent: RustName::default(),
            command: String::new(),
            mock_rule: RustName::default(),
            error_set: 0,
            error_type: RustName::default(),
            docs: docs(&shape.traits),
            http,
            input: operation.input.clone().unwrap_or_else(|| unit.clone()),
            output: operation.output.clone().unwrap_or(unit),
            errors,
            pagination,
            waiters: self.waiters(shape),
            idempotent: shape.has_trait(id::IDEMPOTENT),
            readonly: shape.has_trait(id::READONLY),
            deprecated: deprecated(&shape.traits),
            host_prefix: shape
                .traits
                .get(id::ENDPOINT)
                .and_then(|endpoint| endpoint.get("hostPrefix"))
                .and_then(Value::as_str)
                .map(str::to_owned),
            checksum_required: shape.has_trait(id::HTTP_CHECKSUM_REQUIRED),
            auth: super::auth::of_operation(&shape.traits, &service.traits),
            request_compression: shape
                .traits
                .get(id::REQUEST_COMPRESSION)
                .and_then(|compression| compression.get("encodings"))
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(str::to_owned)
                .collect(),
            static_context_params,
            operation_context_params,
            examples,
            request_tests: protocol_tests::request_tests(&shape.traits, self.protocol),
            response_tests: protocol_tests::response_tests(&shape.traits, self.protocol),
        })
    }

    /// An operation's waiters. One with a path the run-time JMESPath engine
    /// cannot read is left out, with a warning: the model is not at fault.
    fn waiters(&mut self, shape: &model::Shape) -> Vec<Waiter> {
        // Validation reported a malformed trait; nothing is left to read then.
        let defs = shape.traits.get(id::WAITABLE).and_then(|value| model::waitable::waitable(value).ok());
        let mut waiters = Vec::new();
        for def in defs.into_iter().flatten() {
            let unreadable = def.acceptors.iter().find_map(|acceptor| match &acceptor.matcher {
                Matcher::Output(path) | Matcher::InputOutput(path) => {
                    jmespath::compile(&path.path).err().map(|e| (path.path.clone(), e.to_string()))
                }
                Matcher::Success(_) | Matcher::ErrorType(_) => None,
            });
            if let Some((path, why)) = unreadable {
                self.warnings.push(Warning {
                    at: shape.id.to_string(),
                    message: format!("waiter `{}` is not generated: its path `{path}` cannot be read: {why}", def.name),
                });
                continue;
            }
            waiters.push(Waiter {
                method: RustName::default(),
                fluent: RustName::default(),
                command: String::new(),
                docs: def.documentation.as_deref().map(crate::markdown::html::to_markdown).filter(|t| !t.is_empty()),
                deprecated: def.deprecated.then(|| "this waiter is deprecated".to_owned()),
                min_delay: def.min_delay,
                max_delay: def.max_delay,
                acceptors: def.acceptors,
                name: def.name,
            });
        }
        waiters
    }

    /// `original`, an operation's input that is also used elsewhere, as
    /// `smithy.synthetic#<Operation>Input`: the same members and docs.
    fn input_copy(&mut self, original: &model::Shape, operation: &str) -> Shape {
        let name = format!("{operation}Input");
        let mut copy = self.shape(original, Role::Input);
        copy.id = ShapeId::new(SYNTHETIC, &name);
        copy.name = name;
        copy
    }

    fn shape(&mut self, shape: &model::Shape, role: Role) -> Shape {
        let kind = match &shape.kind {
            model::ShapeKind::Structure(members) => {
                let mut members = self.members(&shape.id, members.values());
                if role == Role::Input {
                    // Smithy 2.0 client nullability: every member of an
                    // operation input is optional, so a missing required
                    // member is a validation error with its path.
                    members.iter_mut().for_each(|member| member.optional = true);
                }
                let error_tests = match role {
                    Role::Error { .. } => protocol_tests::response_tests(&shape.traits, self.protocol),
                    _ => Vec::new(),
                };
                ShapeKind::Structure(Structure { members, role, builder: RustName::default(), error_tests })
            }
            model::ShapeKind::Union(members) => ShapeKind::Union(self.members(&shape.id, members.values())),
            model::ShapeKind::Enum(members) => ShapeKind::Enum(enum_values(members.values(), false)),
            model::ShapeKind::IntEnum(members) => ShapeKind::IntEnum(enum_values(members.values(), true)),
            other => unreachable!("only aggregate and enum shapes are resolved, not {}", other.type_name()),
        };
        let module = match &kind {
            ShapeKind::Structure(Structure { role: Role::Input, .. }) => Module::Input,
            ShapeKind::Structure(Structure { role: Role::Output, .. }) => Module::Output,
            ShapeKind::Structure(Structure { role: Role::Error { .. }, .. }) => Module::Error,
            _ => Module::Types,
        };
        Shape {
            id: shape.id.clone(),
            name: self.name_of(&shape.id),
            rust_name: RustName::default(),
            module,
            docs: docs(&shape.traits),
            sensitive: shape.has_trait(id::SENSITIVE),
            deprecated: deprecated(&shape.traits),
            kind,
        }
    }

    fn members<'m>(&mut self, owner: &ShapeId, members: impl Iterator<Item = &'m model::Member>) -> Vec<Member> {
        members.map(|member| self.member(owner, member)).collect()
    }

    fn member(&mut self, owner: &ShapeId, member: &model::Member) -> Member {
        let at = owner.member(&member.name);
        let traits = &member.traits;
        let required = member.has_trait(id::REQUIRED);
        let value = self.value_type(&at, member);
        let default = traits.get(id::DEFAULT).filter(|value| !value.is_null()).cloned();
        // A default the generated code cannot write as a Rust value leaves
        // the field an `Option`, like a member without one.
        let default_unusable = default.as_ref().is_some_and(|default| !self.has_rust_form(default, &value.ty));
        let optional = member.has_trait(id::CLIENT_OPTIONAL) || default_unusable || !(required || default.is_some());
        let mut binding = match self.protocol.uses_http_bindings() {
            true => traits::binding(member).unwrap_or_else(|message| {
                self.errors.push(ModelError::new(&at, message));
                traits::Binding::Body
            }),
            // The JSON RPC protocols send every member in the JSON body.
            false => traits::Binding::Body,
        };
        // `@httpQuery` binds one key to a simple value; on a map it can only
        // mean what `@httpQueryParams` says, so it is read so, said aloud.
        let target_is_map =
            matches!(self.model.shape(&member.target).map(|t| &t.kind), Some(model::ShapeKind::Map { .. }));
        if let (traits::Binding::Query(key), true) = (&binding, target_is_map) {
            self.warnings.push(Warning {
                at: at.clone(),
                message: format!("`@httpQuery(\"{key}\")` on a map is read as `@httpQueryParams`"),
            });
            binding = traits::Binding::QueryParams;
        }
        let target_docs = self.model.shape(&member.target).and_then(|target| docs(&target.traits));
        Member {
            name: member.name.clone(),
            field: RustName::default(),
            setter: RustName::default(),
            option_setter: RustName::default(),
            variant: RustName::default(),
            flag: String::new(),
            flag_renamed: false,
            json_name: match self.protocol.uses_http_bindings() {
                true => traits.get(id::JSON_NAME).and_then(Value::as_str).unwrap_or(&member.name).to_owned(),
                // `@jsonName` is a restJson1 trait: the JSON RPC protocols key by member name.
                false => member.name.clone(),
            },
            docs: docs(traits).or(target_docs),
            required,
            default,
            optional,
            binding,
            value,
            idempotency_token: member.has_trait(id::IDEMPOTENCY_TOKEN),
            host_label: member.has_trait(id::HOST_LABEL),
            boxed: false,
            deprecated: deprecated(traits),
            context_param: self.context_param(&at, traits, &member.target),
        }
    }

    /// Whether a `@default` value can be written as a Rust value of the
    /// member's type: scalars of their own kind, a string enum's value, an
    /// integer enum's number, an empty list or map.
    fn has_rust_form(&self, default: &Value, ty: &TypeRef) -> bool {
        use model::SimpleType as S;
        let kind = |id: &ShapeId| self.model.shape(id).map(|shape| &shape.kind);
        match (default, ty) {
            (Value::Bool(_), TypeRef::Simple(S::Boolean)) => true,
            (Value::String(_), TypeRef::Simple(S::String)) => true,
            (Value::String(_), TypeRef::Named(id)) => matches!(kind(id), Some(model::ShapeKind::Enum(_))),
            (Value::Number(n), TypeRef::Named(id)) => {
                n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
                    && matches!(kind(id), Some(model::ShapeKind::IntEnum(_)))
            }
            (Value::Number(n), TypeRef::Simple(simple)) => match simple {
                S::Byte => n.as_i64().is_some_and(|n| i8::try_from(n).is_ok()),
                S::Short => n.as_i64().is_some_and(|n| i16::try_from(n).is_ok()),
                S::Integer => n.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
                S::Long | S::BigInteger => n.as_i64().is_some(),
                S::Float | S::Double | S::BigDecimal => n.as_f64().is_some_and(f64::is_finite),
                _ => false,
            },
            (Value::Array(items), TypeRef::List { .. }) => items.is_empty(),
            (Value::Object(entries), TypeRef::Map { .. }) => entries.is_empty(),
            _ => false,
        }
    }

    /// A member's type, with the target's constraints overridden by the member's.
    fn value_type(&mut self, at: &str, member: &model::Member) -> ValueType {
        let Some(target) = self.model.shape(&member.target) else {
            self.errors.push(ModelError::new(at, format!("unknown target `{}`", member.target)));
            return ValueType {
                ty: TypeRef::Simple(model::SimpleType::Document),
                constraints: Constraints::default(),
                sensitive: false,
                timestamp_format: None,
                media_type: None,
                streaming: false,
                requires_length: false,
            };
        };
        let ty = match &target.kind {
            model::ShapeKind::Simple(simple) => TypeRef::Simple(*simple),
            model::ShapeKind::List(item) => TypeRef::List {
                item: Box::new(self.value_type(&target.id.member("member"), item)),
                sparse: target.has_trait(id::SPARSE),
                unique: target.has_trait(id::UNIQUE_ITEMS),
            },
            model::ShapeKind::Map { key, value } => TypeRef::Map {
                key: Box::new(self.value_type(&target.id.member("key"), key)),
                value: Box::new(self.value_type(&target.id.member("value"), value)),
                sparse: target.has_trait(id::SPARSE),
            },
            model::ShapeKind::Structure(_) if target.id.is_prelude() => TypeRef::Unit,
            _ => TypeRef::Named(target.id.clone()),
        };
        let is_blob = ty == TypeRef::Simple(model::SimpleType::Blob);
        let mut merged: Traits = target.traits.clone();
        merged.extend(member.traits.clone());
        // Warnings name where the pattern is written, once per pattern.
        let pattern_at = if member.has_trait(id::PATTERN) { at.to_owned() } else { target.id.to_string() };
        // The JSON RPC protocols have no streaming payloads: there a
        // `@streaming` blob is a base64 body member, as `unsupported` warns.
        let streaming = is_blob && target.has_trait(id::STREAMING) && self.protocol.uses_http_bindings();
        // A stream's length is known only as it is sent: nothing to check first.
        let constraints = if streaming { Constraints::default() } else { self.constraints(at, &pattern_at, &merged) };
        ValueType {
            ty,
            constraints,
            sensitive: merged.contains_key(id::SENSITIVE),
            timestamp_format: traits::timestamp_format(&merged).ok().flatten(),
            media_type: merged.get(id::MEDIA_TYPE).and_then(Value::as_str).map(str::to_owned),
            // Event streams (streaming unions) are not read: they stay warned about.
            streaming,
            requires_length: is_blob && target.has_trait(id::REQUIRES_LENGTH),
        }
    }

    fn constraints(&mut self, at: &str, pattern_at: &str, traits: &Traits) -> Constraints {
        let mut report = |result: Result<(), String>| {
            if let Err(message) = result {
                self.errors.push(ModelError::new(at, message));
            }
        };
        let mut constraints = Constraints::default();
        report(traits::length(traits).map(|value| constraints.length = value));
        report(traits::range(traits).map(|value| constraints.range = value));
        let mut model_pattern = None;
        report(traits::pattern(traits).map(|value| model_pattern = value));
        constraints.pattern = model_pattern.and_then(|model| self.pattern(pattern_at, model));
        constraints
    }

    /// A model pattern with its translation (none, with a warning once, when
    /// it cannot be matched in Rust); `None` when it constrains nothing.
    fn pattern(&mut self, at: &str, model: String) -> Option<Pattern> {
        let translated = match self.patterns.get(&model) {
            Some(translated) => translated.clone(),
            None => {
                let translated = pattern::translate(&model);
                if let Err(why) = &translated {
                    self.warnings.push(Warning {
                        at: at.to_owned(),
                        message: format!("pattern `{model}` is not checked: {why}"),
                    });
                }
                self.patterns.insert(model.clone(), translated.clone());
                translated
            }
        };
        let rust = translated.ok();
        if rust.as_ref().is_some_and(|translation| traits::pattern_accepts_everything(&translation.pattern)) {
            return None;
        }
        Some(Pattern { model, rust })
    }
}

/// How the JSON RPC protocols send every operation: `POST /`, 200 on success.
fn rpc_route() -> traits::Http {
    let uri = crate::model::uri::UriPattern { segments: Vec::new(), query: Vec::new(), trailing_slash: false };
    traits::Http { method: "POST".to_owned(), uri, code: 200 }
}

/// The namespace of shapes the IR makes: Smithy reserves `smithy.*`, so no
/// model's shape can have one of these ids.
const SYNTHETIC: &str = "smithy.synthetic";

/// How the service's operations use each structure, which decides its role:
/// the `@input`, `@output` and `@error` traits are optional in Smithy (most
/// AWS models have no `@input`), so a structure is an operation's input when
/// exactly that one operation takes it and nothing else refers to it.
struct Usage {
    inputs: BTreeMap<ShapeId, usize>,
    outputs: BTreeSet<ShapeId>,
    /// Targets of members and errors.
    referenced: BTreeSet<ShapeId>,
}

impl Usage {
    fn of(validated: &Validated<'_>) -> Usage {
        let mut usage = Usage { inputs: BTreeMap::new(), outputs: BTreeSet::new(), referenced: BTreeSet::new() };
        for id in &validated.closure.shapes {
            let Some(shape) = validated.model.shape(id) else { continue };
            match &shape.kind {
                model::ShapeKind::Operation(operation) => {
                    if let Some(input) = &operation.input {
                        *usage.inputs.entry(input.clone()).or_default() += 1;
                    }
                    usage.outputs.extend(operation.output.iter().cloned());
                    usage.referenced.extend(operation.errors.iter().cloned());
                }
                model::ShapeKind::Service(service) => usage.referenced.extend(service.errors.iter().cloned()),
                _ => usage.referenced.extend(shape.members().into_iter().map(|member| member.target.clone())),
            }
        }
        usage
    }

    fn only_an_input(&self, id: &ShapeId) -> bool {
        self.inputs.contains_key(id) && !self.outputs.contains(id) && !self.referenced.contains(id)
    }

    fn role(&self, shape: &model::Shape) -> Role {
        if let Some(fault) = traits::error(shape) {
            return Role::Error {
                fault: fault.to_owned(),
                status: shape.traits.get(id::HTTP_ERROR).and_then(Value::as_u64).and_then(|s| u16::try_from(s).ok()),
                retryable: shape.has_trait(id::RETRYABLE),
                query_code: shape
                    .traits
                    .get(crate::model::protocol::AWS_QUERY_ERROR)
                    .and_then(|query| query.get("code"))
                    .and_then(Value::as_str)
                    .map(str::to_owned),
            };
        }
        let referenced = self.referenced.contains(&shape.id);
        let inputs = self.inputs.get(&shape.id).copied().unwrap_or_default();
        let output = self.outputs.contains(&shape.id);
        if inputs == 1 && !output && !referenced {
            Role::Input
        } else if output && inputs == 0 && !referenced {
            Role::Output
        } else {
            Role::Data
        }
    }
}

/// An operation without input or output (`smithy.api#Unit`) still gets an
/// empty structure for each, as smithy-rs does, so every operation has the
/// same shape of API: a builder to fill and an output to receive. They live
/// in the `smithy.synthetic` namespace, which no model may use.
fn synthesize_unit_structures(op: &mut Operation, shapes: &mut BTreeMap<ShapeId, Shape>) {
    for (id, role, suffix) in [(&mut op.input, Role::Input, "Input"), (&mut op.output, Role::Output, "Output")] {
        if !id.is_prelude() {
            continue;
        }
        let name = format!("{}{suffix}", op.name);
        let synthetic = ShapeId::new(SYNTHETIC, &name);
        let module = if role == Role::Input { Module::Input } else { Module::Output };
        shapes.insert(
            synthetic.clone(),
            Shape {
                id: synthetic.clone(),
                name,
                rust_name: RustName::default(),
                module,
                docs: None,
                sensitive: false,
                deprecated: None,
                kind: ShapeKind::Structure(Structure {
                    members: Vec::new(),
                    role,
                    builder: RustName::default(),
                    error_tests: Vec::new(),
                }),
            },
        );
        *id = synthetic;
    }
}

fn enum_values<'m>(members: impl Iterator<Item = &'m model::Member>, is_int: bool) -> Vec<EnumValue> {
    let mut values: Vec<EnumValue> = members
        .map(|member| EnumValue {
            name: member.name.clone(),
            rust_name: RustName::default(),
            value: member.traits.get(id::ENUM_VALUE).cloned().unwrap_or_else(|| Value::String(member.name.clone())),
            docs: docs(&member.traits),
            deprecated: deprecated(&member.traits),
        })
        .collect();
    // Integer enums read best in value order; string enums in name order.
    if is_int {
        values.sort_by_key(|value| value.value.as_i64());
    }
    values
}

fn docs(traits: &Traits) -> Option<String> {
    traits::documentation(traits).map(crate::markdown::html::to_markdown).filter(|text| !text.is_empty())
}

fn deprecated(traits: &Traits) -> Option<String> {
    let value = traits.get(id::DEPRECATED)?;
    let message = value.get("message").and_then(Value::as_str).unwrap_or("deprecated");
    Some(match value.get("since").and_then(Value::as_str) {
        Some(since) => format!("{message} (since {since})"),
        None => message.to_owned(),
    })
}
