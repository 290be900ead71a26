//! A local, stateful emulator of the AWS Wickr Admin API, for tests of
//! code that manages Wickr networks: create users, find them in the list,
//! suspend them and see the counts change, page through hundreds of them,
//! without an AWS account or a real network.
//!
//! It implements the generated server trait (`wickr_admin_sdk::server::Service`)
//! for all 44 operations over in-memory state, so requests are read,
//! validated and answered exactly as the model says; what the emulator
//! decides beyond the model (ids, defaults, counts, ordering) is listed in
//! its README.
//!
//! ```ignore
//! let emulator = wickr_emulator::Emulator::start().await?;
//! let client = emulator.client();
//! let network = client.create_network().network_name("Test").access_level(AccessLevel::Premium).send().await?;
//! // … the code under test uses `client`, or `emulator.url()` as its endpoint URL …
//! emulator.shutdown().await?;
//! ```
//!
//! The `wickr-emulator` binary serves the same on a port, for the CLI, the
//! AWS CLI and other languages.

mod backend;
mod clock;
mod control;
mod error;
mod faults;
mod gateway;
mod idempotency;
mod ids;
mod ops;
mod paging;
mod service;
mod sorting;
mod state;

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use sdk_runtime::config::{Config, ConfigBuilder};
use sdk_runtime::credentials::Credentials;
use sdk_runtime::retry::RetryConfig;
use sdk_runtime::server::ServerHandle;
use wickr_admin_sdk::Client;

pub use control::ControlError;
pub use faults::{Fault, FaultKind};
pub use gateway::CONTROL_PREFIX;
pub use paging::{DEFAULT_PAGE_SIZE, TOKEN_LIFETIME};
pub use service::OPERATIONS;
pub use state::{FORMAT as STATE_FORMAT, StateFileError, VERSION as STATE_VERSION};

use backend::{Account, Backend};
use faults::Faults;

/// The port the binary listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 4566;
/// The region the emulated networks are in unless told otherwise.
pub const DEFAULT_REGION: &str = "us-east-1";
/// The account that owns the emulated networks unless told otherwise.
pub const DEFAULT_ACCOUNT_ID: &str = "000000000000";
/// The administrator recorded as blocking guest users.
pub const ADMIN_NAME: &str = "admin";

/// Why the emulator did not start.
#[derive(Debug)]
pub enum StartError {
    /// The state or seed file cannot be used.
    State(StateFileError),
    /// The state file cannot be written (it is saved once at start).
    Save(std::io::Error),
    /// The address cannot be listened on.
    Bind(SocketAddr, std::io::Error),
    /// A setting is wrong (an unknown operation in a fault, a bad account id).
    Setting(String),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StartError::State(error) => error.fmt(f),
            StartError::Save(error) => write!(f, "the state file cannot be written: {error}"),
            StartError::Bind(addr, error) => write!(f, "cannot listen on {addr}: {error}"),
            StartError::Setting(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for StartError {}

/// How to start an [`Emulator`]: where it listens, its state file or seed,
/// its account, and any faults armed from the start.
#[derive(Clone, Debug)]
pub struct EmulatorBuilder {
    addr: SocketAddr,
    state_file: Option<PathBuf>,
    seed_file: Option<PathBuf>,
    region: String,
    account_id: String,
    latency: Duration,
    faults: Vec<Fault>,
}

impl Default for EmulatorBuilder {
    fn default() -> Self {
        EmulatorBuilder {
            addr: SocketAddr::from(([127, 0, 0, 1], 0)),
            state_file: None,
            seed_file: None,
            region: DEFAULT_REGION.to_owned(),
            account_id: DEFAULT_ACCOUNT_ID.to_owned(),
            latency: Duration::ZERO,
            faults: Vec::new(),
        }
    }
}

impl EmulatorBuilder {
    /// Listens on `addr` (default `127.0.0.1:0`, a free port on the
    /// loopback interface; another interface makes the emulator reachable
    /// from the network).
    pub fn address(mut self, addr: SocketAddr) -> Self {
        self.addr = addr;
        self
    }

    /// Loads the state from `path` when it exists, and saves it there after
    /// every change (atomically: a temporary file renamed over it).
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Starts from the fixtures in `path` (a file in the state format),
    /// never writing to it. With a state file that exists, the state file
    /// wins.
    pub fn seed_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.seed_file = Some(path.into());
        self
    }

    /// The region in network ARNs (default `us-east-1`).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = region.into();
        self
    }

    /// The account id of the networks (default `000000000000`).
    pub fn account_id(mut self, account_id: impl Into<String>) -> Self {
        self.account_id = account_id.into();
        self
    }

    /// Delays every call by `latency`.
    pub fn latency(mut self, latency: Duration) -> Self {
        self.latency = latency;
        self
    }

    /// Arms `fault` from the start.
    pub fn fault(mut self, fault: Fault) -> Self {
        self.faults.push(fault);
        self
    }

    /// Loads the state and starts serving.
    pub async fn start(self) -> Result<Emulator, StartError> {
        if self.account_id.len() != 12 || !self.account_id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(StartError::Setting(format!("the account id `{}` is not 12 digits", self.account_id)));
        }
        if self.region.is_empty() || !self.region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
            return Err(StartError::Setting(format!("`{}` is not a region name", self.region)));
        }
        let mut faults = Faults::default();
        faults.set_latency(None, self.latency);
        for fault in self.faults {
            control::check_fault(&fault).map_err(|error| StartError::Setting(error.to_string()))?;
            faults.arm(fault);
        }
        let existing = self.state_file.as_ref().filter(|path| path.exists());
        let state = match (existing, &self.seed_file) {
            (Some(path), _) | (None, Some(path)) => state::load(path).map_err(StartError::State)?,
            (None, None) => state::State::default(),
        };
        let account = Account { region: self.region, account_id: self.account_id, admin: ADMIN_NAME.to_owned() };
        let backend = Arc::new(Backend::new(state, self.state_file.clone(), account, faults));
        // Saving at once shows a state file that cannot be written now, not at the first change.
        backend.save().map_err(StartError::Save)?;
        let server = sdk_runtime::server::serve(self.addr, Arc::new(gateway::Gateway::new(backend.clone())))
            .await
            .map_err(|error| StartError::Bind(self.addr, error))?;
        Ok(Emulator { backend, server })
    }
}

/// A running emulator: its URL, clients configured for it, and what tests
/// do to it that no API call does.
pub struct Emulator {
    backend: Arc<Backend>,
    server: ServerHandle,
}

impl fmt::Debug for Emulator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Emulator").field("url", &self.url()).finish_non_exhaustive()
    }
}

impl Emulator {
    /// Starts an emulator with no networks on a free port of 127.0.0.1.
    pub async fn start() -> Result<Emulator, StartError> {
        Emulator::builder().start().await
    }

    /// An emulator to configure, then [`start`](EmulatorBuilder::start).
    pub fn builder() -> EmulatorBuilder {
        EmulatorBuilder::default()
    }

    /// Its base URL (`http://127.0.0.1:PORT`): the endpoint URL to give a
    /// client, the generated tool or the AWS CLI.
    pub fn url(&self) -> String {
        self.server.url()
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.server.addr()
    }

    /// A client configuration for the emulator: its URL and region, test
    /// credentials (the emulator checks no signature), and retries that do
    /// not wait. Change what a test needs, then `build()`.
    pub fn config(&self) -> ConfigBuilder {
        Config::builder()
            .region(self.backend.account.region.clone())
            .credentials(Credentials::new("AKIDEMULATOR", "emulator-secret-key", None, None))
            .endpoint_url(self.url())
            .retry(RetryConfig::standard().with_initial_backoff(Duration::ZERO))
    }

    /// A client of the emulator.
    pub fn client(&self) -> Client {
        Client::from_conf(self.config().build())
    }

    /// The state, as a state file holds it.
    pub fn snapshot(&self) -> serde_json::Value {
        serde_json::to_value(&self.backend.lock().state).unwrap_or_default()
    }

    /// Arms `fault`: the next calls it names answer with its error.
    pub fn inject(&self, fault: Fault) -> Result<(), ControlError> {
        control::check_fault(&fault)?;
        self.backend.faults().arm(fault);
        Ok(())
    }

    /// Delays every call by `latency`, or only those of `operation`.
    pub fn set_latency(&self, operation: Option<&str>, latency: Duration) -> Result<(), ControlError> {
        if let Some(operation) = operation {
            control::check_fault(&Fault::new(operation, FaultKind::Throttle))?;
        }
        self.backend.faults().set_latency(operation, latency);
        Ok(())
    }

    /// Disarms every fault and removes every latency.
    pub fn clear_faults(&self) {
        self.backend.faults().clear();
    }

    /// User `user_id` signs in on a new device of `device_type` (`iOS`,
    /// `Android`, `Windows`, `MacOSX`…), accepting the invitation if it
    /// was pending, so the user becomes active. The device's application id.
    pub fn user_signs_in(&self, network_id: &str, user_id: &str, device_type: &str) -> Result<String, ControlError> {
        Ok(self.backend.user_signs_in(network_id, user_id, device_type)?)
    }

    /// User `user_id` turns the invitation down (counted as `rejected`).
    pub fn user_rejects_invitation(&self, network_id: &str, user_id: &str) -> Result<(), ControlError> {
        Ok(self.backend.user_rejects_invitation(network_id, user_id)?)
    }

    /// Bot `bot_id` signs in: it becomes active and has a public key.
    pub fn bot_signs_in(&self, network_id: &str, bot_id: &str) -> Result<(), ControlError> {
        Ok(self.backend.bot_signs_in(network_id, bot_id)?)
    }

    /// A guest user of another network talks to this one in `billing_period`
    /// (`YYYY-MM`, this month when `None`). Their username hash.
    pub fn guest_user_appears(
        &self,
        network_id: &str,
        username: &str,
        billing_period: Option<&str>,
    ) -> Result<String, ControlError> {
        Ok(self.backend.guest_user_appears(network_id, username, billing_period)?)
    }

    /// Stops taking requests, lets those in flight finish, and saves the
    /// state (when it has a file).
    pub async fn shutdown(self) -> std::io::Result<()> {
        self.server.shutdown().await;
        self.backend.save()
    }
}
