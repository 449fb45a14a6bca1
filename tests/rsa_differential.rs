//! The engine's RSA verifiers (src/engine/rsa_pkcs1.rs: ring natively for 2048 bits and more, and
//! the portable one wasm runs) against the `rsa` crate's: they must agree on every signature, good
//! or altered, for every hash and key size.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

mod support;

use proptest::prelude::*;
use rsa::traits::PublicKeyParts;
use rsa::{Pkcs1v15Sign, RsaPrivateKey};
use sha2::{Digest, Sha256, Sha384, Sha512};
use stsplay::engine::rsa_pkcs1::{Hash, RsaPublicKey};
use support::TestKey;

const KEYS: [&str; 5] = ["rsa-1024", "rsa-a", "rsa-b", "rsa-3072", "rsa-4096"];

fn private(name: &str) -> RsaPrivateKey {
    match support::key(name) {
        TestKey::Rsa(key) => key,
        _ => unreachable!(),
    }
}

fn reference_verify(key: &RsaPrivateKey, hash: Hash, message: &[u8], signature: &[u8]) -> bool {
    let public = key.to_public_key();
    match hash {
        Hash::Sha256 => public.verify(
            Pkcs1v15Sign::new::<Sha256>(),
            &Sha256::digest(message),
            signature,
        ),
        Hash::Sha384 => public.verify(
            Pkcs1v15Sign::new::<Sha384>(),
            &Sha384::digest(message),
            signature,
        ),
        Hash::Sha512 => public.verify(
            Pkcs1v15Sign::new::<Sha512>(),
            &Sha512::digest(message),
            signature,
        ),
    }
    .is_ok()
}

fn ours(key: &RsaPrivateKey) -> RsaPublicKey {
    RsaPublicKey::new(&key.n().to_bytes_be(), &key.e().to_bytes_be()).unwrap()
}

fn alg(hash: Hash) -> &'static str {
    match hash {
        Hash::Sha256 => "RS256",
        Hash::Sha384 => "RS384",
        Hash::Sha512 => "RS512",
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, .. ProptestConfig::default() })]

    #[test]
    fn agrees_with_the_rsa_crate(
        key_index in 0usize..KEYS.len(),
        hash in prop::sample::select(vec![Hash::Sha256, Hash::Sha384, Hash::Sha512]),
        message in prop::collection::vec(any::<u8>(), 0..200),
        flip in prop::option::of((any::<prop::sample::Index>(), 0u8..8, any::<bool>())),
    ) {
        let name = KEYS[key_index];
        let key = private(name);
        let mut signature = support::key(name).sign(alg(hash), &message);
        let mut message = message;
        if let Some((at, bit, in_signature)) = flip {
            let target = if in_signature || message.is_empty() { &mut signature } else { &mut message };
            let i = at.index(target.len());
            target[i] ^= 1 << bit;
        }
        let expected = reference_verify(&key, hash, &message, &signature);
        // Natively, 2048-bit and larger keys go to ring; the portable verifier is what wasm runs.
        prop_assert_eq!(ours(&key).verify(hash, &message, &signature), expected);
        prop_assert_eq!(ours(&key).verify_portable(hash, &message, &signature), expected);
        prop_assert_eq!(expected, flip.is_none());
    }

    #[test]
    fn random_signatures_never_verify(key_index in 0usize..KEYS.len(), bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        let key = private(KEYS[key_index]);
        prop_assert!(!ours(&key).verify(Hash::Sha256, b"message", &bytes));
        prop_assert!(!ours(&key).verify_portable(Hash::Sha256, b"message", &bytes));
        prop_assert!(!reference_verify(&key, Hash::Sha256, b"message", &bytes));
    }
}

#[test]
fn refuses_unusable_keys() {
    assert!(
        RsaPublicKey::new(&[0xff; 64], &[1, 0, 1]).is_err(),
        "512-bit"
    );
    assert!(
        RsaPublicKey::new(&[0xff; 513], &[1, 0, 1]).is_err(),
        "4104-bit"
    );
    let mut even = vec![0xff; 256];
    even[255] = 0xfe;
    assert!(
        RsaPublicKey::new(&even, &[1, 0, 1]).is_err(),
        "even modulus"
    );
    assert!(
        RsaPublicKey::new(&[0xff; 256], &[2]).is_err(),
        "even exponent"
    );
    assert!(
        RsaPublicKey::new(&[0xff; 256], &[1; 9]).is_err(),
        "huge exponent"
    );
    // RsaPublicKey::new checks its own preconditions, whatever its caller did.
    for (n, e, what) in [
        (&[][..], &[1u8, 0, 1][..], "empty modulus"),
        (&[0u8][..], &[1, 0, 1][..], "zero modulus"),
        (&[0xff; 256][..], &[][..], "empty exponent"),
        (
            &[0xff; 256][..],
            &[0, 1, 0, 1][..],
            "exponent with a leading zero",
        ),
        (&[0xff; 256][..], &[1][..], "exponent 1"),
        (&[0xff; 256][..], &[2, 0, 0, 0, 1][..], "exponent 2^33 + 1"),
        (&[0xff; 256][..], &[0xff; 8][..], "exponent 2^64 - 1"),
    ] {
        let problem = RsaPublicKey::new(n, e).err();
        assert!(problem.is_some(), "{what} accepted");
    }
    let mut padded = vec![0u8];
    padded.extend_from_slice(&[0xff; 256]);
    let problem = RsaPublicKey::new(&padded, &[1, 0, 1]).unwrap_err();
    assert!(problem.contains("leading zero octet"), "{problem}");
    // The largest exponent accepted, as ring takes it.
    assert!(RsaPublicKey::new(&[0xff; 256], &[1, 0xff, 0xff, 0xff, 0xff]).is_ok());
}
