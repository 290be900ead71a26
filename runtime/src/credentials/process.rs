//! `credential_process`: a command that prints credentials as JSON.

use std::fmt;
use std::process::{Command, Stdio};

use super::{Credentials, CredentialsError, CredentialsFuture, ProvideCredentials};

/// Runs a command and reads credentials from its standard output, as a
/// profile's `credential_process` does:
///
/// ```json
/// {"Version": 1, "AccessKeyId": "…", "SecretAccessKey": "…",
///  "SessionToken": "…", "Expiration": "2024-01-31T12:00:00Z"}
/// ```
///
/// `SessionToken` and `Expiration` are optional; without an expiry the
/// credentials are kept for good. The command line goes to the system shell
/// (`sh -c` on Unix, `cmd /C` on Windows), as the AWS SDKs do, so quoting
/// works as it does in a terminal. When the command fails, the error gives
/// its exit status and the end of what it wrote to standard error; standard
/// output, which may hold a secret, is never shown, nor are the command's
/// arguments (they may hold one too).
#[derive(Clone)]
pub struct ProcessProvider {
    command: String,
}

impl ProcessProvider {
    /// A provider that runs `command`.
    pub fn new(command: impl Into<String>) -> Self {
        Self { command: command.into() }
    }

    /// Runs the command now (on a blocking thread, so the async runtime is not held up).
    pub async fn load(&self) -> Result<Credentials, CredentialsError> {
        run(&self.command, &format!("credential_process `{}`", program(&self.command))).await
    }
}

/// The program a command line starts (its first word), for messages that
/// must not show the arguments.
pub(super) fn program(command: &str) -> &str {
    command.split_whitespace().next().unwrap_or_default()
}

/// Runs `command`; `context` names it in errors.
pub(super) async fn run(command: &str, context: &str) -> Result<Credentials, CredentialsError> {
    let failed = |why: String| CredentialsError::Failed(format!("{context}: {why}"));
    let mut shell = if cfg!(windows) {
        let mut shell = Command::new("cmd.exe");
        shell.arg("/C");
        shell
    } else {
        let mut shell = Command::new("sh");
        shell.arg("-c");
        shell
    };
    shell.arg(command).stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let output = tokio::task::spawn_blocking(move || shell.output())
        .await
        .map_err(|e| failed(format!("the command did not finish: {e}")))?
        .map_err(|e| failed(format!("cannot start the shell: {e}")))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let stderr = stderr.trim();
        // The end says why it failed; keep a message from a chatty helper short.
        let tail: String = {
            let chars: Vec<char> = stderr.chars().collect();
            chars[chars.len().saturating_sub(300)..].iter().collect()
        };
        let said = if tail.is_empty() { String::new() } else { format!(": {tail}") };
        return Err(failed(format!("the command exited with {}{said}", output.status)));
    }
    let object = super::json::object(&output.stdout).map_err(|e| failed(format!("its output: {e}")))?;
    match object.get("Version").and_then(serde_json::Value::as_u64) {
        Some(1) => {}
        _ => return Err(failed("its output must have `\"Version\": 1`".into())),
    }
    super::json::credentials(&object, "SessionToken").map_err(|e| failed(format!("its output: {e}")))
}

impl ProvideCredentials for ProcessProvider {
    fn provide_credentials(&self) -> CredentialsFuture<'_> {
        Box::pin(self.load())
    }
}

impl fmt::Debug for ProcessProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if program(&self.command) == self.command.trim() {
            self.command.trim().to_owned()
        } else {
            format!("{} ** arguments redacted **", program(&self.command))
        };
        f.debug_struct("ProcessProvider").field("command", &shown).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_arguments() {
        let provider = ProcessProvider::new("/usr/bin/helper --password hunter2");
        let text = format!("{provider:?}");
        assert!(text.contains("/usr/bin/helper") && !text.contains("hunter2"), "{text}");
    }
}
