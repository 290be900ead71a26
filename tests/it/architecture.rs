//! ARCHITECTURE.md names only paths that exist. Every code span that looks
//! like a path (a `/` in it, or a file extension) must name a file or
//! directory: relative to the workspace, to the directories its section's
//! heading names (and their `src/`), or, for what the emitters write, to a
//! generated crate. A bare file name may sit anywhere below its section's
//! directories' sources (`structure.rs` in `emit/types/`). `<name>` and `*`
//! match any name, `{a,b}` either.

use std::path::{Path, PathBuf};

use sdk_tests::workspace_root;

/// The code spans of a line.
fn code_spans(line: &str) -> Vec<&str> {
    line.split('`').skip(1).step_by(2).collect()
}

/// Whether a code span is meant as a path.
fn is_path(span: &str) -> bool {
    const EXTENSIONS: &[&str] = &[".rs", ".json", ".toml", ".md", ".snap"];
    let allowed = |c: char| c.is_ascii_alphanumeric() || "_-./*<>{},".contains(c);
    !span.is_empty()
        && span.chars().all(allowed)
        && !span.starts_with('/')
        && (span.contains('/') || EXTENSIONS.iter().any(|extension| span.ends_with(extension)))
}

/// `{a,b}` expanded: every path the pattern stands for.
fn expand(pattern: &str) -> Vec<String> {
    match (pattern.find('{'), pattern.find('}')) {
        (Some(open), Some(close)) if open < close => pattern[open + 1..close]
            .split(',')
            .flat_map(|choice| expand(&format!("{}{choice}{}", &pattern[..open], &pattern[close + 1..])))
            .collect(),
        _ => vec![pattern.to_owned()],
    }
}

/// Whether `name` matches `pattern`, where `*` and `<…>` match any run of characters.
fn matches(pattern: &str, name: &str) -> bool {
    let pattern =
        pattern.split('<').map(|part| part.split_once('>').map_or(part, |(_, rest)| rest)).collect::<Vec<_>>();
    let pattern = pattern.join("*");
    let parts: Vec<&str> = pattern.split('*').collect();
    let (first, rest) = parts.split_first().expect("split gives one part at least");
    let Some(mut remaining) = name.strip_prefix(first) else { return false };
    for (index, part) in rest.iter().enumerate() {
        if index + 1 == rest.len() {
            return remaining.ends_with(part);
        }
        match remaining.find(part) {
            Some(at) => remaining = &remaining[at + part.len()..],
            None => return false,
        }
    }
    remaining.is_empty()
}

/// The paths under `base` that `pattern` (one expanded alternative) names.
fn resolve(base: &Path, pattern: &str) -> Vec<PathBuf> {
    let want_dir = pattern.ends_with('/');
    let mut found = vec![base.to_path_buf()];
    for segment in pattern.trim_end_matches('/').split('/') {
        found = found
            .iter()
            .flat_map(|dir| {
                if !segment.contains(['*', '<']) {
                    return vec![dir.join(segment)];
                }
                std::fs::read_dir(dir)
                    .map(|entries| {
                        entries
                            .filter_map(Result::ok)
                            .filter(|entry| matches(segment, &entry.file_name().to_string_lossy()))
                            .map(|entry| entry.path())
                            .collect()
                    })
                    .unwrap_or_default()
            })
            .collect();
    }
    found.into_iter().filter(|path| path.exists() && (!want_dir || path.is_dir())).collect()
}

/// Where a section's bare file names live: its directory's `src/`, when it
/// has one (a crate's tests are not its code).
fn sources(base: &Path) -> PathBuf {
    let src = base.join("src");
    if src.is_dir() { src } else { base.to_path_buf() }
}

/// Whether a file named `name` exists anywhere below `dir`.
fn below(dir: &Path, name: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.filter_map(Result::ok).any(|entry| {
        let path = entry.path();
        matches(name, &entry.file_name().to_string_lossy()) || (path.is_dir() && below(&path, name))
    })
}

/// The paths of ARCHITECTURE.md that name nothing, with their line numbers.
fn missing_paths(root: &Path, text: &str) -> Vec<String> {
    // What the emitters write is relative to a generated crate.
    let mut crates = vec![root.join("generated")];
    crates.extend(resolve(root, "tests/output/*/"));
    let mut bases: Vec<PathBuf> = Vec::new();
    let mut missing = Vec::new();
    for (number, line) in text.lines().enumerate() {
        if line.starts_with('#') {
            // A heading's paths are where its section's names are relative to.
            bases = code_spans(line)
                .into_iter()
                .filter(|span| is_path(span))
                .flat_map(|span| resolve(root, span))
                .map(|path| if path.is_dir() { path } else { path.parent().expect("inside the root").to_path_buf() })
                .collect();
        }
        for span in code_spans(line).into_iter().filter(|span| is_path(span)) {
            let mut places: Vec<PathBuf> = vec![root.to_path_buf()];
            places.extend(bases.iter().flat_map(|base| [base.clone(), base.join("src")]));
            places.extend(crates.iter().cloned());
            let found = expand(span).iter().all(|path| {
                places.iter().any(|place| !resolve(place, path).is_empty())
                    || (!path.contains('/') && bases.iter().any(|base| below(&sources(base), path)))
            });
            if !found {
                missing.push(format!("line {}: `{span}`", number + 1));
            }
        }
    }
    missing
}

#[test]
fn architecture_md_names_only_paths_that_exist() {
    let root = workspace_root();
    let text = std::fs::read_to_string(root.join("ARCHITECTURE.md")).unwrap();
    let missing = missing_paths(&root, &text);
    assert!(missing.is_empty(), "ARCHITECTURE.md names paths that do not exist:\n{}", missing.join("\n"));
}

#[test]
fn the_check_finds_what_is_missing_and_reads_sections_and_patterns() {
    let root = workspace_root();
    let text = "### `runtime/`\n\n`client.rs`, `credentials/`, `endpoint/eval.rs`, `cli/wait.rs`, `nope.rs`\n\n\
                ### `codegen/src/emit/`\n\n`types/`, `structure.rs`, `src/{types,input}.rs`, `src/bin/<tool>.rs`, \
                `tests/output/<name>/`, `credentials.rs`, `model::load_str`, `r#type`\n";
    assert_eq!(
        missing_paths(&root, text),
        ["line 3: `nope.rs`", "line 7: `credentials.rs`"],
        "runtime/tests/it/credentials.rs is a test, not the module"
    );
}

/// The generator is for every model of the protocols it speaks: nothing in
/// `codegen/src` names the Wickr service, in code or in comments (what is
/// Wickr's lives in `model/`, the generated crate and `emulator/`).
#[test]
fn the_generator_names_no_service() {
    fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                rust_files(&path, found);
            } else if path.extension().is_some_and(|extension| extension == "rs") {
                found.push(path);
            }
        }
    }
    let mut files = Vec::new();
    rust_files(&workspace_root().join("codegen/src"), &mut files);
    assert!(files.len() > 20, "codegen/src has its sources: {files:?}");
    let naming: Vec<String> = files
        .iter()
        .flat_map(|path| {
            let text = std::fs::read_to_string(path).unwrap();
            let lines: Vec<String> = text
                .lines()
                .enumerate()
                .filter(|(_, line)| line.to_ascii_lowercase().contains("wickr"))
                .map(|(index, line)| format!("{}:{}: {}", path.display(), index + 1, line.trim()))
                .collect();
            lines
        })
        .collect();
    assert!(naming.is_empty(), "codegen/src names Wickr:\n{}", naming.join("\n"));
}
