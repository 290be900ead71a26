//! `<tool> completion bash | zsh | fish | powershell`: a script completing
//! the tool's commands, options and enum values, written by `clap_complete`
//! from the same `clap` command the tool parses with.

use std::io::Write;

use clap_complete::Shell;

use super::command_line::command;
use super::spec::CliSpec;
use super::{EXIT_OK, EXIT_USAGE, usage};

/// Prints the script for `shell`.
pub(super) fn print(spec: &CliSpec, shell: &str, out: &mut dyn Write, err: &mut dyn Write) -> u8 {
    let shell = match shell {
        "bash" => Shell::Bash,
        "zsh" => Shell::Zsh,
        "fish" => Shell::Fish,
        "powershell" => Shell::PowerShell,
        other => return usage(err, &format!("no completion for the shell `{other}`")),
    };
    let mut command = command(spec);
    clap_complete::generate(shell, &mut command, spec.binary, out);
    if out.flush().is_err() { EXIT_USAGE } else { EXIT_OK }
}
