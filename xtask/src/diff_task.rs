//! `cargo xtask diff`: not written yet.

use std::process::ExitCode;

pub fn run(_args: &[String]) -> Result<ExitCode, String> {
    Err("`cargo xtask diff` is not implemented yet".to_owned())
}
