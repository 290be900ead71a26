//! `cargo xtask` as users run it: the real binary on real files.

mod codegen_cli;
mod diff_cli;
mod scratch_tasks;
