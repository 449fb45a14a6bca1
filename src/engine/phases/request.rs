//! Phase `request`: the STS front end checks every parameter's length and pattern before it
//! looks at anything else. The texts follow AWS's
//! `1 validation error detected: Value '…' at '…' failed to satisfy constraint: …`.

use super::{PhaseReport, quote};
use crate::engine::arn::RoleArn;
use crate::engine::rejection::Rejection;
use crate::engine::scenario::Scenario;
use crate::engine::verdict::{Check, Status};

/// One constraint on one member.
struct Constraint {
    member: &'static str,
    /// JSON pointer of the member in the scenario.
    pointer: &'static str,
    /// The value as AWS would echo it; `None` for sensitive members, which AWS does not echo.
    echoed: Option<String>,
    /// The violated rule, or `None` when the value satisfies every rule.
    violation: Option<String>,
    /// The value shown in our explanation.
    shown: String,
    /// True when AWS's text for this rule is our assumption.
    assumed: bool,
}

/// Run the phase.
pub fn check(scenario: &Scenario) -> PhaseReport<RoleArn> {
    let request = &scenario.request;
    let mut constraints = vec![
        Constraint {
            member: "roleArn",
            pointer: "/request/RoleArn",
            echoed: Some(request.role_arn.clone()),
            violation: length_rule(&request.role_arn, 20, 2048)
                .or_else(|| arn_characters_rule(&request.role_arn)),
            shown: quote(&request.role_arn),
            assumed: false,
        },
        Constraint {
            member: "roleSessionName",
            pointer: "/request/RoleSessionName",
            echoed: Some(request.role_session_name.clone()),
            violation: length_rule(&request.role_session_name, 2, 64)
                .or_else(|| session_name_rule(&request.role_session_name)),
            shown: quote(&request.role_session_name),
            assumed: false,
        },
        Constraint {
            member: "webIdentityToken",
            pointer: "/request/WebIdentityToken",
            // ASSUMED: the token is a sensitive member, so AWS does not echo it.
            echoed: None,
            violation: length_rule(&request.web_identity_token, 4, 20000),
            shown: format!("{} characters", utf16_len(&request.web_identity_token)),
            assumed: true,
        },
    ];
    if let Some(provider_id) = &request.provider_id {
        constraints.push(Constraint {
            member: "providerId",
            pointer: "/request/ProviderId",
            echoed: Some(provider_id.clone()),
            violation: length_rule(provider_id, 4, 2048),
            shown: quote(provider_id),
            assumed: false,
        });
    }
    if !request.policy_arns.is_empty() {
        let count = request.policy_arns.len();
        // ASSUMED: the text for more than 10 PolicyArns is not documented; this is AWS's
        // usual list-length rule.
        constraints.push(Constraint {
            member: "policyArns",
            pointer: "/request/PolicyArns",
            echoed: Some(format!("[{}]", request.policy_arns.join(", "))),
            violation: (count > 10)
                .then(|| "Member must have length less than or equal to 10".to_string()),
            shown: format!("{count} ARNs"),
            assumed: true,
        });
    }
    if let Some(policy) = &request.policy {
        constraints.push(Constraint {
            member: "policy",
            pointer: "/request/Policy",
            echoed: Some(policy.clone()),
            violation: length_rule(policy, 1, 2048).or_else(|| policy_characters_rule(policy)),
            shown: format!("{} characters", utf16_len(policy)),
            assumed: false,
        });
    }
    if let Some(duration) = request.duration_seconds {
        constraints.push(Constraint {
            member: "durationSeconds",
            pointer: "/request/DurationSeconds",
            echoed: Some(duration.to_string()),
            violation: if duration < 900 {
                Some("Member must have value greater than or equal to 900".to_string())
            } else if duration > 43200 {
                Some("Member must have value less than or equal to 43200".to_string())
            } else {
                None
            },
            shown: format!("{duration} s"),
            assumed: false,
        });
    }

    let mut checks = Vec::new();
    let mut violations = Vec::new();
    for constraint in &constraints {
        let id = format!("request.{}", constraint.member);
        match &constraint.violation {
            None => checks.push(
                Check::new(
                    id,
                    Status::Pass,
                    format!("{} is within its limits", constraint.shown),
                )
                .at(constraint.pointer),
            ),
            Some(rule) => {
                let mut check =
                    Check::new(id, Status::Fail, format!("{}: {rule}", constraint.shown))
                        .at(constraint.pointer);
                if constraint.assumed {
                    check = check.assumed();
                }
                checks.push(check);
                violations.push(match &constraint.echoed {
                    Some(value) => format!(
                        "Value '{value}' at '{}' failed to satisfy constraint: {rule}",
                        constraint.member
                    ),
                    None => format!(
                        "Value at '{}' failed to satisfy constraint: {rule}",
                        constraint.member
                    ),
                });
            }
        }
    }
    let any_assumed = constraints
        .iter()
        .any(|c| c.assumed && c.violation.is_some());
    if !violations.is_empty() {
        let n = violations.len();
        let report = PhaseReport::fail(
            Rejection::Validation(violations),
            format!(
                "{n} parameter{} break{} the API's constraints; STS checks these before reading the token",
                if n == 1 { "" } else { "s" },
                if n == 1 { "s" } else { "" }
            ),
            checks,
        );
        return if any_assumed {
            report.assumed()
        } else {
            report
        };
    }

    match RoleArn::parse(&scenario.request.role_arn) {
        Ok(arn) => {
            checks.push(
                Check::new(
                    "request.roleArn.format",
                    Status::Pass,
                    format!(
                        "role `{}` (path `{}`) in account {}",
                        arn.name, arn.path, arn.account
                    ),
                )
                .at("/request/RoleArn"),
            );
            PhaseReport::pass(arn, "every parameter is within the API's limits", checks)
        }
        Err(_) => {
            checks.push(
                Check::new(
                    "request.roleArn.format",
                    Status::Fail,
                    format!(
                        "{} is not an IAM role ARN of the form arn:aws:iam::123456789012:role/NAME",
                        quote(&scenario.request.role_arn)
                    ),
                )
                .at("/request/RoleArn"),
            );
            PhaseReport::fail(
                Rejection::InvalidRoleArn,
                "RoleArn is not a role ARN",
                checks,
            )
        }
    }
}

/// Lengths as AWS counts them: UTF-16 code units (the service is written in Java).
fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

fn length_rule(text: &str, min: usize, max: usize) -> Option<String> {
    let len = utf16_len(text);
    if len < min {
        Some(format!(
            "Member must have length greater than or equal to {min}"
        ))
    } else if len > max {
        Some(format!(
            "Member must have length less than or equal to {max}"
        ))
    } else {
        None
    }
}

/// `[\w+=,.@-]*`, where `\w` is Java's ASCII word class.
fn session_name_rule(name: &str) -> Option<String> {
    let ok = name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c));
    (!ok).then(|| "Member must satisfy regular expression pattern: [\\w+=,.@-]*".to_string())
}

/// The model's pattern for ARNs: tab, LF, CR and printable characters, no other controls.
fn arn_characters_rule(arn: &str) -> Option<String> {
    let ok = arn.chars().all(|c| {
        matches!(c, '\t' | '\n' | '\r')
            || (c >= ' '
                && c != '\u{7f}'
                && !('\u{80}'..='\u{84}').contains(&c)
                && !('\u{86}'..='\u{9f}').contains(&c))
    });
    (!ok).then(|| {
        "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+".to_string()
    })
}

/// `[\u0009\u000A\u000D\u0020-\u00FF]+`: the session policy must be Latin-1 text.
fn policy_characters_rule(policy: &str) -> Option<String> {
    let ok = policy
        .chars()
        .all(|c| matches!(c, '\t' | '\n' | '\r') || (' '..='\u{ff}').contains(&c));
    (!ok).then(|| {
        "Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+"
            .to_string()
    })
}
