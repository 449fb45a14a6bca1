//! The `stsplay` binary as a user runs it: exit codes, `--json`, standard input, `--now`, and
//! what an unusable scenario prints.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use serde_json::Value;
use support::{run_stsplay as stsplay, text};

const ACCEPTED: &str = "tests/fixtures/scenarios/presets/github-actions-main.json";
const REJECTED: &str = "tests/fixtures/scenarios/presets/github-pull-request-rejected.json";

#[test]
fn accepted_scenario_exits_0_and_prints_aws_cli_credentials() {
    let out = stsplay(&["check", ACCEPTED], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("✔ credentials"));
    assert!(stdout.contains("\"AccessKeyId\": \"ASIA"));
    assert!(stdout.contains("\"Expiration\": \"2026-11-22T11:00:00+00:00\""));
    assert!(out.stderr.is_empty());
}

#[test]
fn rejected_scenario_exits_1_and_ends_with_the_aws_error_line() {
    let out = stsplay(&["check", REJECTED], None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.trim_end().lines().last().unwrap(),
        "An error occurred (AccessDenied) when calling the AssumeRoleWithWebIdentity operation: Not authorized to perform sts:AssumeRoleWithWebIdentity"
    );
    assert!(stdout.contains("✘ trust_policy"));
}

#[test]
fn json_output_is_the_verdict_contract() {
    let out = stsplay(&["check", REJECTED, "--json"], None);
    assert_eq!(out.status.code(), Some(1));
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["outcome"], "rejected");
    assert_eq!(verdict["failed_step"], "trust_policy");
    assert_eq!(verdict["error"]["Type"], "Sender");
    assert_eq!(verdict["error"]["Code"], "AccessDenied");
    assert_eq!(verdict["result"], Value::Null);
    let ids: Vec<&str> = verdict["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "request",
            "token",
            "provider",
            "tls",
            "signature",
            "claims",
            "trust_policy",
            "session",
            "credentials"
        ]
    );
    let statuses: Vec<&str> = verdict["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "pass", "pass", "pass", "pass", "pass", "pass", "fail", "skip", "skip"
        ]
    );

    let out = stsplay(&["check", ACCEPTED, "--json"], None);
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["outcome"], "accepted");
    assert_eq!(verdict["error"], Value::Null);
    assert_eq!(
        verdict["result"]["AssumedRoleUser"]["Arn"],
        "arn:aws:sts::123456789012:assumed-role/deploy/gha-deploy"
    );
    assert_eq!(
        verdict["result"]["Credentials"]["AccessKeyId"]
            .as_str()
            .unwrap()
            .len(),
        20
    );
    assert_eq!(
        verdict["result"]["Credentials"]["SecretAccessKey"]
            .as_str()
            .unwrap()
            .len(),
        40
    );
}

#[test]
fn reads_the_scenario_from_standard_input() {
    let scenario =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ACCEPTED)).unwrap();
    let out = stsplay(&["check", "-", "--json"], Some(&scenario));
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["outcome"], "accepted");
}

#[test]
fn now_flag_overrides_the_scenario_clock() {
    // exp is 10:04:00Z; with the 5-minute grace the token dies at 10:09:00Z.
    let out = stsplay(
        &["check", ACCEPTED, "--json", "--now", "2026-11-22T10:08:59Z"],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let out = stsplay(&["check", ACCEPTED, "--json", "--now", "1795342140"], None);
    assert_eq!(out.status.code(), Some(1));
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(verdict["error"]["Code"], "ExpiredTokenException");
    assert_eq!(
        verdict["error"]["Message"],
        "Token expired: current date/time 1795342140 must be before the expiration date/time 1795341840"
    );
}

#[test]
fn unusable_scenarios_exit_2_naming_the_json_path_with_empty_stdout() {
    let cases: &[(&[u8], &str)] = &[
        (br#"{"now": 1, "provider": []}"#, "at `/provider`: unknown member `provider`"),
        (
            br#"{"now": 1, "request": {"RoleArn": "a", "RoleSessionName": "b", "WebIdentityToken": "c", "DurationSeconds": "abc"}}"#,
            "at `/request/DurationSeconds`: expected an integer, found a string",
        ),
        (br#"{"now": 1, "roles": [{"RoleName": "r"}], "request": {}}"#, "at `/request/RoleArn`"),
        (b"{\"now\": ", "not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
        (br#"{"now": "yesterday", "request": {}}"#, "at `/now`: expected an RFC 3339"),
    ];
    for (input, expected) in cases {
        let out = stsplay(&["check", "-"], Some(input));
        assert_eq!(out.status.code(), Some(2), "input {}", text(input));
        assert!(
            out.stdout.is_empty(),
            "stdout must stay empty: {}",
            text(&out.stdout)
        );
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(expected),
            "expected `{expected}` in: {stderr}"
        );
    }
    let out = stsplay(&["check", "no/such/file.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/file.json"));
    let out = stsplay(&["check", ACCEPTED, "--now", "soon"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--now"));
    let out = stsplay(&["frobnicate"], None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn decode_shows_header_claims_and_human_times() {
    let scenario: Value = serde_json::from_str(
        &std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(ACCEPTED))
            .unwrap(),
    )
    .unwrap();
    let token = scenario["request"]["WebIdentityToken"].as_str().unwrap();
    let out = stsplay(&["decode", token, "--now", "2026-11-22T10:00:00Z"], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("\"kid\": \"rsa-a\""));
    assert!(stdout.contains("\"sub\": \"repo:octo-org/octo-repo:ref:refs/heads/main\""));
    assert!(stdout.contains("exp 1795341840  2026-11-22T10:04:00Z  in 4 min"));

    let out = stsplay(&["decode", "-", "--now", "0"], Some(token.as_bytes()));
    assert_eq!(out.status.code(), Some(0));

    let out = stsplay(&["decode", "not-a-token"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("3 dot-separated segments"));
}

/// `path` under the repository, with a UTF-8 byte-order mark in front, as Windows editors and
/// PowerShell's `Out-File` write it.
fn with_bom(path: &str) -> Vec<u8> {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap(),
    );
    bytes
}

fn scratch(name: &str, bytes: &[u8]) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-bom");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn a_byte_order_mark_before_a_scenario_is_ignored() {
    let plain = stsplay(&["check", ACCEPTED, "--json"], None);
    assert_eq!(plain.status.code(), Some(0), "{}", text(&plain.stderr));
    let file = scratch("scenario.json", &with_bom(ACCEPTED));
    let from_file = stsplay(&["check", &file, "--json"], None);
    assert_eq!(
        from_file.status.code(),
        Some(0),
        "{}",
        text(&from_file.stderr)
    );
    assert_eq!(text(&from_file.stdout), text(&plain.stdout));
    let from_stdin = stsplay(&["check", "-", "--json"], Some(&with_bom(ACCEPTED)));
    assert_eq!(
        from_stdin.status.code(),
        Some(0),
        "{}",
        text(&from_stdin.stderr)
    );
    assert_eq!(text(&from_stdin.stdout), text(&plain.stdout));
    // Only one mark is a file's encoding signature; a second is text, and not JSON.
    let mut twice = b"\xEF\xBB\xBF".to_vec();
    twice.extend(with_bom(ACCEPTED));
    let out = stsplay(&["check", "-"], Some(&twice));
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not valid JSON"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_byte_order_mark_before_a_policy_is_ignored_by_lint_and_who_can() {
    const POLICY: &str = "tests/fixtures/policies/github-any-branch.json";
    let plain =
        std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(POLICY)).unwrap();
    for command in [
        &["lint", "-", "--json"][..],
        &["who-can", "-", "--now", "2026-11-22T10:00:00Z"][..],
    ] {
        let expected = stsplay(command, Some(&plain));
        assert!(
            matches!(expected.status.code(), Some(0 | 1)),
            "{command:?}: {}",
            text(&expected.stderr)
        );
        let out = stsplay(command, Some(&with_bom(POLICY)));
        assert_eq!(
            out.status.code(),
            expected.status.code(),
            "{command:?}: {}",
            text(&out.stderr)
        );
        assert_eq!(text(&out.stdout), text(&expected.stdout), "{command:?}");
    }
    let file = scratch("policy.json", &with_bom(POLICY));
    let out = stsplay(&["lint", &file], None);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains("github-sub-any-branch"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_byte_order_mark_before_a_test_file_and_its_refs_is_ignored() {
    const DIR: &str = "tests/fixtures/suites/passing/";
    scratch(
        "shared-idp.json",
        &with_bom(&format!("{DIR}shared-idp.json")),
    );
    let suite = scratch(
        "claims-only.stsplay-test.json",
        &with_bom(&format!("{DIR}claims-only.stsplay-test.json")),
    );
    let out = stsplay(&["test", &suite], None);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    assert!(
        text(&out.stdout).contains(" passed, 0 failed"),
        "{}",
        text(&out.stdout)
    );
}
