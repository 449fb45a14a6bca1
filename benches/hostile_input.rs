//! How long the engine takes on hostile input (README, "Fidelity": bounded work). Figures, not a
//! test: `cargo bench --bench hostile_input` prints, for each case, the median time of
//! `Scenario::from_json` + `simulate` over a few runs, and the verdict.
//!
//! - a JWKS of 3,000 RSA keys under the token's `kid` (refused unread: more than 100 keys);
//! - 100 distinct RSA keys under the token's `kid` (only the first is used);
//! - 100 distinct RSA keys and a token without `kid` (every key is tried);
//! - a 1 MB trust policy;
//! - a `StringLike` pattern with 60 wildcards against a 5,000-character `sub`.

// A benchmark is test-like: a broken fixture should stop it loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../tests/support/mod.rs"]
mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};
use std::time::{Duration, Instant};
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use support::{key, mint, root};

const ISS: &str = "https://token.actions.githubusercontent.com";

fn preset() -> Value {
    let path = root().join("tests/fixtures/scenarios/presets/github-actions-main.json");
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    for member in ["mint", "expect", "name", "description"] {
        scenario.as_object_mut().unwrap().remove(member);
    }
    scenario
}

/// The preset's claims, changed by `edit`, signed by `rsa-a` under `header`.
fn sign(scenario: &mut Value, header: Value, edit: impl FnOnce(&mut Value)) {
    let text = std::fs::read_to_string(
        root().join("tests/fixtures/scenarios/presets/github-actions-main.json"),
    )
    .unwrap();
    let mut claims = serde_json::from_str::<Value>(&text).unwrap()["mint"]["claims"].clone();
    edit(&mut claims);
    let header: Map<String, Value> = header.as_object().unwrap().clone();
    scenario["request"]["WebIdentityToken"] = mint(&key("rsa-a"), "RS256", &header, &claims).into();
}

/// `count` distinct, well-formed 2048-bit RSA public keys (odd moduli with the top bit set; not
/// products of primes, which the reader cannot tell), from a fixed seed.
fn rsa_keys(count: usize, kid: Option<&str>) -> Vec<Value> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    (0..count)
        .map(|i| {
            let mut n: Vec<u8> = (0..256)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state.to_le_bytes()[0]
                })
                .collect();
            n[0] |= 0x80;
            n[255] |= 1;
            let kid = kid.map_or_else(|| format!("decoy-{i}"), str::to_string);
            json!({"kty": "RSA", "kid": kid, "use": "sig",
                "n": URL_SAFE_NO_PAD.encode(&n), "e": "AQAB"})
        })
        .collect()
}

fn time(name: &str, scenario: &Value) {
    let text = scenario.to_string();
    let mut times = Vec::new();
    let mut verdict = None;
    for _ in 0..5 {
        let start = Instant::now();
        let parsed = Scenario::from_json(&text).unwrap();
        verdict = Some(simulate(&parsed));
        times.push(start.elapsed());
    }
    times.sort();
    let verdict = serde_json::to_value(verdict.unwrap()).unwrap();
    println!(
        "{name:<58} {:>9.2} ms  ({} KB in; {} at {})",
        times[times.len() / 2].as_secs_f64() * 1e3,
        text.len() / 1024,
        verdict["outcome"].as_str().unwrap(),
        verdict["failed_step"].as_str().unwrap_or("-"),
    );
    let _: Duration = times[0];
}

fn main() {
    // A JWKS of 3,000 keys under the token's kid, the real key last.
    let mut scenario = preset();
    let real = scenario["idps"][ISS]["jwks"]["keys"][0].clone();
    let kid = real["kid"].as_str().unwrap().to_string();
    let mut keys = rsa_keys(2999, Some(&kid));
    keys.push(real.clone());
    scenario["idps"][ISS]["jwks"] = json!({ "keys": keys });
    time("JWKS of 3,000 RSA keys under one kid", &scenario);

    // 100 distinct keys under the token's kid, the real key first, then last.
    let mut keys = rsa_keys(99, Some(&kid));
    keys.insert(0, real.clone());
    scenario["idps"][ISS]["jwks"] = json!({ "keys": keys.clone() });
    time(
        "JWKS of 100 RSA keys under one kid, the real one first",
        &scenario,
    );
    keys.rotate_left(1);
    scenario["idps"][ISS]["jwks"] = json!({ "keys": keys });
    time(
        "JWKS of 100 RSA keys under one kid, the real one last",
        &scenario,
    );

    // No kid in the token: every key that fits RS256 is tried.
    let mut no_kid = preset();
    sign(&mut no_kid, json!({ "typ": "JWT" }), |_| {});
    let mut keys = rsa_keys(99, None);
    keys.push(real.clone());
    no_kid["idps"][ISS]["jwks"] = json!({ "keys": keys });
    time(
        "JWKS of 100 RSA keys, token without kid, real one last",
        &no_kid,
    );

    // A 1 MB trust policy: 5,000 values of about 200 characters in one StringLike list.
    let mut big = preset();
    let document = &mut big["roles"][0]["AssumeRolePolicyDocument"];
    let statement = document["Statement"][0].clone();
    let mut values: Vec<Value> = (0..5000)
        .map(|i| json!(format!("repo:octo-org/decoy-{i}:{}", "x".repeat(180))))
        .collect();
    values.push(json!("repo:octo-org/octo-repo:*"));
    let mut wide = statement.clone();
    wide["Condition"] = json!({
        "StringEquals": { "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" },
        "StringLike": { "token.actions.githubusercontent.com:sub": values },
    });
    document["Statement"] = json!([wide]);
    time("a 1 MB trust policy (5,000 StringLike values)", &big);

    // 60 wildcards against a 5,000-character sub: `a*a*…*b` never matches `aaa…a`.
    let mut glob = preset();
    let long_sub = "a".repeat(5000);
    sign(&mut glob, json!({ "kid": kid }), |claims| {
        claims["sub"] = json!(long_sub);
    });
    let pattern = format!("{}b", "a*".repeat(60));
    let document = &mut glob["roles"][0]["AssumeRolePolicyDocument"];
    document["Statement"][0]["Condition"] = json!({
        "StringLike": { "token.actions.githubusercontent.com:sub": pattern },
    });
    time(
        "StringLike with 60 wildcards vs a 5,000-character sub",
        &glob,
    );
    // The same with a final `a`: it matches, so the pattern was evaluated.
    let document = &mut glob["roles"][0]["AssumeRolePolicyDocument"];
    document["Statement"][0]["Condition"]["StringLike"]["token.actions.githubusercontent.com:sub"] =
        json!(format!("{}a", "*a".repeat(60)));
    time(
        "the same, a pattern that matches (`*a` × 60, then `a`)",
        &glob,
    );
}
