//! The "Getting started" section of the generated crate's root docs: how to
//! depend on the crate (it is not on crates.io), its features, an example
//! that compiles as a doctest, and where errors and retries are documented.

use super::manifest::{Feature, features, runtime_features};
use crate::config::Config;
use crate::ir::{Ir, Member, Operation, SimpleType, TypeRef};

/// Doc lines of this module's own text, which, unlike the model's, needs no
/// sanitizing: its intra-doc links are meant (`[`SdkError`]`).
fn doc_lines(text: &str) -> Vec<String> {
    text.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }).collect()
}

/// The section's doc lines (each with rustdoc's leading space).
pub fn doc_lines_for(ir: &Ir, config: &Config) -> Vec<String> {
    let package = &config.krate.name;
    let krate = config.crate_ident();
    let mut lines = doc_lines(&format!(
        "# Getting started\n\n\
         The crate is not on crates.io: depend on it by path, or through git from the repository that holds it. \
         It depends on the `sdk-runtime` crate by the path `{runtime}` (from its own directory), so keep the two \
         as the repository has them. The client's calls are `async`; any Tokio runtime drives them.",
        runtime = config.krate.runtime_path,
    ));
    lines.push(String::new());
    fenced(
        &mut lines,
        "toml",
        &format!(
            "[dependencies]\n{package} = {{ path = \"path/to/{package}\" }}\n\
             tokio = {{ version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }}"
        ),
    );
    lines.push(String::new());
    let mut text = "Its features, none on by default:\n\n".to_owned();
    for Feature { name, doc, .. } in features(config) {
        text.push_str(&format!("- `{name}`: {doc}\n"));
    }
    let always = runtime_features(ir);
    if !always.is_empty() {
        let list = always.iter().map(|feature| format!("`{feature}`")).collect::<Vec<_>>().join(", ");
        text.push_str(&format!("\nThe runtime's features this model needs ({list}) are always on.\n"));
    }
    text.push_str("\nA call, with the region, credentials and endpoint found as the AWS CLI finds them:");
    lines.extend(doc_lines(&text));
    lines.push(String::new());
    fenced(&mut lines, "no_run", &example(ir, &krate));
    lines.push(String::new());
    lines.extend(doc_lines(
        "Errors: every call returns an [`SdkError`], which says at which step it failed; \
         its `Service` variant holds the operation's modelled error, an enum in [`operation`] \
         whose variants each operation's docs list (under *Errors*) with their HTTP status. \
         Input is checked against the model's constraints before anything is sent \
         (`SdkError::Validation`, naming every violation and its path).\n\n\
         Retries: a call is retried as the AWS SDKs' standard mode retries it, up to 3 attempts in all with a \
         jittered back-off, on throttling, server (5xx) and connection errors and time-outs, within a \
         client-wide retry quota. `AWS_MAX_ATTEMPTS` (or `max_attempts` in `~/.aws/config`) sets the count, and \
         [`Config::builder`] takes a [`RetryConfig`], whose docs \
         give the rules, to set them in code.",
    ));
    lines.push(String::new());
    lines.extend(testing(ir, config));
    lines
}

/// "Testing code that uses the SDK": the mock (feature `test-util`), with an
/// example compiled when the feature is on, and the tool's `mock-server`.
fn testing(ir: &Ir, config: &Config) -> Vec<String> {
    let krate = config.crate_ident();
    let binary = &config.cli.binary;
    let mut lines = doc_lines(
        "# Testing code that uses the SDK\n\n\
         With the `test-util` feature (in `[dev-dependencies]`), `mock::MockServer` runs this service's \
         server on 127.0.0.1 with rules you set per operation: match the typed input, answer with an output, \
         a modelled error or a raw HTTP response, once, `times(n)` or `repeatedly()`. Calls go over HTTP \
         through the whole client (validation, signing, retries, pagination, waiters); each is recorded with \
         its typed input, and `verify()` reports answers never given and calls no rule took:",
    );
    lines.push(String::new());
    let body = match ir.operations.first() {
        Some(op) => {
            let output = crate::emit::rust_types::type_path(ir, &op.output)
                .to_string()
                .replace(' ', "")
                .replace("crate::", &format!("{krate}::"));
            format!(
                "# #[cfg(feature = \"test-util\")]\n\
                 # async fn test() -> Result<(), Box<dyn std::error::Error>> {{\n\
                 let mock = {krate}::mock::MockServer::start().await?;\n\
                 mock.{rule}().respond({output}::builder().build()?).add();\n\
                 let client = mock.client(); // hand it to the code under test\n\
                 // … which calls `client.{method}()` …\n\
                 mock.verify()?;\n\
                 # Ok(()) }}",
                rule = op.mock_rule,
                method = op.fn_name,
            )
        }
        None => format!("# #[cfg(feature = \"test-util\")]\nlet _ = {krate}::mock::MockServer::start();"),
    };
    fenced(&mut lines, "no_run", &body);
    lines.push(String::new());
    lines.extend(doc_lines(&format!(
        "For scripts, other languages and the AWS CLI, the `{binary}` tool built with `cli` and `test-util` has \
         `{binary} mock-server --rules FILE [--port N] [--record FILE]`, which serves the rules of a JSON file, \
         checked against the model first, and prints its URL for any client's endpoint URL setting. With the \
         `server` feature, `server::Service` is the service to implement yourself, and `server::serve` serves it."
    )));
    lines
}

/// The example's code: a call to an operation that needs nothing the
/// example cannot make up (readonly ones first), its errors matched.
fn example(ir: &Ir, krate: &str) -> String {
    let call = match example_operation(ir) {
        Some((op, setters)) => format!("client.{}(){setters}.send().await", op.fn_name),
        // A model without operations: the client still is.
        None => String::new(),
    };
    let mut code = vec![
        format!("use {krate}::{{Client, SdkError}};"),
        String::new(),
        "# async fn example() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
        "let client = Client::from_env()?;".to_owned(),
    ];
    if !call.is_empty() {
        code.extend([
            format!("match {call} {{"),
            "    Ok(output) => println!(\"{output:?}\"),".to_owned(),
            "    // Refused before anything was sent: every violation, with its path.".to_owned(),
            "    Err(SdkError::Validation(error)) => eprintln!(\"invalid input: {error}\"),".to_owned(),
            "    // One of the operation's modelled errors.".to_owned(),
            "    Err(SdkError::Service(error)) => eprintln!(\"the service says: {}\", error.err()),".to_owned(),
            "    Err(error) => eprintln!(\"{error}\"),".to_owned(),
            "}".to_owned(),
        ]);
    } else {
        code.push("# let _ = client;".to_owned());
    }
    code.extend(["# Ok(())".to_owned(), "# }".to_owned()]);
    code.join("\n")
}

/// The operation the example calls, and its setters: readonly operations
/// first, then those needing the fewest members, then by name; one whose
/// required members are all strings (set to `"example"`), whose output does
/// not stream.
fn example_operation(ir: &Ir) -> Option<(&Operation, String)> {
    let required = |op: &Operation| -> Vec<&Member> {
        let members = ir.structure(&op.input).map(|input| input.members.as_slice()).unwrap_or_default();
        members.iter().filter(|member| member.required && member.default.is_none()).collect()
    };
    let mut operations: Vec<&Operation> = ir.operations.iter().collect();
    operations.sort_by_key(|op| (!op.readonly, required(op).len(), op.name.clone()));
    operations.into_iter().find_map(|op| {
        let streams = ir.structure(&op.output).is_some_and(|output| output.members.iter().any(|m| m.value.streaming));
        if streams {
            return None;
        }
        let mut setters = String::new();
        for member in required(op) {
            if member.value.ty != TypeRef::Simple(SimpleType::String) {
                return None;
            }
            setters.push_str(&format!(".{}(\"example\")", member.setter));
        }
        Some((op, setters))
    })
}

/// Appends a fenced block of `code` to doc `lines`.
fn fenced(lines: &mut Vec<String>, info: &str, code: &str) {
    lines.push(format!(" ```{info}"));
    lines.extend(code.lines().map(|line| if line.is_empty() { String::new() } else { format!(" {line}") }));
    lines.push(" ```".to_owned());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::build_from_str;

    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "example#S": {"type": "service", "version": "1", "operations": [
            {"target": "example#PutThing"}, {"target": "example#GetThing"}, {"target": "example#GetCount"}],
            "traits": {"aws.protocols#restJson1": {}}},
        "example#PutThing": {"type": "operation", "traits": {"smithy.api#http": {"method": "PUT", "uri": "/"}}},
        "example#GetThing": {"type": "operation", "input": {"target": "example#GetThingInput"},
            "traits": {"smithy.api#http": {"method": "GET", "uri": "/t/{id}"}, "smithy.api#readonly": {}}},
        "example#GetThingInput": {"type": "structure", "members": {
            "id": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}}}},
        "example#GetCount": {"type": "operation", "input": {"target": "example#GetCountInput"},
            "traits": {"smithy.api#http": {"method": "GET", "uri": "/c/{n}"}, "smithy.api#readonly": {}}},
        "example#GetCountInput": {"type": "structure", "members": {
            "n": {"target": "smithy.api#Integer", "traits": {"smithy.api#required": {}, "smithy.api#httpLabel": {}}}}}
    }}"#;

    #[test]
    fn the_example_calls_a_readonly_operation_whose_required_members_it_can_set() {
        let ir = build_from_str(MODEL, &Config::example()).unwrap();
        let (op, setters) = example_operation(&ir).unwrap();
        // GetCount is readonly too, but needs an integer.
        assert_eq!((op.name.as_str(), setters.as_str()), ("GetThing", ".id(\"example\")"));
        let code = example(&ir, "my_sdk");
        assert!(code.contains("match client.get_thing().id(\"example\").send().await {"), "{code}");
    }
}
