//! `wait <waiter> --flags…`: the operation's input from the same flags as
//! its own command, then [`crate::waiter::wait`] until the waiter's
//! acceptors end the wait. As the AWS CLI's waiters, it prints nothing and
//! exits 0 when the state is reached; a failure state, an error no acceptor
//! matches and `--cli-max-wait` running out print why and exit 1.

use std::time::Duration;

use serde::de::DeserializeOwned;

use super::run::{Prepared, prepare, print_signed, report};
use super::{EXIT_OK, EXIT_USAGE, Invocation, failed, printable};
use crate::operation::Operation;
use crate::shape::View;
use crate::waiter::{WaitSettings, Waiter, WaiterError};

/// How long a `wait` command waits without `--cli-max-wait`.
pub const DEFAULT_MAX_WAIT: Duration = Duration::from_secs(600);

/// Reads the assembled input into `I`, validates it, then polls it until
/// `waiter` ends the wait (or prints the first request, with `--dry-run`).
pub fn run<I>(invocation: Invocation<'_>, waiter: &Waiter) -> u8
where
    I: Operation + DeserializeOwned + View + Clone,
    I::Output: View,
{
    let Prepared { input, handle, runtime, operation, options, out, err, .. } = match prepare::<I>(invocation) {
        Ok(prepared) => prepared,
        Err(status) => return status,
    };
    runtime.block_on(async {
        if options.dry_run {
            return print_signed(&handle, &input, operation, out, err).await;
        }
        let max_wait = options.max_wait.map_or(DEFAULT_MAX_WAIT, Duration::from_secs);
        let handle = &handle;
        let waited =
            crate::waiter::wait(waiter, WaitSettings::new(max_wait), input, |input| super::run::invoke(handle, input))
                .await;
        let name = waiter.name;
        match waited {
            Ok(_) => EXIT_OK,
            Err(WaiterError::OperationFailed(error)) => report(operation, &error, err),
            Err(WaiterError::FailureState(last)) => {
                let code = last.result().err().and_then(|error| error.code()).map(|code| format!(" ({code})"));
                let attempts = last.attempts();
                let why = format!(
                    "Waiter {name} failed: a terminal failure state{} after {attempts} attempts",
                    code.unwrap_or_default()
                );
                // The code is the service's text: no control characters reach the terminal.
                failed(err, &printable(&why))
            }
            Err(WaiterError::ExceededMaxWait { attempts, .. }) => {
                let why = format!(
                    "Waiter {name} failed: --cli-max-wait ({} s) ran out after {attempts} attempts",
                    max_wait.as_secs()
                );
                failed(err, &why)
            }
            Err(WaiterError::Invalid(why)) => {
                let _ = writeln!(err, "error: waiter {name}: {why}");
                EXIT_USAGE
            }
        }
    })
}
