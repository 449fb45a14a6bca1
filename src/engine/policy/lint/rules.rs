//! Every lint rule, in one table: its stable code, a one-line title and what it is about. A
//! finding names its rule, so a rule cannot be reported without being listed here; front ends
//! read the table to describe rules (SARIF's `tool.driver.rules`, `stsplay lint --format sarif`).

/// A lint rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rule {
    ResourceInTrustPolicy,
    UnknownConditionOperator,
    MalformedPolicy,
    GithubSubNotScoped,
    GithubSubMissing,
    GithubSubAnyOwner,
    GithubSubAnyRepository,
    GithubSubAnyBranch,
    GithubSubPullRequest,
    GithubSubLegacyFormat,
    GithubOwnerCaseMismatch,
    GithubEnterpriseSlugMismatch,
    MismatchedActionForPrincipal,
    MissingAudCondition,
    ForAllValuesInAllow,
    ForAnyValueOnSingleValuedKey,
    WildcardInStringEquals,
    StringLikeWithoutWildcard,
    PolicyVariableWithoutVersion,
    ConditionKeyPrefixMismatch,
}

/// What the table says about a rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The stable code findings carry, e.g. `github-sub-any-branch`.
    pub code: &'static str,
    /// One line: what the rule reports.
    pub title: &'static str,
    /// Why it matters and what to do, in general (each finding's own help is specific).
    pub about: &'static str,
}

impl Rule {
    /// Every rule, in the order the README and SARIF list them.
    pub const ALL: [Rule; 20] = [
        Rule::ResourceInTrustPolicy,
        Rule::UnknownConditionOperator,
        Rule::MalformedPolicy,
        Rule::GithubSubNotScoped,
        Rule::GithubSubMissing,
        Rule::GithubSubAnyOwner,
        Rule::GithubSubAnyRepository,
        Rule::GithubSubAnyBranch,
        Rule::GithubSubPullRequest,
        Rule::GithubSubLegacyFormat,
        Rule::GithubOwnerCaseMismatch,
        Rule::GithubEnterpriseSlugMismatch,
        Rule::MismatchedActionForPrincipal,
        Rule::MissingAudCondition,
        Rule::ForAllValuesInAllow,
        Rule::ForAnyValueOnSingleValuedKey,
        Rule::WildcardInStringEquals,
        Rule::StringLikeWithoutWildcard,
        Rule::PolicyVariableWithoutVersion,
        Rule::ConditionKeyPrefixMismatch,
    ];

    /// The rule's stable code.
    pub fn code(self) -> &'static str {
        self.info().code
    }

    /// The rule with this code.
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|rule| rule.code() == code)
    }

    /// The table's entry for this rule.
    pub fn info(self) -> RuleInfo {
        let (code, title, about) = match self {
            Rule::ResourceInTrustPolicy => (
                "resource-in-trust-policy",
                "A trust policy statement has `Resource` or `NotResource`",
                "The resource of a trust policy is always the role it belongs to: IAM refuses a document that names one (MalformedPolicyDocument: Has prohibited field), and STS answers a stored one the same way. Delete the element.",
            ),
            Rule::UnknownConditionOperator => (
                "unknown-condition-operator",
                "A condition operator IAM does not know",
                "IAM refuses a policy with an unknown condition operator (MalformedPolicyDocument). Check the spelling against the IAM condition operators.",
            ),
            Rule::MalformedPolicy => (
                "malformed-policy",
                "The document is not a valid trust policy",
                "IAM refuses to save a policy with a grammar error (MalformedPolicyDocument), so the role keeps its old policy. Fix the element named in the message.",
            ),
            Rule::GithubSubNotScoped => (
                "github-sub-not-scoped",
                "IAM's GitHub guardrail: `sub` (or `job_workflow_ref`) is not scoped",
                "Since 2025 IAM refuses to save a trust policy whose GitHub Actions statement does not constrain `sub` or `job_workflow_ref` with StringEquals, StringLike or StringEqualsIgnoreCase to something narrower than everything (existing roles are grandfathered). Constrain `sub` to your repositories, narrow value first.",
            ),
            Rule::GithubSubMissing => (
                "github-sub-missing",
                "A GitHub statement pins the reusable workflow but not the calling repository",
                "A statement that constrains `job_workflow_ref` but not `sub` admits any repository whose workflow calls that reusable workflow (one in a public repository can be called from any account). Also pin the calling repository with `sub` or `repository_id`.",
            ),
            Rule::GithubSubAnyOwner => (
                "github-sub-any-owner",
                "A `sub` pattern admits any GitHub owner",
                "A wildcard where the owner goes admits workflows of every GitHub account and organisation. Pin the owner and repository.",
            ),
            Rule::GithubSubAnyRepository => (
                "github-sub-any-repository",
                "A `sub` pattern admits every repository of an owner",
                "A wildcard where the repository goes admits every repository of the owner, including ones created later. List the repositories that need the role.",
            ),
            Rule::GithubSubAnyBranch => (
                "github-sub-any-branch",
                "A `sub` pattern admits any branch (or any run) of a repository",
                "Anyone who can push a branch can then assume the role with unreviewed code. Pin a protected branch, or require a GitHub environment with protection rules.",
            ),
            Rule::GithubSubPullRequest => (
                "github-sub-pull-request",
                "A `sub` pattern admits pull-request runs",
                "A pull request's workflow code comes from its branch, before review. Give pull requests a separate role with read-only permissions.",
            ),
            Rule::GithubSubLegacyFormat => (
                "github-sub-legacy-format",
                "A `sub` pattern on GitHub's legacy format, where the repository uses the immutable one",
                "A pattern such as `repo:OWNER/REPO:…` never matches a token whose `sub` is on the immutable format (`repo:OWNER@ID/REPO@ID:…`). Write the pattern in the format the repository's tokens use.",
            ),
            Rule::GithubOwnerCaseMismatch => (
                "github-owner-case-mismatch",
                "A GitHub owner written with other capitals than the token's",
                "GitHub puts one spelling of the owner into every token and `StringEquals`/`StringLike` compare case-sensitively. Use the token's exact spelling, or pin the owner's id.",
            ),
            Rule::GithubEnterpriseSlugMismatch => (
                "github-enterprise-slug-mismatch",
                "The principal names another GitHub provider than the scenario's (enterprise slug)",
                "Tokens carry the ARN of the provider that is registered (with or without an enterprise slug); a statement naming another GitHub provider never applies. Name the provider exactly as it is registered and use its URL as the prefix of the condition keys.",
            ),
            Rule::MismatchedActionForPrincipal => (
                "mismatched-action-for-principal",
                "The action does not fit the principal",
                "Tokens of a web identity (OIDC) provider are exchanged with `sts:AssumeRoleWithWebIdentity`; a statement with another action never applies to them.",
            ),
            Rule::MissingAudCondition => (
                "missing-aud-condition",
                "A web identity statement does not check the audience",
                "Without an `aud` condition, a token the provider issued to any client can assume the role. Add a `StringEquals` condition on the provider's `:aud` key.",
            ),
            Rule::ForAllValuesInAllow => (
                "for-all-values-in-allow",
                "`ForAllValues` on a single-valued key in an Allow statement",
                "`ForAllValues` holds when the key is absent from the request, so a token without the claim passes. Use a plain operator, or add a `Null` check.",
            ),
            Rule::ForAnyValueOnSingleValuedKey => (
                "for-any-value-on-single-valued-key",
                "`ForAnyValue` on a single-valued key",
                "Set operators are for multivalued keys such as `aws:TagKeys` or Cognito's `amr`; on a single-valued key `ForAnyValue` works like the plain operator. Drop the prefix.",
            ),
            Rule::WildcardInStringEquals => (
                "wildcard-in-string-equals",
                "A `*` or `?` in a `StringEquals` value",
                "`StringEquals` compares literally, so the wildcard matches only itself. Use `StringLike` if a pattern was meant.",
            ),
            Rule::StringLikeWithoutWildcard => (
                "string-like-without-wildcard",
                "`StringLike` with a value that has no wildcard",
                "Without `*` or `?`, `StringLike` is an exact comparison; `StringEquals` says so plainly.",
            ),
            Rule::PolicyVariableWithoutVersion => (
                "policy-variable-without-version",
                "A policy variable in a policy without `\"Version\": \"2012-10-17\"`",
                "IAM substitutes `${…}` variables only in version 2012-10-17 policies; otherwise the text is compared literally.",
            ),
            Rule::ConditionKeyPrefixMismatch => (
                "condition-key-prefix-mismatch",
                "A condition key's prefix is not the URL of a provider the statement trusts",
                "STS sets condition keys under the provider's URL (without `https://`); a key under another prefix is never set, so the condition does not hold as written.",
            ),
        };
        RuleInfo { code, title, about }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_round_trip() {
        for rule in Rule::ALL {
            assert_eq!(Rule::from_code(rule.code()), Some(rule));
            assert!(!rule.info().title.is_empty() && !rule.info().about.is_empty());
        }
        let mut codes: Vec<&str> = Rule::ALL.iter().map(|r| r.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), Rule::ALL.len());
    }
}
