//! Property: any value of any generated type serializes to JSON and back to
//! an equal value. Values come from random JSON shaped by the model (its
//! shapes walked through the generator's IR), read into the generated type:
//! that reaches every member, enum values known and unknown, timestamps,
//! blobs and nesting. The members' wire names, in the JSON made and in the
//! JSON checked, are read from the model's JSON AST itself (`jsonName`, else
//! the member's name), not from the IR: a generator that got them wrong would
//! otherwise agree with itself.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::OnceLock;

use codegen::ir::{Ir, Role, ShapeKind, SimpleType, TypeRef, ValueType};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};
use wickr_admin_sdk::{error, input, output, types};

/// Random JSON for one value, from a seed (splitmix64: small and enough here).
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn chance(&mut self) -> bool {
        self.next() & 1 == 1
    }

    fn text(&mut self) -> String {
        const CHARS: &[char] = &['a', 'Z', '0', ' ', '/', '"', '\\', 'ü', '漢', '😀', '\n'];
        (0..self.below(8)).map(|_| CHARS[self.below(CHARS.len() as u64) as usize]).collect()
    }
}

/// Each aggregate shape's members, by name, with their wire names, as the
/// model's JSON AST states them.
fn model_wire_names() -> &'static BTreeMap<String, BTreeMap<String, String>> {
    static NAMES: OnceLock<BTreeMap<String, BTreeMap<String, String>>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let model: Value = serde_json::from_str(&sdk_tests::shipped_model()).expect("the model is JSON");
        let shapes = model["shapes"].as_object().expect("the model has shapes");
        shapes
            .iter()
            .filter_map(|(id, shape)| Some((id, shape["members"].as_object()?)))
            .map(|(id, members)| {
                let names = members
                    .iter()
                    .map(|(name, member)| {
                        let json_name = member["traits"]["smithy.api#jsonName"].as_str().unwrap_or(name);
                        (name.clone(), json_name.to_owned())
                    })
                    .collect();
                (id.clone(), names)
            })
            .collect()
    })
}

/// The wire name of member `member` of shape `shape`, from the model.
fn wire_name(shape: &codegen::ir::ShapeId, member: &str) -> &'static str {
    model_wire_names()
        .get(&shape.to_string())
        .and_then(|members| members.get(member))
        .unwrap_or_else(|| panic!("{shape}${member} is not in the model"))
}

fn value_json(ir: &Ir, ty: &ValueType, random: &mut Random, depth: usize) -> Value {
    match &ty.ty {
        TypeRef::Simple(simple) => simple_json(*simple, random),
        TypeRef::Named(id) => shape_json(ir, id, random, depth + 1),
        TypeRef::Unit => Value::Object(Default::default()),
        TypeRef::List { item, sparse, .. } => {
            let count = if depth > 4 { 0 } else { random.below(4) };
            Value::Array(
                (0..count)
                    .map(|_| {
                        if *sparse && random.below(4) == 0 {
                            Value::Null
                        } else {
                            value_json(ir, item, random, depth + 1)
                        }
                    })
                    .collect(),
            )
        }
        TypeRef::Map { value, sparse, .. } => {
            let count = if depth > 4 { 0 } else { random.below(4) };
            let mut map = Map::new();
            for _ in 0..count {
                let entry = if *sparse && random.below(4) == 0 {
                    Value::Null
                } else {
                    value_json(ir, value, random, depth + 1)
                };
                map.insert(random.text(), entry);
            }
            Value::Object(map)
        }
    }
}

fn simple_json(simple: SimpleType, random: &mut Random) -> Value {
    let signed = |random: &mut Random, bits: u32| {
        let span = 1u64 << bits;
        (random.below(span) as i64) - (span / 2) as i64
    };
    match simple {
        SimpleType::String => json!(random.text()),
        SimpleType::Boolean => json!(random.chance()),
        SimpleType::Byte => json!(signed(random, 8)),
        SimpleType::Short => json!(signed(random, 16)),
        SimpleType::Integer => json!(signed(random, 32)),
        SimpleType::Long | SimpleType::BigInteger => json!(random.next() as i64),
        SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal => json!((signed(random, 40) as f64) / 1024.0),
        // Seconds, sometimes with milliseconds: the precision the wire keeps.
        SimpleType::Timestamp => {
            let millis = random.below(4_000_000_000_000) as i64;
            if random.chance() { json!(millis / 1000) } else { json!(millis as f64 / 1000.0) }
        }
        SimpleType::Blob => json!(sdk_runtime_encode(&random.text())),
        SimpleType::Document => json!({"k": [random.text(), random.chance()]}),
    }
}

fn sdk_runtime_encode(text: &str) -> String {
    serde_json::to_value(wickr_admin_sdk::Blob(text.as_bytes().to_vec())).unwrap().as_str().unwrap().to_owned()
}

fn shape_json(ir: &Ir, id: &codegen::ir::ShapeId, random: &mut Random, depth: usize) -> Value {
    let shape = ir.shape(id).expect("the IR hands out known ids");
    match &shape.kind {
        ShapeKind::Structure(structure) => {
            let mut object = Map::new();
            for member in &structure.members {
                // Members the Rust type requires are always present; the rest
                // sometimes, and never deep down (recursive shapes must end).
                let needed = !member.optional && member.default.is_none() && structure.role != Role::Input;
                if needed || (depth < 4 && random.chance()) {
                    object.insert(wire_name(id, &member.name).to_owned(), value_json(ir, &member.value, random, depth));
                }
            }
            Value::Object(object)
        }
        ShapeKind::Union(members) => {
            let member = &members[random.below(members.len() as u64) as usize];
            json!({ wire_name(id, &member.name): value_json(ir, &member.value, random, depth) })
        }
        ShapeKind::Enum(values) => match random.below(values.len() as u64 + 1) as usize {
            i if i < values.len() => values[i].value.clone(),
            _ => json!(format!("NEW_{}", random.below(100))),
        },
        ShapeKind::IntEnum(values) => match random.below(values.len() as u64 + 1) as usize {
            i if i < values.len() => values[i].value.clone(),
            _ => json!(1000 + random.below(100)),
        },
    }
}

/// JSON → value → JSON → value: the two values and the two JSON texts agree.
/// Returns the JSON written, for [`agrees`] to compare with the source.
fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(source: &Value) -> Result<Value, String> {
    let first: T = serde_json::from_value(source.clone()).map_err(|e| format!("reading {source}: {e}"))?;
    let written = serde_json::to_value(&first).map_err(|e| e.to_string())?;
    let second: T = serde_json::from_value(written.clone()).map_err(|e| format!("re-reading {written}: {e}"))?;
    if first != second {
        return Err(format!("{first:?} became {second:?} through {written}"));
    }
    let rewritten = serde_json::to_value(&second).map_err(|e| e.to_string())?;
    if rewritten != written {
        return Err(format!("{written} was written again as {rewritten}"));
    }
    Ok(written)
}

/// Whether `written`, what a generated type wrote after reading `source`,
/// is the same JSON as far as the model can tell: the same members under the
/// same wire names, a member the source left out written only as its
/// `@default`, numbers equal at the precision of their Rust type.
fn agrees(ir: &Ir, ty: &ValueType, source: &Value, written: &Value) -> Result<(), String> {
    let differ = || Err(format!("{source} was written as {written}"));
    let number = |value: &Value| value.as_f64().ok_or_else(|| format!("{value} is not a number"));
    match &ty.ty {
        TypeRef::Simple(SimpleType::Float) => {
            if number(source)? as f32 == number(written)? as f32 {
                Ok(())
            } else {
                differ()
            }
        }
        // Seconds kept to the millisecond; `1.0` may come back as `1`.
        TypeRef::Simple(SimpleType::Timestamp) => {
            if (number(source)? - number(written)?).abs() < 0.0005 {
                Ok(())
            } else {
                differ()
            }
        }
        TypeRef::Simple(SimpleType::Double | SimpleType::BigDecimal) => {
            if number(source)? == number(written)? {
                Ok(())
            } else {
                differ()
            }
        }
        TypeRef::Simple(_) | TypeRef::Unit => {
            if source == written {
                Ok(())
            } else {
                differ()
            }
        }
        TypeRef::List { item, .. } => match (source.as_array(), written.as_array()) {
            (Some(source), Some(written)) if source.len() == written.len() => {
                source.iter().zip(written).try_for_each(|(s, w)| nullable(ir, item, s, w))
            }
            _ => differ(),
        },
        TypeRef::Map { value, .. } => match (source.as_object(), written.as_object()) {
            (Some(source), Some(written)) if source.keys().eq(written.keys()) => {
                source.values().zip(written.values()).try_for_each(|(s, w)| nullable(ir, value, s, w))
            }
            _ => differ(),
        },
        TypeRef::Named(id) => agrees_named(ir, id, source, written),
    }
}

/// [`agrees`] for a structure, union or enum.
fn agrees_named(ir: &Ir, id: &codegen::ir::ShapeId, source: &Value, written: &Value) -> Result<(), String> {
    let differ = || Err(format!("{source} was written as {written}"));
    match &ir.shape(id).expect("known id").kind {
        ShapeKind::Structure(structure) => {
            let (Some(source_map), Some(written_map)) = (source.as_object(), written.as_object()) else {
                return differ();
            };
            let names: BTreeSet<&str> = structure.members.iter().map(|m| wire_name(id, &m.name)).collect();
            if let Some(stray) = written_map.keys().find(|key| !names.contains(key.as_str())) {
                return Err(format!("{written} has `{stray}`, which is no member's wire name"));
            }
            for member in &structure.members {
                let name = wire_name(id, &member.name);
                match (source_map.get(name), written_map.get(name), &member.default) {
                    (Some(s), Some(w), _) => nullable(ir, &member.value, s, w)?,
                    (None, None, _) => {}
                    (None, Some(w), Some(default)) => agrees(ir, &member.value, default, w)?,
                    (Some(_), None, _) => return Err(format!("`{name}` of {source} was dropped: {written}")),
                    (None, Some(_), None) => return Err(format!("`{name}` appeared in {written}")),
                }
            }
            Ok(())
        }
        ShapeKind::Union(members) => {
            let (Some(source_map), Some(written_map)) = (source.as_object(), written.as_object()) else {
                return differ();
            };
            match (source_map.iter().next(), written_map.len()) {
                (Some((name, s)), 1) => {
                    let member =
                        members.iter().find(|m| wire_name(id, &m.name) == name).expect("the source names a member");
                    agrees(
                        ir,
                        &member.value,
                        s,
                        written_map.get(name).ok_or_else(|| format!("`{name}` renamed in {written}"))?,
                    )
                }
                _ => differ(),
            }
        }
        ShapeKind::Enum(_) | ShapeKind::IntEnum(_) => {
            if source == written {
                Ok(())
            } else {
                differ()
            }
        }
    }
}

/// [`agrees`], where null (a sparse entry) must stay null.
fn nullable(ir: &Ir, ty: &ValueType, source: &Value, written: &Value) -> Result<(), String> {
    match (source, written) {
        (Value::Null, Value::Null) => Ok(()),
        (Value::Null, _) | (_, Value::Null) => Err(format!("{source} was written as {written}")),
        _ => agrees(ir, ty, source, written),
    }
}

/// Calls `round_trip` for the generated type named `name`; `None` for a name
/// not in the list (the coverage test below then fails, naming it).
macro_rules! dispatch {
    ($name:expr, $json:expr, [$($module:ident::$ty:ident),* $(,)?]) => {
        match $name {
            $(stringify!($ty) => Some(round_trip::<$module::$ty>($json)),)*
            _ => None,
        }
    };
}

fn round_trip_named(name: &str, json: &Value) -> Option<Result<Value, String>> {
    dispatch!(
        name,
        json,
        [
            types::AccessLevel,
            types::BasicDeviceObject,
            types::BatchCreateUserRequestItem,
            types::BatchDeviceErrorResponseItem,
            types::BatchDeviceSuccessResponseItem,
            types::BatchUnameErrorResponseItem,
            types::BatchUnameSuccessResponseItem,
            types::BatchUserErrorResponseItem,
            types::BatchUserSuccessResponseItem,
            types::BlockedGuestUser,
            types::Bot,
            types::BotStatus,
            types::CallingSettings,
            types::ConsentPopupConfig,
            types::DataRetentionActionType,
            types::ErrorDetail,
            types::GuestUser,
            types::GuestUserHistoryCount,
            types::Network,
            types::NetworkSettings,
            types::OidcConfigInfo,
            types::OidcTokenInfo,
            types::PasswordRequirements,
            types::PermittedWickrEnterpriseNetwork,
            types::ReadReceiptConfig,
            types::SecurityGroup,
            types::SecurityGroupSettings,
            types::SecurityGroupSettingsRequest,
            types::Setting,
            types::ShredderSettings,
            types::SortDirection,
            types::Status,
            types::UpdateUserDetails,
            types::User,
            types::UserStatus,
            types::WickrAwsNetworks,
            input::BatchCreateUserRequest,
            input::BatchDeleteUserRequest,
            input::BatchLookupUserUnameRequest,
            input::BatchReinviteUserRequest,
            input::BatchResetDevicesForUserRequest,
            input::BatchToggleUserSuspendStatusRequest,
            input::CreateBotRequest,
            input::CreateDataRetentionBotChallengeRequest,
            input::CreateDataRetentionBotRequest,
            input::CreateNetworkRequest,
            input::CreateSecurityGroupRequest,
            input::DeleteBotRequest,
            input::DeleteDataRetentionBotRequest,
            input::DeleteNetworkRequest,
            input::DeleteSecurityGroupRequest,
            input::GetBotRequest,
            input::GetBotsCountRequest,
            input::GetDataRetentionBotRequest,
            input::GetGuestUserHistoryCountRequest,
            input::GetNetworkRequest,
            input::GetNetworkSettingsRequest,
            input::GetOidcInfoRequest,
            input::GetOpentdfConfigRequest,
            input::GetSecurityGroupRequest,
            input::GetUserRequest,
            input::GetUsersCountRequest,
            input::ListBlockedGuestUsersRequest,
            input::ListBotsRequest,
            input::ListDevicesForUserRequest,
            input::ListGuestUsersRequest,
            input::ListNetworksRequest,
            input::ListSecurityGroupUsersRequest,
            input::ListSecurityGroupsRequest,
            input::ListUsersRequest,
            input::RegisterOidcConfigRequest,
            input::RegisterOidcConfigTestRequest,
            input::RegisterOpentdfConfigRequest,
            input::UpdateBotRequest,
            input::UpdateDataRetentionRequest,
            input::UpdateGuestUserRequest,
            input::UpdateNetworkRequest,
            input::UpdateNetworkSettingsRequest,
            input::UpdateSecurityGroupRequest,
            input::UpdateUserRequest,
            output::BatchCreateUserResponse,
            output::BatchDeleteUserResponse,
            output::BatchLookupUserUnameResponse,
            output::BatchReinviteUserResponse,
            output::BatchResetDevicesForUserResponse,
            output::BatchToggleUserSuspendStatusResponse,
            output::CreateBotResponse,
            output::CreateDataRetentionBotChallengeResponse,
            output::CreateDataRetentionBotResponse,
            output::CreateNetworkResponse,
            output::CreateSecurityGroupResponse,
            output::DeleteBotResponse,
            output::DeleteDataRetentionBotResponse,
            output::DeleteNetworkResponse,
            output::DeleteSecurityGroupResponse,
            output::GetBotResponse,
            output::GetBotsCountResponse,
            output::GetDataRetentionBotResponse,
            output::GetGuestUserHistoryCountResponse,
            output::GetNetworkResponse,
            output::GetNetworkSettingsResponse,
            output::GetOidcInfoResponse,
            output::GetOpentdfConfigResponse,
            output::GetSecurityGroupResponse,
            output::GetUserResponse,
            output::GetUsersCountResponse,
            output::ListBlockedGuestUsersResponse,
            output::ListBotsResponse,
            output::ListDevicesForUserResponse,
            output::ListGuestUsersResponse,
            output::ListNetworksResponse,
            output::ListSecurityGroupUsersResponse,
            output::ListSecurityGroupsResponse,
            output::ListUsersResponse,
            output::RegisterOidcConfigResponse,
            output::RegisterOidcConfigTestResponse,
            output::RegisterOpentdfConfigResponse,
            output::UpdateBotResponse,
            output::UpdateDataRetentionResponse,
            output::UpdateGuestUserResponse,
            output::UpdateNetworkResponse,
            output::UpdateNetworkSettingsResponse,
            output::UpdateSecurityGroupResponse,
            output::UpdateUserResponse,
            error::BadRequestError,
            error::ForbiddenError,
            error::InternalServerError,
            error::RateLimitError,
            error::ResourceNotFoundError,
            error::UnauthorizedError,
            error::ValidationError,
        ]
    )
}

fn shipped_ir() -> Ir {
    codegen::ir::build_from_str(&sdk_tests::shipped_model(), &sdk_tests::shipped_config()).expect("valid model")
}

/// The IR's members are the model's: the random values reach every member.
#[test]
fn the_walked_shapes_have_the_models_members() {
    let ir = shipped_ir();
    for shape in ir.shapes.values() {
        let members = match &shape.kind {
            ShapeKind::Structure(structure) => &structure.members,
            ShapeKind::Union(members) => members,
            _ => continue,
        };
        let walked: BTreeSet<&str> = members.iter().map(|member| member.name.as_str()).collect();
        let model: BTreeSet<&str> = model_wire_names()[&shape.id.to_string()].keys().map(String::as_str).collect();
        assert_eq!(walked, model, "{}", shape.id);
    }
}

#[test]
fn every_generated_type_is_covered() {
    let ir = shipped_ir();
    let missing: BTreeSet<&str> = ir
        .shapes
        .values()
        .map(|s| s.rust_name.as_str())
        .filter(|name| round_trip_named(name, &Value::Null).is_none())
        .collect();
    assert!(missing.is_empty(), "add these generated types to the dispatch list: {missing:?}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// 64 seeds × 131 types: every type gets 64 random values per run.
    #[test]
    fn every_type_round_trips_through_json(seed in any::<u64>()) {
        let ir = shipped_ir();
        let mut random = Random(seed);
        for shape in ir.shapes.values() {
            let json = shape_json(&ir, &shape.id, &mut random, 0);
            let written = round_trip_named(shape.rust_name.as_str(), &json).expect("every type is dispatched");
            if let Err(problem) = written.and_then(|written| agrees_named(&ir, &shape.id, &json, &written)) {
                return Err(TestCaseError::fail(format!("{}: {problem}", shape.rust_name)));
            }
        }
    }
}
