//! "Who else can assume this role?": for typical trust policies, the counterexamples that must
//! (and must not) be found, each re-checked independently through the engine (signed here with
//! the fixed RSA test key, not with who-can's key); unusable input; and `stsplay who-can` as a
//! user runs it (exit codes, JSON shape, determinism).

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use serde_json::{Map, Value, json};
use std::process::Output;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::{ErrorCode, Outcome};
use stsplay::signing::SigningKey;
use stsplay::who_can::{Admitted, Grade, Report, who_can};
use support::text;

/// 2026-11-22T10:00:00Z.
const NOW: i64 = 1_795_341_600;
const GITHUB: &str = "token.actions.githubusercontent.com";
const PROVIDER_ARN: &str =
    "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";

/// who-can's signing key: the fixed P-256 test key.
fn who_can_key() -> SigningKey {
    match support::key("ec-p256") {
        support::TestKey::P256(key) => SigningKey::P256(key),
        _ => panic!("ec-p256 is a P-256 key"),
    }
}

/// A trust policy with one Allow statement for `principal` and these conditions.
fn policy(principal: &str, conditions: Value) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Deploy",
            "Effect": "Allow",
            "Principal": { "Federated": principal },
            "Action": "sts:AssumeRoleWithWebIdentity",
            "Condition": conditions,
        }]
    })
}

/// A GitHub trust policy: `aud` pinned, plus `StringLike` on these keys.
fn github_policy(like: Value) -> Value {
    let mut like_keys = Map::new();
    for (key, value) in like.as_object().unwrap() {
        like_keys.insert(format!("{GITHUB}:{key}"), value.clone());
    }
    policy(
        PROVIDER_ARN,
        json!({
            "StringEquals": { format!("{GITHUB}:aud"): "sts.amazonaws.com" },
            "StringLike": like_keys,
        }),
    )
}

/// Run who-can and check every accepted token independently.
fn analyse(input: &Value) -> Report {
    let report = who_can(input, NOW, &who_can_key()).unwrap();
    for admitted in report.intended.iter().chain(&report.counterexamples) {
        assert_accepted(input, admitted);
    }
    report
}

/// Sign the token's claims with the fixed RSA key and run them through the engine: in the
/// scenario given, or for a policy alone in a scenario built here (its provider registering the
/// token's audience).
fn assert_accepted(input: &Value, admitted: &Admitted) {
    let claims = Value::Object(admitted.claims.clone());
    let key = support::key("rsa-a");
    let mut header = Map::new();
    header.insert("kid".into(), "recheck".into());
    let token = support::mint(&key, "RS256", &header, &claims);
    let iss = claims["iss"].as_str().unwrap().to_string();
    let mut scenario = if input.get("Statement").is_some() {
        let host = iss.trim_start_matches("https://");
        let builtin = host == "accounts.google.com" || host == "cognito-identity.amazonaws.com";
        let providers = if builtin {
            json!([])
        } else {
            json!([{ "Url": host, "ClientIDList": [claims["aud"].clone()] }])
        };
        json!({
            "now": NOW,
            "account": "123456789012",
            "providers": providers,
            "roles": [{ "RoleName": "recheck", "AssumeRolePolicyDocument": input }],
            "request": { "RoleArn": "arn:aws:iam::123456789012:role/recheck", "RoleSessionName": "recheck" },
        })
    } else {
        let mut scenario = input.clone();
        scenario["now"] = NOW.into();
        scenario
    };
    scenario["request"]["WebIdentityToken"] = token.into();
    if scenario.get("idps").is_none() {
        scenario["idps"] = json!({});
    }
    scenario["idps"][&iss] = json!({ "jwks": { "keys": [key.jwk("recheck")] } });
    let verdict = simulate(&Scenario::from_value(&scenario).unwrap());
    assert_eq!(
        verdict.outcome(),
        Outcome::Accepted,
        "`{}` ({}) was reported but STS refuses it: {:?}",
        admitted.title,
        admitted.id,
        verdict.error()
    );
}

/// The counterexamples' (id, grade) pairs.
fn found(report: &Report) -> Vec<(String, Grade)> {
    report
        .counterexamples
        .iter()
        .map(|a| (a.id.clone(), a.grade))
        .collect()
}

fn has(report: &Report, id: &str, grade: Grade) -> bool {
    found(report).contains(&(id.to_string(), grade))
}

fn lacks(report: &Report, id: &str) -> bool {
    !report.counterexamples.iter().any(|a| a.id == id)
}

fn counterexample<'r>(report: &'r Report, id: &str) -> &'r Admitted {
    report
        .counterexamples
        .iter()
        .find(|a| a.id == id)
        .unwrap_or_else(|| panic!("no `{id}` among {:?}", found(report)))
}

fn claim<'a>(admitted: &'a Admitted, name: &str) -> &'a str {
    admitted.claims[name].as_str().unwrap_or_default()
}

#[test]
fn a_policy_pinned_to_main_admits_nothing_dangerous() {
    let input = policy(
        PROVIDER_ARN,
        json!({ "StringEquals": {
            format!("{GITHUB}:aud"): "sts.amazonaws.com",
            format!("{GITHUB}:sub"): "repo:o/r:ref:refs/heads/main",
        }}),
    );
    let report = analyse(&input);
    assert_eq!(report.intended.len(), 1);
    assert_eq!(
        claim(&report.intended[0], "sub"),
        "repo:o/r:ref:refs/heads/main"
    );
    assert_eq!(report.intended[0].grade, Grade::Safe);
    assert!(report.refused.is_empty());
    // Only another workflow on main, which STS cannot tell apart.
    assert_eq!(
        found(&report),
        [("github.other-workflow".to_string(), Grade::Safe)]
    );
    assert_eq!(report.worst(), Some(Grade::Safe));
    let statement = report.intended[0].statement.as_ref().unwrap();
    assert_eq!(
        (statement.index, statement.sid.as_deref()),
        (0, Some("Deploy"))
    );
    assert_eq!(statement.path, "/Statement/0");
    assert!(
        report.tried > 10,
        "the variations were tried: {}",
        report.tried
    );
}

#[test]
fn an_org_wildcard_admits_other_repositories_and_pull_requests() {
    let report = analyse(&github_policy(json!({ "sub": "repo:o/*" })));
    assert!(has(&report, "github.other-repository", Grade::Caution));
    assert!(has(&report, "github.pull-request", Grade::Dangerous));
    assert!(has(&report, "github.any-branch", Grade::Caution));
    assert!(lacks(&report, "github.other-owner"));
    assert!(lacks(&report, "github.lookalike-owner"));
    let other = counterexample(&report, "github.other-repository");
    assert!(claim(other, "sub").starts_with("repo:o/"));
    assert_ne!(
        claim(other, "repository"),
        claim(&report.intended[0], "repository")
    );
    let via = &other.matched;
    assert!(
        via.iter()
            .any(|m| m.key.ends_with(":sub") && m.value == "repo:o/*"),
        "{via:?}"
    );
    // Most severe first.
    assert_eq!(report.counterexamples[0].grade, Grade::Dangerous);
}

#[test]
fn a_repository_wildcard_admits_pull_requests_and_any_branch() {
    let report = analyse(&github_policy(json!({ "sub": "repo:o/r:*" })));
    let pull_request = counterexample(&report, "github.pull-request");
    assert_eq!(pull_request.grade, Grade::Dangerous);
    assert_eq!(claim(pull_request, "sub"), "repo:o/r:pull_request");
    assert_eq!(claim(pull_request, "event_name"), "pull_request");
    assert!(pull_request.reason.contains("pull request"));
    assert!(has(&report, "github.any-branch", Grade::Caution));
    assert!(has(&report, "github.tag", Grade::Caution));
    assert!(has(&report, "github.other-environment", Grade::Caution));
    assert!(lacks(&report, "github.other-repository"));
    assert!(lacks(&report, "github.other-owner"));
    assert_eq!(report.worst(), Some(Grade::Dangerous));
    // The builder input comes along, ready for a test case's `github` member.
    let github = pull_request.github.as_ref().unwrap();
    assert_eq!(github["event"], "pull_request");
    assert_eq!(github["owner"], "o");
}

#[test]
fn without_a_sub_condition_anyone_on_github_is_admitted() {
    let input = policy(
        PROVIDER_ARN,
        json!({ "StringEquals": { format!("{GITHUB}:aud"): "sts.amazonaws.com" } }),
    );
    let report = analyse(&input);
    let outsider = counterexample(&report, "github.other-owner");
    assert_eq!(outsider.grade, Grade::Dangerous);
    assert!(claim(outsider, "sub").starts_with("repo:another-org/"));
    assert!(has(&report, "github.pull-request", Grade::Dangerous));
    // Implied by the outsider: not reported again.
    assert!(lacks(&report, "github.other-repository"));
    assert_eq!(report.count(Grade::Dangerous), 2);
}

#[test]
fn an_environment_pin_lets_any_branch_and_pull_request_jobs_in_the_environment() {
    let report = analyse(&github_policy(
        json!({ "sub": "repo:o/r:environment:production" }),
    ));
    assert_eq!(
        claim(&report.intended[0], "sub"),
        "repo:o/r:environment:production"
    );
    let branch = counterexample(&report, "github.any-branch");
    assert_eq!(claim(branch, "sub"), "repo:o/r:environment:production");
    assert_eq!(claim(branch, "ref"), "refs/heads/any-branch");
    assert!(has(
        &report,
        "github.pull-request-environment",
        Grade::Caution
    ));
    assert!(lacks(&report, "github.pull-request"));
    assert!(lacks(&report, "github.other-environment"));
    assert_ne!(report.worst(), Some(Grade::Dangerous));
}

#[test]
fn a_pinned_reusable_workflow_admits_its_callers() {
    let called = "o/automation/.github/workflows/deploy.yml@refs/heads/main";
    let input = policy(
        PROVIDER_ARN,
        json!({ "StringEquals": {
            format!("{GITHUB}:aud"): "sts.amazonaws.com",
            format!("{GITHUB}:job_workflow_ref"): called,
        }}),
    );
    let report = analyse(&input);
    assert_eq!(claim(&report.intended[0], "job_workflow_ref"), called);
    // The caller defaults to the reusable workflow's organization.
    assert_eq!(claim(&report.intended[0], "repository_owner"), "o");
    let caller = counterexample(&report, "github.other-owner");
    assert_eq!(caller.grade, Grade::Dangerous);
    assert_eq!(claim(caller, "job_workflow_ref"), called);
    // Pinned to one ref and file: other refs and files of the reusable workflow are refused.
    assert!(lacks(&report, "github.reusable-workflow-ref"));
    assert!(lacks(&report, "github.reusable-workflow-file"));

    // With the callers limited to the organization: other repositories there, not outsiders.
    let input = github_policy(json!({ "sub": "repo:o/*", "job_workflow_ref": called }));
    let report = analyse(&input);
    let caller = counterexample(&report, "github.reusable-workflow-caller");
    assert_eq!(caller.grade, Grade::Caution);
    assert!(claim(caller, "repository").starts_with("o/"));
    assert_eq!(claim(caller, "job_workflow_ref"), called);
    assert!(lacks(&report, "github.other-owner"));

    // Any ref of the reusable workflow: anyone who can push a branch to it.
    let input = github_policy(json!({
        "sub": "repo:o/r:*",
        "job_workflow_ref": "o/automation/.github/workflows/deploy.yml@*",
    }));
    let report = analyse(&input);
    let other_ref = counterexample(&report, "github.reusable-workflow-ref");
    assert_eq!(
        claim(other_ref, "job_workflow_ref"),
        "o/automation/.github/workflows/deploy.yml@refs/heads/any-branch"
    );
}

#[test]
fn an_immutable_subject_pins_the_ids_and_the_format() {
    let report = analyse(&github_policy(
        json!({ "sub": "repo:o@65/r@74:ref:refs/heads/main" }),
    ));
    assert_eq!(
        claim(&report.intended[0], "sub"),
        "repo:o@65/r@74:ref:refs/heads/main"
    );
    assert_eq!(claim(&report.intended[0], "repository_id"), "74");
    assert!(lacks(&report, "github.other-ids"));
    assert!(lacks(&report, "github.other-sub-format"));
    assert_eq!(report.worst(), Some(Grade::Safe));

    // Wildcards where the ids go: the names alone decide.
    let report = analyse(&github_policy(
        json!({ "sub": "repo:o@*/r@*:ref:refs/heads/main" }),
    ));
    let other_ids = counterexample(&report, "github.other-ids");
    assert_eq!(other_ids.grade, Grade::Caution);
    assert_ne!(
        claim(other_ids, "repository_id"),
        claim(&report.intended[0], "repository_id")
    );

    // A legacy subject: the same repository in the immutable format is refused, and a
    // repository recreated under the name (which gets the immutable format) too.
    let report = analyse(&github_policy(
        json!({ "sub": "repo:o/r:ref:refs/heads/main" }),
    ));
    assert!(lacks(&report, "github.other-sub-format"));
    assert!(lacks(&report, "github.other-ids"));
}

#[test]
fn owner_wildcards_admit_look_alike_accounts() {
    let report = analyse(&github_policy(
        json!({ "sub": "repo:octo-*/app:ref:refs/heads/main" }),
    ));
    let lookalike = counterexample(&report, "github.lookalike-owner");
    assert_eq!(lookalike.grade, Grade::Dangerous);
    assert_eq!(claim(lookalike, "repository"), "octo-lookalike/app");
}

#[test]
fn an_enterprise_issuer_keeps_other_organizations_inside_the_enterprise() {
    let prefix = "token.actions.githubusercontent.com/octo-ent";
    let input = policy(
        &format!("arn:aws:iam::123456789012:oidc-provider/{prefix}"),
        json!({ "StringLike": { format!("{prefix}:sub"): "repo:*" } }),
    );
    let report = analyse(&input);
    assert_eq!(
        claim(&report.intended[0], "iss"),
        "https://token.actions.githubusercontent.com/octo-ent"
    );
    assert!(has(&report, "github.other-owner", Grade::Caution));
    assert!(has(&report, "github.pull-request", Grade::Dangerous));
}

#[test]
fn google_with_only_an_audience_admits_any_account_of_that_app() {
    let input = policy(
        "accounts.google.com",
        json!({ "StringEquals": { "accounts.google.com:aud": "5678.apps.googleusercontent.com" } }),
    );
    let report = analyse(&input);
    assert_eq!(report.provider.kind, "google");
    let any_account = counterexample(&report, "google.any-account");
    assert_eq!(any_account.grade, Grade::Caution);
    assert_eq!(claim(any_account, "aud"), "5678.apps.googleusercontent.com");
    assert_ne!(claim(any_account, "sub"), claim(&report.intended[0], "sub"));
    assert!(lacks(&report, "google.other-client"));
    assert!(lacks(&report, "google.anyone"));
    assert_eq!(report.worst(), Some(Grade::Caution));

    // No conditions at all: any Google account, any app.
    let report = analyse(&policy("accounts.google.com", json!({})));
    assert!(has(&report, "google.anyone", Grade::Dangerous));
}

#[test]
fn cognito_without_amr_admits_unauthenticated_identities() {
    let pool = "us-east-1:12345678-1234-1234-1234-123456789012";
    let report = analyse(&policy(
        "cognito-identity.amazonaws.com",
        json!({ "StringEquals": { "cognito-identity.amazonaws.com:aud": pool } }),
    ));
    let guest = counterexample(&report, "cognito.unauthenticated");
    assert_eq!(guest.grade, Grade::Dangerous);
    assert_eq!(guest.claims["amr"], json!(["unauthenticated"]));
    assert!(lacks(&report, "cognito.other-pool"));

    let report = analyse(&policy(
        "cognito-identity.amazonaws.com",
        json!({
            "StringEquals": { "cognito-identity.amazonaws.com:aud": pool },
            "ForAnyValue:StringLike": { "cognito-identity.amazonaws.com:amr": "authenticated" },
        }),
    ));
    assert!(lacks(&report, "cognito.unauthenticated"));
    assert!(has(&report, "cognito.any-identity", Grade::Caution));
    assert_ne!(report.worst(), Some(Grade::Dangerous));
}

#[test]
fn other_oidc_providers_need_a_pinned_subject() {
    let prefix = "oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE";
    let arn = format!("arn:aws:iam::123456789012:oidc-provider/{prefix}");
    let report = analyse(&policy(
        &arn,
        json!({ "StringEquals": { format!("{prefix}:aud"): "sts.amazonaws.com" } }),
    ));
    assert_eq!(report.provider.kind, "oidc");
    assert!(has(&report, "oidc.any-subject", Grade::Dangerous));

    let report = analyse(&policy(
        &arn,
        json!({
            "StringEquals": { format!("{prefix}:aud"): "sts.amazonaws.com" },
            "StringLike": { format!("{prefix}:sub"): "system:serviceaccount:prod:*" },
        }),
    ));
    let other = counterexample(&report, "oidc.other-subject");
    assert_eq!(other.grade, Grade::Caution);
    assert!(claim(other, "sub").starts_with("system:serviceaccount:prod:"));
    assert!(lacks(&report, "oidc.any-subject"));
}

#[test]
fn a_scenario_brings_its_provider_role_and_token() {
    let path =
        support::root().join("tests/fixtures/scenarios/presets/github-pull-request-rejected.json");
    let input: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let report = analyse(&input);
    assert!(report.assumptions.is_empty());
    assert_eq!(report.role_arn, "arn:aws:iam::123456789012:role/deploy");
    // The scenario's own token (a pull request) is named, and refused by the policy.
    let token = report
        .refused
        .iter()
        .find(|r| r.id == "scenario-token")
        .unwrap();
    assert_eq!(token.failed_step.as_deref(), Some("trust_policy"));
    assert_eq!(token.code.map(ErrorCode::as_str), Some("AccessDenied"));
    assert_eq!(
        claim(&report.intended[0], "sub"),
        "repo:octo-org/octo-repo:ref:refs/heads/main"
    );
    // The token's repository ids carry over to the runs the policy names.
    assert_eq!(claim(&report.intended[0], "repository_id"), "74");
    assert!(lacks(&report, "github.pull-request"));

    // A scenario whose token STS accepts: that token is the first named run.
    let path = support::root().join("tests/fixtures/scenarios/presets/github-actions-main.json");
    let input: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let report = analyse(&input);
    assert_eq!(report.intended[0].id, "scenario-token");
    assert_eq!(
        report.intended.len(),
        1,
        "the policy's own run is the same token"
    );
}

#[test]
fn the_report_does_not_depend_on_the_key() {
    let input = github_policy(json!({ "sub": "repo:o/*" }));
    let fixed = who_can(&input, NOW, &who_can_key()).unwrap();
    let fresh = who_can(&input, NOW, &SigningKey::generate_p256().unwrap()).unwrap();
    let (fixed, fresh) = (
        serde_json::to_string(&fixed).unwrap(),
        serde_json::to_string(&fresh).unwrap(),
    );
    assert_eq!(fixed, fresh);
    assert!(!fixed.contains(&who_can_key().kid()));
}

#[test]
fn unusable_input_names_the_place() {
    let cases = [
        (json!({"colour": "red"}), "", "expected a trust policy"),
        (
            json!({"Statement": [{"Effect": "allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity"}]}),
            "/Statement/0/Effect",
            "malformed",
        ),
        (
            policy("arn:aws:iam::123456789012:saml-provider/corp", json!({})),
            "/Statement/0/Principal/Federated",
            "OIDC",
        ),
        (
            json!({"roles": [], "request": {"RoleArn": "arn:aws:iam::123456789012:role/none", "RoleSessionName": "s"}}),
            "/request/RoleArn",
            "names no role",
        ),
        (json!({"stsplay_test": 1, "cases": []}), "", "test suite"),
    ];
    for (input, path, message) in cases {
        let err = who_can(&input, NOW, &who_can_key()).unwrap_err();
        assert_eq!(err.path, path, "{input}");
        assert!(err.message.contains(message), "{input}: {}", err.message);
    }
}

// The command line.

fn stsplay(args: &[&str], stdin: &[u8]) -> Output {
    support::run_stsplay(args, Some(stdin))
}

const CLOCK: [&str; 2] = ["--now", "2026-11-22T10:00:00Z"];

#[test]
fn cli_exits_0_when_nothing_dangerous_is_admitted() {
    let input = github_policy(json!({ "sub": "repo:o/r:ref:refs/heads/main" }));
    let out = stsplay(
        &["who-can", "-", CLOCK[0], CLOCK[1]],
        input.to_string().as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Assumed: a trust policy alone"), "{stdout}");
    assert!(stdout.contains("Named by the policy (accepted):"));
    assert!(stdout.contains("sub              repo:o/r:ref:refs/heads/main"));
    assert!(stdout.contains("admitted by      statement 0 (Sid `Deploy`) at /Statement/0"));
    assert!(
        stdout.contains("0 dangerous, 0 caution, 2 safe (exit 0"),
        "{stdout}"
    );
    assert!(out.stderr.is_empty());
}

#[test]
fn cli_exits_1_on_a_dangerous_counterexample_with_deterministic_output() {
    let input = github_policy(json!({ "sub": "repo:o/r:*" })).to_string();
    let args = ["who-can", "-", CLOCK[0], CLOCK[1]];
    let first = stsplay(&args, input.as_bytes());
    assert_eq!(first.status.code(), Some(1), "{}", text(&first.stderr));
    let stdout = text(&first.stdout);
    assert!(
        stdout.contains("DANGEROUS a pull request in o/r"),
        "{stdout}"
    );
    assert!(stdout.contains("sub              repo:o/r:pull_request"));
    assert!(
        stdout
            .contains("StringLike `token.actions.githubusercontent.com:sub` matched `repo:o/r:*`")
    );
    // Each run signs with a fresh key, and the output is the same.
    let second = stsplay(&args, input.as_bytes());
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn cli_json_has_the_documented_shape() {
    let input = github_policy(json!({ "sub": "repo:o/*" })).to_string();
    let out = stsplay(
        &["who-can", "-", "--json", CLOCK[0], CLOCK[1]],
        input.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let members: Vec<&str> = report
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        members,
        [
            "input",
            "assumptions",
            "provider",
            "role_arn",
            "tried",
            "intended",
            "refused",
            "counterexamples"
        ]
    );
    assert_eq!(report["input"], "policy");
    assert_eq!(report["provider"]["kind"], "github");
    assert_eq!(report["provider"]["condition_key_prefix"], GITHUB);
    assert!(report["tried"].as_u64().unwrap() > 10);
    for entry in report["intended"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["counterexamples"].as_array().unwrap())
    {
        assert!(["safe", "caution", "dangerous"].contains(&entry["grade"].as_str().unwrap()));
        for member in ["id", "title", "reason"] {
            assert!(
                !entry[member].as_str().unwrap().is_empty(),
                "{member}: {entry}"
            );
        }
        assert!(entry["key_claims"]["sub"].is_string());
        assert_eq!(entry["claims"]["iat"], NOW);
        assert!(entry["github"]["owner"].is_string());
        assert!(entry["statement"]["index"].is_u64());
        assert!(
            entry["statement"]["path"]
                .as_str()
                .unwrap()
                .starts_with("/Statement/")
        );
        assert!(entry["matched"].is_array());
    }
    let first = &report["counterexamples"][0];
    assert_eq!(first["grade"], "dangerous");
    assert_eq!(first["id"], "github.pull-request");
}

#[test]
fn cli_reads_a_scenario_with_its_own_clock() {
    let out = stsplay(
        &[
            "who-can",
            "tests/fixtures/scenarios/presets/github-actions-main.json",
        ],
        b"",
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("Who else can assume arn:aws:iam::123456789012:role/deploy?"));
    assert!(!stdout.contains("Assumed:"));
    assert!(stdout.contains("the scenario's token: a push to `main` in octo-org/octo-repo"));
}

#[test]
fn cli_exits_2_on_unusable_input() {
    for (args, stdin, message) in [
        (
            vec!["who-can", "-"],
            "{not json",
            "stsplay: standard input:",
        ),
        (vec!["who-can", "-"], "[1, 2]", "expected a trust policy"),
        (
            vec!["who-can", "no-such-file.json"],
            "",
            "stsplay: no-such-file.json:",
        ),
        (
            vec!["who-can", "-", "--now", "soon"],
            "{}",
            "--now: expected RFC 3339",
        ),
        (
            vec!["who-can", "-"],
            r#"{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRoleWithWebIdentity", "Resource": "*"}]}"#,
            "at `/Statement/0/Resource`",
        ),
    ] {
        let out = stsplay(&args, stdin.as_bytes());
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(out.stdout.is_empty(), "{args:?}");
        assert!(
            text(&out.stderr).contains(message),
            "{args:?}: {}",
            text(&out.stderr)
        );
    }
}
