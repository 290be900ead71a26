//! `cargo xtask codegen` as users run it: the real binary on real files.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

fn xtask(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_xtask")).args(args).output().expect("xtask runs")
}

fn workspace_file(path: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(path).to_string_lossy().into_owned()
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let key = path.strip_prefix(dir).expect("inside").to_string_lossy().into_owned();
                files.insert(key, fs::read(&path).expect("readable"));
            }
        }
    }
    files
}

#[test]
fn a_bad_model_fails_and_leaves_the_output_untouched() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("generated");
    let config = workspace_file("model/codegen.toml");
    let good = xtask(&[
        "codegen",
        "--model",
        &workspace_file("model/wickr.json"),
        "--config",
        &config,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(good.status.success(), "{}", String::from_utf8_lossy(&good.stderr));
    fs::write(out.join("src/extra.txt"), "a file someone left here").expect("writable");
    let before = snapshot(&out);

    let bad_model = temp.path().join("bad.json");
    let mut model: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(workspace_file("model/wickr.json")).unwrap()).unwrap();
    model["shapes"]["com.amazonaws.wickr#GetBot"]["traits"]["smithy.api#http"]["uri"] = "/bots/{nope}".into();
    model["shapes"]["com.amazonaws.wickr#User"]["members"]["userId"]["target"] = "com.amazonaws.wickr#Missing".into();
    fs::write(&bad_model, model.to_string()).unwrap();

    let failed = xtask(&[
        "codegen",
        "--model",
        bad_model.to_str().unwrap(),
        "--config",
        &config,
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(failed.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&failed.stderr);
    assert!(stderr.contains("com.amazonaws.wickr#GetBot: URI label `{nope}` has no input member"), "{stderr}");
    assert!(stderr.contains("com.amazonaws.wickr#User$userId: unknown target"), "{stderr}");
    assert!(failed.stdout.is_empty());
    assert_eq!(snapshot(&out), before, "the output directory changed after a failed run");
    let leftovers: Vec<_> = fs::read_dir(temp.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no staging directories are left behind: {leftovers:?}");
}

#[test]
fn check_lists_stale_missing_and_extra_files_and_writes_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    let out = temp.path().join("generated");
    let model = workspace_file("model/wickr.json");
    let config = workspace_file("model/codegen.toml");
    let args = |check: bool| {
        let mut args = vec!["codegen", "--model", &model, "--config", &config, "--out", out.to_str().unwrap()];
        if check {
            args.push("--check");
        }
        args.into_iter().map(str::to_owned).collect::<Vec<_>>()
    };
    let run = |check: bool| xtask(&args(check).iter().map(String::as_str).collect::<Vec<_>>());

    assert!(run(false).status.success());
    let fresh = run(true);
    assert!(fresh.status.success(), "{}", String::from_utf8_lossy(&fresh.stderr));

    fs::write(out.join("Cargo.toml"), "edited by hand").unwrap();
    fs::remove_file(out.join("src/lib.rs")).unwrap();
    fs::write(out.join("stray.rs"), "").unwrap();
    let before = snapshot(&out);
    let stale = run(true);
    assert_eq!(stale.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&stale.stderr);
    for line in ["stale:   Cargo.toml", "missing: src/lib.rs", "extra:   stray.rs"] {
        assert!(stderr.contains(line), "`{line}` not in:\n{stderr}");
    }
    assert_eq!(snapshot(&out), before, "--check must not write");
}

#[test]
fn unreadable_inputs_are_reported_not_panicked() {
    let missing = xtask(&["codegen", "--model", "/nonexistent/model.json", "--out", "/nonexistent/out", "--check"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("cannot read /nonexistent/model.json"));
    let usage = xtask(&["codegen", "--bogus"]);
    assert_eq!(usage.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&usage.stderr).contains("unexpected argument `--bogus`"));
}

/// rust-analyzer's codegen test: the committed output — `generated/` and every
/// crate under `tests/output/` — is what the generator makes from the models
/// today; `--check` lists every stale, missing or extra file.
#[test]
fn the_committed_output_is_up_to_date() {
    let check = xtask(&["codegen", "--check"]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "run `cargo xtask codegen`:\n{}", String::from_utf8_lossy(&check.stderr));
    assert!(stdout.contains("generated is up to date"), "{stdout}");
    assert!(stdout.contains("tests/output/naming is up to date"), "{stdout}");
}
