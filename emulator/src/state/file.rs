//! Reading state and seed files, and writing the state file atomically.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, Write as _};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::{FORMAT, State, VERSION, check, defaults};

/// A state or seed file that cannot be used: which file, and every problem
/// found in it. Nothing of such a file is loaded.
#[derive(Debug)]
pub struct StateFileError {
    path: PathBuf,
    problems: Vec<String>,
}

impl StateFileError {
    fn new(path: &Path, problems: Vec<String>) -> Self {
        StateFileError { path: path.to_owned(), problems }
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// What is wrong with it, one problem each.
    pub fn problems(&self) -> &[String] {
        &self.problems
    }
}

impl fmt::Display for StateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => write!(f, "{}: {one}", self.path.display()),
            many => {
                write!(f, "{}: {} problems:", self.path.display(), many.len())?;
                many.iter().try_for_each(|problem| write!(f, "\n  - {problem}"))
            }
        }
    }
}

impl std::error::Error for StateFileError {}

/// Reads the state in `path`, checked whole: any problem refuses the file.
pub(crate) fn load(path: &Path) -> Result<State, StateFileError> {
    let refuse = |problems: Vec<String>| StateFileError::new(path, problems);
    let text = fs::read_to_string(path).map_err(|error| refuse(vec![format!("cannot be read: {error}")]))?;
    if text.trim().is_empty() {
        return Err(refuse(vec!["the file is empty; it is not a state file (remove it to start afresh)".to_owned()]));
    }
    let value: Value = serde_json::from_str(&text).map_err(|error| refuse(vec![format!("not valid JSON: {error}")]))?;
    let declared = (value.get("format").and_then(Value::as_str), value.get("version").and_then(Value::as_u64));
    match declared {
        (Some(FORMAT), Some(version)) if version == u64::from(VERSION) => {}
        (Some(FORMAT), Some(version)) => {
            return Err(refuse(vec![format!(
                "version {version} of the state format is not one this emulator reads (it reads {VERSION})"
            )]));
        }
        _ => {
            return Err(refuse(vec![format!(
                "not a state file: it must be a JSON object with \"format\": \"{FORMAT}\" and \"version\": {VERSION}"
            )]));
        }
    }
    let mut state: State = serde_json::from_str(&text).map_err(|error| refuse(vec![error.to_string()]))?;
    let problems = check::problems(&state);
    if !problems.is_empty() {
        return Err(refuse(problems));
    }
    for network in state.networks.values_mut() {
        network.settings = defaults::fill_network_settings(&network.settings);
        for group in network.security_groups.values_mut() {
            group.security_group_settings = defaults::fill_group_settings(&group.security_group_settings);
        }
    }
    Ok(state)
}

/// Writes `state` to `path` so that the file is always whole: the JSON goes
/// to a temporary file beside it, is flushed to disk, and is then renamed
/// over `path` (a rename within a directory replaces the file in one step).
pub(crate) fn save(path: &Path, state: &State) -> io::Result<()> {
    let json = serde_json::to_vec_pretty(state).map_err(io::Error::other)?;
    let name = path.file_name().ok_or_else(|| io::Error::other(format!("{} names no file", path.display())))?;
    let temporary = path.with_file_name(format!(".{}.{}.tmp", name.to_string_lossy(), std::process::id()));
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(&json)?;
        file.write_all(b"\n")?;
        file.sync_all()
    });
    if let Err(error) = written.and_then(|()| fs::rename(&temporary, path)) {
        let _ = fs::remove_file(&temporary);
        return Err(io::Error::new(error.kind(), format!("{}: {error}", path.display())));
    }
    // The rename itself reaches the disk when the directory does.
    if let Some(directory) = path.parent().filter(|dir| !dir.as_os_str().is_empty()) {
        let _ = File::open(directory).and_then(|dir| dir.sync_all());
    }
    Ok(())
}
