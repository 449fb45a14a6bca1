//! Phase `trust_policy`: the role exists, and its trust policy allows this federated principal
//! to call `sts:AssumeRoleWithWebIdentity` (plus `sts:TagSession` and `sts:SetSourceIdentity`
//! when the token carries session tags or a source identity) under the request's condition keys.

use super::PhaseReport;
use crate::engine::arn::RoleArn;
use crate::engine::json::pointer;
use crate::engine::policy::{
    self, ContextValue, Decision, EvaluationRequest, PolicyDocument, PolicyError, RequestContext,
};
use crate::engine::rejection::Rejection;
use crate::engine::scenario::{Role, Scenario};
use crate::engine::verdict::{Check, Status};

use super::provider::Issuer;
use super::token::TokenFacts;

/// The role the request names and its parsed trust policy, found once per call: the findings and
/// this phase both need them.
pub struct TargetRole<'s> {
    /// The role, when the scenario has it.
    pub role: Option<&'s Role>,
    /// Its trust policy, parsed (once per scenario: the role keeps the parse).
    pub policy: Option<&'s Result<PolicyDocument, PolicyError>>,
}

impl<'s> TargetRole<'s> {
    /// Find the role named by `RoleArn` in the scenario's account.
    pub fn find(scenario: &'s Scenario) -> TargetRole<'s> {
        let role = RoleArn::parse(&scenario.request.role_arn)
            .ok()
            .and_then(|arn| {
                scenario.roles.iter().find(|role| {
                    // IAM role names are unique regardless of case.
                    role.name.eq_ignore_ascii_case(&arn.name)
                        && role.path == arn.path
                        && arn.account == scenario.account
                })
            });
        TargetRole {
            role,
            policy: role.map(|r| r.trust_policy.parsed()),
        }
    }

    /// The policy's pointer in the scenario.
    pub fn policy_pointer(&self) -> Option<String> {
        self.role
            .map(|role| pointer(&role.pointer, "AssumeRolePolicyDocument"))
    }
}

/// Run the phase.
pub fn check<'s>(
    scenario: &'s Scenario,
    target: &TargetRole<'s>,
    role_arn: &RoleArn,
    issuer: &Issuer,
    token: &TokenFacts,
    context: &RequestContext,
) -> PhaseReport<&'s Role> {
    let (Some(role), Some(parsed)) = (target.role, target.policy) else {
        let known: Vec<String> = scenario
            .roles
            .iter()
            .map(|r| format!("{}{}", r.path, r.name))
            .collect();
        return PhaseReport::fail(
            Rejection::AccessDenied,
            format!(
                "role {}{} does not exist in account {}; STS answers a missing role with the same AccessDenied",
                role_arn.path, role_arn.name, role_arn.account
            ),
            vec![
                Check::new(
                    "trust_policy.role",
                    Status::Fail,
                    if known.is_empty() {
                        "the scenario has no roles".to_string()
                    } else {
                        format!("no role matches; the scenario has {}", known.join(", "))
                    },
                )
                .at("/request/RoleArn"),
            ],
        );
    };
    let policy_pointer = pointer(&role.pointer, "AssumeRolePolicyDocument");
    let mut checks = vec![
        Check::new(
            "trust_policy.role",
            Status::Pass,
            format!("role {}{} found", role.path, role.name),
        )
        .at(&role.pointer),
    ];

    let document = match parsed {
        Ok(document) => document,
        Err(err) => {
            let message = err.aws_message();
            checks.push(
                Check::new("trust_policy.parse", Status::Fail, err.detail.clone())
                    .at(format!("{policy_pointer}{}", err.path)),
            );
            return PhaseReport::fail(
                Rejection::MalformedPolicy(message),
                format!("the trust policy cannot be parsed: {}", err.detail),
                checks,
            );
        }
    };

    let mut actions = vec!["sts:AssumeRoleWithWebIdentity"];
    if !token.session_tags.is_empty() {
        actions.push("sts:TagSession");
    }
    if token.source_identity.is_some() {
        actions.push("sts:SetSourceIdentity");
    }
    checks.push(Check::new(
        "trust_policy.request",
        Status::Pass,
        request_detail(&issuer.principal, &actions, context),
    ));

    let request = EvaluationRequest {
        federated_principal: &issuer.principal,
        actions: &actions,
        context,
    };
    let evaluation = policy::evaluate(document, &request, "trust_policy", &policy_pointer);
    checks.extend(evaluation.checks);
    let mut detail = evaluation.summary;
    if let Some(hint) = evaluation.hint {
        detail.push_str(" Hint: ");
        detail.push_str(&hint);
    }
    match evaluation.decision {
        Decision::Allowed => PhaseReport::pass(role, detail, checks),
        Decision::ExplicitDeny | Decision::ImplicitDeny => {
            PhaseReport::fail(Rejection::AccessDenied, detail, checks)
        }
    }
}

/// What the policy is evaluated for: `principal {"Federated": "…"} asks for A + B; condition
/// keys: key=value, key=v1|v2, …`.
fn request_detail(principal: &str, actions: &[&str], context: &RequestContext) -> String {
    // A GitHub Actions token brings some twenty keys: about 1 KB of text.
    let mut detail = String::with_capacity(1024);
    detail.push_str("principal {\"Federated\": \"");
    detail.push_str(principal);
    detail.push_str("\"} asks for ");
    detail.push_str(&actions.join(" + "));
    detail.push_str("; condition keys: ");
    for (index, entry) in context.entries().enumerate() {
        if index > 0 {
            detail.push_str(", ");
        }
        detail.push_str(&entry.key);
        detail.push('=');
        match &entry.value {
            ContextValue::Single(value) => detail.push_str(value),
            ContextValue::Multi(values) => detail.push_str(&values.join("|")),
        }
    }
    detail
}
