//! Findings about a policy that do not change STS's verdict: IAM's GitHub guardrail (a trust
//! policy IAM would refuse to save today) and patterns that make a policy looser than it
//! looks.

use super::document::{ActionBlock, ConditionEntry, Effect, PolicyDocument, PrincipalValue};
use super::glob::Pattern;
use super::operator::{Comparison, SetQualifier};
use super::variables::mentions_variable;
use super::{PolicyKind, escape_pointer_token};
use crate::engine::verdict::{Finding, Severity};

/// GitHub's OIDC issuer host, the shared IdP IAM's guardrail knows.
const GITHUB_HOST: &str = "token.actions.githubusercontent.com";

/// The action the guardrail is about.
const ASSUME_WEB_IDENTITY: &str = "sts:AssumeRoleWithWebIdentity";

/// Every finding for `policy`, in document order.
pub(crate) fn findings(policy: &PolicyDocument, pointer_prefix: &str) -> Vec<Finding> {
    let mut out = Vec::new();
    for (index, statement) in policy.statements().iter().enumerate() {
        let path = format!("{pointer_prefix}{}", policy.statement_pointer(index));
        let key_path = |entry: &ConditionEntry| {
            format!(
                "{path}/Condition/{}/{}",
                escape_pointer_token(&entry.operator),
                escape_pointer_token(&entry.key)
            )
        };

        if policy.kind() == PolicyKind::Trust
            && statement.effect == Effect::Allow
            && let Some(finding) = github_guardrail(statement, index, &path, &key_path)
        {
            out.push(finding);
        }

        for entry in &statement.conditions {
            let op = entry.parsed;
            if statement.effect == Effect::Allow && op.set == SetQualifier::ForAllValues {
                out.push(Finding {
                    code: "for-all-values-in-allow".to_string(),
                    severity: Severity::Warning,
                    path: key_path(entry),
                    message: format!(
                        "`{}` on `{}` in an Allow statement holds when the key is absent from the request, so a token without this claim passes. Use a plain operator for a single-valued key, or add `\"Null\": {{\"{}\": \"false\"}}`.",
                        entry.operator, entry.key, entry.key
                    ),
                });
            }
            if matches!(
                op.comparison,
                Comparison::StringEquals | Comparison::StringEqualsIgnoreCase
            ) && let Some(value) = entry.values.iter().find(|value| has_bare_wildcard(value))
            {
                out.push(Finding {
                    code: "wildcard-in-string-equals".to_string(),
                    severity: Severity::Warning,
                    path: key_path(entry),
                    message: format!(
                        "`{}` compares `*` and `?` literally, so `{value}` matches only that exact text. Use `StringLike` (or `StringNotLike`) for wildcards.",
                        entry.operator
                    ),
                });
            }
            if !policy.substitutes_variables()
                && op.comparison.takes_variables()
                && let Some(value) = entry.values.iter().find(|value| mentions_variable(value))
            {
                out.push(Finding {
                    code: "policy-variable-without-version".to_string(),
                    severity: Severity::Warning,
                    path: key_path(entry),
                    message: format!(
                        "`{value}` is compared as literal text: policy variables are substituted only when the document has \"Version\": \"2012-10-17\"."
                    ),
                });
            }
        }
    }
    out
}

/// IAM's guardrail for shared OIDC providers (sts-behaviour.md §6.5): an Allow statement
/// trusting GitHub's provider for `sts:AssumeRoleWithWebIdentity` must constrain `:sub` or
/// `:job_workflow_ref` with StringEquals, StringLike or StringEqualsIgnoreCase to something
/// narrower than `*`.
fn github_guardrail(
    statement: &super::document::Statement,
    index: usize,
    statement_path: &str,
    key_path: &dyn Fn(&ConditionEntry) -> String,
) -> Option<Finding> {
    let block = statement
        .principal
        .as_ref()
        .filter(|block| !block.negated)?;
    let PrincipalValue::Typed(_) = &block.value else {
        return None;
    };
    let (principal, prefix) = block
        .value
        .values_of("Federated")
        .iter()
        .find_map(|arn| github_prefix(arn).map(|prefix| (arn.clone(), prefix)))?;
    if !covers_assume_web_identity(&statement.action) {
        return None;
    }
    // ASSUMED: for the enterprise form (`…/token.actions.githubusercontent.com/<slug>`) the
    // keys, and IAM's message, use the provider's full host/path as prefix.
    let sub = format!("{prefix}:sub");
    let workflow = format!("{prefix}:job_workflow_ref");
    // ASSUMED: only the three plain operators count (no IfExists, no set qualifier), and the
    // operator applies to the keys named exactly (ignoring case) with this provider's prefix.
    let candidates: Vec<&ConditionEntry> = statement
        .conditions
        .iter()
        .filter(|entry| {
            let op = entry.parsed;
            matches!(
                op.base,
                "StringEquals" | "StringLike" | "StringEqualsIgnoreCase"
            ) && op.set == SetQualifier::Plain
                && !op.if_exists
                && (entry.key.eq_ignore_ascii_case(&sub)
                    || entry.key.eq_ignore_ascii_case(&workflow))
        })
        .collect();
    // ASSUMED (independent probing, 2026, sts-behaviour.md §6.5 and users-and-anchors.md):
    // IAM looks only at the FIRST value of the list, so ["repo:acme/x","*"] passes while
    // ["*","repo:acme/x"] does not; a value is "scoped to all" when it is nothing but `*`.
    let scoped = candidates.iter().any(|entry| {
        entry
            .values
            .first()
            .is_some_and(|first| !first.chars().all(|c| c == '*'))
    });
    if scoped {
        return None;
    }
    let (path, problem) = match candidates.first() {
        Some(entry) => (
            key_path(entry),
            format!(
                "Statement {index} constrains `{}` with `{}`, but its first value is `{}`, which matches every repository.",
                entry.key,
                entry.operator,
                entry.values.first().map(String::as_str).unwrap_or_default()
            ),
        ),
        None => (
            statement_path.to_string(),
            format!("Statement {index} does not constrain `{sub}` or `{workflow}`."),
        ),
    };
    Some(Finding {
        code: "github-sub-not-scoped".to_string(),
        severity: Severity::Error,
        path,
        message: format!(
            "IAM refuses to save this trust policy since 2025 (existing roles are grandfathered): MalformedPolicyDocument: Trust policy with trusted principal {principal} must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, {sub} or {workflow} which is not scoped to all. {problem} Add e.g. \"StringLike\": {{\"{sub}\": \"repo:ORG/REPO:*\"}}."
        ),
    })
}

/// For an IAM OIDC provider ARN of GitHub (`…:oidc-provider/token.actions.githubusercontent.com`
/// or the enterprise form `…/token.actions.githubusercontent.com/<slug>`), the condition-key
/// prefix (the provider's host and path).
fn github_prefix(arn: &str) -> Option<String> {
    let parts: Vec<&str> = arn.splitn(6, ':').collect();
    let [scheme, partition, service, _region, _account, resource] = parts.as_slice() else {
        return None;
    };
    if *scheme != "arn" || !partition.starts_with("aws") || *service != "iam" {
        return None;
    }
    let provider = resource.strip_prefix("oidc-provider/")?;
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

/// Does the action element cover `sts:AssumeRoleWithWebIdentity`?
fn covers_assume_web_identity(action: &ActionBlock) -> bool {
    let hit = action
        .patterns
        .iter()
        .any(|pattern| Pattern::glob(pattern).matches(ASSUME_WEB_IDENTITY, true));
    hit != action.negated
}

/// A `*` or `?` that is not written as the escape `${*}` / `${?}`.
fn has_bare_wildcard(value: &str) -> bool {
    let stripped = value.replace("${*}", "").replace("${?}", "");
    stripped.contains('*') || stripped.contains('?')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::policy::parse_policy;
    use serde_json::{Value, json};

    const GITHUB: &str =
        "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
    const SUB: &str = "token.actions.githubusercontent.com:sub";

    fn lint(statement: Value) -> Vec<Finding> {
        lint_doc(json!({"Version": "2012-10-17", "Statement": [statement]}))
    }

    fn lint_doc(document: Value) -> Vec<Finding> {
        let policy = parse_policy(&document, PolicyKind::Trust).unwrap();
        findings(&policy, "/roles/0/AssumeRolePolicyDocument")
    }

    fn github(condition: Value) -> Value {
        json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition})
    }

    fn codes(findings: &[Finding]) -> Vec<&str> {
        findings.iter().map(|f| f.code.as_str()).collect()
    }

    #[test]
    fn guardrail_boundary() {
        // (case, statement, refused by IAM?)
        let rows: Vec<(&str, Value, bool)> = vec![
            (
                "no condition",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}),
                true,
            ),
            (
                "aud only",
                github(
                    json!({"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}),
                ),
                true,
            ),
            ("sub = *", github(json!({"StringLike": {SUB: "*"}})), true),
            ("sub = **", github(json!({"StringLike": {SUB: "**"}})), true),
            (
                "only repository",
                github(
                    json!({"StringEquals": {"token.actions.githubusercontent.com:repository": "acme/x"}}),
                ),
                true,
            ),
            (
                "only ref",
                github(
                    json!({"StringEquals": {"token.actions.githubusercontent.com:ref": "refs/heads/main"}}),
                ),
                true,
            ),
            (
                "repo:*",
                github(json!({"StringLike": {SUB: "repo:*"}})),
                false,
            ),
            (
                "repo:*/*",
                github(json!({"StringLike": {SUB: "repo:*/*"}})),
                false,
            ),
            (
                "exact sub",
                github(json!({"StringEquals": {SUB: "repo:acme/x:ref:refs/heads/main"}})),
                false,
            ),
            (
                "ignore-case sub",
                github(json!({"StringEqualsIgnoreCase": {SUB: "repo:acme/x:*"}})),
                false,
            ),
            (
                "key case differs",
                github(
                    json!({"StringLike": {"Token.Actions.GithubUserContent.com:SUB": "repo:acme/*"}}),
                ),
                false,
            ),
            (
                "job_workflow_ref",
                github(
                    json!({"StringLike": {"token.actions.githubusercontent.com:job_workflow_ref": "acme/wf/.github/workflows/d.yml@*"}}),
                ),
                false,
            ),
            (
                "first value real, then *",
                github(json!({"StringLike": {SUB: ["repo:acme/x", "*"]}})),
                false,
            ),
            (
                "first value *, then real",
                github(json!({"StringLike": {SUB: ["*", "repo:acme/x"]}})),
                true,
            ),
            (
                "StringNotLike does not count",
                github(json!({"StringNotLike": {SUB: "repo:evil/*"}})),
                true,
            ),
            (
                "IfExists does not count",
                github(json!({"StringLikeIfExists": {SUB: "repo:acme/*"}})),
                true,
            ),
            (
                "ForAnyValue does not count",
                github(json!({"ForAnyValue:StringLike": {SUB: "repo:acme/*"}})),
                true,
            ),
            (
                "Deny statement is not checked",
                json!({"Effect": "Deny", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}),
                false,
            ),
            (
                "other action",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:TagSession"}),
                false,
            ),
            (
                "sts:* covers it",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:*"}),
                true,
            ),
            (
                "NotAction not excluding it",
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "NotAction": "sts:TagSession"}),
                true,
            ),
            (
                "other provider",
                json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/gitlab.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}),
                false,
            ),
            (
                "enterprise slug, no condition",
                json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme"}, "Action": "sts:AssumeRoleWithWebIdentity"}),
                true,
            ),
            (
                "enterprise slug, scoped with its own prefix",
                json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com/acme:sub": "repo:acme/*"}}}),
                false,
            ),
            (
                "GovCloud partition",
                json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws-us-gov:iam::1:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}),
                true,
            ),
        ];
        for (case, statement, refused) in rows {
            let found = lint(statement);
            assert_eq!(
                codes(&found).contains(&"github-sub-not-scoped"),
                refused,
                "{case}: {found:?}"
            );
        }
    }

    #[test]
    fn guardrail_message_and_path() {
        let found = lint(github(json!({"StringLike": {SUB: "*"}})));
        let finding = &found[0];
        assert_eq!(finding.severity, Severity::Error);
        assert_eq!(
            finding.path,
            "/roles/0/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub"
        );
        assert!(finding.message.starts_with(&format!(
            "IAM refuses to save this trust policy since 2025 (existing roles are grandfathered): MalformedPolicyDocument: Trust policy with trusted principal {GITHUB} must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, token.actions.githubusercontent.com:sub or token.actions.githubusercontent.com:job_workflow_ref which is not scoped to all."
        )), "{}", finding.message);

        let found = lint_doc(
            json!({"Statement": {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}}),
        );
        assert_eq!(found[0].path, "/roles/0/AssumeRolePolicyDocument/Statement");
    }

    #[test]
    fn other_findings() {
        // (case, statement, version, expected codes)
        let scoped = json!({"StringLike": {SUB: "repo:acme/x:*"}});
        let rows: Vec<(&str, Value, Option<&str>, Vec<&str>)> = vec![
            ("clean", github(scoped.clone()), Some("2012-10-17"), vec![]),
            (
                "ForAllValues in Allow",
                github(
                    json!({"StringLike": {SUB: "repo:acme/x:*"}, "ForAllValues:StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}}),
                ),
                Some("2012-10-17"),
                vec!["for-all-values-in-allow"],
            ),
            (
                "ForAllValues in Deny is fine",
                json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"ForAllValues:StringEquals": {"k": "v"}}}),
                Some("2012-10-17"),
                vec![],
            ),
            (
                "wildcard in StringEquals",
                github(json!({"StringEquals": {SUB: "repo:acme/x:*"}})),
                Some("2012-10-17"),
                vec!["wildcard-in-string-equals"],
            ),
            (
                "escaped star in StringEquals is deliberate",
                github(
                    json!({"StringLike": {SUB: "repo:acme/x:*"}, "StringEquals": {"k": "a${*}b"}}),
                ),
                Some("2012-10-17"),
                vec![],
            ),
            (
                "variable without version",
                github(
                    json!({"StringLike": {SUB: "repo:${token.actions.githubusercontent.com:repository}:*"}}),
                ),
                None,
                vec!["policy-variable-without-version"],
            ),
            (
                "variable with version",
                github(
                    json!({"StringLike": {SUB: "repo:acme/${token.actions.githubusercontent.com:repository}:*"}}),
                ),
                Some("2012-10-17"),
                vec![],
            ),
        ];
        for (case, statement, version, want) in rows {
            let mut document = json!({"Statement": [statement]});
            if let (Some(version), Value::Object(members)) = (version, &mut document) {
                members.insert("Version".into(), Value::String(version.into()));
            }
            let found = lint_doc(document);
            assert_eq!(codes(&found), want, "{case}: {found:?}");
        }
        let found = lint(github(
            json!({"StringLike": {SUB: "repo:acme/x:*"}, "ForAllValues:StringLike": {"token.actions.githubusercontent.com:aud": "*"}}),
        ));
        assert_eq!(found[0].severity, Severity::Warning);
        assert_eq!(
            found[0].path,
            "/roles/0/AssumeRolePolicyDocument/Statement/0/Condition/ForAllValues:StringLike/token.actions.githubusercontent.com:aud"
        );
    }
}
