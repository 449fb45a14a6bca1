//! Project Wycheproof's RSASSA-PKCS1-v1_5 and ECDSA (IEEE P1363) vectors, copied into
//! `tests/fixtures/wycheproof` (see its README), run against both of the engine's ways to verify:
//! a JWK read by `read_jwks` then `jwk::verify` (ring natively where it takes the key), and the
//! portable verifiers called directly (what the browser runs). Shared by `tests/wycheproof.rs`
//! (natively) and `tests/wasm.rs` (in headless Chromium).
//!
//! Every valid vector must verify and every invalid one be refused. The "acceptable" vectors
//! (RSA only: a DigestInfo without the NULL parameters) must be refused: the README's choice.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Value, json};
use stsplay::engine::ec_verify::{P256Key, P384Key, P521Key};
use stsplay::engine::jwk::{read_jwks, verify};
use stsplay::engine::rsa_pkcs1::{Hash, RsaPublicKey};

/// One vector file and the JWS algorithm it tests.
pub struct Set {
    pub file: &'static str,
    pub json: &'static str,
    pub alg: &'static str,
}

macro_rules! set {
    ($file:literal, $alg:literal) => {
        Set {
            file: $file,
            json: include_str!(concat!("../fixtures/wycheproof/", $file)),
            alg: $alg,
        }
    };
}

pub const SETS: [Set; 12] = [
    set!("rsa_signature_2048_sha256_test.json", "RS256"),
    set!("rsa_signature_2048_sha384_test.json", "RS384"),
    set!("rsa_signature_2048_sha512_test.json", "RS512"),
    set!("rsa_signature_3072_sha256_test.json", "RS256"),
    set!("rsa_signature_3072_sha384_test.json", "RS384"),
    set!("rsa_signature_3072_sha512_test.json", "RS512"),
    set!("rsa_signature_4096_sha256_test.json", "RS256"),
    set!("rsa_signature_4096_sha384_test.json", "RS384"),
    set!("rsa_signature_4096_sha512_test.json", "RS512"),
    set!("ecdsa_secp256r1_sha256_p1363_test.json", "ES256"),
    set!("ecdsa_secp384r1_sha384_p1363_test.json", "ES384"),
    set!("ecdsa_secp521r1_sha512_p1363_test.json", "ES512"),
];

/// Which of the engine's verifiers to run.
#[derive(Clone, Copy, Debug)]
pub enum Path {
    /// `read_jwks` on a JWK made from the vector's key, then `jwk::verify`.
    Jwk,
    /// `RsaPublicKey::verify_portable` or `ec_verify`'s `VerifyingKey::verify`, directly.
    Portable,
}

/// What one set gave on one path.
#[derive(Debug, Default)]
pub struct Outcome {
    pub run: usize,
    pub passed: usize,
    pub valid: usize,
    pub invalid: usize,
    pub acceptable: usize,
    /// `tcId: why` for every vector whose answer was wrong.
    pub failures: Vec<String>,
}

pub fn hex(text: &str) -> Vec<u8> {
    assert!(text.len().is_multiple_of(2), "odd hex length: {text}");
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Wycheproof writes integers as two's-complement hex; JWK wants them minimal and unsigned.
fn minimal(bytes: Vec<u8>) -> Vec<u8> {
    let zeros = bytes.iter().take_while(|b| **b == 0).count();
    bytes[zeros..].to_vec()
}

/// A coordinate as exactly `size` octets (RFC 7518 §6.2.1.2).
fn fixed(bytes: Vec<u8>, size: usize) -> Vec<u8> {
    let bytes = minimal(bytes);
    assert!(bytes.len() <= size);
    let mut out = vec![0; size - bytes.len()];
    out.extend(bytes);
    out
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The key of a test group, as a JWK and as a verifier for the portable path.
enum Key {
    Rsa {
        n: Vec<u8>,
        e: Vec<u8>,
    },
    Ec {
        crv: &'static str,
        x: Vec<u8>,
        y: Vec<u8>,
    },
}

impl Key {
    fn of(group: &Value, alg: &str) -> Key {
        let field = |name: &str| hex(group["publicKey"][name].as_str().unwrap());
        let curve = |crv, size| Key::Ec {
            crv,
            x: fixed(field("wx"), size),
            y: fixed(field("wy"), size),
        };
        match alg {
            "ES256" => curve("P-256", 32),
            "ES384" => curve("P-384", 48),
            "ES512" => curve("P-521", 66),
            _ => Key::Rsa {
                n: minimal(field("modulus")),
                e: minimal(field("publicExponent")),
            },
        }
    }

    fn jwk(&self, alg: &str) -> Value {
        match self {
            Key::Rsa { n, e } => json!({
                "kty": "RSA", "kid": "wycheproof", "use": "sig", "alg": alg,
                "n": b64(n), "e": b64(e),
            }),
            Key::Ec { crv, x, y } => json!({
                "kty": "EC", "kid": "wycheproof", "use": "sig", "alg": alg, "crv": crv,
                "x": b64(x), "y": b64(y),
            }),
        }
    }

    /// Does `path` accept `signature` over `message`? A key the path refuses refuses everything.
    fn verifies(&self, path: Path, alg: &str, message: &[u8], signature: &[u8]) -> bool {
        match path {
            Path::Jwk => {
                let entries = read_jwks(&json!({ "keys": [self.jwk(alg)] }), "/jwks").unwrap();
                match &entries[0].key {
                    Ok(key) => key.fits(alg) && verify(key, alg, message, signature),
                    Err(_) => false,
                }
            }
            Path::Portable => match self {
                Key::Rsa { n, e } => {
                    let hash = match alg {
                        "RS256" => Hash::Sha256,
                        "RS384" => Hash::Sha384,
                        _ => Hash::Sha512,
                    };
                    RsaPublicKey::new(n, e)
                        .is_ok_and(|key| key.verify_portable(hash, message, signature))
                }
                Key::Ec { crv, x, y } => match *crv {
                    "P-256" => P256Key::from_coordinates(x, y)
                        .is_ok_and(|key| key.verify(message, signature)),
                    "P-384" => P384Key::from_coordinates(x, y)
                        .is_ok_and(|key| key.verify(message, signature)),
                    _ => P521Key::from_coordinates(x, y)
                        .is_ok_and(|key| key.verify(message, signature)),
                },
            },
        }
    }
}

/// Run every vector of `set` on `path`.
pub fn run(set: &Set, path: Path) -> Outcome {
    let document: Value = serde_json::from_str(set.json).unwrap();
    let mut outcome = Outcome::default();
    for group in document["testGroups"].as_array().unwrap() {
        let key = Key::of(group, set.alg);
        for test in group["tests"].as_array().unwrap() {
            let result = test["result"].as_str().unwrap();
            // Acceptable vectors are refused: the README's choice.
            let expected = match result {
                "valid" => {
                    outcome.valid += 1;
                    true
                }
                "invalid" => {
                    outcome.invalid += 1;
                    false
                }
                "acceptable" => {
                    outcome.acceptable += 1;
                    false
                }
                other => panic!("{}: unknown result {other}", set.file),
            };
            let message = hex(test["msg"].as_str().unwrap());
            let signature = hex(test["sig"].as_str().unwrap());
            let actual = key.verifies(path, set.alg, &message, &signature);
            outcome.run += 1;
            if actual == expected {
                outcome.passed += 1;
            } else {
                outcome.failures.push(format!(
                    "tcId {} ({result}, {}): {}",
                    test["tcId"],
                    test["comment"].as_str().unwrap_or_default(),
                    if actual { "verified" } else { "refused" }
                ));
            }
        }
    }
    outcome
}

/// One line for the test output: `file path: run N, passed N (valid V, invalid I, acceptable A)`.
pub fn summary(set: &Set, path: Path, outcome: &Outcome) -> String {
    format!(
        "wycheproof {} {:?}: run {}, passed {} (valid {}, invalid {}, acceptable {} refused)",
        set.file,
        path,
        outcome.run,
        outcome.passed,
        outcome.valid,
        outcome.invalid,
        outcome.acceptable
    )
}
