//! Model problems: every one names where it is, and all are reported together.

use std::fmt;

/// One problem found in a model, located at a shape id, a member id
/// (`ns#Shape$member`), or a place in the document when no shape applies.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct ModelError {
    /// Where the problem is: a shape or member id, or a document location.
    pub at: String,
    /// What is wrong, as a sentence fragment a maintainer can act on.
    pub message: String,
}

impl ModelError {
    /// A problem at `at`.
    pub fn new(at: impl Into<String>, message: impl Into<String>) -> ModelError {
        ModelError { at: at.into(), message: message.into() }
    }
}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

/// Every problem found in a model, sorted and without duplicates, so the
/// report reads the same on every run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ModelErrors(Vec<ModelError>);

impl ModelErrors {
    /// Collects problems; returns `Ok(())` when there are none.
    pub fn check(mut errors: Vec<ModelError>) -> Result<(), ModelErrors> {
        if errors.is_empty() {
            return Ok(());
        }
        errors.sort();
        errors.dedup();
        Err(ModelErrors(errors))
    }

    /// A single problem.
    pub fn one(at: impl Into<String>, message: impl Into<String>) -> ModelErrors {
        ModelErrors(vec![ModelError::new(at, message)])
    }

    /// The problems, sorted by location.
    pub fn errors(&self) -> &[ModelError] {
        &self.0
    }
}

impl fmt::Display for ModelErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let count = self.0.len();
        writeln!(f, "the model has {count} problem{}:", if count == 1 { "" } else { "s" })?;
        for error in &self.0 {
            writeln!(f, "  - {error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ModelErrors {}
