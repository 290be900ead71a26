//! `cargo xtask codegen`: models → generated crates, atomically, or `--check`.
//!
//! Without `--model` it makes everything the repository commits: the SDK
//! (`model/wickr.json` with `model/codegen.toml` → `generated/`) and the crate
//! of every fixture model in `tests/fixtures/codegen/` (→ `tests/output/<name>/`,
//! named from the model). With `--model PATH --out DIR` it makes that model's
//! crate alone, with the config from `--config`, else the `codegen.toml`
//! beside the model, else one derived from the model.
//!
//! Every model is generated before anything is written: one bad model means
//! no output changes.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::ExitCode;

use codegen::{Config, GeneratedFile, output};

use crate::{Args, workspace_root};

/// One crate to make.
struct Target {
    model: PathBuf,
    config: Option<PathBuf>,
    out: PathBuf,
}

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(args, &["--model", "--config", "--out"], &["--check"])?;
    if let Some(extra) = args.positional() {
        return Err(format!("unexpected argument `{extra}`"));
    }
    let root = workspace_root();
    let targets = match args.value("--model") {
        Some(model) => {
            let model = PathBuf::from(model);
            let out = args.value("--out").map(PathBuf::from).ok_or("`--model` needs `--out DIR` to write into")?;
            let config = match args.value("--config") {
                Some(path) => Some(PathBuf::from(path)),
                None => {
                    Some(model.parent().unwrap_or(Path::new(".")).join("codegen.toml")).filter(|path| path.exists())
                }
            };
            vec![Target { model, config, out }]
        }
        None => {
            if args.value("--config").is_some() || args.value("--out").is_some() {
                return Err("`--config` and `--out` go with `--model`".to_owned());
            }
            committed_targets(&root)?
        }
    };

    let mut generated = Vec::new();
    let mut failures = Vec::new();
    for target in &targets {
        match generate(target, &root) {
            Ok(files) => generated.push((target, files)),
            Err(message) => failures.push(message),
        }
    }
    if !failures.is_empty() {
        return Err(format!("nothing was written:\n{}", failures.join("\n")));
    }

    if args.has("--check") {
        let mut stale = false;
        for (target, files) in &generated {
            let out = &target.out;
            let drift = output::check(out, files).map_err(|error| format!("{}: {error}", out.display()))?;
            if drift.is_empty() {
                println!("{} is up to date ({} files)", out.display(), files.len());
                continue;
            }
            stale = true;
            eprintln!("{} is out of date with {}; run `cargo xtask codegen`:", out.display(), target.model.display());
            for item in drift {
                eprintln!("  {item}");
            }
        }
        return Ok(if stale { ExitCode::FAILURE } else { ExitCode::SUCCESS });
    }
    for (target, files) in &generated {
        let out = &target.out;
        output::write_atomically(out, files).map_err(|error| format!("writing {}: {error}", out.display()))?;
        println!("wrote {} files to {}", files.len(), out.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// The SDK and every fixture crate, in a fixed order.
fn committed_targets(root: &Path) -> Result<Vec<Target>, String> {
    let mut targets = vec![Target {
        model: root.join("model/wickr.json"),
        config: Some(root.join("model/codegen.toml")),
        out: root.join("generated"),
    }];
    let fixtures = root.join("tests/fixtures/codegen");
    let mut models: Vec<PathBuf> = fs::read_dir(&fixtures)
        .map_err(|error| format!("cannot read {}: {error}", fixtures.display()))?
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "json"))
        .collect();
    models.sort();
    for model in models {
        let name = model.file_stem().and_then(|stem| stem.to_str()).unwrap_or_default().to_owned();
        targets.push(Target { model, config: None, out: root.join("tests/output").join(name) });
    }
    Ok(targets)
}

fn generate(target: &Target, root: &Path) -> Result<Vec<GeneratedFile>, String> {
    let model_text = read(&target.model)?;
    let config = match &target.config {
        Some(path) => Some(Config::from_toml(&read(path)?).map_err(|error| format!("{}: {error}", path.display()))?),
        None => None,
    };
    let ir = codegen::ir::build_from_str(&model_text, config.as_ref().unwrap_or(&Config::example()))
        .map_err(|errors| format!("{}: {errors}", target.model.display()))?;
    // What the SDK leaves out of a valid model is said, never silent.
    for warning in &ir.warnings {
        eprintln!("warning: {}: {warning}", target.model.display());
    }
    let config = match config {
        Some(config) => config,
        None => Config::derived(&ir, relative_path(&absolute(&target.out), &root.join("runtime"))),
    };
    Ok(codegen::emit::emit(&ir, &config))
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}

/// `path` from the current directory, with `.` and `..` resolved by name.
pub(crate) fn absolute(path: &Path) -> PathBuf {
    let joined = std::env::current_dir().map(|dir| dir.join(path)).unwrap_or_else(|_| path.to_path_buf());
    let mut normal = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                normal.pop();
            }
            Component::CurDir => {}
            other => normal.push(other),
        }
    }
    normal
}

/// The path from directory `from` to `to` (both absolute), `/`-separated, as
/// a Cargo manifest writes it.
pub(crate) fn relative_path(from: &Path, to: &Path) -> String {
    let to = absolute(to);
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let downs = to[common..].iter().map(|part| part.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_between_directories() {
        let path = |text: &str| PathBuf::from(text);
        assert_eq!(relative_path(&path("/w/tests/output/union"), &path("/w/runtime")), "../../../runtime");
        assert_eq!(relative_path(&path("/w/generated"), &path("/w/runtime")), "../runtime");
        assert_eq!(relative_path(&path("/tmp/x"), &path("/w/runtime")), "../../w/runtime");
    }
}
