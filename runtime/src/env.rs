//! Where configuration loaders read environment variables from.
//!
//! Loaders take an [`Env`] instead of calling `std::env::var` directly so tests
//! can hand them a fixed map: mutating the real process environment from tests
//! that run in parallel is racy (and `unsafe` since edition 2024).

use std::collections::HashMap;
use std::fmt;
use std::path::PathBuf;
use std::sync::Arc;

/// A source of environment variables: the process environment, or a fixed map.
#[derive(Clone, Default)]
pub struct Env {
    /// `None` reads the process environment.
    fixed: Option<Arc<HashMap<String, String>>>,
}

impl Env {
    /// Reads the real process environment on every lookup.
    pub fn process() -> Self {
        Self { fixed: None }
    }

    /// A fixed set of variables; every other name is unset.
    pub fn from_vars<K: Into<String>, V: Into<String>>(vars: impl IntoIterator<Item = (K, V)>) -> Self {
        let map = vars.into_iter().map(|(k, v)| (k.into(), v.into())).collect();
        Self { fixed: Some(Arc::new(map)) }
    }

    /// The variable's value; `None` when unset or not valid Unicode.
    pub fn get(&self, name: &str) -> Option<String> {
        match &self.fixed {
            Some(map) => map.get(name).cloned(),
            None => std::env::var(name).ok(),
        }
    }

    /// Like [`get`](Self::get), but treats an empty or all-blank value as unset,
    /// as the AWS SDKs do for most settings.
    pub fn get_non_empty(&self, name: &str) -> Option<String> {
        self.get(name).map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
    }

    /// The user's home directory: `HOME`, else `USERPROFILE` (Windows).
    pub fn home_dir(&self) -> Option<PathBuf> {
        self.get_non_empty("HOME").or_else(|| self.get_non_empty("USERPROFILE")).map(PathBuf::from)
    }

    /// Expands a leading `~/` (or a lone `~`) to the home directory.
    pub fn expand_home(&self, path: &str) -> PathBuf {
        let rest = if path == "~" { Some("") } else { path.strip_prefix("~/").or_else(|| path.strip_prefix("~\\")) };
        match (rest, self.home_dir()) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(path),
        }
    }
}

// Values may hold secrets (AWS_SECRET_ACCESS_KEY), so Debug shows only the source.
impl fmt::Debug for Env {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.fixed {
            Some(map) => write!(f, "Env::from_vars({} variables)", map.len()),
            None => f.write_str("Env::process()"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_env_and_home_expansion() {
        let env = Env::from_vars([("HOME", "/home/me"), ("BLANK", "  ")]);
        assert_eq!(env.get("HOME").as_deref(), Some("/home/me"));
        assert_eq!(env.get("PATH"), None);
        assert_eq!(env.get_non_empty("BLANK"), None);
        assert_eq!(env.expand_home("~/.aws/config"), PathBuf::from("/home/me/.aws/config"));
        assert_eq!(env.expand_home("/etc/x"), PathBuf::from("/etc/x"));
        assert_eq!(format!("{env:?}"), "Env::from_vars(2 variables)");
    }
}
