//! stsplay: a faithful, offline simulator of AWS STS `AssumeRoleWithWebIdentity`.
//!
//! A [`engine::scenario::Scenario`] goes in; [`engine::simulate`] returns a
//! [`engine::verdict::Verdict`]: every step STS runs, why each passed or failed, and either the
//! credentials or the exact AWS error. The engine is pure: no clock, no network, no randomness.

pub mod engine;
pub mod github_claims;
pub mod paste;
pub mod present;
pub mod redact;
pub mod share;
pub mod signing;
pub mod suite;
pub mod terraform;
pub mod who_can;
pub mod workspace;

#[cfg(feature = "web")]
pub mod web;

#[cfg(feature = "cli")]
pub mod cli;
