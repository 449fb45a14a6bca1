//! JOSE strictness where AWS is silent (README, "Fidelity", the assumed table): `crit`, a
//! non-string `kid`, JWK members of the wrong type, several keys with one `kid`, the RSA public
//! exponent and modulus ranges, and the JWKS size. Each case is the GitHub preset with one thing
//! changed, run through the engine; the assertions are what a user reads in the verdict.

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
use stsplay::engine::scenario::Scenario;
use stsplay::engine::simulate;
use stsplay::engine::verdict::Verdict;
use support::{key, mint, root};

const PRESET: &str = "tests/fixtures/scenarios/presets/github-actions-main.json";
const ISS: &str = "https://token.actions.githubusercontent.com";
const VERIFICATION_KEY: &str = "Couldn't retrieve verification key from your identity provider,  please reference AssumeRoleWithWebIdentity documentation for requirements";
const NOT_A_JWT: &str = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)";

/// The preset with a token signed by `rsa-a` under `header` (plus `alg` RS256) and `keys` as
/// the issuer's JWKS.
fn run(header: Value, keys: Vec<Value>) -> Verdict {
    let mut scenario: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(PRESET)).unwrap()).unwrap();
    let claims = scenario["mint"]["claims"].clone();
    let header: Map<String, Value> = header.as_object().unwrap().clone();
    scenario["request"]["WebIdentityToken"] = mint(&key("rsa-a"), "RS256", &header, &claims).into();
    scenario["idps"][ISS]["jwks"] = json!({ "keys": keys });
    for member in ["mint", "expect", "name", "description"] {
        scenario.as_object_mut().unwrap().remove(member);
    }
    simulate(&Scenario::from_value(&scenario).unwrap())
}

fn rsa_a() -> Value {
    key("rsa-a").jwk("rsa-a")
}

/// The AWS answer and the failed step, as `stsplay check --json` shows them.
fn answer(verdict: &Verdict) -> (String, String, String) {
    let json = serde_json::to_value(verdict).unwrap();
    (
        json["failed_step"].as_str().unwrap_or("none").to_string(),
        json["error"]["Code"].as_str().unwrap_or("none").to_string(),
        json["error"]["Message"]
            .as_str()
            .unwrap_or("none")
            .to_string(),
    )
}

fn rejected_at(verdict: &Verdict, step: &str, message: &str) {
    assert_eq!(
        answer(verdict),
        (
            step.to_string(),
            "InvalidIdentityToken".to_string(),
            message.to_string()
        )
    );
}

/// The detail of check `id`, and whether it is marked assumed.
fn check(verdict: &Verdict, id: &str) -> (String, bool) {
    let json = serde_json::to_value(verdict).unwrap();
    for step in json["steps"].as_array().unwrap() {
        for check in step["checks"].as_array().unwrap() {
            if check["id"] == id {
                return (
                    check["detail"].as_str().unwrap().to_string(),
                    check["assumed"] == true,
                );
            }
        }
    }
    panic!("no check `{id}` in {json}");
}

#[test]
fn the_unchanged_preset_is_accepted() {
    let verdict = run(json!({ "kid": "rsa-a" }), vec![rsa_a()]);
    assert_eq!(answer(&verdict).0, "none", "{:?}", answer(&verdict));
}

#[test]
fn a_crit_header_is_refused_at_the_token_step() {
    for crit in [
        json!(["exp"]),
        json!(["b64"]),
        json!([]),
        json!("exp"),
        json!([1]),
    ] {
        let verdict = run(
            json!({ "kid": "rsa-a", "crit": crit, "exp": 1, "b64": true }),
            vec![rsa_a()],
        );
        rejected_at(&verdict, "token", NOT_A_JWT);
        let (detail, assumed) = check(&verdict, "token.header");
        assert!(
            detail.contains("`crit`") && detail.contains("RFC 7515 §4.1.11"),
            "{detail}"
        );
        assert!(assumed);
    }
}

#[test]
fn a_kid_that_is_not_a_string_is_refused_at_the_token_step() {
    for kid in [
        json!(1),
        json!(["rsa-a"]),
        json!(true),
        json!({ "id": "rsa-a" }),
    ] {
        let verdict = run(json!({ "kid": kid }), vec![rsa_a()]);
        rejected_at(&verdict, "token", NOT_A_JWT);
        let (detail, _) = check(&verdict, "token.header");
        assert!(
            detail.starts_with("header `kid` must be a string"),
            "{detail}"
        );
    }
    // `null` is no `kid` at all: every key is tried.
    assert_eq!(
        answer(&run(json!({ "kid": null }), vec![rsa_a()])).0,
        "none"
    );
    assert_eq!(
        answer(&run(json!({ "crit": null }), vec![rsa_a()])).0,
        "none"
    );
}

#[test]
fn jwk_members_of_the_wrong_type_make_the_key_unusable() {
    for (member, value, expected) in [
        (
            "alg",
            json!(256),
            "`alg` must be a string, found an integer",
        ),
        ("kid", json!(7), "`kid` must be a string, found an integer"),
        (
            "use",
            json!(["sig"]),
            "`use` must be a string, found an array",
        ),
        (
            "key_ops",
            json!("verify"),
            "`key_ops` must be an array of strings, found a string",
        ),
        (
            "key_ops",
            json!(["verify", 1]),
            "`key_ops` must be an array of strings",
        ),
        ("kty", json!(1), "`kty` must be a string, found an integer"),
    ] {
        let mut jwk = rsa_a();
        jwk[member] = value;
        // With no `kid` in the token every key is considered, so even a key whose `kid` is
        // unreadable is reported.
        let verdict = run(json!({}), vec![jwk]);
        rejected_at(&verdict, "signature", VERIFICATION_KEY);
        let (detail, _) = check(&verdict, "signature.keys[0]");
        assert!(detail.contains(expected), "{member}: {detail}");
    }
    // Well-typed, they are fine.
    let mut jwk = rsa_a();
    jwk["alg"] = json!("RS256");
    jwk["key_ops"] = json!(["verify"]);
    assert_eq!(answer(&run(json!({ "kid": "rsa-a" }), vec![jwk])).0, "none");
}

#[test]
fn of_several_keys_with_the_token_kid_only_the_first_is_used() {
    let wrong = key("rsa-b").jwk("rsa-a");
    // The right key second: not used.
    let verdict = run(json!({ "kid": "rsa-a" }), vec![wrong.clone(), rsa_a()]);
    rejected_at(&verdict, "signature", VERIFICATION_KEY);
    let (detail, _) = check(&verdict, "signature.keys[1]");
    assert!(
        detail.contains("key #0 has the same `kid` and came first"),
        "{detail}"
    );
    // The right key first: accepted, and the later one is not tried.
    let verdict = run(json!({ "kid": "rsa-a" }), vec![rsa_a(), wrong]);
    assert_eq!(answer(&verdict).0, "none");
    let (detail, _) = check(&verdict, "signature.keys[1]");
    assert!(detail.contains("came first"), "{detail}");
}

fn with_e(e: &[u8]) -> Value {
    let mut jwk = rsa_a();
    jwk["e"] = URL_SAFE_NO_PAD.encode(e).into();
    jwk
}

#[test]
fn rsa_public_exponents_from_3_to_2_pow_33_minus_1() {
    for e in [
        &[0xff; 8][..],
        &[2, 0, 0, 0, 1][..],
        &[1][..],
        &[4][..],
        &[0, 1, 0, 1][..],
        &[][..],
    ] {
        let verdict = run(json!({ "kid": "rsa-a" }), vec![with_e(e)]);
        rejected_at(&verdict, "signature", VERIFICATION_KEY);
        let (detail, _) = check(&verdict, "signature.keys[0]");
        assert!(detail.contains("unusable key"), "{e:?}: {detail}");
    }
    // In range but not the key's exponent: the key is usable and the signature fails.
    let verdict = run(
        json!({ "kid": "rsa-a" }),
        vec![with_e(&[1, 0xff, 0xff, 0xff, 0xff])],
    );
    rejected_at(&verdict, "signature", VERIFICATION_KEY);
    let (detail, _) = check(&verdict, "signature.keys[0]");
    assert!(detail.contains("does NOT verify"), "{detail}");
}

#[test]
fn an_empty_or_out_of_range_modulus_is_an_unusable_key_not_a_panic() {
    for (n, expected) in [
        (String::new(), "the modulus is empty"),
        (
            URL_SAFE_NO_PAD.encode([0xff; 64]),
            "a 512-bit modulus is outside the supported 1024 to 4096 bits",
        ),
        (
            URL_SAFE_NO_PAD.encode([0xff; 513]),
            "a 4104-bit modulus is outside",
        ),
        (URL_SAFE_NO_PAD.encode([0u8]), "leading zero octet"),
    ] {
        let mut jwk = rsa_a();
        jwk["n"] = n.into();
        let verdict = run(json!({ "kid": "rsa-a" }), vec![jwk]);
        rejected_at(&verdict, "signature", VERIFICATION_KEY);
        let (detail, _) = check(&verdict, "signature.keys[0]");
        assert!(detail.contains(expected), "{detail}");
    }
}

#[test]
fn a_jwks_of_more_than_100_keys_is_refused() {
    let filler = |count: usize| -> Vec<Value> {
        (0..count)
            .map(|i| key("rsa-b").jwk(&format!("other-{i}")))
            .collect()
    };
    let mut keys = filler(99);
    keys.push(rsa_a());
    assert_eq!(
        answer(&run(json!({ "kid": "rsa-a" }), keys.clone())).0,
        "none"
    );
    keys.insert(0, rsa_a());
    let verdict = run(json!({ "kid": "rsa-a" }), keys);
    rejected_at(&verdict, "signature", VERIFICATION_KEY);
    let (detail, assumed) = check(&verdict, "signature.jwks");
    assert!(detail.contains("the JWKS has 101 keys"), "{detail}");
    assert!(assumed);
}
