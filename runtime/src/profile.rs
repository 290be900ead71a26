//! The shared AWS config and credentials files (`~/.aws/config`,
//! `~/.aws/credentials`): a small INI parser and the profile selection rules.
//!
//! Supported: `[default]`, `[profile name]` and `[sso-session name]` in the
//! config file, `[name]` in the credentials file, `key = value` properties, full-line and inline comments
//! (`#` or `;`), continuation lines and indented sub-properties (which are
//! skipped). Both files are optional; the credentials file wins when both set
//! the same property of the same profile.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::path::{Path, PathBuf};

use crate::env::Env;

/// One named profile's properties (keys lower-cased). `Debug` shows the
/// secret keys, the session token and `credential_process` (whose
/// arguments may hold a secret) redacted.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Profile {
    name: String,
    properties: BTreeMap<String, String>,
}

impl Profile {
    /// The profile's name (`default` for `[default]`).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A property's value, looked up case-insensitively; blank values count as unset.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.properties.get(&key.to_ascii_lowercase()).map(String::as_str).filter(|v| !v.is_empty())
    }
}

impl fmt::Debug for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SECRET: [&str; 3] = ["aws_secret_access_key", "aws_session_token", "credential_process"];
        let shown: BTreeMap<&str, &str> = self
            .properties
            .iter()
            .map(|(k, v)| (k.as_str(), if SECRET.contains(&k.as_str()) { "** redacted **" } else { v.as_str() }))
            .collect();
        f.debug_struct("Profile").field("name", &self.name).field("properties", &shown).finish()
    }
}

/// Every profile from both files, plus which one is selected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProfileSet {
    profiles: HashMap<String, Profile>,
    /// `[sso-session name]` sections of the config file, which profiles name
    /// in their `sso_session` key.
    sso_sessions: HashMap<String, Profile>,
    selected: String,
}

impl ProfileSet {
    /// Reads the files named by `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`
    /// (default `~/.aws/config` and `~/.aws/credentials`) and selects
    /// `AWS_PROFILE` (default `default`). Missing files are not an error.
    pub fn load(env: &Env) -> Result<Self, ProfileError> {
        let config_path =
            env.expand_home(&env.get_non_empty("AWS_CONFIG_FILE").unwrap_or_else(|| "~/.aws/config".into()));
        let credentials_path = env.expand_home(
            &env.get_non_empty("AWS_SHARED_CREDENTIALS_FILE").unwrap_or_else(|| "~/.aws/credentials".into()),
        );
        let selected = env.get_non_empty("AWS_PROFILE").unwrap_or_else(|| "default".into());
        let config = read_optional(&config_path)?;
        let credentials = read_optional(&credentials_path)?;
        Self::parse(config.as_deref(), credentials.as_deref(), &selected).map_err(|e| {
            // Say which file was broken: the parser only knows which text it had.
            let path = if e.in_credentials_file { credentials_path } else { config_path };
            e.with_path(path)
        })
    }

    /// Parses the two files' contents (either may be absent) and selects `profile`.
    pub fn parse(config: Option<&str>, credentials: Option<&str>, profile: &str) -> Result<Self, ProfileError> {
        let mut profiles: HashMap<String, Profile> = HashMap::new();
        let mut sso_sessions: HashMap<String, Profile> = HashMap::new();
        if let Some(text) = config {
            // In the config file `[profile default]` beats `[default]`, so apply
            // bare `[default]` first and let the prefixed form overwrite it.
            let mut sections = parse_ini(text).map_err(|e| e.in_file(false))?;
            sections.sort_by_key(|s| s.header.trim() != "default");
            for section in sections {
                if let Some(name) = config_profile_name(&section.header) {
                    merge(&mut profiles, name, section.properties);
                } else if let Some(name) = prefixed_name(&section.header, "sso-session") {
                    merge(&mut sso_sessions, name, section.properties);
                }
            }
        }
        if let Some(text) = credentials {
            for section in parse_ini(text).map_err(|e| e.in_file(true))? {
                let name = section.header.trim().to_owned();
                merge(&mut profiles, name, section.properties);
            }
        }
        Ok(Self { profiles, sso_sessions, selected: profile.to_owned() })
    }

    /// The name of the selected profile.
    pub fn selected_name(&self) -> &str {
        &self.selected
    }

    /// The selected profile, if either file defines it.
    pub fn selected(&self) -> Option<&Profile> {
        self.profiles.get(&self.selected)
    }

    /// A profile by name.
    pub fn get(&self, name: &str) -> Option<&Profile> {
        self.profiles.get(name)
    }

    /// An `[sso-session name]` section of the config file.
    pub fn sso_session(&self, name: &str) -> Option<&Profile> {
        self.sso_sessions.get(name)
    }
}

fn read_optional(path: &Path) -> Result<Option<String>, ProfileError> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(ProfileError {
            path: Some(path.to_owned()),
            line: None,
            message: format!("could not read: {e}"),
            in_credentials_file: false,
        }),
    }
}

/// Maps a config-file section header to a profile name; other sections
/// (`[sso-session x]`, read separately, `[services x]`, or a bare `[x]`,
/// which the config file does not allow for profiles other than `default`)
/// are not profiles.
fn config_profile_name(header: &str) -> Option<String> {
    let header = header.trim();
    if header == "default" {
        return Some("default".to_owned());
    }
    prefixed_name(header, "profile")
}

/// The name in a `[kind name]` header.
fn prefixed_name(header: &str, kind: &str) -> Option<String> {
    let rest = header.trim().strip_prefix(kind)?;
    // Require whitespace after the kind so `[profiler]` is not a profile.
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name = rest.trim();
    (!name.is_empty()).then(|| name.to_owned())
}

fn merge(profiles: &mut HashMap<String, Profile>, name: String, properties: BTreeMap<String, String>) {
    let profile = profiles.entry(name.clone()).or_insert_with(|| Profile { name, properties: BTreeMap::new() });
    profile.properties.extend(properties);
}

struct Section {
    header: String,
    properties: BTreeMap<String, String>,
}

/// Splits an INI text into sections. Errors carry a 1-based line number.
fn parse_ini(text: &str) -> Result<Vec<Section>, ProfileError> {
    let mut sections: Vec<Section> = Vec::new();
    // The property that continuation lines extend, and whether it opened a
    // sub-property block (an empty value followed by indented lines).
    let mut last_key: Option<String> = None;
    for (index, raw) in text.lines().enumerate() {
        let line_no = index + 1;
        let error = |message: &str| ProfileError::at_line(line_no, message);
        let trimmed = raw.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') || trimmed.starts_with(';') {
            continue;
        }
        if raw.starts_with([' ', '\t']) {
            // Continuation or sub-property line.
            let Some(section) = sections.last_mut() else { return Err(error("indented line before any section")) };
            let Some(key) = &last_key else { return Err(error("indented line does not follow a property")) };
            let value = section.properties.entry(key.clone()).or_default();
            if value.is_empty() || value.starts_with('\n') {
                // Sub-properties (e.g. `s3 =` then `  max_concurrency = 10`) are
                // not used by this SDK; mark the parent so it is not read as a value.
                value.clear();
                value.push('\n');
            } else {
                value.push('\n');
                value.push_str(strip_inline_comment(trimmed));
            }
            continue;
        }
        if let Some(rest) = trimmed.strip_prefix('[') {
            let Some(end) = rest.find(']') else { return Err(error("section header has no closing `]`")) };
            let after = rest[end + 1..].trim();
            if !(after.is_empty() || after.starts_with('#') || after.starts_with(';')) {
                return Err(error("unexpected text after section header"));
            }
            let header = rest[..end].trim();
            if header.is_empty() {
                return Err(error("empty section name"));
            }
            sections.push(Section { header: header.to_owned(), properties: BTreeMap::new() });
            last_key = None;
            continue;
        }
        let Some(section) = sections.last_mut() else { return Err(error("property before any section")) };
        let Some((key, value)) = trimmed.split_once('=') else { return Err(error("expected `key = value`")) };
        let key = key.trim().to_ascii_lowercase();
        if key.is_empty() {
            return Err(error("property has no name"));
        }
        section.properties.insert(key.clone(), strip_inline_comment(value.trim()).to_owned());
        last_key = Some(key);
    }
    // A sub-property block leaves a "\n" marker; it has no value of its own.
    for section in &mut sections {
        section.properties.retain(|_, v| v != "\n");
    }
    Ok(sections)
}

/// Removes a `#` or `;` comment that follows whitespace (a `#` inside a value,
/// as in a URL fragment, is kept).
fn strip_inline_comment(value: &str) -> &str {
    let bytes = value.as_bytes();
    for i in 1..bytes.len() {
        if (bytes[i] == b'#' || bytes[i] == b';') && bytes[i - 1].is_ascii_whitespace() {
            return value[..i].trim_end();
        }
    }
    value
}

/// A shared config or credentials file could not be read or parsed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProfileError {
    path: Option<PathBuf>,
    line: Option<usize>,
    message: String,
    in_credentials_file: bool,
}

impl ProfileError {
    fn at_line(line: usize, message: &str) -> Self {
        Self { path: None, line: Some(line), message: message.to_owned(), in_credentials_file: false }
    }

    fn in_file(mut self, credentials: bool) -> Self {
        self.in_credentials_file = credentials;
        self
    }

    fn with_path(mut self, path: PathBuf) -> Self {
        self.path = Some(path);
        self
    }

    /// The file, when known.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The 1-based line number, for parse errors.
    pub fn line(&self) -> Option<usize> {
        self.line
    }
}

impl fmt::Display for ProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = match &self.path {
            Some(path) => path.display().to_string(),
            None if self.in_credentials_file => "credentials file".to_owned(),
            None => "config file".to_owned(),
        };
        match self.line {
            Some(line) => write!(f, "{file}, line {line}: {}", self.message),
            None => write!(f, "{file}: {}", self.message),
        }
    }
}

impl std::error::Error for ProfileError {}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "\
# comment
[default]
region = us-west-2 ; inline comment
[profile dev]
region=eu-west-1
s3 =
  max_concurrent_requests = 10
output = json
[sso-session corp]
sso_region = us-east-1
[orphan]
region = ap-south-1
";

    const CREDENTIALS: &str = "\
[default]
aws_access_key_id = AKIDDEFAULT
aws_secret_access_key = secret#with#hashes
[dev]
aws_access_key_id = AKIDDEV
aws_secret_access_key = devsecret
region = us-east-2
";

    #[test]
    fn parses_both_files_and_merges() {
        let set = ProfileSet::parse(Some(CONFIG), Some(CREDENTIALS), "dev").unwrap();
        let dev = set.selected().unwrap();
        assert_eq!(dev.name(), "dev");
        // The credentials file wins over the config file.
        assert_eq!(dev.get("region"), Some("us-east-2"));
        assert_eq!(dev.get("AWS_ACCESS_KEY_ID"), Some("AKIDDEV"));
        assert_eq!(dev.get("output"), Some("json"));
        assert_eq!(dev.get("s3"), None);
        let default = set.get("default").unwrap();
        assert_eq!(default.get("region"), Some("us-west-2"));
        assert_eq!(default.get("aws_secret_access_key"), Some("secret#with#hashes"));
        // A bare `[orphan]` in the config file is not a profile; sso-session is not either.
        assert!(set.get("orphan").is_none());
        assert!(set.get("corp").is_none());
        assert_eq!(set.sso_session("corp").unwrap().get("sso_region"), Some("us-east-1"));
    }

    #[test]
    fn debug_redacts_secrets() {
        let config = "[profile p]\ncredential_process = helper --password hunter2\nregion = eu-west-1\n";
        let set = ProfileSet::parse(Some(config), Some(CREDENTIALS), "p").unwrap();
        let text = format!("{set:?}");
        for secret in ["secret#with#hashes", "devsecret", "hunter2"] {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
        assert!(text.contains("AKIDDEV") && text.contains("eu-west-1"), "{text}");
    }

    #[test]
    fn prefixed_default_wins_in_config() {
        let config = "[profile default]\nregion = a\n[default]\nregion = b\n";
        let set = ProfileSet::parse(Some(config), None, "default").unwrap();
        assert_eq!(set.selected().unwrap().get("region"), Some("a"));
    }

    #[test]
    fn malformed_lines_are_errors_with_line_numbers() {
        for (text, line) in [("[default]\nno equals sign\n", 2), ("key = v\n", 1), ("[open\n", 1), ("  indented\n", 1)]
        {
            let err = ProfileSet::parse(Some(text), None, "default").unwrap_err();
            assert_eq!(err.line(), Some(line), "{text:?}: {err}");
        }
    }

    #[test]
    fn every_parse_error_says_what_is_wrong_where() {
        for (text, line, message) in [
            ("  indented\n", 1, "indented line before any section"),
            ("[a]\n  indented\n", 2, "indented line does not follow a property"),
            ("[open\n", 1, "section header has no closing `]`"),
            ("[a] trailing\n", 1, "unexpected text after section header"),
            ("[a]\n[ ]\n", 2, "empty section name"),
            ("# comment\nkey = v\n", 2, "property before any section"),
            ("[a]\nno equals sign\n", 2, "expected `key = value`"),
            ("[a]\n= v\n", 2, "property has no name"),
        ] {
            let error = ProfileSet::parse(Some(text), None, "a").unwrap_err();
            assert_eq!(error.to_string(), format!("config file, line {line}: {message}"), "{text:?}");
            let error = ProfileSet::parse(None, Some(text), "a").unwrap_err();
            assert_eq!(error.to_string(), format!("credentials file, line {line}: {message}"), "{text:?}");
        }
        // A comment after a header is allowed.
        assert!(ProfileSet::parse(Some("[a] # note\nk = v\n"), None, "a").is_ok());
    }

    #[test]
    fn only_whole_words_make_a_profile_or_sso_session_header() {
        let config = "[profiler]\nregion = a\n[profile]\nregion = b\n[sso-sessions x]\nsso_region = c\n\
                      [profile\tp]\nregion = d\n[sso-session\ts]\nsso_region = e\n";
        let set = ProfileSet::parse(Some(config), None, "p").unwrap();
        for name in ["profiler", "r", "", "profile", "x", "sso-sessions x"] {
            assert!(set.get(name).is_none(), "{name:?} is not a profile");
        }
        assert!(set.sso_session("x").is_none() && set.sso_session("sessions x").is_none());
        assert_eq!(set.selected().unwrap().get("region"), Some("d"));
        assert_eq!(set.sso_session("s").unwrap().get("sso_region"), Some("e"));
    }

    #[test]
    fn continuation_lines_extend_values() {
        let set = ProfileSet::parse(None, Some("[a]\nk = one\n  two\n"), "a").unwrap();
        assert_eq!(set.selected().unwrap().get("k"), Some("one\ntwo"));
    }
}
