//! The emulator's HTTP face: requests under `/_emulator/` are its control
//! endpoints (plain JSON), everything else goes to the generated router.
//!
//! | request | does |
//! |---|---|
//! | `GET /_emulator/health` | `{"status": "ok"}` |
//! | `GET /_emulator/state` | the state, as a state file holds it |
//! | `POST /_emulator/reset` | forgets every network |
//! | `GET /_emulator/faults` | the armed faults |
//! | `POST /_emulator/faults` | arms `{"operation": "ListUsers", "error": "throttle", "count": 3}` |
//! | `DELETE /_emulator/faults` | disarms every fault and removes every latency |
//! | `PUT /_emulator/latency` | `{"latencyMs": 200}`, or one operation's: `{"operation": "ListUsers", "latencyMs": 200}` |
//! | `POST /_emulator/networks/{networkId}/users/{userId}/sign-in` | the user signs in on a new device (`{"deviceType": "Android"}`, default `iOS`), accepting the invitation: `{"appId": …}` |
//! | `POST /_emulator/networks/{networkId}/users/{userId}/reject-invitation` | the user turns the invitation down |
//! | `POST /_emulator/networks/{networkId}/bots/{botId}/sign-in` | the bot signs in and becomes active |
//! | `POST /_emulator/networks/{networkId}/guest-users` | `{"username": …, "billingPeriod": "2026-06"}`: a guest user talks to the network: `{"usernameHash": …}` |

use std::sync::Arc;
use std::time::Duration;

use sdk_runtime::protocol::Protocol;
use sdk_runtime::server::{BoxFuture, Dispatch, RouteError, Routed, ServerRequest, ServerResponse};
use serde::Deserialize;
use serde_json::{Value, json};
use wickr_admin_sdk::server::Router;

use crate::backend::Backend;
use crate::control::{ControlError, check_fault};
use crate::faults::Fault;
use crate::service::Api;

/// Where the control endpoints live.
pub const CONTROL_PREFIX: &str = "/_emulator/";
/// The routed "operation" number of a control request (the generated
/// router numbers the API's operations from 0).
const CONTROL: usize = usize::MAX;

pub(crate) struct Gateway {
    api: Router<Api>,
    backend: Arc<Backend>,
}

impl Gateway {
    pub(crate) fn new(backend: Arc<Backend>) -> Self {
        Gateway { api: Router::new(Api(backend.clone())), backend }
    }
}

impl Dispatch for Gateway {
    fn protocol(&self) -> &'static dyn Protocol {
        self.api.protocol()
    }

    fn route(&self, request: &ServerRequest) -> Result<Routed, RouteError> {
        match request.path().starts_with(CONTROL_PREFIX) {
            true => Ok(Routed { operation: CONTROL, labels: Vec::new() }),
            false => self.api.route(request),
        }
    }

    fn streams_input(&self, operation: usize) -> bool {
        operation != CONTROL && self.api.streams_input(operation)
    }

    fn call(&self, routed: Routed, request: ServerRequest) -> BoxFuture<'_, ServerResponse> {
        match routed.operation {
            CONTROL => Box::pin(async move { control(&self.backend, &request) }),
            _ => self.api.call(routed, request),
        }
    }
}

fn answer(status: u16, body: Value) -> ServerResponse {
    ServerResponse::json(status, "application/json", &body)
}

fn refused(error: ControlError) -> ServerResponse {
    let status = match &error {
        ControlError::NotFound(_) => 404,
        ControlError::Invalid(_) => 400,
        ControlError::Failed(_) => 500,
    };
    answer(status, json!({"message": error.to_string()}))
}

/// The request's JSON body as `T` (`{}` when empty).
fn body<T: for<'de> Deserialize<'de>>(request: &ServerRequest) -> Result<T, ControlError> {
    let bytes = request.body();
    let bytes: &[u8] = if bytes.iter().all(u8::is_ascii_whitespace) { b"{}" } else { bytes };
    serde_json::from_slice(bytes).map_err(|error| ControlError::Invalid(format!("the request body: {error}")))
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Latency {
    #[serde(default)]
    operation: Option<String>,
    latency_ms: u64,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SignIn {
    #[serde(default)]
    device_type: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Guest {
    username: String,
    #[serde(default)]
    billing_period: Option<String>,
}

fn control(backend: &Backend, request: &ServerRequest) -> ServerResponse {
    match control_result(backend, request) {
        Ok(response) => response,
        Err(error) => refused(error),
    }
}

fn control_result(backend: &Backend, request: &ServerRequest) -> Result<ServerResponse, ControlError> {
    let path = request.path().trim_start_matches(CONTROL_PREFIX).trim_end_matches('/');
    let segments: Vec<&str> = path.split('/').collect();
    let ok = |body: Value| Ok(answer(200, body));
    match (request.method(), segments.as_slice()) {
        ("GET", ["health"]) => ok(json!({"status": "ok"})),
        ("GET", ["state"]) => {
            let state = serde_json::to_value(&backend.lock().state).map_err(|e| ControlError::Failed(e.to_string()))?;
            ok(state)
        }
        ("POST", ["reset"]) => {
            backend.reset()?;
            ok(json!({"message": "Every network was removed"}))
        }
        ("GET", ["faults"]) => ok(json!({"faults": backend.faults().armed()})),
        ("POST", ["faults"]) => {
            let mut fault: Fault = body(request)?;
            // `*` means any operation, as on the command line.
            fault.operation = fault.operation.filter(|name| name != "*");
            check_fault(&fault)?;
            backend.faults().arm(fault);
            ok(json!({"faults": backend.faults().armed()}))
        }
        ("DELETE", ["faults"]) => {
            backend.faults().clear();
            ok(json!({"faults": []}))
        }
        ("PUT", ["latency"]) => {
            let latency: Latency = body(request)?;
            if let Some(operation) = &latency.operation {
                check_fault(&Fault::new(operation, crate::FaultKind::Throttle))?;
            }
            backend.faults().set_latency(latency.operation.as_deref(), Duration::from_millis(latency.latency_ms));
            ok(json!({"latencyMs": latency.latency_ms}))
        }
        ("POST", ["networks", network, "users", user, "sign-in"]) => {
            let sign_in: SignIn = body(request)?;
            let device = sign_in.device_type.as_deref().unwrap_or("iOS");
            ok(json!({"appId": backend.user_signs_in(network, user, device)?}))
        }
        ("POST", ["networks", network, "users", user, "reject-invitation"]) => {
            backend.user_rejects_invitation(network, user)?;
            ok(json!({"message": "The invitation was rejected"}))
        }
        ("POST", ["networks", network, "bots", bot, "sign-in"]) => {
            backend.bot_signs_in(network, bot)?;
            ok(json!({"message": "The bot signed in"}))
        }
        ("POST", ["networks", network, "guest-users"]) => {
            let guest: Guest = body(request)?;
            let hash = backend.guest_user_appears(network, &guest.username, guest.billing_period.as_deref())?;
            ok(json!({"usernameHash": hash}))
        }
        _ => Err(ControlError::NotFound(format!(
            "{} {} is not a control endpoint of the emulator",
            request.method(),
            request.path()
        ))),
    }
}
