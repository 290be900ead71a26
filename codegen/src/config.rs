//! What to call the generated crate and its CLI, read from a small TOML file
//! kept beside the model (`model/codegen.toml`), so nothing about a particular
//! service is written in the generator's code.

use serde::Deserialize;

use crate::ir::Ir;
use crate::symbols;

/// Settings for one generated SDK.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The generated crate.
    #[serde(rename = "crate")]
    pub krate: CrateConfig,
    /// The generated command-line tool.
    pub cli: CliConfig,
    /// Which service of the model to generate, when it has several.
    #[serde(default)]
    pub service: Option<String>,
}

/// The generated crate's package metadata.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CrateConfig {
    /// Package name (`my-service-sdk`).
    pub name: String,
    /// Package version.
    pub version: String,
    /// One-line package description.
    pub description: String,
    /// Path from the generated crate to the hand-written runtime crate.
    pub runtime_path: String,
}

/// The generated CLI.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct CliConfig {
    /// The binary's name (`my-service`).
    pub binary: String,
}

impl Config {
    /// Parses a config file's text; the error names the problem.
    pub fn from_toml(text: &str) -> Result<Config, String> {
        let config: Config = toml::from_str(text).map_err(|error| format!("invalid codegen config: {error}"))?;
        if config.krate.name.is_empty()
            || !config.krate.name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return Err(format!(
                "invalid codegen config: crate name `{}` is not a valid package name",
                config.krate.name
            ));
        }
        Ok(config)
    }

    /// The crate's name as a Rust identifier (`my_service_sdk`).
    pub fn crate_ident(&self) -> String {
        self.krate.name.replace('-', "_")
    }

    /// The config for a model that has no config file: the crate and its
    /// CLI named after the service's `sdkId` (else the service shape's name),
    /// `my-service-sdk` and `my-service`; version 0.1.0; the runtime at
    /// `runtime_path` from the crate.
    pub fn derived(ir: &Ir, runtime_path: impl Into<String>) -> Config {
        let service = &ir.service;
        let sdk_id = service.sdk_id.as_deref().unwrap_or(service.id.name());
        Config {
            krate: CrateConfig {
                name: symbols::package_name(sdk_id),
                version: "0.1.0".to_owned(),
                description: format!("Rust SDK for the {}, generated from its Smithy model.", service.title),
                runtime_path: runtime_path.into(),
            },
            cli: CliConfig { binary: symbols::binary_name(sdk_id) },
            service: Some(service.id.to_string()),
        }
    }

    /// A config for tests and examples: crate `example-sdk`, binary `example`.
    pub fn example() -> Config {
        Config {
            krate: CrateConfig {
                name: "example-sdk".to_owned(),
                version: "0.1.0".to_owned(),
                description: "An example SDK.".to_owned(),
                runtime_path: "../runtime".to_owned(),
            },
            cli: CliConfig { binary: "example".to_owned() },
            service: None,
        }
    }
}
