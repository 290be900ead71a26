//! Reading a Smithy 2.0 JSON AST document into a [`Model`].
//!
//! The loader never stops at the first problem: every malformed shape is
//! reported, and loading goes on with the rest so one run lists everything.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{
    Member, Model, ModelError, ModelErrors, Operation, Resource, Service, Shape, ShapeId, ShapeKind, SimpleType,
    Traits, prelude,
};

/// Where problems with the document as a whole are reported.
const DOCUMENT: &str = "model";

/// Parses a JSON AST document, adds the prelude, folds in `apply` and
/// mixins, and reads Smithy 1.0 `@enum` strings as `enum` shapes.
pub fn load_str(text: &str) -> Result<Model, ModelErrors> {
    if text.trim().is_empty() {
        return Err(ModelErrors::one(DOCUMENT, "the model file is empty"));
    }
    let document: Value =
        serde_json::from_str(text).map_err(|error| ModelErrors::one(DOCUMENT, format!("not valid JSON: {error}")))?;
    let Value::Object(document) = document else {
        return Err(ModelErrors::one(
            DOCUMENT,
            format!("a model must be a JSON object, found {}", json_kind(&document)),
        ));
    };

    let mut loader = Loader::default();
    loader.check_version(document.get("smithy"));
    let metadata = loader.metadata(document.get("metadata"));
    let mut model = Model { metadata, shapes: BTreeMap::new() };
    for shape in prelude::shapes() {
        model.shapes.insert(shape.id.clone(), shape);
    }
    match document.get("shapes") {
        None => {}
        Some(Value::Object(shapes)) => loader.shapes(shapes, &mut model),
        Some(other) => loader.error(DOCUMENT, format!("`shapes` must be an object, found {}", json_kind(other))),
    }
    loader.resolve_mixins(&mut model);
    loader.apply(&mut model);
    super::enum_trait::upgrade(&mut model, &mut loader.errors);
    ModelErrors::check(loader.errors)?;
    Ok(model)
}

#[derive(Default)]
struct Loader {
    errors: Vec<ModelError>,
    /// `apply` blocks, by the (shape or member) id they target.
    applies: Vec<(String, Traits)>,
    /// Mixins each shape names, in declaration order.
    mixins: BTreeMap<ShapeId, Vec<ShapeId>>,
}

impl Loader {
    fn error(&mut self, at: impl Into<String>, message: impl Into<String>) {
        self.errors.push(ModelError::new(at, message));
    }

    fn check_version(&mut self, version: Option<&Value>) {
        match version {
            Some(Value::String(version)) if version.starts_with('1') || version.starts_with('2') => {}
            Some(Value::String(version)) => {
                self.error(DOCUMENT, format!("unsupported Smithy IDL version `{version}` (expected 2.0)"))
            }
            Some(other) => {
                self.error(DOCUMENT, format!("`smithy` must be a version string, found {}", json_kind(other)))
            }
            None => self.error(DOCUMENT, "missing the `smithy` version property"),
        }
    }

    fn metadata(&mut self, metadata: Option<&Value>) -> BTreeMap<String, Value> {
        match metadata {
            None => BTreeMap::new(),
            Some(Value::Object(entries)) => entries.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(other) => {
                self.error(DOCUMENT, format!("`metadata` must be an object, found {}", json_kind(other)));
                BTreeMap::new()
            }
        }
    }

    fn shapes(&mut self, shapes: &Map<String, Value>, model: &mut Model) {
        for (id_text, body) in shapes {
            let Value::Object(body) = body else {
                self.error(id_text, format!("a shape must be a JSON object, found {}", json_kind(body)));
                continue;
            };
            let Some(type_name) = body.get("type").and_then(Value::as_str) else {
                self.error(id_text, "the shape has no `type` string");
                continue;
            };
            if type_name == "apply" {
                let traits = self.traits(id_text, body.get("traits"));
                self.applies.push((id_text.clone(), traits));
                continue;
            }
            let id = match ShapeId::parse(id_text) {
                Ok(id) => id,
                Err(message) => {
                    self.error(id_text, message);
                    continue;
                }
            };
            if model.shapes.contains_key(&id) {
                self.error(id_text, "the shape conflicts with a prelude shape of the same id");
                continue;
            }
            let traits = self.traits(id_text, body.get("traits"));
            let mixins = self.references(id_text, "mixins", body.get("mixins"));
            if let Some(kind) = self.kind(&id, type_name, body) {
                if !mixins.is_empty() {
                    self.mixins.insert(id.clone(), mixins);
                }
                model.shapes.insert(id.clone(), Shape { id, kind, traits });
            }
        }
    }

    fn kind(&mut self, id: &ShapeId, type_name: &str, body: &Map<String, Value>) -> Option<ShapeKind> {
        let at = id.to_string();
        if let Some(simple) = SimpleType::ALL.into_iter().find(|simple| simple.type_name() == type_name) {
            return Some(ShapeKind::Simple(simple));
        }
        Some(match type_name {
            "enum" => ShapeKind::Enum(self.members(id, body, true)?),
            "intEnum" => ShapeKind::IntEnum(self.members(id, body, true)?),
            "structure" => ShapeKind::Structure(self.members(id, body, false)?),
            "union" => ShapeKind::Union(self.members(id, body, false)?),
            "list" | "set" => ShapeKind::List(self.named_member(id, body, "member")?),
            "map" => {
                let key = self.named_member(id, body, "key");
                let value = self.named_member(id, body, "value");
                ShapeKind::Map { key: key?, value: value? }
            }
            "operation" => ShapeKind::Operation(Operation {
                input: self.reference(&at, "input", body.get("input")),
                output: self.reference(&at, "output", body.get("output")),
                errors: self.references(&at, "errors", body.get("errors")),
            }),
            "service" => ShapeKind::Service(self.service(&at, body)),
            "resource" => ShapeKind::Resource(self.resource(&at, body)),
            other => {
                self.error(at, format!("unknown shape type `{other}`"));
                return None;
            }
        })
    }

    /// The `members` of a structure, union or enum. Enum members may omit
    /// their target, which is then `smithy.api#Unit`.
    fn members(
        &mut self,
        owner: &ShapeId,
        body: &Map<String, Value>,
        is_enum: bool,
    ) -> Option<BTreeMap<String, Member>> {
        let members = match body.get("members") {
            None if !is_enum => return Some(BTreeMap::new()),
            None => {
                self.error(owner.to_string(), "an enum shape needs a `members` object");
                return None;
            }
            Some(Value::Object(members)) => members,
            Some(other) => {
                self.error(owner.to_string(), format!("`members` must be an object, found {}", json_kind(other)));
                return None;
            }
        };
        let mut parsed = BTreeMap::new();
        let mut complete = true;
        for (name, value) in members {
            match self.member(owner, name, value, is_enum) {
                Some(member) => {
                    parsed.insert(name.clone(), member);
                }
                None => complete = false,
            }
        }
        complete.then_some(parsed)
    }

    fn named_member(&mut self, owner: &ShapeId, body: &Map<String, Value>, name: &str) -> Option<Member> {
        match body.get(name) {
            Some(value) => self.member(owner, name, value, false),
            None => {
                self.error(
                    owner.member(name),
                    format!(
                        "malformed member: a {} shape needs a `{name}` member",
                        body["type"].as_str().unwrap_or("")
                    ),
                );
                None
            }
        }
    }

    fn member(&mut self, owner: &ShapeId, name: &str, value: &Value, is_enum: bool) -> Option<Member> {
        let at = owner.member(name);
        if !is_member_name(name) {
            self.error(&at, "malformed member: the member name is not a valid identifier");
            return None;
        }
        let Value::Object(body) = value else {
            self.error(at, format!("malformed member: expected an object with a `target`, found {}", json_kind(value)));
            return None;
        };
        let target = match body.get("target") {
            Some(Value::String(target)) => match ShapeId::parse(target) {
                Ok(target) => target,
                Err(message) => {
                    self.error(at, format!("malformed member: {message}"));
                    return None;
                }
            },
            None if is_enum => ShapeId::new(prelude::PRELUDE, "Unit"),
            Some(other) => {
                self.error(at, format!("malformed member: `target` must be a string, found {}", json_kind(other)));
                return None;
            }
            None => {
                self.error(at, "malformed member: it has no `target`");
                return None;
            }
        };
        let traits = self.traits(&at, body.get("traits"));
        Some(Member { name: name.to_owned(), target, traits })
    }

    fn service(&mut self, at: &str, body: &Map<String, Value>) -> Service {
        let version = match body.get("version") {
            None => String::new(),
            Some(Value::String(version)) => version.clone(),
            Some(other) => {
                self.error(at, format!("`version` must be a string, found {}", json_kind(other)));
                String::new()
            }
        };
        let mut rename = BTreeMap::new();
        match body.get("rename") {
            None => {}
            Some(Value::Object(entries)) => {
                for (from, to) in entries {
                    match (ShapeId::parse(from), to.as_str()) {
                        (Ok(from), Some(to)) => {
                            rename.insert(from, to.to_owned());
                        }
                        _ => self.error(at, format!("`rename` entry `{from}` must map a shape id to a string")),
                    }
                }
            }
            Some(other) => self.error(at, format!("`rename` must be an object, found {}", json_kind(other))),
        }
        Service {
            version,
            operations: self.references(at, "operations", body.get("operations")),
            resources: self.references(at, "resources", body.get("resources")),
            errors: self.references(at, "errors", body.get("errors")),
            rename,
        }
    }

    fn resource(&mut self, at: &str, body: &Map<String, Value>) -> Resource {
        let mut lifecycle = BTreeMap::new();
        for name in ["create", "put", "read", "update", "delete", "list"] {
            if let Some(target) = self.reference(at, name, body.get(name)) {
                lifecycle.insert(name.to_owned(), target);
            }
        }
        let mut operations = self.references(at, "operations", body.get("operations"));
        operations.extend(self.references(at, "collectionOperations", body.get("collectionOperations")));
        operations.sort();
        operations.dedup();
        Resource {
            identifiers: self.named_references(at, "identifiers", body.get("identifiers")),
            properties: self.named_references(at, "properties", body.get("properties")),
            lifecycle,
            operations,
            resources: self.references(at, "resources", body.get("resources")),
        }
    }

    /// A `{"target": "ns#Shape"}` reference.
    fn reference(&mut self, at: &str, field: &str, value: Option<&Value>) -> Option<ShapeId> {
        let value = value?;
        match value.get("target").and_then(Value::as_str).map(ShapeId::parse) {
            Some(Ok(target)) => Some(target),
            Some(Err(message)) => {
                self.error(at, format!("`{field}`: {message}"));
                None
            }
            None => {
                self.error(at, format!("`{field}` must be an object with a `target` string"));
                None
            }
        }
    }

    /// An array of references, sorted so their order in the JSON does not matter.
    fn references(&mut self, at: &str, field: &str, value: Option<&Value>) -> Vec<ShapeId> {
        let mut targets = Vec::new();
        match value {
            None => {}
            Some(Value::Array(items)) => {
                for item in items {
                    targets.extend(self.reference(at, field, Some(item)));
                }
            }
            Some(other) => self.error(at, format!("`{field}` must be an array, found {}", json_kind(other))),
        }
        targets.sort();
        targets.dedup();
        targets
    }

    fn named_references(&mut self, at: &str, field: &str, value: Option<&Value>) -> BTreeMap<String, ShapeId> {
        let mut targets = BTreeMap::new();
        match value {
            None => {}
            Some(Value::Object(entries)) => {
                for (name, item) in entries {
                    if let Some(target) = self.reference(at, &format!("{field}.{name}"), Some(item)) {
                        targets.insert(name.clone(), target);
                    }
                }
            }
            Some(other) => self.error(at, format!("`{field}` must be an object, found {}", json_kind(other))),
        }
        targets
    }

    /// A `traits` object. Trait ids must be absolute; a bare name is read as a
    /// prelude trait, as the IDL does.
    fn traits(&mut self, at: &str, value: Option<&Value>) -> Traits {
        match value {
            None => Traits::new(),
            Some(Value::Object(entries)) => entries
                .iter()
                .map(|(id, value)| {
                    let id = if id.contains('#') { id.clone() } else { format!("smithy.api#{id}") };
                    (id, value.clone())
                })
                .collect(),
            Some(other) => {
                self.error(at, format!("`traits` must be an object, found {}", json_kind(other)));
                Traits::new()
            }
        }
    }

    /// Copies mixin members and traits into the shapes that use them (mixin
    /// members first, then the shape's own; the shape's own traits win).
    fn resolve_mixins(&mut self, model: &mut Model) {
        let pending: Vec<ShapeId> = self.mixins.keys().cloned().collect();
        let mut done = BTreeSet::new();
        for id in pending {
            self.resolve_mixins_of(&id, model, &mut done, &mut Vec::new());
        }
    }

    fn resolve_mixins_of(
        &mut self,
        id: &ShapeId,
        model: &mut Model,
        done: &mut BTreeSet<ShapeId>,
        path: &mut Vec<ShapeId>,
    ) {
        if done.contains(id) {
            return;
        }
        if path.contains(id) {
            self.error(id.to_string(), "mixins form a cycle");
            return;
        }
        let mixins = self.mixins.get(id).cloned().unwrap_or_default();
        path.push(id.clone());
        for mixin in &mixins {
            self.resolve_mixins_of(mixin, model, done, path);
        }
        path.pop();
        done.insert(id.clone());
        for mixin in mixins {
            let Some(source) = model.shapes.get(&mixin).cloned() else {
                self.error(id.to_string(), format!("unknown target: mixin `{mixin}` is not defined"));
                continue;
            };
            let Some(shape) = model.shapes.get_mut(id) else { continue };
            for (trait_id, value) in source.traits {
                if trait_id != "smithy.api#mixin" {
                    shape.traits.entry(trait_id).or_insert(value);
                }
            }
            match (&mut shape.kind, source.kind) {
                (
                    ShapeKind::Structure(own) | ShapeKind::Union(own) | ShapeKind::Enum(own) | ShapeKind::IntEnum(own),
                    ShapeKind::Structure(inherited)
                    | ShapeKind::Union(inherited)
                    | ShapeKind::Enum(inherited)
                    | ShapeKind::IntEnum(inherited),
                ) => {
                    for (name, member) in inherited {
                        own.entry(name).or_insert(member);
                    }
                }
                (own, inherited) if std::mem::discriminant(own) == std::mem::discriminant(&inherited) => {}
                (own, inherited) => self.error(
                    id.to_string(),
                    format!("mixin `{mixin}` is {} but the shape is {}", inherited.a_type_name(), own.a_type_name()),
                ),
            }
        }
    }

    /// Merges `apply` traits into their shapes and members.
    fn apply(&mut self, model: &mut Model) {
        for (target, traits) in std::mem::take(&mut self.applies) {
            let (shape_text, member) = match target.split_once('$') {
                Some((shape, member)) => (shape, Some(member)),
                None => (target.as_str(), None),
            };
            let Ok(shape_id) = ShapeId::parse(shape_text) else {
                self.error(&target, "`apply` names an invalid shape id");
                continue;
            };
            let Some(shape) = model.shapes.get_mut(&shape_id) else {
                self.error(&target, "unknown target: `apply` names a shape that is not defined");
                continue;
            };
            let destination = match member {
                None => Some(&mut shape.traits),
                Some(member) => member_mut(&mut shape.kind, member).map(|member| &mut member.traits),
            };
            match destination {
                Some(destination) => destination.extend(traits),
                None => self.error(&target, "unknown target: `apply` names a member that is not defined"),
            }
        }
    }
}

fn member_mut<'a>(kind: &'a mut ShapeKind, name: &str) -> Option<&'a mut Member> {
    match kind {
        ShapeKind::Structure(members)
        | ShapeKind::Union(members)
        | ShapeKind::Enum(members)
        | ShapeKind::IntEnum(members) => members.get_mut(name),
        ShapeKind::List(member) if name == "member" => Some(member),
        ShapeKind::Map { key, .. } if name == "key" => Some(key),
        ShapeKind::Map { value, .. } if name == "value" => Some(value),
        _ => None,
    }
}

fn is_member_name(name: &str) -> bool {
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// A JSON value's kind, for messages.
pub(crate) fn json_kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
