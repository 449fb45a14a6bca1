//! Rules about a statement as a whole: the action its federated principal needs, whether it
//! checks the audience, and whether its GitHub principal is the scenario's GitHub provider.

use super::providers::{github_slug, url_prefix};
use super::rules::Rule;
use super::{Draft, Findings, Stmt, item_path};
use crate::engine::policy::Effect;
use crate::engine::policy::glob::glob_matches;
use crate::engine::policy::operator::Comparison;
use crate::engine::verdict::{Part, Severity};

/// The actions people write by mistake for a web identity principal.
const OTHER_ASSUME_ACTIONS: [&str; 2] = ["sts:AssumeRole", "sts:AssumeRoleWithSAML"];

/// `mismatched-action-for-principal` (Access Analyzer's MISMATCHED_ACTION_FOR_PRINCIPAL): an
/// Allow for a web identity provider that grants `sts:AssumeRole` (or `…WithSAML`) but not
/// `sts:AssumeRoleWithWebIdentity`.
pub(super) fn mismatched_action(statement: &Stmt, out: &mut Findings) {
    let block = &statement.statement.action;
    // An Allow statement covers the action exactly when it allows web identity.
    if statement.statement.effect != Effect::Allow || block.negated || statement.allows_web_identity
    {
        return;
    }
    let principals: Vec<&str> = statement
        .federated
        .iter()
        .filter(|principal| principal.provider.is_some())
        .map(|principal| principal.arn)
        .collect();
    if principals.is_empty() {
        return;
    }
    let listed = statement.document.action_listed(statement.index);
    for (index, pattern) in block.patterns.iter().enumerate() {
        let Some(wrong) = OTHER_ASSUME_ACTIONS
            .iter()
            .find(|action| glob_matches(pattern, action, true))
        else {
            continue;
        };
        let at = item_path(
            &format!("{}/{}", statement.path, block.element()),
            listed,
            index,
        );
        out.push(Draft {
            rule: Rule::MismatchedActionForPrincipal,
            severity: Severity::Error,
            path: at.clone(),
            anchor: (at, Part::Value),
            message: format!(
                "The `{wrong}` action is invalid with the federated principal `{}`: tokens of a web identity (OIDC) provider are exchanged with `sts:AssumeRoleWithWebIdentity`, so this statement never applies and STS answers `AccessDenied`.",
                principals.join("`, `")
            ),
            help: "Use `\"Action\": \"sts:AssumeRoleWithWebIdentity\"` with an OIDC provider principal (and `sts:AssumeRoleWithSAML` with a SAML provider).".to_string(),
        });
    }
}

/// `missing-aud-condition`: an Allow for a web identity provider with no condition on its
/// audience key (`<prefix>:aud`, or `<prefix>:app_id` for Login with Amazon and Facebook).
pub(super) fn missing_aud(statement: &Stmt, out: &mut Findings) {
    if !statement.allows_web_identity {
        return;
    }
    for principal in &statement.federated {
        let Some(provider) = &principal.provider else {
            continue;
        };
        let audience = if provider.oauth { "app_id" } else { "aud" };
        let checked = statement.statement.conditions.iter().any(|entry| {
            let op = entry.parsed;
            !op.negated
                && matches!(
                    op.comparison,
                    Comparison::StringEquals
                        | Comparison::StringEqualsIgnoreCase
                        | Comparison::StringLike
                )
                && entry.key.split_once(':').is_some_and(|(prefix, name)| {
                    prefix.eq_ignore_ascii_case(provider.prefix)
                        && (name.eq_ignore_ascii_case(audience)
                            // Google's `aud` key holds `azp`; `oaud` holds the raw `aud`.
                            || (!provider.oauth
                                && (name.eq_ignore_ascii_case("azp")
                                    || name.eq_ignore_ascii_case("oaud"))))
                })
        });
        if checked {
            continue;
        }
        let prefix = provider.prefix;
        let key = format!("{prefix}:{audience}");
        let (severity, consequence, example) = match prefix {
            "accounts.google.com" => (
                Severity::Error,
                "an ID token Google issued to any OAuth client, anyone's application, is accepted: a built-in provider has no list of client IDs",
                "YOUR_CLIENT_ID.apps.googleusercontent.com",
            ),
            "cognito-identity.amazonaws.com" => (
                Severity::Error,
                "a token of any Cognito identity pool, in any account, is accepted: a built-in provider has no list of client IDs",
                "us-east-1:IDENTITY_POOL_ID",
            ),
            _ if provider.built_in => (
                Severity::Error,
                "an access token issued to any application of this provider, anyone's, is accepted",
                "YOUR_APP_ID",
            ),
            _ if github_slug(prefix).is_some() => (
                Severity::Warning,
                "a token issued for any client ID registered on the IAM provider is accepted",
                "sts.amazonaws.com",
            ),
            _ => (
                Severity::Warning,
                "a token issued for any client ID registered on the IAM provider is accepted",
                "CLIENT_ID",
            ),
        };
        let at = statement.federated_path(principal.index);
        out.push(Draft {
            rule: Rule::MissingAudCondition,
            severity,
            path: at.clone(),
            anchor: (at, Part::Value),
            message: format!(
                "Statement {} trusts `{prefix}` without a condition on `{key}`, so {consequence}.",
                statement.index
            ),
            help: format!("Add `\"StringEquals\": {{\"{key}\": \"{example}\"}}`."),
        });
    }
}

/// `github-enterprise-slug-mismatch` on a principal: the statement names a GitHub provider
/// (`…/token.actions.githubusercontent.com[/slug]`) that differs, by its enterprise slug, from
/// every GitHub provider the scenario registers.
pub(super) fn principal_slug(doc: &super::Doc, statement: &Stmt, out: &mut Findings) {
    if !statement.allows_web_identity {
        return;
    }
    let registered: Vec<&str> = doc
        .context
        .providers
        .iter()
        .map(|url| url_prefix(url))
        .filter(|prefix| github_slug(prefix).is_some())
        .collect();
    if registered.is_empty() {
        return;
    }
    for principal in &statement.federated {
        // Only an IAM provider can be GitHub's: its prefix is the host its ARN names.
        let Some(prefix) = principal
            .provider
            .as_ref()
            .map(|provider| provider.prefix)
            .filter(|p| github_slug(p).is_some())
        else {
            continue;
        };
        if registered.iter().any(|r| r.eq_ignore_ascii_case(prefix)) {
            continue;
        }
        let at = statement.federated_path(principal.index);
        let wanted = registered.first().copied().unwrap_or_default();
        out.push(Draft {
            rule: Rule::GithubEnterpriseSlugMismatch,
            severity: Severity::Error,
            path: at.clone(),
            anchor: (at, Part::Value),
            message: format!(
                "The principal names the IAM provider `{prefix}`, but the scenario's GitHub provider is `{wanted}`: {}. Tokens from it carry that provider's ARN, so this statement never applies.",
                describe_slug(wanted)
            ),
            help: format!(
                "Name the provider exactly as it is registered, `arn:aws:iam::ACCOUNT:oidc-provider/{wanted}`, and use `{wanted}:` as the prefix of its condition keys."
            ),
        });
    }
}

/// "github.com's issuer" or "a GitHub Enterprise issuer with the slug `acme`".
pub(super) fn describe_slug(prefix: &str) -> String {
    match github_slug(prefix) {
        Some("") | None => "github.com's issuer, without an enterprise slug".to_string(),
        Some(slug) => format!("a GitHub Enterprise issuer with the slug `{slug}`"),
    }
}
