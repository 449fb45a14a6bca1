//! `stsplay lint` as a user runs it: compiler-style findings with `file:line:col` and the
//! source line underlined, `--json` with spans into the input file, the exit codes, and the
//! providers and token a scenario lends as evidence.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod support;

use serde_json::Value;
use support::{run_stsplay as stsplay, text};

const HOLES: &str = "tests/fixtures/policies/github-holes.json";
const PINNED: &str = "tests/fixtures/policies/github-pinned.json";
const ANY_BRANCH: &str = "tests/fixtures/policies/github-any-branch.json";
const GET_ROLE: &str = "tests/fixtures/policies/get-role-url-encoded.json";

fn read(path: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap()
}

#[test]
fn an_error_finding_exits_1_with_file_line_column_and_the_value_underlined() {
    let out = stsplay(&["lint", HOLES], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert!(out.stderr.is_empty());
    let expected = format!(
        "error[github-sub-any-owner]: `repo:*` has a wildcard where the owner goes, so a workflow in any GitHub account or organisation can assume this role.
  --> {HOLES}:18:13
   |
18 |             \"repo:*\"
   |             ^^^^^^^^
   = at /Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/1
   = help: Pin the owner and repository: `repo:OWNER/REPO:…` (on the immutable format, `repo:OWNER@OWNER_ID/REPO@REPO_ID:…`).

{HOLES}: 1 error, 0 warnings, 0 info
"
    );
    assert_eq!(text(&out.stdout), expected);
}

#[test]
fn warnings_alone_exit_0_unless_fail_on_says_otherwise() {
    let out = stsplay(&["lint", ANY_BRANCH], None);
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("warning[github-sub-any-branch]: "),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("--> {ANY_BRANCH}:15:54")),
        "{stdout}"
    );
    assert!(
        stdout.ends_with(": 0 errors, 1 warning, 0 info\n"),
        "{stdout}"
    );

    let out = stsplay(&["lint", ANY_BRANCH, "--fail-on", "warning"], None);
    assert_eq!(out.status.code(), Some(1));
    let out = stsplay(&["lint", PINNED, "--fail-on", "info"], None);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(text(&out.stdout), format!("{PINNED}: no findings\n"));
}

#[test]
fn json_output_carries_code_severity_path_help_and_a_span_into_the_file() {
    let out = stsplay(&["lint", HOLES, "--json"], None);
    assert_eq!(out.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["file"], HOLES);
    let findings = report["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1);
    let finding = &findings[0];
    assert_eq!(finding["code"], "github-sub-any-owner");
    assert_eq!(finding["severity"], "error");
    assert_eq!(
        finding["path"],
        "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/1"
    );
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .starts_with("Pin the owner")
    );
    let source = read(HOLES);
    let span = &finding["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&source[start..end], "\"repo:*\"");
    assert_eq!(
        (
            &span["line"],
            &span["column"],
            &span["end_line"],
            &span["end_column"]
        ),
        (
            &Value::from(18),
            &Value::from(13),
            &Value::from(18),
            &Value::from(21)
        )
    );
}

#[test]
fn get_role_output_with_a_url_encoded_policy_points_into_the_encoded_text() {
    let out = stsplay(&["lint", GET_ROLE, "--json"], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &report["findings"][0];
    assert_eq!(
        finding["path"],
        "/Role/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/1"
    );
    let source = read(GET_ROLE);
    let start = finding["span"]["start"].as_u64().unwrap() as usize;
    let end = finding["span"]["end"].as_u64().unwrap() as usize;
    assert_eq!(&source[start..end], "%22repo%3A%2A%22");

    // The readable form shows a window of the long line, carets under the value.
    let out = stsplay(&["lint", GET_ROLE], None);
    let stdout = text(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    let source_line = lines.iter().position(|l| l.starts_with("8 | …")).unwrap();
    let shown = lines[source_line];
    let carets = lines[source_line + 1];
    let at = carets.find('^').unwrap();
    let underlined: String = shown
        .chars()
        .skip(carets[..at].chars().count())
        .take(16)
        .collect();
    assert_eq!(underlined, "%22repo%3A%2A%22", "{stdout}");
}

#[test]
fn reads_standard_input_and_a_policy_given_as_a_json_string() {
    let policy = read(HOLES);
    let as_string = serde_json::to_string(&policy).unwrap();
    let out = stsplay(&["lint", "-", "--json"], Some(as_string.as_bytes()));
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["file"], "<stdin>");
    let span = &report["findings"][0]["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&as_string[start..end], "\\\"repo:*\\\"");
}

#[test]
fn providers_and_a_scenario_lend_evidence() {
    // The provider registered with an enterprise slug, the principal without one.
    let out = stsplay(
        &[
            "lint",
            PINNED,
            "--provider",
            "https://token.actions.githubusercontent.com/octo-enterprise",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout).starts_with("error[github-enterprise-slug-mismatch]: "),
        "{}",
        text(&out.stdout)
    );

    // Legacy `sub` patterns: only a note without evidence, a warning when the scenario's token
    // is on the immutable format, nothing when it is on the legacy format.
    let legacy = "tests/fixtures/scenarios/lint/clean.json";
    let immutable = "tests/fixtures/scenarios/lint/github-sub-legacy-format.json";
    let policy = serde_json::to_string(
        &serde_json::from_str::<Value>(&read(legacy)).unwrap()["roles"][0]
            ["AssumeRolePolicyDocument"],
    )
    .unwrap();
    let lint = |scenario: Option<&str>| {
        let mut args = vec!["lint", "-", "--json"];
        if let Some(scenario) = scenario {
            args.extend(["--scenario", scenario]);
        }
        let out = stsplay(&args, Some(policy.as_bytes()));
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["code"].as_str().unwrap(),
                    f["severity"].as_str().unwrap()
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(lint(None), ["github-sub-legacy-format info"]);
    assert_eq!(lint(Some(immutable)), ["github-sub-legacy-format warning"]);
    assert_eq!(lint(Some(legacy)), Vec::<String>::new());
}

#[test]
fn a_scenario_is_linted_role_by_role_with_its_own_evidence() {
    let scenario = "tests/fixtures/scenarios/lint/github-owner-case-mismatch.json";
    let out = stsplay(&["lint", scenario], None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("warning[github-owner-case-mismatch]: "),
        "{stdout}"
    );
    assert!(
        stdout.contains("= at /roles/0/AssumeRolePolicyDocument/Statement/0/Condition/StringEquals/token.actions.githubusercontent.com:job_workflow_ref"),
        "{stdout}"
    );
    let line = read(scenario)
        .lines()
        .position(|l| l.contains("\"Octo-Org/octo-repo"))
        .unwrap()
        + 1;
    assert!(
        stdout.contains(&format!("--> {scenario}:{line}:")),
        "{stdout}"
    );
}

#[test]
fn unusable_input_exits_2_with_empty_stdout() {
    let cases: &[(&[u8], &str)] = &[
        (b"{\"Version\": ", "<stdin>: the input is not valid JSON"),
        (b"[1, 2]", "<stdin>: expected a trust policy"),
        (
            b"{\"Role\": {\"RoleName\": \"r\"}}",
            "at `/Role`: the role has no `AssumeRolePolicyDocument`",
        ),
        (b"\xff", "not UTF-8"),
    ];
    for (input, expected) in cases {
        let out = stsplay(&["lint", "-"], Some(input));
        assert_eq!(out.status.code(), Some(2), "input {}", text(input));
        assert!(out.stdout.is_empty(), "{}", text(&out.stdout));
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(expected),
            "expected `{expected}` in: {stderr}"
        );
    }
    let out = stsplay(&["lint", "no/such/policy.json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("no/such/policy.json"));
    let out = stsplay(&["lint", PINNED, "--fail-on", "sometimes"], None);
    assert_eq!(out.status.code(), Some(2));
    let out = stsplay(&["lint", PINNED, "--scenario", HOLES], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains(HOLES), "{}", text(&out.stderr));
}

#[test]
fn a_policy_iam_would_refuse_is_a_finding_not_unusable_input() {
    let out = stsplay(
        &["lint", "-"],
        Some(br#"{"Statement": [{"Effect": "allow", "Principal": "*", "Action": "sts:AssumeRole"}]}"#),
    );
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(
            "error[malformed-policy]: `Effect` must be \"Allow\" or \"Deny\", found `allow`."
        ),
        "{stdout}"
    );
    assert!(stdout.contains("--> <stdin>:1:27"), "{stdout}");
    assert!(
        stdout.contains("\n  |                           ^^^^^^^\n"),
        "{stdout}"
    );
}

#[test]
fn check_prints_each_finding_with_its_help() {
    let out = stsplay(
        &[
            "check",
            "tests/fixtures/scenarios/lint/github-sub-any-owner.json",
        ],
        None,
    );
    assert_eq!(out.status.code(), Some(0));
    let stdout = text(&out.stdout);
    assert!(stdout.contains("Findings:\n  error [github-sub-any-owner] at /roles/0/AssumeRolePolicyDocument/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub\n"), "{stdout}");
    assert!(
        stdout.contains("\n    help: Pin the owner and repository"),
        "{stdout}"
    );
    let out = stsplay(
        &[
            "check",
            "tests/fixtures/scenarios/lint/github-sub-any-owner.json",
            "--json",
        ],
        None,
    );
    let verdict: Value = serde_json::from_slice(&out.stdout).unwrap();
    let finding = &verdict["findings"][0];
    assert!(
        finding["help"]
            .as_str()
            .unwrap()
            .starts_with("Pin the owner")
    );
    // The policy is an object in the scenario, so the verdict has no span for it.
    assert_eq!(finding["span"], Value::Null);
}
