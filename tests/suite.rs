//! `stsplay test` and `stsplay github-claims` as a user runs them, through the CLI's own `run`:
//! exit codes, the summary and its diffs, JUnit XML, `$ref`s, claims-only cases, and the GitHub
//! claims checked against the examples in GitHub's OIDC reference
//! (<https://docs.github.com/en/actions/reference/security/oidc>).

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use clap::Parser;
use serde_json::Value;
use std::path::PathBuf;

const EXAMPLE: &str = "examples/github-org";
const FAILING: &str = "tests/fixtures/suites/failing";
const PASSING: &str = "tests/fixtures/suites/passing";
const UNUSABLE: &str = "tests/fixtures/suites/unusable";
const REFS: &str = "tests/fixtures/suites/refs";

struct Run {
    code: u8,
    stdout: String,
    stderr: String,
}

/// Run `stsplay ARGS…` in-process, from the repository root, without colour.
fn stsplay(args: &[&str]) -> Run {
    let args =
        stsplay::cli::Args::try_parse_from(std::iter::once("stsplay").chain(args.iter().copied()))
            .unwrap_or_else(|e| panic!("arguments {args:?}: {e}"));
    let (mut stdout, mut stderr) = (Vec::new(), Vec::new());
    let code = stsplay::cli::run(args, &mut std::io::empty(), &mut stdout, &mut stderr, false);
    Run {
        code,
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("suite-tests");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn the_example_suite_passes_and_exits_0() {
    let run = stsplay(&["test", EXAMPLE]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    assert!(
        run.stdout
            .starts_with("examples/github-org/deploy-role.stsplay-test.json\n")
    );
    let case_lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|l| {
            ["  ✔ ", "  ✘ ", "  ! "]
                .iter()
                .any(|mark| l.starts_with(mark))
        })
        .collect();
    assert_eq!(case_lines.len(), 16, "{}", run.stdout);
    assert!(
        case_lines.iter().all(|l| l.starts_with("  ✔ ")),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("  ✔ a pull request is refused\n"));
    // The lint pack's findings about the file's policy are listed once, after its cases.
    let findings = run
        .stdout
        .split("  findings (the lint pack; `stsplay lint` shows each with its help):\n")
        .nth(1)
        .unwrap_or_else(|| panic!("no findings block:\n{}", run.stdout));
    assert_eq!(
        findings.matches("warning github-sub-any-repository at /roles/0/AssumeRolePolicyDocument/Statement/1/").count(),
        1,
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("16 cases in 1 file: 16 passed, 0 failed\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn cases_run_deterministically() {
    let first = stsplay(&["test", EXAMPLE, FAILING]);
    let second = stsplay(&["test", FAILING, EXAMPLE, EXAMPLE]);
    assert_eq!(first.code, 1);
    // The same files in another order, one named twice: the same lines for each file.
    let block = |out: &str, file: &str| -> String {
        out.split("\n\n")
            .find(|b| b.starts_with(file))
            .unwrap()
            .to_string()
    };
    for file in [
        "examples/github-org/deploy-role.stsplay-test.json",
        "tests/fixtures/suites/failing/mismatches.stsplay-test.json",
    ] {
        assert_eq!(block(&first.stdout, file), block(&second.stdout, file));
    }
    assert!(
        second
            .stdout
            .ends_with("20 cases in 2 files: 17 passed, 3 failed\n")
    );
    assert_eq!(stsplay(&["test", EXAMPLE, FAILING]).stdout, first.stdout);
}

#[test]
fn a_failing_case_exits_1_and_shows_expected_versus_actual() {
    let run = stsplay(&["test", FAILING]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.is_empty());
    let out = &run.stdout;
    assert!(out.contains("  ✔ main deploys (passes)\n"));
    assert!(out.contains("  ✘ the wrong audience is refused with the wrong code\n"));
    // The wrong audience: the code and step differ, the message matches.
    let audience = out
        .split("✘ tests/fixtures/suites/failing/mismatches.stsplay-test.json › the wrong audience is refused with the wrong code\n")
        .nth(1)
        .unwrap();
    let expected_diff = "    --- expected
    +++ actual
      outcome: rejected
    - code: AccessDenied
    + code: InvalidIdentityToken
    - failed_step: trust_policy
    + failed_step: claims
      message: Incorrect token audience
    failing step: claims (Validate aud, exp, nbf and iat)
      `aud` `sts.amazon.com` is not among the provider's client IDs [sts.amazonaws.com]
      ✘ claims.aud: `aud` `sts.amazon.com` is not among the provider's client IDs [sts.amazonaws.com]
";
    assert!(audience.starts_with(expected_diff), "{audience}");
    // The pull request: outcome differs; unchecked fields are shown with the actual value; the
    // failing condition is named.
    assert!(out.contains("    - outcome: accepted\n    + outcome: rejected\n      code: AccessDenied (not checked)\n    - failed_step: null\n    + failed_step: trust_policy\n"));
    assert!(out.contains("request value `repo:octo-org/octo-repo:pull_request` matches none of"));
    // A finding that must be present but is not.
    assert!(out.contains(
        "    - finding github-sub-not-scoped: reported\n    + finding github-sub-not-scoped: not reported\n    failing step: none (STS returned credentials)\n"
    ));
    assert!(
        out.ends_with("4 cases in 1 file: 1 passed, 3 failed\n"),
        "{out}"
    );
}

#[test]
fn unusable_files_and_cases_exit_2_naming_the_path_and_field() {
    let run = stsplay(&["test", UNUSABLE]);
    assert_eq!(run.code, 2, "{}{}", run.stdout, run.stderr);
    let stderr = &run.stderr;
    assert!(stderr.contains(
        "stsplay: tests/fixtures/suites/unusable/bad-expect.stsplay-test.json: at `/cases/0/expect/outcome`: expected `accepted` or `rejected`, found `maybe`\n"
    ), "{stderr}");
    // A case overriding the request with the wrong type: the path is in the case.
    assert!(stderr.contains(
        "stsplay: tests/fixtures/suites/unusable/bad-case.stsplay-test.json: case `DurationSeconds is text`: at `/cases/1/request/DurationSeconds`: expected an integer, found a string\n"
    ), "{stderr}");
    assert!(stderr.contains("case `a week is not an offset unit`: at `/cases/2/now`: expected an offset from the file's clock such as `+20m` (units s, m, h, d), found `+1w`\n"), "{stderr}");
    // A member missing from the file-level `github` defaults: the path is the file's.
    assert!(stderr.contains("case `the file's github defaults lack owner_id`: at `/github/owner_id`: required member is missing"), "{stderr}");
    // The usable case of that file still ran.
    assert!(run.stdout.contains("  ✔ a token that is not a JWT\n"));
    assert!(
        run.stdout
            .ends_with("4 cases in 1 file: 1 passed, 0 failed, 3 unusable; 1 unusable file\n"),
        "{}",
        run.stdout
    );

    // Not a test file, no such path, a directory without test files, a bad --now.
    let scenario = "tests/fixtures/scenarios/presets/github-actions-main.json";
    let run = stsplay(&["test", scenario]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(&format!(
            "{scenario}: at `/stsplay_test`: required member is missing"
        )),
        "{}",
        run.stderr
    );
    let run = stsplay(&["test", "no/such/dir"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("stsplay: no/such/dir: "));
    let empty = scratch("empty-dir");
    std::fs::create_dir_all(&empty).unwrap();
    let run = stsplay(&["test", empty.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("no `*.stsplay-test.json` files in this directory or below")
    );
    let run = stsplay(&["test", EXAMPLE, "--now", "soon"]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(run.stderr.starts_with("stsplay: --now: expected RFC 3339"));
    // Unusable beats failing: exit 2 even with a failing case next to it.
    assert_eq!(stsplay(&["test", FAILING, UNUSABLE]).code, 2);
}

#[test]
fn refs_resolve_relative_to_their_file_and_cycles_are_refused() {
    // The claims-only suite takes its provider and role from fragments of a shared file, and
    // the failing suite reaches the example's policy through `../../../../examples/…`.
    assert_eq!(stsplay(&["test", PASSING]).code, 0);
    assert!(
        stsplay(&["test", FAILING])
            .stdout
            .contains("✔ main deploys (passes)")
    );

    let run = stsplay(&["test", REFS]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(
        "stsplay: tests/fixtures/suites/refs/cycle.stsplay-test.json: tests/fixtures/suites/refs/shared/policy-b.json: at `/Statement/0`: `$ref` cycle: tests/fixtures/suites/refs/shared/role-a.json → tests/fixtures/suites/refs/shared/policy-b.json → tests/fixtures/suites/refs/shared/role-a.json\n"
    ), "{}", run.stderr);
    assert!(run.stderr.contains(
        "stsplay: tests/fixtures/suites/refs/missing.stsplay-test.json: at `/roles/0/AssumeRolePolicyDocument`: `shared/no-such-policy.json`: "
    ), "{}", run.stderr);
    // Shared files in the directory are not taken for test files.
    assert!(
        !run.stdout
            .lines()
            .any(|l| l.starts_with("tests/fixtures/suites/refs/shared/"))
    );
}

#[test]
fn claims_only_cases_are_signed_and_their_issuer_gets_the_key() {
    // The file has no `idps` and no keys: acceptance means the throwaway key signed the token
    // and its JWKS was published for `https://idp.example.com`.
    let run = stsplay(&["test", PASSING]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout
            .contains("  ✔ the reporting service account is accepted\n")
    );
    assert!(
        run.stdout
            .contains("  ✔ null removes a default claim: no aud\n")
    );
    assert!(
        run.stdout
            .ends_with("6 cases in 1 file: 6 passed, 0 failed\n")
    );
    // The claims carry absolute times (10:00 to 10:10); --now moves STS's clock past them.
    let run = stsplay(&["test", PASSING, "--now", "2026-11-22T10:15:00Z"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout.contains("+ code: ExpiredTokenException"),
        "{}",
        run.stdout
    );
    // GitHub cases are issued at the clock, so --now moves them along.
    assert_eq!(
        stsplay(&["test", EXAMPLE, "--now", "2027-03-01T08:00:00Z"]).code,
        1,
        "the expiry message names fixed times"
    );
    let run = stsplay(&["test", EXAMPLE, "--now", "2026-11-22T10:00:00Z"]);
    assert_eq!(run.code, 0);
}

#[test]
fn junit_xml_is_well_formed_with_the_right_counts() {
    let report = scratch("report.xml");
    let run = stsplay(&[
        "test",
        EXAMPLE,
        FAILING,
        UNUSABLE,
        "--junit",
        report.to_str().unwrap(),
    ]);
    assert_eq!(run.code, 2);
    let xml = std::fs::read_to_string(&report).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap_or_else(|e| panic!("{e}\n{xml}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    // 16 + 4 + 4 cases, and one synthetic case for the unusable file.
    assert_eq!(root.attribute("tests"), Some("25"));
    assert_eq!(root.attribute("failures"), Some("3"));
    assert_eq!(root.attribute("errors"), Some("4"));
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.has_tag_name("testsuite"))
        .collect();
    let names: Vec<&str> = suites
        .iter()
        .map(|s| s.attribute("name").unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "examples/github-org/deploy-role.stsplay-test.json",
            "tests/fixtures/suites/failing/mismatches.stsplay-test.json",
            "tests/fixtures/suites/unusable/bad-case.stsplay-test.json",
            "tests/fixtures/suites/unusable/bad-expect.stsplay-test.json",
        ]
    );
    let counts: Vec<[&str; 3]> = suites
        .iter()
        .map(|s| ["tests", "failures", "errors"].map(|a| s.attribute(a).unwrap()))
        .collect();
    assert_eq!(
        counts,
        [
            ["16", "0", "0"],
            ["4", "3", "0"],
            ["4", "0", "3"],
            ["1", "0", "1"]
        ]
    );
    for suite in &suites {
        let cases = suite
            .children()
            .filter(|n| n.has_tag_name("testcase"))
            .count();
        assert_eq!(cases.to_string(), suite.attribute("tests").unwrap());
    }
    // Names with XML's special characters survive; the failure carries the diff.
    let tricky = suites[1]
        .children()
        .find(|n| {
            n.attribute("name") == Some("a pull request <deploys> & \"should\" be 'accepted'")
        })
        .unwrap();
    let failure = tricky
        .children()
        .find(|n| n.has_tag_name("failure"))
        .unwrap();
    assert_eq!(
        failure.attribute("message"),
        Some(
            "outcome: expected accepted, got rejected; failed_step: expected null, got trust_policy"
        )
    );
    assert!(
        failure
            .text()
            .unwrap()
            .starts_with("--- expected\n+++ actual\n- outcome: accepted\n+ outcome: rejected\n")
    );
    let error = suites[2]
        .descendants()
        .find(|n| n.has_tag_name("error"))
        .unwrap();
    assert_eq!(
        error.attribute("message"),
        Some("at `/cases/1/request/DurationSeconds`: expected an integer, found a string")
    );
    let passed = suites[0]
        .children()
        .filter(|n| n.has_tag_name("testcase"))
        .all(|c| c.children().all(|n| !n.is_element()));
    assert!(passed);

    // A report that cannot be written is an error too.
    let run = stsplay(&["test", EXAMPLE, "--junit", "no/such/dir/report.xml"]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr
            .contains("stsplay: --junit no/such/dir/report.xml: ")
    );
}

/// `stsplay github-claims ARGS…` for octo-org/octo-repo (ids 65 and 74, as in GitHub's examples).
fn claims(extra: &[&str]) -> Value {
    let mut args = vec![
        "github-claims",
        "--owner",
        "octo-org",
        "--owner-id",
        "65",
        "--repo",
        "octo-repo",
        "--repo-id",
        "74",
        "--now",
        "1632493567",
    ];
    args.extend_from_slice(extra);
    let run = stsplay(&args);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

fn sub(extra: &[&str]) -> String {
    claims(extra)["sub"].as_str().unwrap().to_string()
}

#[test]
fn github_claims_match_the_documented_subjects() {
    // GitHub's "Example subject claims".
    assert_eq!(
        sub(&["--branch", "demo-branch"]),
        "repo:octo-org/octo-repo:ref:refs/heads/demo-branch"
    );
    assert_eq!(
        sub(&["--tag", "demo-tag"]),
        "repo:octo-org/octo-repo:ref:refs/tags/demo-tag"
    );
    assert_eq!(
        sub(&["--environment", "Production"]),
        "repo:octo-org/octo-repo:environment:Production"
    );
    assert_eq!(
        sub(&["--environment", "Production:V1"]),
        "repo:octo-org/octo-repo:environment:Production%3AV1"
    );
    assert_eq!(
        sub(&["--event", "pull_request"]),
        "repo:octo-org/octo-repo:pull_request"
    );
    // The environment wins over the pull request, which wins over the ref.
    assert_eq!(
        sub(&["--event", "pull_request", "--environment", "prod"]),
        "repo:octo-org/octo-repo:environment:prod"
    );
    let pr = claims(&[
        "--event",
        "pull_request",
        "--pull-request-number",
        "42",
        "--head-ref",
        "fix",
    ]);
    assert_eq!(pr["ref"], "refs/pull/42/merge");
    assert_eq!(pr["head_ref"], "fix");
    assert_eq!(pr["base_ref"], "main");
    let tag = claims(&["--event", "release", "--tag", "v1.2.0"]);
    assert_eq!(tag["ref_type"], "tag");
    assert_eq!(tag["event_name"], "release");
}

#[test]
fn github_claims_reproduce_the_documented_reusable_workflow_token() {
    // GitHub's example token for a job in a called workflow (its OIDC reference, above).
    let token = claims(&[
        "--event",
        "workflow_dispatch",
        "--environment",
        "prod",
        "--job-workflow-ref",
        "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
    ]);
    let documented = serde_json::json!({
        "sub": "repo:octo-org/octo-repo:environment:prod", "environment": "prod",
        "ref": "refs/heads/main", "repository": "octo-org/octo-repo", "repository_owner": "octo-org",
        "actor_id": "12", "repository_visibility": "private", "repository_id": "74",
        "repository_owner_id": "65", "runner_environment": "github-hosted", "actor": "octocat",
        "head_ref": "", "base_ref": "", "event_name": "workflow_dispatch", "ref_type": "branch",
        "job_workflow_ref": "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
        "iss": "https://token.actions.githubusercontent.com",
        "nbf": 1632492967, "exp": 1632493867, "iat": 1632493567
    });
    for (name, value) in documented.as_object().unwrap() {
        assert_eq!(&token[name], value, "claim {name}");
    }
    // The caller's own workflow stays in workflow_ref; every value but the times is text.
    assert_eq!(
        token["workflow_ref"],
        "octo-org/octo-repo/.github/workflows/deploy.yml@refs/heads/main"
    );
    for (name, value) in token.as_object().unwrap() {
        assert!(
            value.is_string() || ["nbf", "exp", "iat"].contains(&name.as_str()),
            "{name}"
        );
    }
    // Not a reusable workflow: the job's workflow is the run's own.
    let own = claims(&[]);
    assert_eq!(own["job_workflow_ref"], own["workflow_ref"]);
    assert!(own.get("environment").is_none());
}

#[test]
fn github_claims_immutable_subject_and_custom_templates() {
    let immutable = |extra: &[&str]| {
        let mut args = vec![
            "github-claims",
            "--owner",
            "octo-org",
            "--owner-id",
            "123456",
            "--repo",
            "octo-repo",
            "--repo-id",
            "456789",
        ];
        args.extend_from_slice(extra);
        let run = stsplay(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let claims: Value = serde_json::from_str(&run.stdout).unwrap();
        claims["sub"].as_str().unwrap().to_string()
    };
    // GitHub's immutable example; the default for repositories created since 15 July 2026.
    assert_eq!(
        immutable(&["--created", "2026-07-15"]),
        "repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main"
    );
    assert_eq!(
        immutable(&["--created", "2026-07-14T23:59:59Z"]),
        "repo:octo-org/octo-repo:ref:refs/heads/main"
    );
    assert_eq!(
        immutable(&["--sub-format", "immutable"]),
        "repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main"
    );
    assert_eq!(
        immutable(&[]),
        "repo:octo-org/octo-repo:ref:refs/heads/main"
    );
    // GitHub's template examples.
    assert_eq!(
        sub(&[
            "--environment",
            "prod",
            "--job-workflow-ref",
            "octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main",
            "--include-claim-keys",
            "repo,context,job_workflow_ref",
        ]),
        "repo:octo-org/octo-repo:environment:prod:job_workflow_ref:octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"
    );
    let monalisa = stsplay(&[
        "github-claims",
        "--owner",
        "monalisa",
        "--owner-id",
        "1",
        "--repo",
        "r",
        "--repo-id",
        "2",
        "--include-claim-keys",
        "repository_owner",
        "--now",
        "0",
    ]);
    let monalisa: Value = serde_json::from_str(&monalisa.stdout).unwrap();
    assert_eq!(monalisa["sub"], "repository_owner:monalisa");
    assert_eq!(
        sub(&[
            "--environment",
            "production:eastus",
            "--include-claim-keys",
            "environment,repository_owner"
        ]),
        "environment:production%3Aeastus:repository_owner:octo-org"
    );
    // With the immutable format the ids stay in a template's `repo` segment.
    assert_eq!(
        immutable(&[
            "--sub-format",
            "immutable",
            "--include-claim-keys",
            "repo,context"
        ]),
        "repo:octo-org@123456/octo-repo@456789:ref:refs/heads/main"
    );
}

#[test]
fn github_claims_enterprise_issuer_runner_token_and_errors() {
    let enterprise = claims(&[
        "--enterprise",
        "octocat-inc",
        "--enterprise-id",
        "123",
        "--include-enterprise-slug",
    ]);
    assert_eq!(
        enterprise["iss"],
        "https://token.actions.githubusercontent.com/octocat-inc"
    );
    assert_eq!(enterprise["enterprise"], "octocat-inc");
    assert_eq!(enterprise["enterprise_id"], "123");
    assert_eq!(
        claims(&["--runner-environment", "self-hosted"])["runner_environment"],
        "self-hosted"
    );
    assert_eq!(
        claims(&["--audience", "https://github.com/octo-org"])["aud"],
        "https://github.com/octo-org"
    );

    // --token: a token whose header names the published key, and the JWKS to verify it.
    let signed = claims(&["--token"]);
    let kid = signed["header"]["kid"].as_str().unwrap();
    assert_eq!(signed["header"]["alg"], "ES256");
    assert_eq!(signed["jwks"]["keys"][0]["kid"], kid);
    assert_eq!(signed["token"].as_str().unwrap().split('.').count(), 3);
    let decoded = stsplay(&[
        "decode",
        signed["token"].as_str().unwrap(),
        "--now",
        "1632493567",
    ]);
    assert!(
        decoded
            .stdout
            .contains("\"sub\": \"repo:octo-org/octo-repo:ref:refs/heads/main\"")
    );

    // Errors name the flag (exit 2); GitHub refuses an environment template without one.
    let run = stsplay(&[
        "github-claims",
        "--owner",
        "octo-org",
        "--repo",
        "octo-repo",
        "--repo-id",
        "74",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stdout.is_empty());
    assert!(
        run.stderr
            .starts_with("stsplay: --owner-id: required member is missing"),
        "{}",
        run.stderr
    );
    let run = stsplay(&[
        "github-claims",
        "--owner",
        "o",
        "--owner-id",
        "1",
        "--repo",
        "r",
        "--repo-id",
        "2",
        "--include-claim-keys",
        "repo,environment",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--include-claim-keys: the template includes `environment` but the job has no environment"), "{}", run.stderr);
    let run = stsplay(&[
        "github-claims",
        "--owner",
        "o",
        "--owner-id",
        "1",
        "--repo",
        "r",
        "--repo-id",
        "2",
        "--issuer",
        "https://ghe.example.com/_services/token",
        "--sub-format",
        "immutable",
    ]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains(
        "--sub-format: GitHub Enterprise Server does not issue the immutable subject format"
    ));

    // --input: the same object a test case's `github` holds; flags win over it.
    let input = scratch("run.json");
    std::fs::write(&input, r#"{"owner": "octo-org", "owner_id": 65, "repository": "octo-org/octo-repo", "repository_id": "74", "tag": "v9"}"#).unwrap();
    let run = stsplay(&[
        "github-claims",
        "--input",
        input.to_str().unwrap(),
        "--now",
        "0",
    ]);
    let from_file: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(from_file["sub"], "repo:octo-org/octo-repo:ref:refs/tags/v9");
    assert_eq!(from_file["repository_owner_id"], "65");
    std::fs::write(&input, r#"{"owner": "octo-org", "owner_id": "65", "repository": "octo-repo", "repository_id": "x"}"#).unwrap();
    let run = stsplay(&["github-claims", "--input", input.to_str().unwrap()]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains(
            "at `/repository_id`: expected decimal digits, found `x` (or give --repository-id)"
        ),
        "{}",
        run.stderr
    );
}
