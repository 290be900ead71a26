//! `cargo xtask codegen`: model → generated crate, atomically, or `--check`.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use codegen::{Config, output};

use crate::{Args, workspace_root};

pub fn run(args: &[String]) -> Result<ExitCode, String> {
    let args = Args::parse(args, &["--model", "--config", "--out"], &["--check"])?;
    let root = workspace_root();
    let model_path = args.value("--model").map(PathBuf::from).unwrap_or_else(|| root.join("model/wickr.json"));
    let config_path = match args.value("--config") {
        Some(path) => PathBuf::from(path),
        None => model_path.parent().unwrap_or(Path::new(".")).join("codegen.toml"),
    };
    let out_dir = args.value("--out").map(PathBuf::from).unwrap_or_else(|| root.join("generated"));

    let model_text = read(&model_path)?;
    let config =
        Config::from_toml(&read(&config_path)?).map_err(|error| format!("{}: {error}", config_path.display()))?;
    let files =
        codegen::generate(&model_text, &config).map_err(|errors| format!("{}: {errors}", model_path.display()))?;

    if args.has("--check") {
        let drift = output::check(&out_dir, &files).map_err(|error| format!("{}: {error}", out_dir.display()))?;
        if drift.is_empty() {
            println!("{} is up to date ({} files)", out_dir.display(), files.len());
            return Ok(ExitCode::SUCCESS);
        }
        eprintln!("{} is out of date with the model; run `cargo xtask codegen`:", out_dir.display());
        for item in drift {
            eprintln!("  {item}");
        }
        return Ok(ExitCode::FAILURE);
    }
    output::write_atomically(&out_dir, &files).map_err(|error| format!("writing {}: {error}", out_dir.display()))?;
    println!("wrote {} files to {}", files.len(), out_dir.display());
    Ok(ExitCode::SUCCESS)
}

fn read(path: &Path) -> Result<String, String> {
    fs::read_to_string(path).map_err(|error| format!("cannot read {}: {error}", path.display()))
}
