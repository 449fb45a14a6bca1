//! Fixture-driven tests: every scenario under `tests/fixtures/scenarios/` runs through the
//! engine and must meet its `expect` block, and its readable trace must equal the golden file
//! under `tests/golden/`. The playground's presets are fixtures too.
//!
//! A fixture may carry a `mint` block saying how its token was made (key, algorithm, header,
//! claims, and which keys the IdP publishes). The test re-mints the token and checks the file
//! holds exactly that token and JWKS, so fixtures stay readable and honest. Run with
//! `UPDATE_FIXTURES=1` to rewrite tokens, JWKS and golden traces after a deliberate change.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use serde_json::{Map, Value};
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::Verdict;
use stsplay::present::text::{Style, render};
use support::{json_files, key, mint, root};

fn updating() -> bool {
    std::env::var_os("UPDATE_FIXTURES").is_some()
}

/// Apply the `mint` block: returns true when the file's token or JWKS differed.
fn apply_mint(fixture: &mut Value) -> bool {
    let Some(spec) = fixture.get("mint").cloned() else {
        return false;
    };
    let key_name = spec["key"].as_str().expect("mint.key");
    let signing_key = key(key_name);
    let alg = spec
        .get("alg")
        .and_then(Value::as_str)
        .unwrap_or(signing_key.default_alg())
        .to_string();
    let mut header = spec
        .get("header")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    header
        .entry("kid")
        .or_insert_with(|| Value::String(key_name.to_string()));
    header
        .entry("typ")
        .or_insert_with(|| Value::String("JWT".to_string()));
    // `"kid": null` in a mint block means "no kid at all".
    if header.get("kid") == Some(&Value::Null) {
        header.remove("kid");
    }
    let claims = spec["claims"].clone();
    let mut token = mint(&signing_key, &alg, &header, &claims);
    if let Some(overrides) = spec.get("tamper_claims").and_then(Value::as_object) {
        // Keep the signature, change the payload: what an attacker editing a token produces.
        let mut tampered = claims.as_object().cloned().unwrap_or_default();
        for (k, v) in overrides {
            tampered.insert(k.clone(), v.clone());
        }
        let parts: Vec<&str> = token.split('.').collect();
        use base64::Engine as _;
        let payload = base64::engine::general_purpose::URL_SAFE_NO_PAD
            .encode(Value::Object(tampered).to_string());
        token = format!("{}.{payload}.{}", parts[0], parts[2]);
    }
    let mut changed = fixture["request"]["WebIdentityToken"] != Value::String(token.clone());
    fixture["request"]["WebIdentityToken"] = Value::String(token);
    if let Some(published) = spec.get("jwks").and_then(Value::as_array) {
        let iss = claims["iss"]
            .as_str()
            .expect("mint.claims.iss with mint.jwks")
            .to_string();
        let keys: Vec<Value> = published
            .iter()
            .map(|name| {
                let name = name.as_str().unwrap();
                key(name).jwk(name)
            })
            .collect();
        let mut jwks = serde_json::json!({ "keys": keys });
        if spec.get("jwks_transform").and_then(Value::as_str) == Some("leading-zero-modulus") {
            // A 257-byte modulus: the non-minimal encoding STS refuses.
            use base64::Engine as _;
            let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
            let n = jwks["keys"][0]["n"].as_str().unwrap();
            let mut bytes = vec![0u8];
            bytes.extend(engine.decode(n).unwrap());
            jwks["keys"][0]["n"] = Value::String(engine.encode(bytes));
        }
        let slot = &mut fixture["idps"][&iss]["jwks"];
        changed |= *slot != jwks;
        *slot = jwks;
    }
    changed
}

fn check_expectations(name: &str, expect: &Map<String, Value>, verdict: &Verdict) -> Vec<String> {
    let actual = serde_json::to_value(verdict).unwrap();
    let mut problems = Vec::new();
    let mut unknown = Vec::new();
    let mut compare = |what: &str, expected: &Value, actual: &Value| {
        if expected != actual {
            problems.push(format!("{name}: {what}: expected {expected}, got {actual}"));
        }
    };
    for (field, expected) in expect {
        match field.as_str() {
            "outcome" => compare("outcome", expected, &actual["outcome"]),
            "failed_step" => compare("failed_step", expected, &actual["failed_step"]),
            "code" => compare("error.Code", expected, &actual["error"]["Code"]),
            "message" => compare("error.Message", expected, &actual["error"]["Message"]),
            "findings" => {
                let codes: Vec<Value> = verdict
                    .findings
                    .iter()
                    .map(|f| Value::String(f.code.clone()))
                    .collect();
                compare("finding codes", expected, &Value::Array(codes));
            }
            "checks" => {
                for (id, status) in expected.as_object().expect("expect.checks is an object") {
                    let found = verdict
                        .steps
                        .iter()
                        .flat_map(|s| &s.checks)
                        .find(|c| &c.id == id)
                        .map(|c| serde_json::to_value(c.status).unwrap())
                        .unwrap_or(Value::Null);
                    compare(&format!("check {id}"), status, &found);
                }
            }
            "result" => {
                for (member, value) in expected.as_object().expect("expect.result is an object") {
                    compare(
                        &format!("result.{member}"),
                        value,
                        &actual["result"][member],
                    );
                }
            }
            other => unknown.push(format!("{name}: unknown expect member `{other}`")),
        }
    }
    problems.extend(unknown);
    problems
}

#[test]
fn every_fixture_meets_its_expectations_and_golden_trace() {
    let dir = root().join("tests/fixtures/scenarios");
    let files = json_files(&dir);
    assert!(
        files.len() >= 40,
        "expected the fixture suite, found {} files",
        files.len()
    );
    let mut problems = Vec::new();
    for path in &files {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        let text = std::fs::read_to_string(path).unwrap();
        let mut fixture: Value =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        if apply_mint(&mut fixture) {
            if updating() {
                std::fs::write(path, serde_json::to_string_pretty(&fixture).unwrap() + "\n")
                    .unwrap();
            } else {
                problems.push(format!("{name}: token or JWKS differs from its `mint` block (run with UPDATE_FIXTURES=1)"));
            }
        }
        let scenario = match Scenario::from_value(&fixture) {
            Ok(s) => s,
            Err(e) => {
                problems.push(format!("{name}: {}", e.in_scenario()));
                continue;
            }
        };
        let verdict = simulate(&scenario);
        let expect = fixture
            .get("expect")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_else(|| {
                problems.push(format!("{name}: no expect block"));
                Map::new()
            });
        if !expect.contains_key("outcome") {
            problems.push(format!("{name}: expect has no outcome"));
        }
        problems.extend(check_expectations(&name, &expect, &verdict));

        let golden_path = root()
            .join("tests/golden")
            .join(name.replace(".json", ".txt"));
        let trace = render(&verdict, Style::Plain);
        if updating() {
            std::fs::create_dir_all(golden_path.parent().unwrap()).unwrap();
            std::fs::write(&golden_path, &trace).unwrap();
        } else {
            match std::fs::read_to_string(&golden_path) {
                Ok(golden) if golden == trace => {}
                Ok(_) => problems.push(format!("{name}: trace differs from {} (run with UPDATE_FIXTURES=1 and review the diff)", golden_path.display())),
                Err(_) => problems.push(format!("{name}: no golden trace at {}", golden_path.display())),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} problem(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn same_scenario_gives_byte_identical_verdicts() {
    for path in json_files(&root().join("tests/fixtures/scenarios")) {
        let text = std::fs::read_to_string(&path).unwrap();
        let scenario = Scenario::from_json(&text).unwrap();
        let first = serde_json::to_string(&simulate(&scenario)).unwrap();
        let second =
            serde_json::to_string(&simulate(&Scenario::from_json(&text).unwrap())).unwrap();
        assert_eq!(first, second, "{}", path.display());
    }
}

#[test]
fn the_browser_suite_lists_every_fixture() {
    let wasm_suite = std::fs::read_to_string(root().join("tests/wasm.rs")).unwrap();
    let dir = root().join("tests/fixtures/scenarios");
    for path in json_files(&dir) {
        let name = path.strip_prefix(&dir).unwrap().display().to_string();
        assert!(
            wasm_suite.contains(&format!("fixture!(\"{name}\")")),
            "tests/wasm.rs does not list {name}"
        );
    }
}

#[test]
fn the_playground_offers_every_preset_fixture() {
    let presets = std::fs::read_to_string(root().join("src/web/presets.rs")).unwrap();
    let dir = root().join("tests/fixtures/scenarios/presets");
    let files = json_files(&dir);
    assert!(
        files.len() >= 14,
        "the playground needs at least 14 presets"
    );
    for path in files {
        let id = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert!(
            presets.contains(&format!("preset!(\"{id}\")")),
            "src/web/presets.rs does not offer {id}"
        );
    }
}
