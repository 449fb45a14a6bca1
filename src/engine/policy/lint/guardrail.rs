//! IAM's guardrail for shared OIDC providers (IAM User Guide, "Create a role for OpenID Connect
//! federation", its GitHub section,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-idp_oidc.html>; README,
//! Fidelity): since 2025 IAM refuses to
//! save an Allow statement that trusts GitHub's provider for `sts:AssumeRoleWithWebIdentity`
//! unless it constrains `:sub` or `:job_workflow_ref` with StringEquals, StringLike or
//! StringEqualsIgnoreCase to something narrower than `*`. STS still evaluates grandfathered
//! policies as stored, so this is a finding, not a rejection.

use super::providers::GITHUB_HOST;
use super::rules::Rule;
use super::{Draft, Findings, Stmt, is_key};
use crate::engine::policy::operator::SetQualifier;
use crate::engine::verdict::{Part, Severity};

/// `github-sub-not-scoped`. Returns whether it fired.
pub(super) fn check(statement: &Stmt, out: &mut Findings) -> bool {
    let Some(github) = &statement.github else {
        return false;
    };
    if !statement.allows_web_identity {
        return false;
    }
    // ASSUMED: for the enterprise form (`…/token.actions.githubusercontent.com/<slug>`) the
    // keys, and IAM's message, use the provider's full host/path as prefix.
    let prefix = github.prefix.as_str();
    // ASSUMED: only the three plain operators count (no IfExists, no set qualifier), and the
    // operator applies to the keys named exactly (ignoring case) with this provider's prefix.
    let mut candidates = statement.statement.conditions.iter().filter(|entry| {
        let op = entry.parsed;
        matches!(
            op.base,
            "StringEquals" | "StringLike" | "StringEqualsIgnoreCase"
        ) && op.set == SetQualifier::Plain
            && !op.if_exists
            && (is_key(&entry.key, prefix, "sub") || is_key(&entry.key, prefix, "job_workflow_ref"))
    });
    // ASSUMED (independent probing, 2026; README, Fidelity, "Guardrail"):
    // IAM looks only at the FIRST value of the list, so ["repo:acme/x","*"] passes while
    // ["*","repo:acme/x"] does not; a value is "scoped to all" when it is nothing but `*`.
    let scoped = candidates.clone().any(|entry| {
        entry
            .values
            .first()
            .is_some_and(|first| !first.chars().all(|c| c == '*'))
    });
    if scoped {
        return false;
    }
    // Only a finding needs the texts below.
    let sub = format!("{prefix}:sub");
    let workflow = format!("{prefix}:job_workflow_ref");
    let principal = github.arn;
    let index = statement.index;
    let (path, anchor, problem) = match candidates.next() {
        Some(entry) => (
            statement.entry_path(entry),
            statement.value_path(entry, 0),
            format!(
                "Statement {index} constrains `{}` with `{}`, but its first value is `{}`, which matches every repository.",
                entry.key,
                entry.operator,
                entry.values.first().map(String::as_str).unwrap_or_default()
            ),
        ),
        None => (
            statement.path.clone(),
            statement.federated_path(github.index),
            format!("Statement {index} does not constrain `{sub}` or `{workflow}`."),
        ),
    };
    out.push(Draft {
        rule: Rule::GithubSubNotScoped,
        severity: Severity::Error,
        path,
        anchor: (anchor, Part::Value),
        message: format!(
            "IAM refuses to save this trust policy since 2025 (existing roles are grandfathered): MalformedPolicyDocument: Trust policy with trusted principal {principal} must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, {sub} or {workflow} which is not scoped to all. {problem}"
        ),
        help: format!(
            "Constrain `{sub}` to your repositories with StringEquals or StringLike, and put the narrow value first: e.g. `\"StringLike\": {{\"{sub}\": \"repo:ORG/REPO:*\"}}`."
        ),
    });
    true
}

/// For the prefix of a GitHub provider (`token.actions.githubusercontent.com`, or the
/// enterprise form `token.actions.githubusercontent.com/<slug>`), its condition-key prefix with
/// the host as GitHub spells it.
pub(super) fn github_prefix(provider: &str) -> Option<String> {
    let host = provider.get(..GITHUB_HOST.len())?;
    if !host.eq_ignore_ascii_case(GITHUB_HOST) {
        return None;
    }
    match provider.get(GITHUB_HOST.len()..)? {
        "" => Some(GITHUB_HOST.to_string()),
        rest => {
            let slug = rest.strip_prefix('/')?;
            (!slug.is_empty() && !slug.contains('/')).then(|| format!("{GITHUB_HOST}/{slug}"))
        }
    }
}
