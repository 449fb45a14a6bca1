//! The lint pack's rules, each with policies that must trigger it and policies that must not,
//! and the spans they point at.

use super::*;
use serde_json::{Value, json};

const GITHUB: &str = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const ENTERPRISE: &str =
    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com/acme";
const SUB: &str = "token.actions.githubusercontent.com:sub";
const AUD: &str = "token.actions.githubusercontent.com:aud";
const JWR: &str = "token.actions.githubusercontent.com:job_workflow_ref";
const MAIN: &str = "repo:octo-org/octo-repo:ref:refs/heads/main";
const PREFIX: &str = "/roles/0/AssumeRolePolicyDocument";

/// Lint `document`; every case also checks that a caller's own parse (as the engine passes it)
/// gives exactly the same findings as the lint's.
fn lint_in(document: &Value, context: &LintContext) -> Vec<Finding> {
    let evidence = Evidence::of(context);
    let findings = lint(document, None, PREFIX, &evidence);
    let parsed = parse_policy(document, PolicyKind::Trust);
    assert_eq!(
        lint(document, Some(&parsed), PREFIX, &evidence),
        findings,
        "with the caller's parse"
    );
    findings
}

fn lint_doc(document: Value) -> Vec<Finding> {
    lint_in(&document, &LintContext::default())
}

fn doc(statement: Value) -> Value {
    json!({"Version": "2012-10-17", "Statement": [statement]})
}

/// A GitHub Allow statement with these conditions.
fn github(condition: Value) -> Value {
    json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": condition})
}

/// A GitHub statement with `aud` checked and `sub` under `operator`.
fn github_sub(operator: &str, sub: Value) -> Value {
    let mut condition = json!({"StringEquals": {AUD: "sts.amazonaws.com"}});
    condition[operator][SUB] = sub;
    doc(github(condition))
}

fn codes(findings: &[Finding]) -> Vec<&str> {
    findings.iter().map(|f| f.code.as_str()).collect()
}

fn context(providers: &[&str], claims: Value) -> LintContext {
    LintContext {
        providers: providers.iter().map(|p| p.to_string()).collect(),
        token_claims: claims.as_object().cloned().unwrap_or_default(),
    }
}

fn github_token(sub: &str, owner: &str) -> Value {
    json!({"iss": "https://token.actions.githubusercontent.com", "sub": sub, "repository_owner": owner})
}

#[test]
fn a_pinned_github_policy_is_clean() {
    // A token on the legacy format shows the legacy pattern is right for this repository.
    let found = lint_in(
        &doc(github(
            json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
        )),
        &context(
            &["token.actions.githubusercontent.com"],
            github_token(MAIN, "octo-org"),
        ),
    );
    assert_eq!(codes(&found), Vec::<&str>::new());
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
            github(json!({"StringEquals": {AUD: "sts.amazonaws.com"}})),
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
            github(json!({"StringLike": {JWR: "acme/wf/.github/workflows/d.yml@*"}})),
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
            json!({"Effect": "Allow", "Principal": {"Federated": ENTERPRISE}, "Action": "sts:AssumeRoleWithWebIdentity"}),
            true,
        ),
        (
            "enterprise slug, scoped with its own prefix",
            json!({"Effect": "Allow", "Principal": {"Federated": ENTERPRISE}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {"token.actions.githubusercontent.com/acme:sub": "repo:acme/*"}}}),
            false,
        ),
        (
            "GovCloud partition",
            json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws-us-gov:iam::1:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}),
            true,
        ),
    ];
    for (case, statement, refused) in rows {
        let found = lint_doc(doc(statement));
        assert_eq!(
            codes(&found).contains(&"github-sub-not-scoped"),
            refused,
            "{case}: {found:?}"
        );
    }
}

#[test]
fn guardrail_message_and_path() {
    let found = lint_doc(doc(github(json!({"StringLike": {SUB: "*"}}))));
    let finding = &found[0];
    assert_eq!(finding.code, "github-sub-not-scoped");
    assert_eq!(finding.severity, Severity::Error);
    assert_eq!(
        finding.path,
        "/roles/0/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub"
    );
    assert!(finding.message.starts_with(&format!(
        "IAM refuses to save this trust policy since 2025 (existing roles are grandfathered): MalformedPolicyDocument: Trust policy with trusted principal {GITHUB} must evaluate, using StringEquals, StringLike or StringEqualsIgnoreCase, token.actions.githubusercontent.com:sub or token.actions.githubusercontent.com:job_workflow_ref which is not scoped to all."
    )), "{}", finding.message);
    assert!(finding.help.contains("repo:ORG/REPO:*"), "{}", finding.help);

    let found = lint_doc(
        json!({"Statement": {"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}}),
    );
    assert_eq!(found[0].path, "/roles/0/AssumeRolePolicyDocument/Statement");
    assert_eq!(
        found[0].anchor.pointer,
        "/roles/0/AssumeRolePolicyDocument/Statement/Principal/Federated"
    );
}

/// Every rule, with documents that must trigger it and documents that must not.
#[test]
fn each_rule_fires_and_stays_quiet() {
    let none = LintContext::default;
    let gh_aud = json!({AUD: "sts.amazonaws.com"});
    // (case, document, context, code, expected severity when it fires, or None: must not fire)
    type Row = (
        &'static str,
        Value,
        LintContext,
        &'static str,
        Option<Severity>,
    );
    let rows: Vec<Row> = vec![
        // mismatched-action-for-principal
        (
            "AssumeRole for an OIDC provider",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": ["sts:AssumeRole", "sts:TagSession"], "Condition": {"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}}),
            ),
            none(),
            "mismatched-action-for-principal",
            Some(Severity::Error),
        ),
        (
            "AssumeRole for Google",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRole"}),
            ),
            none(),
            "mismatched-action-for-principal",
            Some(Severity::Error),
        ),
        (
            "AssumeRole next to AssumeRoleWithWebIdentity",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity"]}),
            ),
            none(),
            "mismatched-action-for-principal",
            None,
        ),
        (
            "AssumeRole for an AWS principal",
            doc(
                json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::1:root"}, "Action": "sts:AssumeRole"}),
            ),
            none(),
            "mismatched-action-for-principal",
            None,
        ),
        (
            "AssumeRoleWithSAML for a SAML provider",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:saml-provider/corp"}, "Action": "sts:AssumeRoleWithSAML"}),
            ),
            none(),
            "mismatched-action-for-principal",
            None,
        ),
        // missing-aud-condition
        (
            "GitHub without aud",
            doc(github(json!({"StringEquals": {SUB: MAIN}}))),
            none(),
            "missing-aud-condition",
            Some(Severity::Warning),
        ),
        (
            "aud only under a negated operator",
            doc(github(
                json!({"StringEquals": {SUB: MAIN}, "StringNotEquals": {AUD: "evil"}}),
            )),
            none(),
            "missing-aud-condition",
            Some(Severity::Warning),
        ),
        (
            "Google without aud: any Google client",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"accounts.google.com:sub": "1234"}}}),
            ),
            none(),
            "missing-aud-condition",
            Some(Severity::Error),
        ),
        (
            "Cognito without aud: any identity pool",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity"}),
            ),
            none(),
            "missing-aud-condition",
            Some(Severity::Error),
        ),
        (
            "GitHub with aud",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
            )),
            none(),
            "missing-aud-condition",
            None,
        ),
        (
            "Login with Amazon with app_id",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "www.amazon.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"www.amazon.com:app_id": "amzn1.application-oa2-client.1"}}}),
            ),
            none(),
            "missing-aud-condition",
            None,
        ),
        (
            "Google with azp-backed aud key in other case",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "accounts.google.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"Accounts.Google.com:AUD": "1.apps.googleusercontent.com"}}}),
            ),
            none(),
            "missing-aud-condition",
            None,
        ),
        (
            "a Deny needs no aud",
            doc(
                json!({"Effect": "Deny", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}),
            ),
            none(),
            "missing-aud-condition",
            None,
        ),
        // github-sub-missing
        (
            "job_workflow_ref only",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", JWR: "octo-org/wf/.github/workflows/d.yml@refs/heads/main"}}),
            )),
            none(),
            "github-sub-missing",
            Some(Severity::Warning),
        ),
        (
            "job_workflow_ref and repository_id",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", JWR: "octo-org/wf/.github/workflows/d.yml@refs/heads/main", "token.actions.githubusercontent.com:repository_id": "74"}}),
            )),
            none(),
            "github-sub-missing",
            None,
        ),
        (
            "nothing at all is the guardrail's",
            doc(github(json!({"StringEquals": gh_aud.clone()}))),
            none(),
            "github-sub-missing",
            None,
        ),
        // github-sub-any-owner
        (
            "repo:*",
            github_sub("StringLike", json!("repo:*")),
            none(),
            "github-sub-any-owner",
            Some(Severity::Error),
        ),
        (
            "a wildcard inside the owner",
            github_sub("StringLike", json!("repo:octo-*/app:ref:refs/heads/main")),
            none(),
            "github-sub-any-owner",
            Some(Severity::Error),
        ),
        (
            "`*` after a real first value",
            github_sub("StringLike", json!([MAIN, "*"])),
            none(),
            "github-sub-any-owner",
            Some(Severity::Error),
        ),
        (
            "`*` first is the guardrail's",
            github_sub("StringLike", json!(["*", MAIN])),
            none(),
            "github-sub-any-owner",
            None,
        ),
        (
            "repo:* under StringEquals is literal",
            github_sub("StringEquals", json!("repo:*")),
            none(),
            "github-sub-any-owner",
            None,
        ),
        (
            "repo:* under StringNotLike restricts",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "StringNotLike": {SUB: "repo:*"}}),
            )),
            none(),
            "github-sub-any-owner",
            None,
        ),
        (
            "repo:* in a Deny restricts",
            json!({"Version": "2012-10-17", "Statement": [
                github(json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}})),
                {"Effect": "Deny", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {SUB: "repo:*:pull_request"}}}
            ]}),
            none(),
            "github-sub-any-owner",
            None,
        ),
        // github-sub-any-repository
        (
            "repo:octo-org/*",
            github_sub("StringLike", json!("repo:octo-org/*")),
            none(),
            "github-sub-any-repository",
            Some(Severity::Warning),
        ),
        (
            "a wildcard inside the repository",
            github_sub(
                "StringLike",
                json!("repo:octo-org/app-*:ref:refs/heads/main"),
            ),
            none(),
            "github-sub-any-repository",
            Some(Severity::Warning),
        ),
        (
            "repository pinned",
            github_sub("StringLike", json!("repo:octo-org/app:ref:refs/tags/v*")),
            none(),
            "github-sub-any-repository",
            None,
        ),
        // github-sub-any-branch
        (
            "any context",
            github_sub("StringLike", json!("repo:octo-org/app:*")),
            none(),
            "github-sub-any-branch",
            Some(Severity::Warning),
        ),
        (
            "any branch",
            github_sub("StringLike", json!("repo:octo-org/app:ref:refs/heads/*")),
            none(),
            "github-sub-any-branch",
            Some(Severity::Warning),
        ),
        (
            "a branch prefix",
            github_sub(
                "StringLike",
                json!("repo:octo-org/app:ref:refs/heads/release-*"),
            ),
            none(),
            "github-sub-any-branch",
            None,
        ),
        (
            "any environment is not any branch",
            github_sub("StringLike", json!("repo:octo-org/app:environment:*")),
            none(),
            "github-sub-any-branch",
            None,
        ),
        // github-sub-pull-request
        (
            "pull_request exactly",
            github_sub("StringEquals", json!("repo:octo-org/app:pull_request")),
            none(),
            "github-sub-pull-request",
            Some(Severity::Warning),
        ),
        (
            "pull_request among others",
            github_sub(
                "StringLike",
                json!([MAIN, "repo:octo-org/app:pull_request"]),
            ),
            none(),
            "github-sub-pull-request",
            Some(Severity::Warning),
        ),
        (
            "pull_request excluded",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "StringNotEquals": {SUB: "repo:octo-org/app:pull_request"}}),
            )),
            none(),
            "github-sub-pull-request",
            None,
        ),
        // condition-key-prefix-mismatch
        (
            "a typo in the host",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN, "token.actions.githubusercontent.co:ref": "refs/heads/main"}}),
            )),
            none(),
            "condition-key-prefix-mismatch",
            Some(Severity::Error),
        ),
        (
            "Auth0's trailing slash left out",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::1:oidc-provider/example.auth0.com/"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"example.auth0.com:aud": "client"}}}),
            ),
            none(),
            "condition-key-prefix-mismatch",
            Some(Severity::Error),
        ),
        (
            "another provider's key",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN, "accounts.google.com:sub": "1"}}),
            )),
            none(),
            "condition-key-prefix-mismatch",
            Some(Severity::Error),
        ),
        (
            "a near miss in a statement for everyone",
            doc(
                json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"StringLike": {"token.actions.githubusercontnet.com:sub": "*:pull_request"}}}),
            ),
            none(),
            "condition-key-prefix-mismatch",
            Some(Severity::Error),
        ),
        (
            "a provider the scenario does not have",
            doc(
                json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"StringLike": {"gitlab.com:sub": "*"}}}),
            ),
            context(&["token.actions.githubusercontent.com"], json!({})),
            "condition-key-prefix-mismatch",
            Some(Severity::Error),
        ),
        (
            "no evidence, no near miss",
            doc(
                json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"StringLike": {"gitlab.com:sub": "*"}}}),
            ),
            none(),
            "condition-key-prefix-mismatch",
            None,
        ),
        (
            "key names ignore case",
            doc(github(
                json!({"StringEquals": {"Token.Actions.GitHubUserContent.com:AUD": "sts.amazonaws.com", SUB: MAIN}}),
            )),
            none(),
            "condition-key-prefix-mismatch",
            None,
        ),
        (
            "global and service keys",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN, "aws:RequestTag/team": "x", "sts:SourceIdentity": "y"}}),
            )),
            none(),
            "condition-key-prefix-mismatch",
            None,
        ),
        // github-enterprise-slug-mismatch
        (
            "github.com keys under an enterprise principal",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": ENTERPRISE}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com/acme:aud": "sts.amazonaws.com", SUB: MAIN}}}),
            ),
            none(),
            "github-enterprise-slug-mismatch",
            Some(Severity::Error),
        ),
        (
            "a github.com principal, an enterprise provider",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
            )),
            context(
                &["https://token.actions.githubusercontent.com/acme"],
                json!({}),
            ),
            "github-enterprise-slug-mismatch",
            Some(Severity::Error),
        ),
        (
            "enterprise keys under the enterprise principal",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": ENTERPRISE}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com/acme:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com/acme:sub": MAIN}}}),
            ),
            context(&["token.actions.githubusercontent.com/acme"], json!({})),
            "github-enterprise-slug-mismatch",
            None,
        ),
        (
            "github.com principal and provider",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
            )),
            context(&["token.actions.githubusercontent.com"], json!({})),
            "github-enterprise-slug-mismatch",
            None,
        ),
        // github-owner-case-mismatch
        (
            "two spellings of one owner",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN, JWR: "Octo-Org/wf/.github/workflows/d.yml@refs/heads/main"}}),
            )),
            none(),
            "github-owner-case-mismatch",
            Some(Severity::Warning),
        ),
        (
            "the token spells it otherwise",
            github_sub(
                "StringLike",
                json!("repo:Octo-Org/octo-repo:ref:refs/heads/*"),
            ),
            context(&[], github_token(MAIN, "octo-org")),
            "github-owner-case-mismatch",
            Some(Severity::Warning),
        ),
        (
            "one spelling",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN, JWR: "octo-org/wf/.github/workflows/d.yml@refs/heads/main"}}),
            )),
            none(),
            "github-owner-case-mismatch",
            None,
        ),
        (
            "StringEqualsIgnoreCase ignores case",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "StringEqualsIgnoreCase": {JWR: "OCTO-ORG/wf/.github/workflows/d.yml@refs/heads/main"}}),
            )),
            context(&[], github_token(MAIN, "octo-org")),
            "github-owner-case-mismatch",
            None,
        ),
        (
            "another owner altogether",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN, JWR: "Shared-Org/wf/.github/workflows/d.yml@refs/heads/main"}}),
            )),
            context(&[], github_token(MAIN, "octo-org")),
            "github-owner-case-mismatch",
            None,
        ),
        // github-sub-legacy-format
        (
            "legacy pattern, nothing known about the repository",
            github_sub("StringEquals", json!(MAIN)),
            none(),
            "github-sub-legacy-format",
            Some(Severity::Info),
        ),
        (
            "legacy pattern, the token is on the immutable format",
            github_sub("StringEquals", json!(MAIN)),
            context(
                &[],
                github_token(
                    "repo:octo-org@65/octo-repo@74:ref:refs/heads/main",
                    "octo-org",
                ),
            ),
            "github-sub-legacy-format",
            Some(Severity::Warning),
        ),
        (
            "legacy pattern, the token is on the legacy format",
            github_sub("StringEquals", json!(MAIN)),
            context(&[], github_token(MAIN, "octo-org")),
            "github-sub-legacy-format",
            None,
        ),
        (
            "both formats side by side",
            github_sub(
                "StringLike",
                json!([MAIN, "repo:octo-org@65/octo-repo@74:ref:refs/heads/main"]),
            ),
            none(),
            "github-sub-legacy-format",
            None,
        ),
        (
            "immutable pattern",
            github_sub(
                "StringEquals",
                json!("repo:octo-org@65/octo-repo@74:ref:refs/heads/main"),
            ),
            none(),
            "github-sub-legacy-format",
            None,
        ),
        // string-like-without-wildcard
        (
            "StringLike with an exact value",
            github_sub("StringLike", json!(MAIN)),
            context(&[], github_token(MAIN, "octo-org")),
            "string-like-without-wildcard",
            Some(Severity::Info),
        ),
        (
            "StringLike with a wildcard in one value",
            github_sub(
                "StringLike",
                json!([MAIN, "repo:octo-org/octo-repo:ref:refs/tags/v*"]),
            ),
            none(),
            "string-like-without-wildcard",
            None,
        ),
        (
            "StringLike with a policy variable",
            github_sub(
                "StringLike",
                json!("repo:${token.actions.githubusercontent.com:repository}:ref:refs/heads/main"),
            ),
            none(),
            "string-like-without-wildcard",
            None,
        ),
        // wildcard-in-string-equals
        (
            "StringEquals with *",
            github_sub("StringEquals", json!("repo:octo-org/octo-repo:*")),
            none(),
            "wildcard-in-string-equals",
            Some(Severity::Warning),
        ),
        (
            "StringEquals with the escape ${*}",
            github_sub("StringEquals", json!("repo:octo-org/octo-repo:${*}")),
            none(),
            "wildcard-in-string-equals",
            None,
        ),
        // policy-variable-without-version
        (
            "variable without Version",
            json!({"Statement": [github(json!({"StringEquals": {AUD: "sts.amazonaws.com"}, "StringLike": {SUB: "repo:${token.actions.githubusercontent.com:repository}:*"}}))]}),
            none(),
            "policy-variable-without-version",
            Some(Severity::Warning),
        ),
        (
            "variable with Version",
            github_sub(
                "StringLike",
                json!("repo:${token.actions.githubusercontent.com:repository}:*"),
            ),
            none(),
            "policy-variable-without-version",
            None,
        ),
        // for-all-values-in-allow
        (
            "ForAllValues on a single-valued key",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "ForAllValues:StringEquals": {"token.actions.githubusercontent.com:environment": "prod"}}),
            )),
            none(),
            "for-all-values-in-allow",
            Some(Severity::Warning),
        ),
        (
            "ForAllValues on Cognito's multivalued amr",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": "cognito-identity.amazonaws.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"cognito-identity.amazonaws.com:aud": "pool"}, "ForAllValues:StringLike": {"cognito-identity.amazonaws.com:amr": "*"}}}),
            ),
            none(),
            "for-all-values-in-allow",
            None,
        ),
        (
            "ForAllValues in a Deny",
            doc(
                json!({"Effect": "Deny", "Principal": "*", "Action": "*", "Condition": {"ForAllValues:StringEquals": {"aws:username": "v"}}}),
            ),
            none(),
            "for-all-values-in-allow",
            None,
        ),
        // for-any-value-on-single-valued-key
        (
            "ForAnyValue on a single-valued key",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "ForAnyValue:StringEquals": {"token.actions.githubusercontent.com:ref": "refs/heads/main"}}),
            )),
            none(),
            "for-any-value-on-single-valued-key",
            Some(Severity::Info),
        ),
        (
            "ForAnyValue on aws:TagKeys",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "ForAnyValue:StringEquals": {"aws:TagKeys": "team"}}),
            )),
            none(),
            "for-any-value-on-single-valued-key",
            None,
        ),
        // resource-in-trust-policy
        (
            "Resource",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*", "Condition": {"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}}),
            ),
            none(),
            "resource-in-trust-policy",
            Some(Severity::Error),
        ),
        (
            "NotResource",
            doc(
                json!({"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity", "NotResource": "arn:aws:s3:::x", "Condition": {"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}}),
            ),
            none(),
            "resource-in-trust-policy",
            Some(Severity::Error),
        ),
        (
            "no Resource",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
            )),
            none(),
            "resource-in-trust-policy",
            None,
        ),
        // unknown-condition-operator
        (
            "a misspelt operator",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "StringEqualz": {"aws:username": "x"}}),
            )),
            none(),
            "unknown-condition-operator",
            Some(Severity::Error),
        ),
        (
            "Null cannot take IfExists",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}, "NullIfExists": {"aws:username": "true"}}),
            )),
            none(),
            "unknown-condition-operator",
            Some(Severity::Error),
        ),
        (
            "operator names ignore case",
            doc(github(
                json!({"stringequals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
            )),
            none(),
            "unknown-condition-operator",
            None,
        ),
        // malformed-policy
        (
            "an Effect IAM does not know",
            doc(
                json!({"Effect": "allow", "Principal": {"Federated": GITHUB}, "Action": "sts:AssumeRoleWithWebIdentity"}),
            ),
            none(),
            "malformed-policy",
            Some(Severity::Error),
        ),
        (
            "no Principal",
            doc(json!({"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity"})),
            none(),
            "malformed-policy",
            Some(Severity::Error),
        ),
        (
            "text that is not JSON",
            Value::String("{\"Version\": ".into()),
            none(),
            "malformed-policy",
            Some(Severity::Error),
        ),
        (
            "a valid policy",
            doc(github(
                json!({"StringEquals": {AUD: "sts.amazonaws.com", SUB: MAIN}}),
            )),
            none(),
            "malformed-policy",
            None,
        ),
    ];
    for (case, document, context, code, severity) in rows {
        let found = lint_in(&document, &context);
        let hits: Vec<&Finding> = found.iter().filter(|f| f.code == code).collect();
        match severity {
            Some(severity) => {
                assert!(!hits.is_empty(), "{case}: expected {code}, got {found:#?}");
                for hit in hits {
                    assert_eq!(hit.severity, severity, "{case}: {hit:#?}");
                    assert!(hit.path.starts_with(PREFIX), "{case}: {hit:#?}");
                    assert!(!hit.message.is_empty() && !hit.help.is_empty(), "{case}");
                }
            }
            None => assert!(hits.is_empty(), "{case}: unexpected {code}: {hits:#?}"),
        }
    }
}

#[test]
fn set_aside_elements_do_not_stop_the_other_rules() {
    let found = lint_doc(doc(json!({
        "Effect": "Allow",
        "Principal": {"Federated": GITHUB},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Resource": "*",
        "Condition": {"StringLikes": {"aws:username": "x"}, "StringLike": {SUB: "repo:*"}}
    })));
    assert_eq!(
        codes(&found),
        [
            "resource-in-trust-policy",
            "unknown-condition-operator",
            "missing-aud-condition",
            "github-sub-any-owner"
        ]
    );
}

const PRETTY: &str = r#"{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
      "Action": "sts:AssumeRoleWithWebIdentity",
      "Resource": "*",
      "Condition": {
        "StringLikes": {"aws:username": "x"},
        "StringLike": {"token.actions.githubusercontent.co:sub": ["repo:octo-org/app:ref:refs/heads/main", "repo:*"]}
      }
    }
  ]
}"#;

/// The text each finding of `PRETTY` underlines.
const EXPECTED_SPANS: &[(&str, &str)] = &[
    ("resource-in-trust-policy", "\"Resource\""),
    ("unknown-condition-operator", "\"StringLikes\""),
    (
        "github-sub-not-scoped",
        "\"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\"",
    ),
    (
        "missing-aud-condition",
        "\"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com\"",
    ),
    (
        "condition-key-prefix-mismatch",
        "\"token.actions.githubusercontent.co:sub\"",
    ),
];

#[test]
fn spans_underline_the_exact_name_or_value() {
    let found = lint_in(&Value::String(PRETTY.to_string()), &LintContext::default());
    assert_eq!(
        codes(&found),
        EXPECTED_SPANS
            .iter()
            .map(|(code, _)| *code)
            .collect::<Vec<_>>()
    );
    for (finding, (code, text)) in found.iter().zip(EXPECTED_SPANS) {
        let span = finding.span.unwrap_or_else(|| panic!("{code}: no span"));
        assert_eq!(PRETTY.get(span.start..span.end), Some(*text), "{code}");
    }
    let resource = found[0].span.unwrap();
    assert_eq!((resource.line, resource.column), (8, 7));
    assert_eq!((resource.end_line, resource.end_column), (8, 17));

    // The same policy held as an object has no span, but front ends locate findings in their
    // own text: the policy editor's, or a whole scenario file.
    let object: Value = serde_json::from_str(PRETTY).unwrap();
    let found = lint_in(&object, &LintContext::default());
    assert!(found.iter().all(|f| f.span.is_none()));
    let editor = serde_json::to_string_pretty(&object).unwrap();
    for (finding, (code, text)) in found.iter().zip(EXPECTED_SPANS) {
        let span = finding.locate(&editor, PREFIX).unwrap();
        assert_eq!(editor.get(span.start..span.end), Some(*text), "{code}");
    }
    let scenario = format!("{{\"roles\": [{{\"AssumeRolePolicyDocument\": {PRETTY}}}]}}");
    let span = found[1].locate(&scenario, "").unwrap();
    assert_eq!(scenario.get(span.start..span.end), Some("\"StringLikes\""));
    // Text for another slot holds nothing of this policy.
    assert_eq!(
        found[1].locate(&editor, "/roles/1/AssumeRolePolicyDocument"),
        None
    );
    assert_eq!(
        found[1].locate(&editor, "/roles/0/AssumeRolePolicyDocumentX"),
        None
    );
}

#[test]
fn spans_in_url_encoded_text_and_text_that_is_not_json() {
    let encoded = percent_encoding::utf8_percent_encode(PRETTY, percent_encoding::NON_ALPHANUMERIC)
        .to_string();
    let found = lint_in(&Value::String(encoded.clone()), &LintContext::default());
    let span = found[0].span.unwrap();
    assert_eq!(encoded.get(span.start..span.end), Some("%22Resource%22"));

    let text = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n";
    let found = lint_in(&Value::String(text.to_string()), &LintContext::default());
    assert_eq!(codes(&found), ["malformed-policy"]);
    assert_eq!(found[0].path, PREFIX);
    assert!(found[0].message.contains("line 4"), "{}", found[0].message);
    let span = found[0].span.unwrap();
    assert_eq!(span.line, 4);
}

#[test]
fn odd_documents_never_panic() {
    let documents = [
        json!(null),
        json!([]),
        json!("not json"),
        json!(""),
        json!({"Statement": []}),
        json!({"Statement": [1, "x", null]}),
        json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*", "Condition": {"": {"": []}}}}),
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": ["", ":", "arn:aws:iam::1:oidc-provider/"]}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringLike": {":": ["", "repo:", "repo:/", "repo://:", "repo:a/b:"]}}}]}),
        json!({"Statement": [{"Effect": "Allow", "Principal": {"Federated": GITHUB}, "Action": "sts:*", "Condition": {"StringLike": {SUB: ["repo:é/ü:ref:refs/heads/😀*", "?", "repo:?"], JWR: "/"}, "StringEquals": {"token.actions.githubusercontent.com/:sub": "x"}}}]}),
    ];
    for document in documents {
        let _ = lint_in(&document, &context(&["", "https://"], json!({"iss": 5})));
    }
    let long = "x".repeat(10_000);
    let _ = lint_doc(doc(github(
        json!({"StringEquals": {format!("{long}.com:{long}"): long}}),
    )));
}

#[test]
fn a_grammar_error_underlines_an_unknown_name_or_a_wrong_value() {
    let rows = [
        (
            r#"{"Statement": [{"Effect": "Allow", "Principals": {"Federated": "x"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
            "\"Principals\"",
        ),
        (
            r#"{"Statement": [{"Effect": "allow", "Principal": {"Federated": "x"}, "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
            "\"allow\"",
        ),
        (
            r#"{"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity"}]}"#,
            r#"{"Effect": "Allow", "Action": "sts:AssumeRoleWithWebIdentity"}"#,
        ),
    ];
    for (text, underlined) in rows {
        let found = lint_in(&Value::String(text.to_string()), &LintContext::default());
        assert_eq!(codes(&found), ["malformed-policy"], "{text}");
        let span = found[0].span.unwrap();
        assert_eq!(text.get(span.start..span.end), Some(underlined), "{text}");
    }
}
