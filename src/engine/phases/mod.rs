//! The phases of `AssumeRoleWithWebIdentity`, one module each, in the order STS runs them.
//!
//! Every phase returns a [`PhaseReport`]: its sub-checks, a one-line explanation, and either the
//! value the next phase needs or the [`Rejection`] that ends the call.

use super::rejection::Rejection;
use super::verdict::Check;

pub mod claims;
pub mod credentials;
pub mod provider;
pub mod request;
pub mod session;
pub mod signature;
pub mod tls;
pub mod token;
pub mod trust_policy;

/// What one phase found.
#[derive(Debug)]
pub struct PhaseReport<T> {
    /// The value for later phases, or why STS stops here.
    pub outcome: Result<T, Rejection>,
    /// Our explanation of what happened in this phase.
    pub detail: String,
    /// Every sub-check, including those after a failing one.
    pub checks: Vec<Check>,
    /// True when this phase's behaviour or position is our documented assumption.
    pub assumed: bool,
}

impl<T> PhaseReport<T> {
    /// A passing phase.
    pub fn pass(value: T, detail: impl Into<String>, checks: Vec<Check>) -> PhaseReport<T> {
        PhaseReport {
            outcome: Ok(value),
            detail: detail.into(),
            checks,
            assumed: false,
        }
    }

    /// A failing phase.
    pub fn fail(
        rejection: Rejection,
        detail: impl Into<String>,
        checks: Vec<Check>,
    ) -> PhaseReport<T> {
        PhaseReport {
            outcome: Err(rejection),
            detail: detail.into(),
            checks,
            assumed: false,
        }
    }

    /// End a phase that runs every sub-check before deciding: it passes with `value` unless a
    /// check failed, in which case the first failure's rejection and detail stand.
    pub fn conclude(
        value: T,
        pass_detail: impl Into<String>,
        checks: Vec<Check>,
        first_failure: Option<Rejection>,
    ) -> PhaseReport<T> {
        match first_failure {
            None => PhaseReport::pass(value, pass_detail, checks),
            Some(rejection) => {
                let detail = checks
                    .iter()
                    .find(|c| c.status == super::verdict::Status::Fail)
                    .map(|c| c.detail.clone())
                    .unwrap_or_default();
                PhaseReport::fail(rejection, detail, checks)
            }
        }
    }

    /// Mark the phase as resting on an assumption.
    pub fn assumed(mut self) -> PhaseReport<T> {
        self.assumed = true;
        self
    }
}

/// Quote user text in details, shortening very long values so a 10 MB token cannot flood a trace.
pub fn quote(text: &str) -> String {
    const MAX_CHARS: usize = 120;
    if text.chars().count() <= MAX_CHARS {
        format!("`{text}`")
    } else {
        let head: String = text.chars().take(MAX_CHARS).collect();
        format!("`{head}…` ({} characters)", text.chars().count())
    }
}
