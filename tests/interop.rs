//! Interoperability: tokens signed by npm `jose` (an independent JOSE implementation, the one
//! most Node IdPs and test tools use) with the fixed test keys must be accepted by the engine,
//! and the same tokens with one byte changed in the signature or the payload must be rejected.
//!
//! `tests/interop/sign-with-jose.mjs` does the signing. Without `node_modules/jose` (run
//! `npm ci`) the test is skipped with a message, except under CI (`CI` set), where it fails.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};
use std::process::Command;
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::{Outcome, StepId, Verdict};
use support::{key, root};

/// Every algorithm the script signs with, and the test key it uses (also the `kid`).
const ALGS: [(&str, &str); 6] = [
    ("RS256", "rsa-a"),
    ("RS384", "rsa-a"),
    ("RS512", "rsa-a"),
    ("ES256", "ec-p256"),
    ("ES384", "ec-p384"),
    ("ES512", "ec-p521"),
];

const PRESET: &str = "tests/fixtures/scenarios/presets/github-actions-main.json";

/// The tokens jose signed, by algorithm; `None` when the test is to be skipped.
fn jose_tokens() -> Option<Map<String, Value>> {
    let has_jose = root().join("node_modules/jose/package.json").is_file();
    let in_ci = std::env::var_os("CI").is_some();
    if !has_jose && !in_ci {
        println!(
            "SKIPPED interop: node_modules/jose is missing (run `npm ci` in the repository root); \
             under CI this is a failure"
        );
        return None;
    }
    assert!(
        has_jose,
        "CI is set but node_modules/jose is missing: `npm ci` (scripts/setup) must run first"
    );
    let output = Command::new("node")
        .arg("tests/interop/sign-with-jose.mjs")
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    assert!(
        output.status.success(),
        "sign-with-jose.mjs failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let tokens: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "sign-with-jose.mjs printed no JSON ({e}):\n{}",
            String::from_utf8_lossy(&output.stdout)
        )
    });
    Some(tokens.as_object().cloned().expect("a JSON object"))
}

/// The preset scenario with `token` as the web identity token and `key_name`'s public key as
/// the issuer's only JWK.
fn verdict_for(token: &str, key_name: &str) -> Verdict {
    let text = std::fs::read_to_string(root().join(PRESET)).unwrap();
    let mut fixture: Value = serde_json::from_str(&text).unwrap();
    let iss = fixture["mint"]["claims"]["iss"]
        .as_str()
        .unwrap()
        .to_string();
    fixture["request"]["WebIdentityToken"] = Value::String(token.to_string());
    fixture["idps"][&iss]["jwks"] = json!({ "keys": [key(key_name).jwk(key_name)] });
    let scenario =
        Scenario::from_value(&fixture).unwrap_or_else(|e| panic!("{PRESET}: {}", e.in_scenario()));
    simulate(&scenario)
}

/// `token` with one bit of one byte changed in segment `segment` (1 = payload, 2 = signature).
/// The segment is decoded, changed and encoded again, so it stays valid base64url.
fn flip_byte(token: &str, segment: usize) -> String {
    let mut parts: Vec<String> = token.split('.').map(str::to_string).collect();
    assert_eq!(parts.len(), 3, "a JWS in compact form");
    let mut bytes = URL_SAFE_NO_PAD.decode(&parts[segment]).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x01;
    parts[segment] = URL_SAFE_NO_PAD.encode(&bytes);
    parts.join(".")
}

fn describe(verdict: &Verdict) -> String {
    serde_json::to_string_pretty(&json!({
        "outcome": verdict.outcome(),
        "failed_step": verdict.failed_step(),
        "error": verdict.error(),
    }))
    .unwrap()
}

#[test]
fn jose_signed_tokens_are_accepted_and_tampered_ones_rejected() {
    let Some(tokens) = jose_tokens() else {
        return;
    };
    for (alg, key_name) in ALGS {
        let token = tokens
            .get(alg)
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("sign-with-jose.mjs gave no {alg} token"));

        let verdict = verdict_for(token, key_name);
        assert_eq!(
            verdict.outcome(),
            Outcome::Accepted,
            "{alg}: a jose-signed token must be accepted:\n{}",
            describe(&verdict)
        );

        let bad_signature = flip_byte(token, 2);
        let verdict = verdict_for(&bad_signature, key_name);
        assert_eq!(
            (verdict.outcome(), verdict.failed_step()),
            (Outcome::Rejected, Some(StepId::Signature)),
            "{alg}: one byte changed in the signature:\n{}",
            describe(&verdict)
        );

        let bad_payload = flip_byte(token, 1);
        let verdict = verdict_for(&bad_payload, key_name);
        assert_eq!(
            verdict.outcome(),
            Outcome::Rejected,
            "{alg}: one byte changed in the payload:\n{}",
            describe(&verdict)
        );
        assert!(
            matches!(
                verdict.failed_step(),
                Some(StepId::Signature | StepId::Token)
            ),
            "{alg}: one byte changed in the payload must fail the signature (or, if the payload \
             is no longer JSON, the token) step:\n{}",
            describe(&verdict)
        );
        println!(
            "{alg}: jose token accepted; signature byte flipped: rejected at signature; payload \
             byte flipped: rejected at {:?}",
            verdict.failed_step()
        );
    }
}

#[test]
fn flipping_a_byte_keeps_the_segment_valid_base64url() {
    let token = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.AAECAwQF";
    for segment in [1, 2] {
        let flipped = flip_byte(token, segment);
        assert_ne!(flipped, token);
        let part = flipped.split('.').nth(segment).unwrap();
        assert!(URL_SAFE_NO_PAD.decode(part).is_ok(), "{flipped}");
    }
}
