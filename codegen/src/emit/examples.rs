//! `@examples`: each sample call in the operation's rustdoc, as a `no_run`
//! doctest that compiles (so an example cannot drift from the API), and in
//! the Markdown reference as JSON; then what the call returns or the error
//! it fails with, as the model states it.

use proc_macro2::{Group, TokenStream, TokenTree};
use quote::quote;
use serde_json::Value;

use super::values;
use crate::ir::examples::{Example, Outcome};
use crate::ir::{Ir, Operation, SimpleType, TypeRef};
use crate::markdown::rustdoc::doc_lines;

/// The `# Examples` section of the client method's docs, when the operation
/// has examples. An input with no Rust form (a value of the wrong kind, a
/// member the input lacks) is shown as JSON, with the reason.
pub fn rustdoc(ir: &Ir, op: &Operation, crate_ident: &str) -> TokenStream {
    if op.examples.is_empty() {
        return TokenStream::new();
    }
    let mut lines = vec![String::new(), " # Examples".to_owned()];
    for example in &op.examples {
        lines.push(String::new());
        lines.extend(doc_lines(&heading(example)));
        match call(ir, op, crate_ident, &example.input) {
            Ok(code) => {
                lines.push(String::new());
                fenced(&mut lines, "no_run", &code);
            }
            Err(why) => {
                lines.push(String::new());
                lines.extend(doc_lines(&format!("The input, as JSON ({why}, so it is not shown as Rust):")));
                lines.push(String::new());
                fenced(&mut lines, "json", &pretty(&example.input));
            }
        }
        if let Some((intro, json)) = outcome(&example.outcome) {
            lines.push(String::new());
            lines.extend(doc_lines(&intro));
            lines.push(String::new());
            fenced(&mut lines, "json", &json);
        }
    }
    quote!(#(#[doc = #lines])*)
}

/// The `Examples` section of the operation's reference page (Markdown).
pub fn markdown(op: &Operation) -> Option<String> {
    if op.examples.is_empty() {
        return None;
    }
    let mut out = vec!["## Examples".to_owned()];
    for example in &op.examples {
        out.push(format!("#{}", heading(example)));
        out.push(format!("Input:\n\n```json\n{}\n```", pretty(&example.input)));
        if let Some((intro, json)) = outcome(&example.outcome) {
            out.push(format!("{intro}\n\n```json\n{json}\n```"));
        }
    }
    Some(out.join("\n\n"))
}

/// `## Title`, then the example's own docs.
fn heading(example: &Example) -> String {
    match &example.docs {
        Some(docs) => format!("## {}\n\n{docs}", example.title),
        None => format!("## {}", example.title),
    }
}

/// What the call gives back: a sentence, and the JSON it introduces.
fn outcome(outcome: &Outcome) -> Option<(String, String)> {
    match outcome {
        Outcome::Unstated => None,
        Outcome::Output(output) => Some(("It returns:".to_owned(), pretty(output))),
        Outcome::Error { shape, content } => Some((format!("It fails with `{}`:", shape.name()), pretty(content))),
    }
}

/// The call through the fluent builder, in a hidden `async fn` taking the
/// client, formatted as rustfmt would.
fn call(ir: &Ir, op: &Operation, crate_ident: &str, input: &Value) -> Result<String, String> {
    let members = ir.structure(&op.input).map(|s| s.members.as_slice()).unwrap_or_default();
    let object = input.as_object().ok_or("the input is not an object")?;
    if let Some(name) = values::unknown_member(members, object) {
        return Err(format!("the input has no member `{name}`"));
    }
    let mut setters = Vec::new();
    for member in members {
        match object.get(&member.name) {
            None | Some(Value::Null) => {}
            // Setters take `impl Into<String>`: a literal reads best.
            Some(Value::String(text)) if member.value.ty == TypeRef::Simple(SimpleType::String) => {
                let setter = &member.setter;
                setters.push(quote!(.#setter(#text)));
            }
            Some(json) => {
                let value =
                    values::value(ir, &member.value, json).map_err(|why| format!("`{}`: {why}", member.name))?;
                let setter = &member.setter;
                setters.push(quote!(.#setter(#value)));
            }
        }
    }
    let krate = quote::format_ident!("{}", crate_ident);
    let method = &op.fn_name;
    // A doctest is a crate of its own: the generated crate is named.
    let setters = in_crate(quote!(#(#setters)*), &krate);
    let function = quote! {
        use #krate::Client;
        async fn example(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
            let output = client.#method() #setters .send().await?;
            let _ = output;
            Ok(())
        }
    };
    let file = syn::parse2::<syn::File>(function).map_err(|e| format!("generator bug: {e}"))?;
    Ok(doctest_body(&prettyplease::unparse(&file)))
}

/// `tokens` with each `crate::` path starting at `krate` instead.
fn in_crate(tokens: TokenStream, krate: &proc_macro2::Ident) -> TokenStream {
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Ident(ident) if ident == "crate" => TokenTree::Ident(krate.clone()),
            TokenTree::Group(group) => {
                let mut inner = Group::new(group.delimiter(), in_crate(group.stream(), krate));
                inner.set_span(group.span());
                TokenTree::Group(inner)
            }
            other => other,
        })
        .collect()
}

/// A formatted `use …; async fn example(…) { … }` as a doctest: the `use`,
/// the signature, the `let _ = output;` and `Ok(())` lines and the closing
/// brace hidden (`# `), the body unindented.
fn doctest_body(function: &str) -> String {
    let lines: Vec<&str> = function.trim_end().lines().filter(|line| !line.trim().is_empty()).collect();
    let body_start = lines.iter().position(|line| line.ends_with('{')).map_or(0, |at| at + 1);
    let mut out = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let hidden =
            index < body_start || index + 1 == lines.len() || matches!(line.trim(), "let _ = output;" | "Ok(())");
        let text = line.strip_prefix("    ").unwrap_or(line);
        out.push(if hidden { format!("# {}", line.trim_start()) } else { text.to_owned() });
    }
    out.join("\n")
}

/// Appends a fenced block of `code` to doc `lines` (each with rustdoc's
/// leading space).
fn fenced(lines: &mut Vec<String>, info: &str, code: &str) {
    lines.push(format!(" ```{info}"));
    lines.extend(code.lines().map(|line| format!(" {line}")));
    lines.push(" ```".to_owned());
}

fn pretty(json: &Value) -> String {
    serde_json::to_string_pretty(json).unwrap_or_else(|_| json.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::ir::build_from_str;

    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "example#S": {"type": "service", "version": "1", "operations": [{"target": "example#Put"}],
            "traits": {"aws.protocols#restJson1": {}}},
        "example#Put": {"type": "operation", "input": {"target": "example#In"},
            "traits": {"smithy.api#http": {"method": "PUT", "uri": "/"}, "smithy.api#examples": [
                {"title": "Counted", "input": {"count": 3}, "output": {}},
                {"title": "Miscounted", "input": {"count": "three"}},
                {"title": "Misnamed", "input": {"cuont": 3}}]}},
        "example#In": {"type": "structure", "members": {"count": {"target": "smithy.api#Integer"}}}
    }}"#;

    /// The method's doc lines, as rustdoc reads them.
    fn docs() -> String {
        let ir = build_from_str(MODEL, &Config::example()).unwrap();
        let tokens = rustdoc(&ir, &ir.operations[0], "my_sdk");
        let item: syn::ItemFn = syn::parse2(quote!(#tokens fn f() {})).unwrap();
        let text = |attr: &syn::Attribute| match &attr.meta {
            syn::Meta::NameValue(syn::MetaNameValue {
                value: syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }),
                ..
            }) => text.value(),
            _ => panic!("not a doc attribute"),
        };
        item.attrs.iter().map(text).collect::<Vec<_>>().join("\n")
    }

    #[test]
    fn an_example_is_a_doctest_with_its_setup_hidden() {
        let docs = docs();
        let expected = [
            " ```no_run",
            " # use my_sdk::Client;",
            " # async fn example(client: &Client) -> Result<(), Box<dyn std::error::Error>> {",
            " let output = client.put().count(3i32).send().await?;",
            " # let _ = output;",
            " # Ok(())",
            " # }",
            " ```",
        ]
        .join("\n");
        assert!(docs.contains(&expected), "{docs}");
        assert!(docs.contains(" It returns:\n\n ```json\n {}\n ```"), "{docs}");
    }

    #[test]
    fn an_input_with_no_rust_form_is_shown_as_json_with_the_reason() {
        let docs = docs();
        assert!(docs.contains("`count`: expected an integer, found \"three\""), "{docs}");
        assert!(docs.contains("the input has no member `cuont`"), "{docs}");
        assert_eq!(docs.matches("```no_run").count(), 1, "{docs}");
    }
}
