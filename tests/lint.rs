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

const THREE: &str = "tests/fixtures/policies/github-three-severities.json";

/// `--format sarif` output, checked against the SARIF 2.1.0 schema (OASIS, with its errata; a
/// copy in tests/fixtures/sarif) as code scanning would read it.
fn sarif(args: &[&str], stdin: Option<&[u8]>) -> (Option<i32>, Value) {
    let out = stsplay(args, stdin);
    assert!(out.stderr.is_empty(), "{}", text(&out.stderr));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    let schema: Value =
        serde_json::from_str(&read("tests/fixtures/sarif/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    let errors: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "not valid SARIF 2.1.0: {errors:#?}");
    // The validator is live: a log that claims another version is refused.
    let mut broken = log.clone();
    broken["version"] = "2.1".into();
    assert!(!validator.is_valid(&broken));
    (out.status.code(), log)
}

#[test]
fn sarif_output_is_valid_sarif_with_every_rule_and_each_finding_at_its_line_and_column() {
    let (code, log) = sarif(&["lint", THREE, "--format", "sarif"], None);
    // The same exit code as the text report: an error finding fails.
    assert_eq!(code, Some(1));
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["tool"]["driver"]["name"], "stsplay");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    // Every rule is described, with help text, so code scanning can show it.
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert!(rules.len() >= 20);
    for rule in rules {
        assert!(!rule["help"]["text"].as_str().unwrap().is_empty(), "{rule}");
        assert!(
            !rule["shortDescription"]["text"]
                .as_str()
                .unwrap()
                .is_empty(),
            "{rule}"
        );
    }
    // One result per finding, at the line and column the text report prints.
    let readable = text(&stsplay(&["lint", THREE], None).stdout);
    let results = run["results"].as_array().unwrap();
    let got: Vec<(String, String, String)> = results
        .iter()
        .map(|r| {
            let region = &r["locations"][0]["physicalLocation"]["region"];
            assert_eq!(
                r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
                THREE
            );
            assert_eq!(
                rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
                r["ruleId"]
            );
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
                format!("{THREE}:{}:{}", region["startLine"], region["startColumn"]),
            )
        })
        .collect();
    assert_eq!(
        got.iter()
            .map(|(rule, level, _)| (rule.as_str(), level.as_str()))
            .collect::<Vec<_>>(),
        [
            ("wildcard-in-string-equals", "warning"),
            ("string-like-without-wildcard", "note"),
            ("github-sub-any-owner", "error"),
        ]
    );
    for (rule, _, at) in &got {
        assert!(
            readable.contains(&format!("--> {at}\n")),
            "{rule} at {at} in:\n{readable}"
        );
    }
    // The region covers the value: `"repo:*"` with its quotes, 8 characters.
    let owner = &results[2]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(owner["endLine"], owner["startLine"]);
    assert_eq!(
        owner["endColumn"].as_u64().unwrap() - owner["startColumn"].as_u64().unwrap(),
        8
    );
    // The message says what is wrong and what to do; the location names the JSON pointer too.
    let message = results[2]["message"]["text"].as_str().unwrap();
    assert!(
        message.starts_with("`repo:*` has a wildcard where the owner goes")
            && message.contains("\nHelp: Pin the owner"),
        "{message}"
    );
    assert_eq!(
        results[2]["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "/Statement/0/Condition/StringLike/token.actions.githubusercontent.com:sub/1"
    );
}

#[test]
fn sarif_from_standard_input_and_with_no_findings() {
    // Standard input has no file to point at: results keep their JSON pointer only.
    let (code, log) = sarif(
        &["lint", "-", "--format", "sarif"],
        Some(read(THREE).as_bytes()),
    );
    assert_eq!(code, Some(1));
    for result in log["runs"][0]["results"].as_array().unwrap() {
        assert!(
            result["locations"][0].get("physicalLocation").is_none(),
            "{result}"
        );
        assert!(result["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].is_string());
    }
    // A clean policy is a log with no results, exit 0.
    let (code, log) = sarif(&["lint", PINNED, "--format", "sarif"], None);
    assert_eq!(code, Some(0));
    assert_eq!(log["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn format_and_json_cannot_be_combined() {
    let out = stsplay(&["lint", THREE, "--format", "sarif", "--json"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    // `--format json` is `--json`.
    let a = stsplay(&["lint", THREE, "--format", "json"], None);
    let b = stsplay(&["lint", THREE, "--json"], None);
    assert_eq!(a.stdout, b.stdout);
}

#[test]
fn several_files_are_linted_in_turn_as_pre_commit_passes_them() {
    // The repository's pre-commit hook runs `stsplay lint` with the staged files.
    let hooks: Value = serde_norway::from_str(&read(".pre-commit-hooks.yaml")).unwrap();
    let hook = &hooks[0];
    assert_eq!(hook["id"], "stsplay-lint");
    assert_eq!(hook["language"], "rust");
    let entry: Vec<&str> = hook["entry"].as_str().unwrap().split(' ').collect();
    assert_eq!(entry, ["stsplay", "lint"]);

    // Clean and failing files: the findings of each, and exit 1.
    let mut args = vec!["lint", PINNED, THREE];
    let out = stsplay(&args, None);
    assert_eq!(out.status.code(), Some(1));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(&format!("{PINNED}: no findings")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{THREE}: 1 error, 1 warning, 1 info")),
        "{stdout}"
    );
    // Only clean files: exit 0.
    assert_eq!(
        stsplay(&["lint", PINNED, PINNED], None).status.code(),
        Some(0)
    );
    // A file that is not a trust policy is named on standard error, the others are still
    // linted, and the exit code is 2.
    args.push("Cargo.toml");
    let out = stsplay(&args, None);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).contains(&format!("{THREE}: 1 error")));
    assert!(
        text(&out.stderr).starts_with("stsplay: Cargo.toml: "),
        "{}",
        text(&out.stderr)
    );
    // JSON: an array with one report per file; SARIF: one run, each result in its own file.
    let out = stsplay(&["lint", PINNED, THREE, "--json"], None);
    let reports: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(reports.as_array().unwrap().len(), 2);
    assert_eq!(reports[1]["file"], THREE);
    let (_, log) = sarif(&["lint", THREE, ANY_BRANCH, "--format", "sarif"], None);
    let uris: Vec<&str> = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, [THREE, THREE, THREE, ANY_BRANCH]);
}

const PLAN: &str = "tests/fixtures/terraform/plan.json";
const STATE: &str = "tests/fixtures/terraform/state.json";

#[test]
fn terraform_plans_and_states_are_linted_role_by_role_at_their_address() {
    // The plan's planned state: modules, `count` and `for_each` addresses, a policy known only
    // after apply, the account's OIDC provider as evidence.
    let out = stsplay(&["lint", PLAN], None);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(
        report.starts_with(&format!(
            "{PLAN}: aws_iam_role.later: the trust policy is known only after apply, so it is not linted\n"
        )),
        "{report}"
    );
    // The error is in the module's `for_each` instance, at its line and column inside the
    // policy string.
    let error = report
        .split("\n\n")
        .find(|block| block.starts_with("error[github-sub-any-owner]"))
        .unwrap();
    assert!(error.contains(&format!("--> {PLAN}:94:439")), "{error}");
    assert!(
        error.contains("= in module.ci.aws_iam_role.runner[\"web\"]"),
        "{error}"
    );
    assert!(report.contains("= in aws_iam_role.preview[0]"));
    assert!(
        report.ends_with(&format!("{PLAN}: 1 error, 1 warning, 5 info\n")),
        "{report}"
    );

    // A plan that changes a trust policy: the state's `repo:…:*` admits any branch; the plan
    // pins `main`, and the planned state is what is linted.
    let state = text(&stsplay(&["lint", STATE], None).stdout);
    assert!(
        state.contains("warning[github-sub-any-branch]")
            && state.contains("= in aws_iam_role.deploy")
    );
    assert!(!report.contains("github-sub-any-branch"));

    // JSON names the resource of each finding and the roles not linted; SARIF, as a logical
    // location before the JSON pointer.
    let json: Value =
        serde_json::from_slice(&stsplay(&["lint", PLAN, "--json"], None).stdout).unwrap();
    assert_eq!(
        json["not_linted"],
        serde_json::json!(["aws_iam_role.later"])
    );
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["code"] == "github-sub-any-owner"
                && f["resource"] == "module.ci.aws_iam_role.runner[\"web\"]")
    );
    let (_, log) = sarif(&["lint", PLAN, "--format", "sarif"], None);
    let owner = log["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "github-sub-any-owner")
        .unwrap();
    assert_eq!(
        owner["locations"][0]["logicalLocations"][0],
        serde_json::json!({"fullyQualifiedName": "module.ci.aws_iam_role.runner[\"web\"]", "kind": "resource"})
    );
    assert_eq!(
        owner["locations"][0]["physicalLocation"]["region"]["startLine"],
        94
    );
}

#[test]
fn terraform_json_of_another_major_version_is_unusable() {
    let plan = read(PLAN).replace("\"format_version\": \"1.2\"", "\"format_version\": \"2.0\"");
    let out = stsplay(&["lint", "-"], Some(plan.as_bytes()));
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert_eq!(
        text(&out.stderr),
        "stsplay: <stdin>: at `/format_version`: Terraform JSON format 2.0 is not supported (only 1.x)\n"
    );
}
