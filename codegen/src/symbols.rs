//! The one place where Smithy names become Rust names: casing with heck,
//! keyword escaping, and names the generated code reserves.

use heck::{ToSnakeCase, ToUpperCamelCase};

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

/// Type names the generated code uses itself; a shape with one of these names
/// gets a `Value` suffix so the generated code never shadows them.
const RESERVED_TYPES: &[&str] = &[
    "Box", "Err", "Error", "None", "Ok", "Option", "Result", "Self", "Some", "String", "Vec", "HashMap", "BTreeMap",
    "Builder", "Unknown",
];

/// The Rust type name of a shape (`list_users` → `ListUsers`).
pub fn type_name(shape_name: &str) -> String {
    let name = ensure_identifier(shape_name.to_upper_camel_case());
    if RESERVED_TYPES.contains(&name.as_str()) { format!("{name}Value") } else { name }
}

/// The Rust name of a structure field or method (`networkId` → `network_id`).
pub fn field_name(member_name: &str) -> String {
    escape(member_name.to_snake_case())
}

/// The Rust name of an operation's client method (`ListUsers` → `list_users`).
pub fn fn_name(operation_name: &str) -> String {
    escape(operation_name.to_snake_case())
}

/// The Rust name of an enum or union variant (`FORCE_ENABLED` → `ForceEnabled`).
/// `Unknown` is kept for values the model does not list.
pub fn variant_name(member_name: &str) -> String {
    let name = ensure_identifier(member_name.to_upper_camel_case());
    match name.as_str() {
        "Unknown" | "Self" => format!("{name}Value"),
        _ => name,
    }
}

/// The kebab-case command or flag name (`ListUsers` → `list-users`).
pub fn kebab_name(name: &str) -> String {
    heck::ToKebabCase::to_kebab_case(name)
}

/// Casing can strip a name down to nothing or to a leading digit (`_1` → `1`);
/// an underscore prefix makes it an identifier again.
fn ensure_identifier(name: String) -> String {
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) { format!("_{name}") } else { name }
}

/// Makes an identifier usable in Rust: raw where a keyword allows it.
fn escape(name: String) -> String {
    let name = ensure_identifier(name);
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cases_and_escapes() {
        assert_eq!(type_name("BatchCreateUserRequest"), "BatchCreateUserRequest");
        assert_eq!(type_name("listUsers"), "ListUsers");
        assert_eq!(type_name("Result"), "ResultValue");
        assert_eq!(field_name("networkId"), "network_id");
        assert_eq!(field_name("canStart11Call"), "can_start11_call");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(fn_name("GetOidcInfo"), "get_oidc_info");
        assert_eq!(variant_name("FORCE_ENABLED"), "ForceEnabled");
        assert_eq!(variant_name("UNKNOWN"), "UnknownValue");
        assert_eq!(kebab_name("BatchCreateUser"), "batch-create-user");
        assert_eq!(type_name("_1"), "_1");
        assert_eq!(field_name("_"), "__");
        assert_eq!(variant_name("_2X"), "_2x");
    }
}
