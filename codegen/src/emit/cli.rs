//! The command-line tool, built with the generated crate's `cli` feature:
//! `src/cli.rs` describes each operation's subcommand and flags for
//! `sdk_runtime::cli` (which parses, sends and prints), and
//! `src/bin/<binary>.rs` calls it. What is emitted is a table, no logic.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::GeneratedFile;
use super::describe::acceptor_lines;
use super::format::rust_file;
use super::rust_types::type_path;
use crate::config::Config;
use crate::ir::{Ir, Member, Operation, ShapeKind, SimpleType, TimestampFormat, TypeRef, ValueType, Waiter};
use crate::markdown::prose::first_sentence;

pub fn emit(ir: &Ir, config: &Config) -> Vec<GeneratedFile> {
    vec![
        GeneratedFile::new("src/cli.rs", cli_rs(ir, config)),
        GeneratedFile::new(format!("src/bin/{}.rs", config.cli.binary), bin_rs(config)),
    ]
}

fn bin_rs(config: &Config) -> String {
    let krate = format_ident!("{}", config.crate_ident());
    let doc = format!(" The `{}` command-line tool: see `{}::cli`.", config.cli.binary, config.crate_ident());
    rust_file(quote! {
        #![doc = #doc]
        fn main() -> std::process::ExitCode {
            // `mock-server`: the service mocked from a rules file (feature `test-util`).
            #[cfg(feature = "test-util")]
            {
                let args: Vec<String> = std::env::args().skip(1).collect();
                if args.first().map(String::as_str) == Some("mock-server") {
                    return sdk_runtime::server::mock_file::main(&#krate::mock::FILE_SPEC, &args[1..]);
                }
            }
            #krate::cli::main()
        }
    })
}

fn cli_rs(ir: &Ir, config: &Config) -> String {
    let binary = &config.cli.binary;
    let service = &ir.service;
    let title = format!("{} (API version {})", service.title, service.version);
    let docs = service.docs.clone().unwrap_or_default();
    let module_doc = format!(
        " The `{binary}` command-line tool (feature `cli`): one subcommand per operation, with one flag per \
         input member. This module only describes them; `sdk_runtime::cli` parses the command line, sends \
         the request (or prints it with `--dry-run`) and prints the output."
    );
    let operations = ir.operations.iter().map(|op| operation(ir, op));
    let mut imports = vec![quote!(ArgKind), quote!(CliSpec), quote!(MemberSpec), quote!(OperationSpec)];
    if ir.operations.iter().any(|op| pagination(ir, op).is_some()) {
        imports.push(quote!(PaginationSpec));
    }
    if ir.uses_waiters() {
        imports.push(quote!(WaiterSpec));
    }
    let imports = quote!(use sdk_runtime::cli::{#(#imports),*};);
    rust_file(quote! {
        #![doc = #module_doc]
        #imports

        /// Every subcommand with its flags, as the model describes them.
        pub static SPEC: CliSpec = CliSpec {
            binary: #binary,
            title: #title,
            docs: #docs,
            version: env!("CARGO_PKG_VERSION"),
            service: &crate::client::SERVICE,
            operations: &[#(#operations),*],
        };

        /// Runs the tool with the process's arguments and environment.
        pub fn main() -> std::process::ExitCode {
            sdk_runtime::cli::main(&SPEC)
        }
    })
}

fn operation(ir: &Ir, op: &Operation) -> TokenStream {
    let name = &op.name;
    let command = &op.command;
    let docs = op.docs.clone().unwrap_or_else(|| format!("The `{}` operation.", op.name));
    let summary = first_sentence(&docs);
    let http = crate::emit::describe::http_route(ir, op);
    let input = type_path(ir, &op.input);
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let members = members.iter().map(|member| member_spec(ir, member));
    let pagination = match pagination(ir, op) {
        Some(spec) => quote!(Some(#spec)),
        None => quote!(None),
    };
    let waiters = op.waiters.iter().map(|waiter| waiter_spec(&input, op, waiter));
    let output_file = ir.streaming_payload(&op.output).is_some();
    quote! {
        OperationSpec {
            name: #name,
            command: #command,
            summary: #summary,
            docs: #docs,
            http: #http,
            members: &[#(#members),*],
            pagination: #pagination,
            waiters: &[#(#waiters),*],
            output_file: #output_file,
            run: sdk_runtime::cli::run::<#input>,
        }
    }
}

/// A waiter's `wait` subcommand: its docs with what each acceptor does, and
/// a runner that waits with the waiter's definition.
fn waiter_spec(input: &TokenStream, op: &Operation, waiter: &Waiter) -> TokenStream {
    let name = &waiter.name;
    let command = &waiter.command;
    let docs = waiter.docs.clone().unwrap_or_else(|| format!("Waits until `{}` is reached.", waiter.name));
    let summary = first_sentence(&docs);
    let acceptors: Vec<String> = acceptor_lines(waiter).iter().map(|line| format!("- {line}")).collect();
    let docs = format!(
        "{docs}\n\nAfter each call of {}, the first of these that matches decides:\n{}",
        op.name,
        acceptors.join("\n")
    );
    let fluent = &waiter.fluent;
    quote! {
        WaiterSpec {
            name: #name,
            command: #command,
            summary: #summary,
            docs: #docs,
            run: |invocation| sdk_runtime::cli::wait::run::<#input>(invocation, &crate::operation::#fluent::WAITER),
        }
    }
}

fn member_spec(ir: &Ir, member: &Member) -> TokenStream {
    let name = &member.name;
    let json_name = &member.json_name;
    let flag = &member.flag;
    let docs = member.docs.clone().unwrap_or_default();
    let required = member.required;
    // A timestamp member's serde follows its own format; list items always
    // use the body's default (epoch seconds).
    let kind = kind(ir, &member.value, member.value.timestamp_format.unwrap_or(TimestampFormat::EpochSeconds));
    let mut notes = vec![constraints(&member.value)];
    if member.flag_renamed {
        notes.push(format!("sets the member `{}`: its own flag is another option's", member.name));
    }
    notes.retain(|note| !note.is_empty());
    let notes = notes.join("; ");
    quote! {
        MemberSpec {
            name: #name,
            json_name: #json_name,
            flag: #flag,
            docs: #docs,
            required: #required,
            kind: #kind,
            notes: #notes,
        }
    }
}

/// What the flag takes: scalars and enums as text, lists of them as repeated
/// flags, everything else as JSON.
fn kind(ir: &Ir, value: &ValueType, timestamp_format: TimestampFormat) -> TokenStream {
    if value.streaming {
        return quote!(ArgKind::Stream);
    }
    match &value.ty {
        TypeRef::Simple(simple) => match simple {
            SimpleType::String => quote!(ArgKind::String),
            SimpleType::Blob => quote!(ArgKind::Blob),
            SimpleType::Boolean => quote!(ArgKind::Boolean),
            SimpleType::Byte | SimpleType::Short | SimpleType::Integer | SimpleType::Long | SimpleType::BigInteger => {
                quote!(ArgKind::Integer)
            }
            SimpleType::Float | SimpleType::Double | SimpleType::BigDecimal => quote!(ArgKind::Float),
            SimpleType::Timestamp => {
                let format = match timestamp_format {
                    TimestampFormat::EpochSeconds => format_ident!("EpochSeconds"),
                    TimestampFormat::DateTime => format_ident!("DateTime"),
                    TimestampFormat::HttpDate => format_ident!("HttpDate"),
                };
                quote!(ArgKind::Timestamp(sdk_runtime::encoding::TimestampFormat::#format))
            }
            SimpleType::Document => quote!(ArgKind::Json),
        },
        TypeRef::Named(id) => match ir.shape(id).map(|shape| &shape.kind) {
            Some(ShapeKind::Enum(values)) => {
                let values = values.iter().map(|v| v.value.as_str().unwrap_or(&v.name).to_owned());
                quote!(ArgKind::Enum(&[#(#values),*]))
            }
            Some(ShapeKind::IntEnum(values)) => {
                let pairs = values.iter().filter_map(|v| {
                    let (name, number) = (&v.name, proc_macro2::Literal::i64_unsuffixed(v.value.as_i64()?));
                    Some(quote!((#name, #number)))
                });
                quote!(ArgKind::IntEnum(&[#(#pairs),*]))
            }
            _ => quote!(ArgKind::Json),
        },
        TypeRef::List { item, .. } if is_scalar(ir, item) => {
            let item = kind(ir, item, TimestampFormat::EpochSeconds);
            quote!(ArgKind::List(&#item))
        }
        TypeRef::List { .. } | TypeRef::Map { .. } | TypeRef::Unit => quote!(ArgKind::Json),
    }
}

fn is_scalar(ir: &Ir, value: &ValueType) -> bool {
    match &value.ty {
        TypeRef::Simple(SimpleType::Document) => false,
        TypeRef::Simple(_) => true,
        TypeRef::Unit => false,
        TypeRef::Named(id) => {
            matches!(ir.shape(id).map(|shape| &shape.kind), Some(ShapeKind::Enum(_) | ShapeKind::IntEnum(_)))
        }
        TypeRef::List { .. } | TypeRef::Map { .. } => false,
    }
}

/// The constraints in words, for the flag's help: `exactly 8 characters;
/// pattern ^[0-9]{8}$`, `between 1 and 100`, `each item: …`.
fn constraints(value: &ValueType) -> String {
    let mut parts = Vec::new();
    let unit = match &value.ty {
        TypeRef::List { .. } | TypeRef::Map { .. } => "items",
        TypeRef::Simple(SimpleType::Blob) => "bytes",
        _ => "characters",
    };
    // `1 character`, `2 characters`.
    let count = |n: u64| if n == 1 { format!("1 {}", unit.trim_end_matches('s')) } else { format!("{n} {unit}") };
    if let Some(length) = &value.constraints.length {
        parts.push(match (length.min, length.max) {
            (Some(min), Some(max)) if min == max => format!("exactly {}", count(min)),
            (Some(min), Some(max)) => format!("{min} to {}", count(max)),
            (Some(min), None) => format!("at least {}", count(min)),
            (None, Some(max)) => format!("at most {}", count(max)),
            (None, None) => String::new(),
        });
    }
    if let Some(range) = &value.constraints.range {
        parts.push(match (&range.min, &range.max) {
            (Some(min), Some(max)) => format!("between {min} and {max}"),
            (Some(min), None) => format!("at least {min}"),
            (None, Some(max)) => format!("at most {max}"),
            (None, None) => String::new(),
        });
    }
    if let Some(pattern) = &value.constraints.pattern {
        parts.push(format!("pattern {}", pattern.model));
    }
    if value.ty == TypeRef::Simple(SimpleType::Blob) {
        parts.push("base64".to_owned());
    }
    if let TypeRef::List { item, .. } = &value.ty {
        let item = constraints(item);
        if !item.is_empty() {
            parts.push(format!("each item: {item}"));
        }
    }
    parts.retain(|part| !part.is_empty());
    parts.join("; ")
}

/// Where the tokens and items are: the input token by JSON name (the
/// runtime rewrites the input's JSON), the output's by member name (the
/// printed output's keys); `None` unless all three are top-level members
/// (the runtime merges pages at the top level only).
fn pagination(ir: &Ir, op: &Operation) -> Option<TokenStream> {
    let member = |structure, name: &str, json: bool| {
        let member = ir.structure(structure)?.members.iter().find(|m| m.name == name)?;
        Some(if json { member.json_name.clone() } else { member.name.clone() })
    };
    let found = op.pagination.as_ref().and_then(|p| {
        let (Some(input_token), Some([output_token]), Some([items])) =
            (p.input_token.as_deref(), p.output_token.as_deref(), p.items.as_deref())
        else {
            return None;
        };
        Some((
            member(&op.input, input_token, true)?,
            member(&op.output, output_token, false)?,
            member(&op.output, items, false)?,
        ))
    });
    let (input_token, output_token, items) = found?;
    Some(quote!(PaginationSpec { input_token: #input_token, output_token: #output_token, items: #items }))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One paginated operation whose input has a member of every kind.
    const MODEL: &str = r##"{
        "smithy": "2.0",
        "shapes": {
            "example#Service": {
                "type": "service", "version": "2024-01-01",
                "operations": [{"target": "example#ListThings"}],
                "traits": {"aws.protocols#restJson1": {}, "smithy.api#documentation": "Things."}
            },
            "example#ListThings": {
                "type": "operation",
                "input": {"target": "example#ListThingsInput"},
                "output": {"target": "example#ListThingsOutput"},
                "traits": {
                    "smithy.api#http": {"method": "POST", "uri": "/things/{id}"},
                    "smithy.api#documentation": "Lists things.",
                    "smithy.api#paginated": {"inputToken": "nextToken", "outputToken": "nextToken", "items": "things"}
                }
            },
            "example#ListThingsInput": {
                "type": "structure",
                "members": {
                    "id": {"target": "example#Id", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
                    "nextToken": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "nextToken"}},
                    "maxResults": {"target": "example#Size", "traits": {"smithy.api#httpQuery": "max"}},
                    "when": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "date-time"}},
                    "times": {"target": "example#Times"},
                    "color": {"target": "example#Color"},
                    "level": {"target": "example#Level"},
                    "tags": {"target": "example#Tags", "traits": {"smithy.api#jsonName": "tagList"}},
                    "filter": {"target": "example#Filter"},
                    "dryRun": {"target": "smithy.api#Boolean"}
                },
                "traits": {"smithy.api#input": {}}
            },
            "example#ListThingsOutput": {
                "type": "structure",
                "members": {
                    "nextToken": {"target": "smithy.api#String"},
                    "things": {"target": "example#Tags"}
                },
                "traits": {"smithy.api#output": {}}
            },
            "example#Id": {"type": "string", "traits": {"smithy.api#length": {"min": 8, "max": 8}, "smithy.api#pattern": "^[0-9]+$"}},
            "example#Size": {"type": "integer", "traits": {"smithy.api#range": {"min": 1, "max": 100}}},
            "example#Times": {"type": "list", "member": {"target": "smithy.api#Timestamp"}},
            "example#Tags": {"type": "list", "member": {"target": "example#Tag"}, "traits": {"smithy.api#length": {"max": 5}}},
            "example#Tag": {"type": "string", "traits": {"smithy.api#length": {"min": 1}}},
            "example#Color": {"type": "enum", "members": {
                "RED": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "red"}},
                "BLUE": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "blue"}}
            }},
            "example#Level": {"type": "intEnum", "members": {
                "LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}},
                "HIGH": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 9}}
            }},
            "example#Filter": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}}}
        }
    }"##;

    fn emitted() -> (String, String) {
        let config = Config::example();
        let ir = crate::ir::build_from_str(MODEL, &config).expect("the test model builds");
        let files = emit(&ir, &config);
        let file = |path: &str| files.iter().find(|f| f.path == path).map(|f| f.contents.clone()).unwrap();
        (file("src/cli.rs"), file("src/bin/example.rs"))
    }

    #[test]
    fn members_become_flags_of_their_kind() {
        let (cli, _) = emitted();
        // Compared without whitespace or trailing commas, so line breaks don't matter.
        let squash = |text: &str| {
            let text: String = text.split_whitespace().collect();
            text.replace(",)", ")").replace(",}", "}").replace(",]", "]")
        };
        let squashed = squash(&cli);
        for expected in [
            r#"binary: "example""#,
            r#"command: "list-things", summary: "Lists things.", docs: "Lists things.", http: "POST /things/{id}""#,
            r#"name: "id", json_name: "id", flag: "id", docs: "", required: true, kind: ArgKind::String, notes: "exactly 8 characters; pattern ^[0-9]+$""#,
            r#"flag: "max-results", docs: "", required: false, kind: ArgKind::Integer, notes: "between 1 and 100""#,
            "kind: ArgKind::Timestamp(sdk_runtime::encoding::TimestampFormat::DateTime)",
            "kind: ArgKind::List(&ArgKind::Timestamp(sdk_runtime::encoding::TimestampFormat::EpochSeconds))",
            r#"kind: ArgKind::Enum(&["blue", "red"])"#,
            r#"kind: ArgKind::IntEnum(&[("LOW", 1), ("HIGH", 9)])"#,
            r#"name: "tags", json_name: "tagList", flag: "tags", docs: "", required: false, kind: ArgKind::List(&ArgKind::String), notes: "at most 5 items; each item: at least 1 character""#,
            r#"flag: "filter", docs: "", required: false, kind: ArgKind::Json"#,
            r#"flag: "input-dry-run", docs: "", required: false, kind: ArgKind::Boolean"#,
            r#"pagination: Some(PaginationSpec { input_token: "nextToken", output_token: "nextToken", items: "things", })"#,
            "run: sdk_runtime::cli::run::<crate::input::ListThingsInput>",
            "service: &crate::client::SERVICE",
        ] {
            assert!(squashed.contains(&squash(expected)), "{expected}\nnot in\n{cli}");
        }
    }

    #[test]
    fn the_binary_calls_the_crate() {
        let (_, bin) = emitted();
        assert!(bin.contains("fn main() -> std::process::ExitCode {\n    example_sdk::cli::main()\n}"), "{bin}");
    }
}
