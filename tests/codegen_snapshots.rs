//! The Rust the generator emits for small models, one feature each: types
//! (`src/types.rs`, `input.rs`, `output.rs`, `error.rs`) and validators
//! (`src/validation.rs`). Reviewed snapshots: a change to the output shows up
//! here as a diff to accept or reject.

use std::path::Path;

fn emitted_rust(fixture: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/codegen").join(format!("{fixture}.json"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    let files = codegen::generate(&text, &codegen::Config::example()).unwrap_or_else(|errors| panic!("{errors}"));
    let mut out = String::new();
    const TYPE_FILES: [&str; 5] =
        ["src/types.rs", "src/input.rs", "src/output.rs", "src/error.rs", "src/validation.rs"];
    for file in files.iter().filter(|file| TYPE_FILES.contains(&file.path.as_str())) {
        // Files with no item past the header are left out to keep snapshots short.
        if file.contents.lines().filter(|line| !line.trim().is_empty()).count() > 1 {
            out.push_str(&format!("==> {} <==\n{}\n", file.path, file.contents));
        }
    }
    out
}

macro_rules! snapshot_tests {
    ($($name:ident),* $(,)?) => {
        $(
            #[test]
            fn $name() {
                insta::assert_snapshot!(emitted_rust(stringify!($name)));
            }
        )*
    };
}

snapshot_tests!(
    structure,
    enums,
    collections,
    timestamps,
    sensitive,
    constraints,
    union,
    recursion,
    docs_commonmark,
    docs_html,
);
