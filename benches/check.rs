//! How long one simulated `AssumeRoleWithWebIdentity` takes: `Scenario::from_json` + `simulate`
//! (the full check, from scenario text to verdict) and `simulate` alone, for an RS256 GitHub
//! Actions token and an ES256 token, each against a 10-statement trust policy whose matching
//! statement is the last one.
//!
//! Run: `cargo bench --bench check -- --warm-up-time 1 --measurement-time 5`. After criterion's
//! own report this prints the median time per iteration of each benchmark. With
//! `STSPLAY_BENCH_INPUTS=FILE` it also writes the tokens, public JWKs and clock it used as JSON,
//! so that `scripts/bench-vs-jose.sh` can time jose on exactly the same inputs.

// A benchmark is a test-like harness: a broken fixture should stop it loudly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

#[path = "../tests/support/mod.rs"]
mod support;

/// The allocator the `stsplay` binary uses (src/bin/stsplay.rs), so that the figures are the
/// CLI's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use criterion::{BenchmarkId, Criterion, black_box};
use serde_json::{Map, Value, json};
use std::path::PathBuf;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::Outcome;

const GROUP: &str = "stsplay_check";
const FULL: &str = "full_check";
const SIMULATE: &str = "simulate_only";

/// (algorithm, fixture below tests/fixtures/scenarios/)
const CASES: [(&str, &str); 2] = [
    ("RS256", "presets/github-actions-main.json"),
    ("ES256", "signature/es256-accepted.json"),
];

/// One benchmark input: the scenario text, and what jose needs to verify the same token.
struct Case {
    alg: &'static str,
    text: String,
    token: String,
    jwk: Value,
    now: i64,
}

/// A realistic 10-statement GitHub trust policy: nine other repositories first, the matching
/// statement last, each with `StringEquals` on `aud` and `StringLike` on `sub`.
fn ten_statement_policy(federated: &str, sub: &str) -> Value {
    let condition = |sub: &str| {
        json!({
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": sub}
        })
    };
    let mut statements: Vec<Value> = (1..=9)
        .map(|i| {
            let other = if i % 3 == 0 {
                format!("repo:octo-org/service-{i}:environment:production")
            } else if i % 3 == 1 {
                format!("repo:octo-org/service-{i}:ref:refs/heads/main")
            } else {
                format!("repo:octo-org/service-{i}:ref:refs/tags/v*")
            };
            json!({
                "Sid": format!("Service{i}"),
                "Effect": "Allow",
                "Principal": {"Federated": federated},
                "Action": "sts:AssumeRoleWithWebIdentity",
                "Condition": condition(&other)
            })
        })
        .collect();
    statements.push(json!({
        "Sid": "GitHubDeploy",
        "Effect": "Allow",
        "Principal": {"Federated": federated},
        "Action": "sts:AssumeRoleWithWebIdentity",
        "Condition": condition(sub)
    }));
    json!({"Version": "2012-10-17", "Statement": statements})
}

/// Load a fixture, sign its `mint` block afresh with the test key, publish the key, and put the
/// 10-statement trust policy on its role.
fn case(alg: &'static str, fixture: &str) -> Case {
    let path = support::root()
        .join("tests/fixtures/scenarios")
        .join(fixture);
    let mut scenario: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap())
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let spec = scenario["mint"].clone();
    let key_name = spec["key"].as_str().unwrap();
    let key = support::key(key_name);
    assert_eq!(key.default_alg(), alg, "{fixture}: unexpected key");
    let mut header = Map::new();
    header.insert("kid".into(), key_name.into());
    header.insert("typ".into(), "JWT".into());
    let claims = spec["claims"].clone();
    let token = support::mint(&key, alg, &header, &claims);
    let jwk = key.jwk(key_name);
    let iss = claims["iss"].as_str().unwrap();
    scenario["idps"][iss]["jwks"] = json!({ "keys": [jwk.clone()] });
    scenario["request"]["WebIdentityToken"] = Value::String(token.clone());

    let role = &mut scenario["roles"][0];
    let federated = role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Federated"]
        .as_str()
        .unwrap()
        .to_string();
    let sub = claims["sub"].as_str().unwrap();
    role["AssumeRolePolicyDocument"] = ten_statement_policy(&federated, sub);
    if let Some(object) = scenario.as_object_mut() {
        object.remove("mint");
        object.remove("expect");
    }

    let text = serde_json::to_string_pretty(&scenario).unwrap();
    let parsed = Scenario::from_json(&text).unwrap();
    let verdict = simulate(&parsed);
    assert_eq!(
        verdict.outcome(),
        Outcome::Accepted,
        "{fixture}: the bench scenario must be accepted: {:?}",
        verdict.error()
    );
    Case {
        alg,
        text,
        token,
        jwk,
        now: parsed.now,
    }
}

/// Where criterion keeps its results (its own rule, minus the `cargo metadata` call).
fn criterion_home() -> PathBuf {
    if let Some(home) = std::env::var_os("CRITERION_HOME") {
        PathBuf::from(home)
    } else if let Some(target) = std::env::var_os("CARGO_TARGET_DIR") {
        PathBuf::from(target).join("criterion")
    } else {
        support::root().join("target/criterion")
    }
}

/// The median point estimate, in nanoseconds, of one finished benchmark.
fn median_ns(home: &std::path::Path, function: &str, alg: &str) -> Option<f64> {
    let path = home
        .join(GROUP)
        .join(function)
        .join(alg)
        .join("new/estimates.json");
    let estimates: Value = serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()?;
    estimates["median"]["point_estimate"].as_f64()
}

fn main() {
    let cases: Vec<Case> = CASES.iter().map(|&(alg, f)| case(alg, f)).collect();

    if let Some(out) = std::env::var_os("STSPLAY_BENCH_INPUTS") {
        let inputs: Map<String, Value> = cases
            .iter()
            .map(|c| {
                let entry = json!({"token": c.token, "jwk": c.jwk, "now": c.now});
                (c.alg.to_string(), entry)
            })
            .collect();
        std::fs::write(&out, serde_json::to_string_pretty(&inputs).unwrap()).unwrap();
    }

    // Profiling mode: no criterion, just N full checks of one algorithm (with
    // STSPLAY_PROFILE_LOADED set: N `simulate` calls on a scenario read once), so that a profiler
    // (`valgrind --tool=callgrind`) sees only the work being measured. See README, Development.
    if let Ok(runs) = std::env::var("STSPLAY_PROFILE_RUNS") {
        let runs: usize = runs.parse().expect("STSPLAY_PROFILE_RUNS: a count");
        let alg = std::env::var("STSPLAY_PROFILE_ALG").unwrap_or_else(|_| "RS256".into());
        let case = cases
            .iter()
            .find(|c| c.alg == alg)
            .expect("STSPLAY_PROFILE_ALG: RS256 or ES256");
        if std::env::var_os("STSPLAY_PROFILE_LOADED").is_some() {
            // The loaded path alone: the scenario read once, `simulate` N times.
            let scenario = Scenario::from_json(&case.text).unwrap();
            for _ in 0..runs {
                black_box(simulate(black_box(&scenario)));
            }
        } else {
            for _ in 0..runs {
                black_box(simulate(
                    &Scenario::from_json(black_box(&case.text)).unwrap(),
                ));
            }
        }
        return;
    }

    let home = criterion_home();
    let mut criterion = Criterion::default()
        .output_directory(&home)
        .configure_from_args();
    {
        let mut group = criterion.benchmark_group(GROUP);
        for c in &cases {
            group.bench_with_input(BenchmarkId::new(FULL, c.alg), &c.text, |b, text| {
                b.iter(|| simulate(&Scenario::from_json(black_box(text)).unwrap()));
            });
            let scenario = Scenario::from_json(&c.text).unwrap();
            group.bench_with_input(BenchmarkId::new(SIMULATE, c.alg), &scenario, |b, s| {
                b.iter(|| simulate(black_box(s)));
            });
        }
        group.finish();
    }
    criterion.final_summary();

    println!(
        "\nmedian time per iteration (10-statement trust policy, match in the last statement):"
    );
    for c in &cases {
        for function in [FULL, SIMULATE] {
            match median_ns(&home, function, c.alg) {
                Some(ns) => println!("  {:<5} {:<14} {:>10.1} µs", c.alg, function, ns / 1000.0),
                None => println!("  {:<5} {:<14} {:>10}", c.alg, function, "not run"),
            }
        }
    }
}
