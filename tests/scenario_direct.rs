//! `Scenario::from_json` reads valid text without the JSON tree of the whole document
//! (`src/engine/scenario/direct.rs`) and leaves everything else to the full reader. Both ways
//! must give the same scenario, the same verdict, and the same error as reading the parsed value
//! with `Scenario::from_value`, which never takes the direct way.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use proptest::prelude::*;
use serde_json::{Value, json};
use std::path::Path;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;

/// Read `text` both ways and compare; returns whether it is a usable scenario.
fn assert_same(text: &str) -> bool {
    let Ok(value) = serde_json::from_str::<Value>(text) else {
        // Not JSON: only the full reader can answer.
        assert!(Scenario::from_json(text).is_err());
        return false;
    };
    let direct = Scenario::from_json(text);
    let full = Scenario::from_value(&value);
    assert_eq!(direct, full, "{text}");
    match (direct, full) {
        (Ok(direct), Ok(full)) => {
            assert_eq!(simulate(&direct), simulate(&full), "{text}");
            true
        }
        _ => false,
    }
}

#[test]
fn every_fixture_scenario_reads_the_same_both_ways() {
    let files = support::json_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/scenarios"),
    );
    let mut usable = 0;
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        if assert_same(&text) {
            usable += 1;
        }
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_same(&value.to_string());
    }
    assert!(usable > 100, "only {usable} usable fixtures");
}

fn preset() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/scenarios/presets/github-actions-main.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// Every JSON pointer in `value`.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(members) => {
            for (name, member) in members {
                let escaped = name.replace('~', "~0").replace('/', "~1");
                pointers(member, format!("{at}/{escaped}"), out);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                pointers(item, format!("{at}/{index}"), out);
            }
        }
        _ => {}
    }
    out.push(at);
}

/// What a mutation puts at a pointer.
fn replacement(kind: usize) -> Option<Value> {
    match kind {
        0 => None,
        1 => Some(Value::Null),
        2 => Some(json!(1)),
        3 => Some(json!(-1.5)),
        4 => Some(json!("text")),
        5 => Some(json!(["a"])),
        6 => Some(json!({})),
        7 => Some(json!({"x": 1})),
        8 => Some(json!(true)),
        9 => Some(json!(9_223_372_036_854_775_808_u64)),
        _ => Some(json!([{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}, "x"])),
    }
}

/// The preset scenario with the value at one pointer replaced (or removed).
fn mutated(pick: usize, kind: usize) -> Value {
    let mut scenario = preset();
    let mut all = Vec::new();
    pointers(&scenario, String::new(), &mut all);
    let at = &all[pick % all.len()];
    let Some((parent, last)) = at.rsplit_once('/') else {
        return scenario;
    };
    let last = last.replace("~1", "/").replace("~0", "~");
    match (scenario.pointer_mut(parent), replacement(kind)) {
        (Some(Value::Object(members)), None) => {
            members.remove(&last);
        }
        (Some(Value::Object(members)), Some(value)) => {
            members.insert(last, value);
        }
        (Some(Value::Array(items)), value) => {
            let index: usize = last.parse().unwrap();
            match value {
                None => {
                    items.remove(index);
                }
                Some(value) => items[index] = value,
            }
        }
        _ => {}
    }
    scenario
}

#[test]
fn the_usual_variations_read_the_same_both_ways() {
    let mut scenario = preset();
    // `aws iam get-role` output as printed.
    let role = scenario["roles"][0].clone();
    scenario["roles"] = json!([{"Role": role}]);
    assert!(assert_same(&scenario.to_string()));
    // A policy and a JWKS given as JSON text; a session policy object; policy ARNs both ways.
    let mut scenario = preset();
    let policy = scenario["roles"][0]["AssumeRolePolicyDocument"].to_string();
    scenario["roles"][0]["AssumeRolePolicyDocument"] = Value::String(policy);
    let iss = "https://token.actions.githubusercontent.com";
    let jwks = scenario["idps"][iss]["jwks"].to_string();
    scenario["idps"][iss]["jwks"] = Value::String(jwks);
    scenario["idps"][iss]["tls"] =
        json!({"trusted_root": false, "thumbprint": "6938fd4d98bab03faadb97b34396831e3780aea1"});
    scenario["request"]["Policy"] = json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]});
    scenario["request"]["PolicyArns"] =
        json!(["arn:aws:iam::aws:policy/ReadOnlyAccess", {"arn": "arn:aws:iam::aws:policy/x"}]);
    assert!(assert_same(&scenario.to_string()));
    // A member given twice: JSON's last one wins, in the first one's place.
    let text = preset().to_string();
    let twice = text.replacen('{', r#"{"now": 5, "account": "111111111111", "#, 1);
    assert!(assert_same(&twice));
    let twice = text.replacen(r#""RoleName":"#, r#""RoleName": "other", "RoleName":"#, 1);
    assert!(assert_same(&twice));
    // An array where an object belongs, even one with a value for every member.
    let mut scenario = preset();
    let token = scenario["request"]["WebIdentityToken"].clone();
    scenario["request"] = json!([
        "arn:aws:iam::123456789012:role/deploy",
        "s",
        token,
        null,
        null,
        null,
        null
    ]);
    assert!(!assert_same(&scenario.to_string()));
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1024, .. ProptestConfig::default() })]

    #[test]
    fn any_altered_scenario_reads_the_same_both_ways(
        first in any::<usize>(),
        first_kind in 0usize..11,
        second in any::<usize>(),
        second_kind in 0usize..11,
    ) {
        let once = mutated(first, first_kind);
        assert_same(&once.to_string());
        let text = serde_json::to_string_pretty(&once).unwrap();
        assert_same(&text);
        // A second change on top of the first.
        let mut all = Vec::new();
        pointers(&once, String::new(), &mut all);
        let at = &all[second % all.len()];
        let mut twice = once.clone();
        if let (Some(target), Some(value)) = (twice.pointer_mut(at), replacement(second_kind)) {
            *target = value;
        }
        assert_same(&twice.to_string());
    }
}
