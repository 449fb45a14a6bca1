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
