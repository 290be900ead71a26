//! Per-call endpoint resolution for one client, with a cache.
//!
//! The rule set is parsed on first use. Results are cached by the full set
//! of bound parameter values, so two calls that bind the same values share
//! one evaluation; a call that binds nothing beyond the configuration's
//! values takes a path that neither hashes nor allocates.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use super::{Bindings, BuiltIns, Endpoint, EndpointError, InputParams, Params, Partitions, RuleSet, StaticValue};

/// How many distinct parameter sets are kept; beyond it the cache starts
/// afresh. Calls vary by the few context values (an ARN, a bucket) an
/// application uses, so this bounds memory without hurting the common case.
const MAX_CACHED: usize = 128;

type Resolved = Result<Arc<Endpoint>, EndpointError>;

/// Resolves one client's endpoints: its rule set, its configuration's values
/// (built-ins and client context parameters), and the values each call adds.
#[derive(Debug)]
pub struct Resolver {
    rule_set_json: &'static str,
    rules: OnceLock<Result<RuleSet, EndpointError>>,
    built_ins: BuiltIns,
    client_context: Params,
    /// The result for calls that add no values of their own.
    config_only: OnceLock<Resolved>,
    by_params: Mutex<HashMap<Params, Resolved>>,
}

impl Resolver {
    /// A resolver for the rule set in `rule_set_json` (the trait's JSON text,
    /// parsed on first use) with the configuration's values.
    pub fn new(rule_set_json: &'static str, built_ins: BuiltIns, client_context: Params) -> Self {
        Self {
            rule_set_json,
            rules: OnceLock::new(),
            built_ins,
            client_context,
            config_only: OnceLock::new(),
            by_params: Mutex::new(HashMap::new()),
        }
    }

    /// The rule set, parsed once.
    pub fn rule_set(&self) -> Result<&RuleSet, EndpointError> {
        self.rules.get_or_init(|| RuleSet::from_json_str(self.rule_set_json)).as_ref().map_err(Clone::clone)
    }

    /// The endpoint for a call of an operation with these static context
    /// parameters and input values.
    pub fn resolve(&self, static_context: &[(&str, StaticValue)], input: &InputParams) -> Resolved {
        if static_context.is_empty() && input.is_empty() {
            return self.config_only.get_or_init(|| self.evaluate(&self.bind(&[], input)?)).clone();
        }
        let params = self.bind(static_context, input)?;
        if let Some(hit) = self.cache().get(&params) {
            return hit.clone();
        }
        // Evaluated without the lock held, so calls with other values need not wait.
        let resolved = self.evaluate(&params);
        let mut cache = self.cache();
        if cache.len() >= MAX_CACHED {
            cache.clear();
        }
        cache.insert(params, resolved.clone());
        resolved
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, HashMap<Params, Resolved>> {
        // The map is consistent even if a holder panicked, so poisoning is ignored.
        self.by_params.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn bind(&self, static_context: &[(&str, StaticValue)], input: &InputParams) -> Result<Params, EndpointError> {
        self.rule_set()?.bind(&Bindings {
            static_context,
            input: Some(input),
            client_context: Some(&self.client_context),
            built_ins: Some(&self.built_ins),
        })
    }

    fn evaluate(&self, params: &Params) -> Resolved {
        let endpoint = self.rule_set()?.resolve_with(params, Partitions::embedded())?;
        tracing::debug!(url = %crate::settings::without_userinfo(endpoint.url()), "resolved endpoint");
        Ok(Arc::new(endpoint))
    }
}
