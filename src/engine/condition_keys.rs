//! The condition keys STS sets while it evaluates a trust policy for this call, derived from the
//! token, the provider and the clock (IAM User Guide, "Available keys for AWS web identity
//! federation",
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-wif>).

use super::clock::{Epoch, format_rfc3339};
use super::phases::claims::ClaimFacts;
use super::phases::provider::{Issuer, IssuerKind};
use super::phases::signature::OAuthIdentity;
use super::phases::token::{Presented, TokenFacts};
use super::policy::RequestContext;
use super::token::audiences;
use serde_json::Value;

/// GitHub's claims that STS exposes as `token.actions.githubusercontent.com:<claim>` since
/// January 2026 (the table of the IAM User Guide page above; README, Fidelity).
pub const GITHUB_CLAIM_KEYS: [&str; 9] = [
    "actor",
    "actor_id",
    "job_workflow_ref",
    "repository",
    "repository_id",
    "workflow",
    "ref",
    "environment",
    "enterprise_id",
];

/// ASSUMED: two further GitHub keys named by one source only, which IAM accepts in policies.
pub const GITHUB_UNCERTAIN_CLAIM_KEYS: [&str; 2] = ["repository_owner_id", "runner_environment"];

/// Build the request context.
pub fn build(
    issuer: &Issuer,
    token: &TokenFacts,
    claims: &ClaimFacts,
    oauth: Option<&OAuthIdentity>,
    now: Epoch,
) -> RequestContext {
    let mut context = RequestContext::new();
    let prefix = &issuer.key_prefix;
    match &token.presented {
        Presented::OAuth { .. } => {
            if let Some(identity) = oauth {
                context.insert_single(&format!("{prefix}:app_id"), identity.app_id.clone());
                let user_key = if issuer.kind == IssuerKind::Facebook {
                    "id"
                } else {
                    "user_id"
                };
                context.insert_single(&format!("{prefix}:{user_key}"), identity.user_id.clone());
            }
        }
        Presented::Jwt(decoded) => {
            let text = |name: &str| decoded.claims.get(name).and_then(Value::as_str);
            if let Some(sub) = text("sub") {
                context.insert_single(&format!("{prefix}:sub"), sub);
            }
            context.insert_single(&format!("{prefix}:aud"), claims.audience.clone());
            if let Some(azp) = text("azp") {
                context.insert_single(&format!("{prefix}:azp"), azp);
            }
            match issuer.kind {
                IssuerKind::Google => {
                    // AWS: `oaud` carries the raw `aud` when `aud` was replaced by `azp`.
                    if let Some(aud) = audiences(&decoded.claims).first() {
                        context.insert_single(&format!("{prefix}:oaud"), aud.clone());
                    }
                }
                IssuerKind::Cognito => {
                    // AWS: `amr` is multivalued (e.g. "authenticated" and the login provider).
                    let amr = match decoded.claims.get("amr") {
                        Some(Value::Array(items)) => Some(
                            items
                                .iter()
                                .filter_map(|v| v.as_str().map(str::to_string))
                                .collect(),
                        ),
                        Some(Value::String(one)) => Some(vec![one.clone()]),
                        _ => None,
                    };
                    if let Some(amr) = amr {
                        context.insert_multi(&format!("{prefix}:amr"), amr);
                    }
                }
                IssuerKind::Oidc if is_github(prefix) => {
                    for name in GITHUB_CLAIM_KEYS.iter().chain(&GITHUB_UNCERTAIN_CLAIM_KEYS) {
                        if let Some(value) = text(name) {
                            context.insert_single(&format!("{prefix}:{name}"), value);
                        }
                    }
                }
                _ => {}
            }
        }
    }

    // Session tags and source identity (IAM User Guide, session tags; source identity).
    if !token.session_tags.is_empty() {
        for (key, value) in &token.session_tags {
            context.insert_single(&format!("aws:RequestTag/{key}"), value.clone());
        }
        context.insert_multi(
            "aws:TagKeys",
            token.session_tags.iter().map(|(k, _)| k.clone()).collect(),
        );
        if !token.transitive_tag_keys.is_empty() {
            context.insert_multi("sts:TransitiveTagKeys", token.transitive_tag_keys.clone());
        }
    }
    if let Some(source_identity) = &token.source_identity {
        context.insert_single("sts:SourceIdentity", source_identity.clone());
    }

    // Global keys present on every request.
    context.insert_single("aws:CurrentTime", format_rfc3339(now));
    context.insert_single("aws:EpochTime", now.to_string());
    // ASSUMED: STS is only reachable over HTTPS.
    context.insert_single("aws:SecureTransport", "true");
    context
}

/// github.com's issuer, or a GitHub Enterprise Cloud issuer with a slug.
pub fn is_github(prefix: &str) -> bool {
    prefix == "token.actions.githubusercontent.com"
        || prefix.starts_with("token.actions.githubusercontent.com/")
}
