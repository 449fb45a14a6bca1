//! Phase `session`: the requested duration fits the role, and the session policy parses and fits
//! the packing limit together with the session tags.

use super::PhaseReport;
use super::token::TokenFacts;
use crate::engine::policy::{self, PolicyKind};
use crate::engine::rejection::Rejection;
use crate::engine::scenario::{DEFAULT_DURATION_SECONDS, Request, Role};
use crate::engine::verdict::{Check, Status};

/// ASSUMED: AWS packs session policies and tags into a binary form whose size it does not
/// document. We count the plaintext (the minified policy, the managed-policy ARNs, and each tag's
/// key and value) against the documented 2048-character plaintext limit.
pub const PACKED_LIMIT_CHARS: usize = 2048;

/// What the credentials phase needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionFacts {
    /// The session length in seconds.
    pub duration_seconds: i64,
    /// Percentage of the packing limit used, when a session policy or tags were sent.
    pub packed_policy_size: Option<u32>,
}

/// Run the phase.
pub fn check(request: &Request, role: &Role, token: &TokenFacts) -> PhaseReport<SessionFacts> {
    let mut checks = Vec::new();
    let mut first_failure = None;

    let duration = request.duration_seconds.unwrap_or(DEFAULT_DURATION_SECONDS);
    let max = role.max_session_duration;
    let duration_source = if request.duration_seconds.is_some() {
        "requested"
    } else {
        "default"
    };
    if duration <= max {
        checks.push(
            Check::new(
                "session.duration",
                Status::Pass,
                format!("{duration_source} DurationSeconds {duration} ≤ the role's MaxSessionDuration {max}"),
            )
            .at("/request/DurationSeconds"),
        );
    } else {
        checks.push(
            Check::new(
                "session.duration",
                Status::Fail,
                format!(
                    "{duration_source} DurationSeconds {duration} exceeds the role's MaxSessionDuration {max}; ask for at most {max} or raise the role's maximum (up to 43200)"
                ),
            )
            .at(format!("{}/MaxSessionDuration", role.pointer)),
        );
        first_failure = Some(Rejection::DurationExceedsMax);
    }

    let mut packed_chars = 0usize;
    if let Some(text) = &request.policy {
        match policy::parse_policy_text(text, PolicyKind::Session) {
            Ok(_) => {
                packed_chars = packed_chars.saturating_add(minified_len(text));
                checks.push(
                    Check::new("session.policy", Status::Pass, "the session policy parses")
                        .at("/request/Policy"),
                );
            }
            Err(err) => {
                checks.push(
                    Check::new(
                        "session.policy",
                        Status::Fail,
                        format!(
                            "the session policy is malformed at `{}`: {}",
                            err.path, err.detail
                        ),
                    )
                    .at("/request/Policy"),
                );
                first_failure.get_or_insert(Rejection::MalformedPolicy(err.aws_message()));
            }
        }
    }
    // Saturating sums: the texts are in memory, so they cannot reach usize::MAX bytes anyway.
    packed_chars = request
        .policy_arns
        .iter()
        .map(String::len)
        .chain(
            token
                .session_tags
                .iter()
                .map(|(k, v)| k.len().saturating_add(v.len())),
        )
        .fold(packed_chars, usize::saturating_add);

    let sends_packed = request.policy.is_some()
        || !request.policy_arns.is_empty()
        || !token.session_tags.is_empty();
    let percent = packed_percent(packed_chars);
    if sends_packed {
        let fits = percent <= 100;
        checks.push(
            Check::new(
                "session.packed_size",
                if fits { Status::Pass } else { Status::Fail },
                format!(
                    "session policy, policy ARNs and session tags use {packed_chars} of {PACKED_LIMIT_CHARS} characters ({percent}%)"
                ),
            )
            .assumed(),
        );
        if !fits {
            first_failure.get_or_insert(Rejection::PackedPolicyTooLarge { percent });
        }
    }

    let facts = SessionFacts {
        duration_seconds: duration,
        packed_policy_size: sends_packed.then_some(percent),
    };
    PhaseReport::conclude(
        facts,
        format!("a {duration} s session"),
        checks,
        first_failure,
    )
}

/// The percentage, rounded up, as AWS reports whole percents.
fn packed_percent(chars: usize) -> u32 {
    let percent = chars.saturating_mul(100).div_ceil(PACKED_LIMIT_CHARS);
    u32::try_from(percent).unwrap_or(u32::MAX)
}

/// IAM ignores whitespace outside strings when it measures policies.
fn minified_len(text: &str) -> usize {
    serde_json::from_str::<serde_json::Value>(text)
        .map(|value| value.to_string().len())
        .unwrap_or(text.len())
}
