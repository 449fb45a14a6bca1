//! Project Wycheproof's RSASSA-PKCS1-v1_5 (2048/3072/4096 bits × SHA-256/384/512) and ECDSA P1363
//! (P-256/SHA-256, P-384/SHA-384, P-521/SHA-512) vectors on both verification paths, natively.
//! `cargo test --test wycheproof -- --nocapture` prints the counts per set and path.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod wycheproof_vectors;

use wycheproof::ecdsa::TestName as Ecdsa;
use wycheproof::rsa_pkcs1_verify::TestName as Rsa;
use wycheproof_vectors::{Path, SETS, run, summary};

#[test]
fn every_valid_vector_verifies_and_every_other_is_refused_on_both_paths() {
    let mut problems = Vec::new();
    for set in &SETS {
        for path in [Path::Jwk, Path::Portable] {
            let outcome = run(set, path);
            eprintln!("{}", summary(set, path, &outcome));
            assert!(outcome.valid > 0 && outcome.invalid > 0, "{}", set.file);
            problems.extend(
                outcome
                    .failures
                    .iter()
                    .map(|failure| format!("{} {path:?}: {failure}", set.file)),
            );
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_copied_vectors_are_the_wycheproof_crates() {
    let bundled = [
        Rsa::Rsa2048Sha256.json_data(),
        Rsa::Rsa2048Sha384.json_data(),
        Rsa::Rsa2048Sha512.json_data(),
        Rsa::Rsa3072Sha256.json_data(),
        Rsa::Rsa3072Sha384.json_data(),
        Rsa::Rsa3072Sha512.json_data(),
        Rsa::Rsa4096Sha256.json_data(),
        Rsa::Rsa4096Sha384.json_data(),
        Rsa::Rsa4096Sha512.json_data(),
        Ecdsa::EcdsaSecp256r1Sha256P1363.json_data(),
        Ecdsa::EcdsaSecp384r1Sha384P1363.json_data(),
        Ecdsa::EcdsaSecp521r1Sha512P1363.json_data(),
    ];
    for (set, bundled) in SETS.iter().zip(bundled) {
        assert!(set.json == bundled, "{} differs from the crate's", set.file);
    }
}
