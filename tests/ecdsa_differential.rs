//! The two ECDSA backends (src/engine/ecdsa.rs) must give the same answer on every input: natively
//! `ecdsa::verify_p256`/`verify_p384` use ring, and `ecdsa::portable` (the RustCrypto curves) is what
//! the wasm build uses. Signatures are good ones, ones with a byte changed, the high-S twin
//! `(r, n - s)`, zero or out-of-range scalars, and arbitrary bytes.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

use p256::ecdsa::signature::Signer as _;
use proptest::prelude::*;
use stsplay::engine::ecdsa;

/// The group orders, big-endian, for building out-of-range and high-S signatures.
const N_P256: &str = "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551";
const N_P384: &str = "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973";

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// `n - s` for big-endian equal-length byte strings (s < n).
fn negate(n: &[u8], s: &[u8]) -> Vec<u8> {
    let mut out = vec![0u8; n.len()];
    let mut borrow = 0i16;
    for i in (0..n.len()).rev() {
        let mut d = i16::from(n[i]) - i16::from(s[i]) - borrow;
        borrow = i16::from(d < 0);
        if d < 0 {
            d += 256;
        }
        out[i] = d as u8;
    }
    out
}

/// The variants of one good signature that both backends must judge alike.
fn variants(good: &[u8], order: &[u8], flip: usize, junk: &[u8]) -> Vec<(String, Vec<u8>)> {
    let half = good.len() / 2;
    let mut flipped = good.to_vec();
    flipped[flip % good.len()] ^= 0x01;
    let mut high_s = good[..half].to_vec();
    high_s.extend(negate(order, &good[half..]));
    let mut zero_r = vec![0u8; half];
    zero_r.extend_from_slice(&good[half..]);
    let mut r_is_n = order.to_vec();
    r_is_n.extend_from_slice(&good[half..]);
    let mut s_is_n = good[..half].to_vec();
    s_is_n.extend_from_slice(order);
    vec![
        ("good".into(), good.to_vec()),
        ("one bit flipped".into(), flipped),
        ("high S".into(), high_s),
        ("r = 0".into(), zero_r),
        ("r = n".into(), r_is_n),
        ("s = n".into(), s_is_n),
        ("truncated".into(), good[..good.len() - 1].to_vec()),
        ("arbitrary bytes".into(), junk.to_vec()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn p256_backends_agree(
        secret in prop::array::uniform32(1u8..),
        message in prop::collection::vec(any::<u8>(), 0..300),
        flip in 0usize..64,
        junk in prop::collection::vec(any::<u8>(), 64),
    ) {
        let mut secret = secret;
        secret[0] &= 0x7f; // below the group order, and non-zero since every byte is
        let signing = p256::ecdsa::SigningKey::from_slice(&secret).unwrap();
        let key = *signing.verifying_key();
        let good: p256::ecdsa::Signature = signing.sign(&message);
        for (what, signature) in variants(&good.to_bytes(), &hex(N_P256), flip, &junk) {
            let native = ecdsa::verify_p256(&key, &message, &signature);
            let portable = ecdsa::portable::verify_p256(&key, &message, &signature);
            prop_assert_eq!(native, portable, "P-256, {}", what);
            if what == "good" || what == "high S" {
                prop_assert!(native, "P-256 must accept the {} signature", what);
            }
        }
    }

    #[test]
    fn p384_backends_agree(
        secret in prop::collection::vec(1u8.., 48),
        message in prop::collection::vec(any::<u8>(), 0..300),
        flip in 0usize..96,
        junk in prop::collection::vec(any::<u8>(), 96),
    ) {
        let mut secret = secret;
        secret[0] &= 0x7f; // below the group order, and non-zero since every byte is
        let signing = p384::ecdsa::SigningKey::from_slice(&secret).unwrap();
        let key = *signing.verifying_key();
        let good: p384::ecdsa::Signature = signing.sign(&message);
        for (what, signature) in variants(&good.to_bytes(), &hex(N_P384), flip, &junk) {
            let native = ecdsa::verify_p384(&key, &message, &signature);
            let portable = ecdsa::portable::verify_p384(&key, &message, &signature);
            prop_assert_eq!(native, portable, "P-384, {}", what);
            if what == "good" || what == "high S" {
                prop_assert!(native, "P-384 must accept the {} signature", what);
            }
        }
    }
}
