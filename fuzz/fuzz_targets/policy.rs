//! Policy parsing and evaluation: any text, as a trust policy or a session policy, must parse
//! or give a `PolicyError`; a trust policy that parses must evaluate without a panic, and the
//! lint pack must answer for any text (the findings of a policy that does not parse included).
#![no_main]

use libfuzzer_sys::fuzz_target;
use stsplay::engine::policy::{self, EvaluationRequest, LintContext, PolicyKind, RequestContext};

const GH: &str = "token.actions.githubusercontent.com";

/// A fixed GitHub Actions request: single- and multivalued keys, as the engine builds them.
fn context() -> RequestContext {
    let mut ctx = RequestContext::new();
    ctx.insert_single(&format!("{GH}:aud"), "sts.amazonaws.com");
    ctx.insert_single(
        &format!("{GH}:sub"),
        "repo:octo-org/octo-repo:ref:refs/heads/main",
    );
    ctx.insert_single(&format!("{GH}:actor"), "octocat");
    ctx.insert_single(&format!("{GH}:repository_owner_id"), "65");
    ctx.insert_single("aws:RequestTag/team", "platform");
    ctx.insert_single("sts:SourceIdentity", "octocat");
    ctx.insert_single("aws:CurrentTime", "2026-11-22T10:00:00Z");
    ctx.insert_single("aws:EpochTime", "1795341600");
    ctx.insert_single("aws:SecureTransport", "true");
    ctx.insert_multi(
        "cognito-identity.amazonaws.com:amr",
        vec![
            "authenticated".to_string(),
            "cognito-identity.amazonaws.com".to_string(),
        ],
    );
    ctx.insert_multi("aws:TagKeys", vec!["team".to_string()]);
    ctx
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = policy::parse_policy_text(text, PolicyKind::Session);
    // The lint reads the text as the scenario would hold it (a JSON string), with a GitHub
    // provider registered and a GitHub token's claims as its evidence.
    let lint_context = LintContext {
        providers: vec![GH.to_string()],
        token_claims: serde_json::json!({
            "iss": format!("https://{GH}"),
            "sub": "repo:octo-org/octo-repo:ref:refs/heads/main",
            "repository_owner": "octo-org",
        })
        .as_object()
        .cloned()
        .unwrap_or_default(),
    };
    let _ = policy::lint(
        &serde_json::Value::String(text.to_string()),
        "/roles/0/AssumeRolePolicyDocument",
        &lint_context,
    );
    let Ok(document) = policy::parse_policy_text(text, PolicyKind::Trust) else {
        return;
    };
    let ctx = context();
    let principal = format!("arn:aws:iam::123456789012:oidc-provider/{GH}");
    let actions = [
        "sts:AssumeRoleWithWebIdentity",
        "sts:TagSession",
        "sts:SetSourceIdentity",
    ];
    let request = EvaluationRequest {
        federated_principal: &principal,
        actions: &actions,
        context: &ctx,
    };
    let _ = policy::evaluate(
        &document,
        &request,
        "trust_policy",
        "/roles/0/AssumeRolePolicyDocument",
    );
});
