//! The shared test server, SigV4 verifier and log capture (`test-support`).

#![allow(dead_code, unused_imports)] // Each test binary uses a different subset.

pub use test_support::*;
