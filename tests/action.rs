//! The GitHub Action (action.yml) as far as it runs outside GitHub: its inputs reach
//! `scripts/action.sh` (its steps), the install step uses a cached build, and the run step tests
//! and lints a repository as a workflow would, writing JUnit XML and valid SARIF, and failing the
//! step when a test fails or a finding reaches `fail-on`. The example workflow in
//! `examples/github-actions/` uses only inputs and outputs the action has. (`cargo install` itself,
//! the uncached install, takes minutes and is not run here.)

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn yaml(path: &str) -> Value {
    serde_norway::from_str(&std::fs::read_to_string(root().join(path)).unwrap()).unwrap()
}

/// A fresh directory for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join("action-tests")
        .join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The directory of the `stsplay` binary this test run built.
fn stsplay_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_stsplay"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Run `scripts/action.sh <step>` in `workdir` with the runner's files and the given inputs.
fn step(step: &str, workdir: &Path, env: &[(&str, &str)]) -> (Output, String, String) {
    let github_path = workdir.join("github_path");
    let github_output = workdir.join("github_output");
    let path = format!(
        "{}:{}",
        stsplay_dir().display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut command = Command::new("bash");
    command
        .arg(root().join("scripts/action.sh"))
        .arg(step)
        .current_dir(workdir)
        .env("PATH", path)
        .env("GITHUB_ACTION_PATH", root())
        .env("GITHUB_PATH", &github_path)
        .env("GITHUB_OUTPUT", &github_output);
    for (name, value) in env {
        command.env(name, value);
    }
    let out = command.output().unwrap();
    let read = |p: &Path| std::fs::read_to_string(p).unwrap_or_default();
    (out, read(&github_path), read(&github_output))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn the_action_passes_every_input_to_its_steps() {
    let action = yaml("action.yml");
    let inputs = action["inputs"].as_object().unwrap();
    let names: Vec<&str> = inputs.keys().map(String::as_str).collect();
    assert_eq!(names, ["test", "lint", "fail-on", "junit", "sarif"]);
    let steps = action["runs"]["steps"].as_array().unwrap();
    assert_eq!(action["runs"]["using"], "composite");
    let run = steps.iter().find(|s| s["id"] == "run").unwrap();
    assert_eq!(run["run"], "\"$GITHUB_ACTION_PATH/scripts/action.sh\" run");
    for name in names {
        let variable = format!("STSPLAY_{}", name.to_uppercase().replace('-', "_"));
        assert_eq!(
            run["env"][&variable],
            format!("${{{{ inputs.{name} }}}}"),
            "{variable}"
        );
    }
    let install = steps
        .iter()
        .find(|s| s["name"] == "Install stsplay")
        .unwrap();
    assert_eq!(
        install["run"],
        "\"$GITHUB_ACTION_PATH/scripts/action.sh\" install"
    );
    // The build is cached per action ref, where the install step looks for it.
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .unwrap();
    assert_eq!(cache["with"]["path"], install["env"]["STSPLAY_ROOT"]);
    assert!(
        cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("github.action_ref")
    );
    for output in ["junit", "sarif"] {
        assert_eq!(
            action["outputs"][output]["value"],
            format!("${{{{ steps.run.outputs.{output} }}}}")
        );
    }
}

#[test]
fn the_example_workflow_uses_the_action_as_it_is() {
    let action = yaml("action.yml");
    let workflow = yaml("examples/github-actions/trust-policies.yml");
    let steps = workflow["jobs"]["stsplay"]["steps"].as_array().unwrap();
    let ours = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("stsplay/stsplay@"))
        })
        .unwrap();
    for input in ours["with"].as_object().unwrap().keys() {
        assert!(
            action["inputs"].get(input).is_some(),
            "unknown input {input}"
        );
    }
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .unwrap();
    assert_eq!(
        upload["with"]["sarif_file"],
        "${{ steps.stsplay.outputs.sarif }}"
    );
    assert_eq!(workflow["permissions"]["security-events"], "write");
}

#[test]
fn install_uses_the_cached_build_and_puts_it_on_path() {
    let dir = scratch("install");
    let cached = dir.join("cache/bin");
    std::fs::create_dir_all(&cached).unwrap();
    std::fs::copy(env!("CARGO_BIN_EXE_stsplay"), cached.join("stsplay")).unwrap();
    let root = dir.join("cache");
    let (out, github_path, _) = step("install", &dir, &[("STSPLAY_ROOT", root.to_str().unwrap())]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).starts_with("stsplay is cached: stsplay "),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(github_path, format!("{}\n", cached.display()));
}

#[test]
fn run_tests_and_lints_a_repository_writing_junit_and_sarif() {
    let dir = scratch("run");
    copy_dir(&root().join("examples/github-org"), &dir.join("iam"));
    let inputs = [
        ("STSPLAY_TEST", "iam"),
        ("STSPLAY_LINT", "iam/**/*-trust-policy.json"),
        ("STSPLAY_JUNIT", "reports/junit.xml"),
        ("STSPLAY_SARIF", "stsplay.sarif"),
    ];
    std::fs::create_dir_all(dir.join("reports")).unwrap();
    let (out, _, outputs) = step("run", &dir, &inputs);
    let log = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{log}{}", text(&out.stderr));
    assert!(
        log.contains("16 cases in 1 file: 16 passed, 0 failed"),
        "{log}"
    );
    assert!(
        log.contains("iam/policies/deploy-trust-policy.json: 0 errors, 1 warning, 1 info"),
        "{log}"
    );
    assert_eq!(outputs, "junit=reports/junit.xml\nsarif=stsplay.sarif\n");
    let junit = std::fs::read_to_string(dir.join("reports/junit.xml")).unwrap();
    let xml = roxmltree::Document::parse(&junit).unwrap();
    assert_eq!(xml.root_element().attribute("tests"), Some("16"));
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("stsplay.sarif")).unwrap()).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
            .unwrap(),
    )
    .unwrap();
    assert!(jsonschema::draft4::new(&schema).unwrap().is_valid(&sarif));
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["iam/policies/deploy-trust-policy.json"; 2]);

    // With `fail-on: warning` the lint's warning fails the step; the reports are still written.
    std::fs::remove_file(dir.join("stsplay.sarif")).unwrap();
    let strict = [
        inputs[0],
        inputs[1],
        inputs[2],
        inputs[3],
        ("STSPLAY_FAIL_ON", "warning"),
    ];
    let (out, _, _) = step("run", &dir, &strict);
    assert_eq!(out.status.code(), Some(1));
    assert!(dir.join("stsplay.sarif").exists());
}

#[test]
fn run_fails_on_a_failing_case_a_pattern_that_matches_nothing_and_no_inputs() {
    let dir = scratch("fail");
    copy_dir(&root().join("examples/github-org"), &dir.join("iam"));
    // A broken policy: an error finding fails the step, after the tests have run.
    std::fs::copy(
        root().join("tests/fixtures/policies/github-holes.json"),
        dir.join("iam/policies/open-trust-policy.json"),
    )
    .unwrap();
    let (out, _, outputs) = step(
        "run",
        &dir,
        &[
            ("STSPLAY_TEST", "iam"),
            ("STSPLAY_LINT", "iam/policies/*.json"),
        ],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stdout));
    assert!(text(&out.stdout).contains("error[github-sub-any-owner]"));
    assert_eq!(outputs, "junit=stsplay-junit.xml\nsarif=stsplay.sarif\n");
    let sarif: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("stsplay.sarif")).unwrap()).unwrap();
    assert!(
        sarif["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["ruleId"] == "github-sub-any-owner" && r["level"] == "error")
    );

    let (out, _, _) = step("run", &dir, &[("STSPLAY_LINT", "nowhere/*.json")]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stdout).contains("::error::lint: no file matches nowhere/*.json"));

    let (out, _, _) = step("run", &dir, &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stdout).starts_with("::error::stsplay: give `test`"));
}
