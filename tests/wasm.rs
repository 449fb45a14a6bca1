//! The engine's fixture suite again, compiled to wasm32 and run in headless Chromium by
//! `wasm-bindgen-test` (`cargo test --target wasm32-unknown-unknown --test wasm`). This proves the
//! crypto stack and the whole pipeline behave the same in the browser as natively.
//!
//! The list below must name every fixture; `tests/scenarios.rs` checks that it does.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]
#![cfg(target_arch = "wasm32")]

mod ecdsa_vectors;
mod wycheproof_vectors;

use ecdsa_vectors::{Vector, WYCHEPROOF_P256, WYCHEPROOF_P384, WYCHEPROOF_P521, hex};
use serde_json::Value;
use stsplay::engine::ec_verify::{P256Key, P384Key, P521Key};
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

macro_rules! fixture {
    ($path:literal) => {
        ($path, include_str!(concat!("fixtures/scenarios/", $path)))
    };
}

const FIXTURES: &[(&str, &str)] = &[
    fixture!("claims/aud-array-one-matches.json"),
    fixture!("claims/exp-float.json"),
    fixture!("claims/exp-string.json"),
    fixture!("claims/expired-at-exact-boundary.json"),
    fixture!("claims/iat-in-future.json"),
    fixture!("claims/nbf-in-future.json"),
    fixture!("idps/amazon-unreachable.json"),
    fixture!("idps/auth0-trailing-slash.json"),
    fixture!("idps/cognito-plain-operator-on-amr.json"),
    fixture!("idps/cognito-unauthenticated.json"),
    fixture!("idps/facebook-rejected.json"),
    fixture!("idps/facebook.json"),
    fixture!("idps/google-aud-instead-of-azp.json"),
    fixture!("idps/google-without-azp.json"),
    fixture!("idps/login-with-amazon.json"),
    fixture!("lint/clean.json"),
    fixture!("lint/condition-key-prefix-mismatch.json"),
    fixture!("lint/for-all-values-in-allow.json"),
    fixture!("lint/for-any-value-on-single-valued-key.json"),
    fixture!("lint/github-enterprise-slug-mismatch.json"),
    fixture!("lint/github-guardrail-first-value-quirk.json"),
    fixture!("lint/github-owner-case-mismatch.json"),
    fixture!("lint/github-sub-any-branch.json"),
    fixture!("lint/github-sub-any-owner.json"),
    fixture!("lint/github-sub-any-repository.json"),
    fixture!("lint/github-sub-legacy-format.json"),
    fixture!("lint/github-sub-missing.json"),
    fixture!("lint/github-sub-not-scoped.json"),
    fixture!("lint/github-sub-pull-request.json"),
    fixture!("lint/malformed-policy.json"),
    fixture!("lint/mismatched-action-for-principal.json"),
    fixture!("lint/missing-aud-condition.json"),
    fixture!("lint/policy-variable-without-version.json"),
    fixture!("lint/resource-in-trust-policy.json"),
    fixture!("lint/string-like-without-wildcard.json"),
    fixture!("lint/unknown-condition-operator.json"),
    fixture!("lint/wildcard-in-string-equals.json"),
    fixture!("operators/arn-equals-absent-key.json"),
    fixture!("operators/arn-like-absent-key.json"),
    fixture!("operators/arn-not-equals-absent-key.json"),
    fixture!("operators/arn-not-like-absent-key.json"),
    fixture!("operators/binary-equals-absent-key.json"),
    fixture!("operators/bool.json"),
    fixture!("operators/date-equals.json"),
    fixture!("operators/date-greater-than-equals.json"),
    fixture!("operators/date-greater-than.json"),
    fixture!("operators/date-less-than-equals.json"),
    fixture!("operators/date-less-than.json"),
    fixture!("operators/date-not-equals.json"),
    fixture!("operators/for-any-value-absent.json"),
    fixture!("operators/if-exists-absent.json"),
    fixture!("operators/if-exists-present-mismatch.json"),
    fixture!("operators/ip-address-absent-key.json"),
    fixture!("operators/multiple-values-ored.json"),
    fixture!("operators/not-ip-address-absent-key.json"),
    fixture!("operators/null-false.json"),
    fixture!("operators/null-true.json"),
    fixture!("operators/numeric-equals.json"),
    fixture!("operators/numeric-greater-than-equals.json"),
    fixture!("operators/numeric-greater-than.json"),
    fixture!("operators/numeric-less-than-equals.json"),
    fixture!("operators/numeric-less-than.json"),
    fixture!("operators/numeric-not-equals.json"),
    fixture!("operators/policy-variable-escape.json"),
    fixture!("operators/policy-variable.json"),
    fixture!("operators/string-equals-ignore-case.json"),
    fixture!("operators/string-like-question-mark.json"),
    fixture!("operators/string-not-equals-ignore-case.json"),
    fixture!("operators/string-not-equals.json"),
    fixture!("operators/string-not-like.json"),
    fixture!("operators/unknown-operator.json"),
    fixture!("presets/cognito-amr.json"),
    fixture!("presets/github-actions-main.json"),
    fixture!("presets/github-duration-above-max.json"),
    fixture!("presets/github-environment-sub.json"),
    fixture!("presets/github-expired.json"),
    fixture!("presets/github-explicit-deny.json"),
    fixture!("presets/github-immutable-sub.json"),
    fixture!("presets/github-inside-grace.json"),
    fixture!("presets/github-pull-request-rejected.json"),
    fixture!("presets/github-tag.json"),
    fixture!("presets/github-tampered.json"),
    fixture!("presets/github-trailing-slash.json"),
    fixture!("presets/github-unknown-kid.json"),
    fixture!("presets/github-untrusted-tls.json"),
    fixture!("presets/github-wrong-audience.json"),
    fixture!("presets/google-azp.json"),
    fixture!("presets/session-tags-without-tagsession.json"),
    fixture!("provider/no-providers.json"),
    fixture!("provider/provider-id-with-oidc-token.json"),
    fixture!("provider/role-in-other-account.json"),
    fixture!("provider/url-with-https-prefix.json"),
    fixture!("request/duration-too-high.json"),
    fixture!("request/duration-too-low.json"),
    fixture!("request/invalid-role-arn.json"),
    fixture!("request/session-name-bad-character.json"),
    fixture!("request/session-name-too-long.json"),
    fixture!("request/session-policy-too-long.json"),
    fixture!("request/token-too-short.json"),
    fixture!("request/too-many-policy-arns.json"),
    fixture!("request/two-violations.json"),
    fixture!("session/default-duration.json"),
    fixture!("session/max-session-duration-12h.json"),
    fixture!("session/packed-policy-too-large.json"),
    fixture!("session/session-policy-accepted.json"),
    fixture!("session/session-policy-malformed.json"),
    fixture!("signature/alg-none.json"),
    fixture!("signature/curve-swap.json"),
    fixture!("signature/es256-accepted.json"),
    fixture!("signature/es384-accepted.json"),
    fixture!("signature/es512-accepted.json"),
    fixture!("signature/hs256-key-confusion.json"),
    fixture!("signature/jwks-without-keys.json"),
    fixture!("signature/keys-unavailable.json"),
    fixture!("signature/leading-zero-modulus.json"),
    fixture!("signature/no-idp-entry.json"),
    fixture!("signature/no-kid-single-key.json"),
    fixture!("signature/ps256.json"),
    fixture!("signature/rs256-token-for-ec-key.json"),
    fixture!("signature/rs384-accepted.json"),
    fixture!("signature/rs512-accepted.json"),
    fixture!("tls/untrusted-root-matching-thumbprint.json"),
    fixture!("tls/untrusted-root-no-thumbprints.json"),
    fixture!("token/iss-not-https.json"),
    fixture!("token/jwe-five-segments.json"),
    fixture!("token/missing-aud.json"),
    fixture!("token/missing-exp.json"),
    fixture!("token/missing-sub.json"),
    fixture!("token/not-a-jwt.json"),
    fixture!("token/payload-not-json.json"),
    fixture!("trust/action-wildcard.json"),
    fixture!("trust/assume-role-action.json"),
    fixture!("trust/for-all-values-finding.json"),
    fixture!("trust/github-guardrail-finding.json"),
    fixture!("trust/key-names-case-insensitive.json"),
    fixture!("trust/no-such-role.json"),
    fixture!("trust/policy-as-json-string.json"),
    fixture!("trust/policy-as-url-encoded-string.json"),
    fixture!("trust/policy-not-json.json"),
    fixture!("trust/resource-prohibited.json"),
    fixture!("trust/session-tags-with-tagsession.json"),
    fixture!("trust/source-identity-allowed.json"),
    fixture!("trust/source-identity-without-set.json"),
    fixture!("trust/statement-object.json"),
    fixture!("trust/sub-case-sensitive.json"),
    fixture!("trust/wrong-principal.json"),
];

#[wasm_bindgen_test]
fn every_fixture_gets_its_expected_verdict_in_the_browser() {
    let mut problems = Vec::new();
    for (name, text) in FIXTURES {
        let fixture: Value = serde_json::from_str(text).unwrap();
        let scenario = Scenario::from_value(&fixture).unwrap();
        let verdict = serde_json::to_value(simulate(&scenario)).unwrap();
        let expect = &fixture["expect"];
        for (field, actual) in [
            ("outcome", &verdict["outcome"]),
            ("failed_step", &verdict["failed_step"]),
            ("code", &verdict["error"]["Code"]),
            ("message", &verdict["error"]["Message"]),
        ] {
            if let Some(expected) = expect.get(field) {
                if expected != actual {
                    problems.push(format!(
                        "{name}: {field}: expected {expected}, got {actual}"
                    ));
                }
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    assert!(FIXTURES.len() >= 40);
}

#[wasm_bindgen_test]
fn credentials_are_the_same_bytes_as_natively() {
    // The accepted preset's access key id is pinned in its golden trace; wasm must agree.
    let (_, text) = FIXTURES
        .iter()
        .find(|(name, _)| *name == "presets/github-actions-main.json")
        .unwrap();
    let verdict = simulate(&Scenario::from_json(text).unwrap());
    let golden = include_str!("golden/presets/github-actions-main.txt");
    let key = &verdict.result().unwrap().credentials.access_key_id;
    assert!(
        golden.contains(key.as_str()),
        "{key} not in the native golden trace"
    );
}

/// The ECDSA verifier on 32-bit limbs: the Wycheproof known answers, and every valid signature
/// refused with a bit flipped in r or in s.
#[wasm_bindgen_test]
fn ecdsa_known_answers_in_the_browser() {
    fn check(curve: &str, vectors: &[Vector], verify: fn(&[u8], &[u8], &[u8], &[u8]) -> bool) {
        for vector in vectors {
            let key = hex(vector.key);
            let (x, y) = key[1..].split_at((key.len() - 1) / 2);
            let (message, signature) = (hex(vector.msg), hex(vector.sig));
            assert_eq!(
                verify(x, y, &message, &signature),
                vector.valid,
                "{curve}, Wycheproof tcId {}",
                vector.tc_id
            );
            if vector.valid {
                // A few bits across r and s: the debug build is slow in the browser.
                let bits = signature.len() * 8;
                for bit in [1, bits / 2 - 1, bits / 2 + 9, bits - 1] {
                    let mut flipped = signature.clone();
                    flipped[bit / 8] ^= 1 << (bit % 8);
                    assert!(
                        !verify(x, y, &message, &flipped),
                        "{curve}, Wycheproof tcId {} with bit {bit} flipped",
                        vector.tc_id
                    );
                }
            }
        }
    }
    check("P-256", WYCHEPROOF_P256, |x, y, m, s| {
        P256Key::from_coordinates(x, y).unwrap().verify(m, s)
    });
    check("P-384", WYCHEPROOF_P384, |x, y, m, s| {
        P384Key::from_coordinates(x, y).unwrap().verify(m, s)
    });
    check("P-521", WYCHEPROOF_P521, |x, y, m, s| {
        P521Key::from_coordinates(x, y).unwrap().verify(m, s)
    });
}

/// Project Wycheproof's RSASSA-PKCS1-v1_5 and ECDSA P1363 vectors (tests/wycheproof_vectors) on
/// both paths, which in the browser are both the portable verifiers on 32-bit limbs. One test per
/// set; `-- --nocapture` shows the counts.
fn wycheproof_set(file: &str) {
    let set = wycheproof_vectors::SETS
        .iter()
        .find(|set| set.file == file)
        .unwrap();
    for path in [
        wycheproof_vectors::Path::Jwk,
        wycheproof_vectors::Path::Portable,
    ] {
        let outcome = wycheproof_vectors::run(set, path);
        wasm_bindgen_test::console_log!("{}", wycheproof_vectors::summary(set, path, &outcome));
        assert!(
            outcome.failures.is_empty(),
            "{file} {path:?}: {:#?}",
            outcome.failures
        );
        assert_eq!(outcome.passed, outcome.run);
    }
}

macro_rules! wycheproof_tests {
    ($($name:ident => $file:literal,)*) => {
        $(
            #[wasm_bindgen_test]
            fn $name() {
                wycheproof_set($file);
            }
        )*
    };
}

wycheproof_tests! {
    wycheproof_rsa_2048_sha256 => "rsa_signature_2048_sha256_test.json",
    wycheproof_rsa_2048_sha384 => "rsa_signature_2048_sha384_test.json",
    wycheproof_rsa_2048_sha512 => "rsa_signature_2048_sha512_test.json",
    wycheproof_rsa_3072_sha256 => "rsa_signature_3072_sha256_test.json",
    wycheproof_rsa_3072_sha384 => "rsa_signature_3072_sha384_test.json",
    wycheproof_rsa_3072_sha512 => "rsa_signature_3072_sha512_test.json",
    wycheproof_rsa_4096_sha256 => "rsa_signature_4096_sha256_test.json",
    wycheproof_rsa_4096_sha384 => "rsa_signature_4096_sha384_test.json",
    wycheproof_rsa_4096_sha512 => "rsa_signature_4096_sha512_test.json",
    wycheproof_ecdsa_p256_sha256 => "ecdsa_secp256r1_sha256_p1363_test.json",
    wycheproof_ecdsa_p384_sha384 => "ecdsa_secp384r1_sha384_p1363_test.json",
    wycheproof_ecdsa_p521_sha512 => "ecdsa_secp521r1_sha512_p1363_test.json",
}
