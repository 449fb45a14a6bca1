//! The engine's ECDSA verifier (src/engine/ec_verify.rs, crypto-bigint) against two independent
//! implementations: the RustCrypto curve crates (`p256`, `p384`, `p521`) on every curve, and
//! ring, which natively backs `ecdsa::verify_p256`/`verify_p384`. They must give the same answer
//! on good signatures and on every way of spoiling one, on random keys and on the special keys
//! ±G; plus known answers from Project Wycheproof, the results that can only be reached through
//! the point at infinity or an x(R) above n, and the JWK reader's on-curve check.

// Test code: a failed unwrap is a failed test, which is what we want.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::string_slice
)]

mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Encoding, Invert, U576};
use proptest::prelude::*;
use serde_json::json;
use sha2::Digest;
use stsplay::engine::ec_verify::{P256Key, P384Key, P521Key};
use stsplay::engine::{ecdsa, jwk};
use support::TestKey;

/// The RustCrypto crate of one curve, for the operations the tests need beyond verifying.
macro_rules! reference_curve {
    ($module:ident, $krate:ident) => {
        mod $module {
            use $krate::ecdsa::signature::Verifier as _;
            use $krate::elliptic_curve::ff::PrimeField as _;
            use $krate::elliptic_curve::sec1::{FromEncodedPoint as _, ToEncodedPoint as _};
            use $krate::{AffinePoint, EncodedPoint, FieldBytes, ProjectivePoint, Scalar};

            /// Whether the crate takes this SEC 1 uncompressed point as a verifying key.
            pub fn accepts_point(sec1: &[u8]) -> bool {
                $krate::ecdsa::VerifyingKey::from_sec1_bytes(sec1).is_ok()
            }

            /// The crate's verdict on a JWS signature.
            pub fn verify(sec1: &[u8], message: &[u8], signature: &[u8]) -> bool {
                let key = $krate::ecdsa::VerifyingKey::from_sec1_bytes(sec1).unwrap();
                $krate::ecdsa::Signature::from_slice(signature)
                    .is_ok_and(|sig| key.verify(message, &sig).is_ok())
            }

            fn scalar(bytes: &[u8]) -> Scalar {
                let mut repr = FieldBytes::default();
                repr.copy_from_slice(bytes);
                Option::from(Scalar::from_repr(repr)).unwrap()
            }

            fn affine(sec1: &[u8]) -> AffinePoint {
                let encoded = EncodedPoint::from_bytes(sec1).unwrap();
                Option::from(AffinePoint::from_encoded_point(&encoded)).unwrap()
            }

            /// One of the points with this x coordinate, if there is one.
            pub fn point_with_x(x: &[u8]) -> Option<Vec<u8>> {
                let encoded = EncodedPoint::from_bytes([&[0x02], x].concat()).ok()?;
                let point: Option<AffinePoint> =
                    Option::from(AffinePoint::from_encoded_point(&encoded));
                Some(point?.to_encoded_point(false).as_bytes().to_vec())
            }

            /// a·P + b·G, uncompressed.
            pub fn combine(a: &[u8], p: &[u8], b: &[u8]) -> Vec<u8> {
                let sum = ProjectivePoint::from(affine(p)) * scalar(a)
                    + ProjectivePoint::GENERATOR * scalar(b);
                sum.to_affine().to_encoded_point(false).as_bytes().to_vec()
            }
        }
    };
}

reference_curve!(ref_p256, p256);
reference_curve!(ref_p384, p384);
reference_curve!(ref_p521, p521);

/// A verdict on (SEC 1 uncompressed key, message, signature).
type Verify = fn(&[u8], &[u8], &[u8]) -> bool;

/// a·P + b·G for scalars a, b and a SEC 1 point P, given as (a, P, b).
type Combine = fn(&[u8], &[u8], &[u8]) -> Vec<u8>;

/// One curve as the tests see it: its numbers, and each implementation behind a plain function.
struct Curve {
    name: &'static str,
    /// Octets in a coordinate and in each of r and s.
    size: usize,
    /// The group order n and the field prime p, big-endian, `size` octets.
    order: &'static str,
    prime: &'static str,
    hash: fn(&[u8]) -> Vec<u8>,
    /// The public key (SEC 1 uncompressed) and a signature, for a secret scalar below n.
    sign: fn(&[u8], &[u8]) -> KeyAndSignature,
    /// The engine's verifier, src/engine/ec_verify.rs.
    ours: Verify,
    /// Whether the engine's verifier takes the coordinates as a key.
    ours_accepts_point: fn(&[u8], &[u8]) -> bool,
    /// ring through the engine's native dispatch (P-256 and P-384 only).
    ring: Option<Verify>,
    reference: Verify,
    reference_accepts_point: fn(&[u8]) -> bool,
    point_with_x: fn(&[u8]) -> Option<Vec<u8>>,
    combine: Combine,
}

/// A SEC 1 uncompressed public key and a signature.
type KeyAndSignature = (Vec<u8>, Vec<u8>);

fn coordinates(sec1: &[u8]) -> (&[u8], &[u8]) {
    sec1[1..].split_at((sec1.len() - 1) / 2)
}

fn p256_key(sec1: &[u8]) -> P256Key {
    let (x, y) = coordinates(sec1);
    P256Key::from_coordinates(x, y).unwrap()
}

fn p384_key(sec1: &[u8]) -> P384Key {
    let (x, y) = coordinates(sec1);
    P384Key::from_coordinates(x, y).unwrap()
}

fn p521_key(sec1: &[u8]) -> P521Key {
    let (x, y) = coordinates(sec1);
    P521Key::from_coordinates(x, y).unwrap()
}

fn test_key_signature(key: &TestKey, alg: &str, message: &[u8]) -> KeyAndSignature {
    let jwk = key.jwk("k");
    let x = URL_SAFE_NO_PAD.decode(jwk["x"].as_str().unwrap()).unwrap();
    let y = URL_SAFE_NO_PAD.decode(jwk["y"].as_str().unwrap()).unwrap();
    ([&[0x04], &x[..], &y[..]].concat(), key.sign(alg, message))
}

const P256: Curve = Curve {
    name: "P-256",
    size: 32,
    order: "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551",
    prime: "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff",
    hash: |m| sha2::Sha256::digest(m).to_vec(),
    sign: |secret, message| {
        let key = TestKey::P256(p256::ecdsa::SigningKey::from_slice(secret).unwrap());
        test_key_signature(&key, "ES256", message)
    },
    ours: |sec1, m, s| p256_key(sec1).verify(m, s),
    ours_accepts_point: |x, y| P256Key::from_coordinates(x, y).is_ok(),
    ring: Some(|sec1, m, s| ecdsa::verify_p256(&p256_key(sec1), m, s)),
    reference: ref_p256::verify,
    reference_accepts_point: ref_p256::accepts_point,
    point_with_x: ref_p256::point_with_x,
    combine: ref_p256::combine,
};

const P384: Curve = Curve {
    name: "P-384",
    size: 48,
    order: "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973",
    prime: "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff",
    hash: |m| sha2::Sha384::digest(m).to_vec(),
    sign: |secret, message| {
        let key = TestKey::P384(p384::ecdsa::SigningKey::from_slice(secret).unwrap());
        test_key_signature(&key, "ES384", message)
    },
    ours: |sec1, m, s| p384_key(sec1).verify(m, s),
    ours_accepts_point: |x, y| P384Key::from_coordinates(x, y).is_ok(),
    ring: Some(|sec1, m, s| ecdsa::verify_p384(&p384_key(sec1), m, s)),
    reference: ref_p384::verify,
    reference_accepts_point: ref_p384::accepts_point,
    point_with_x: ref_p384::point_with_x,
    combine: ref_p384::combine,
};

const P521: Curve = Curve {
    name: "P-521",
    size: 66,
    order: "01fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409",
    prime: "01ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    hash: |m| sha2::Sha512::digest(m).to_vec(),
    sign: |secret, message| {
        let key = TestKey::P521(p521::ecdsa::SigningKey::from_slice(secret).unwrap());
        test_key_signature(&key, "ES512", message)
    },
    ours: |sec1, m, s| p521_key(sec1).verify(m, s),
    ours_accepts_point: |x, y| P521Key::from_coordinates(x, y).is_ok(),
    ring: None,
    reference: ref_p521::verify,
    reference_accepts_point: ref_p521::accepts_point,
    point_with_x: ref_p521::point_with_x,
    combine: ref_p521::combine,
};

const CURVES: [&Curve; 3] = [&P256, &P384, &P521];

fn hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

/// Integers for building test signatures: U576 holds every curve's numbers.
fn big(bytes: &[u8]) -> U576 {
    let mut padded = vec![0u8; 72 - bytes.len()];
    padded.extend_from_slice(bytes);
    U576::from_be_slice(&padded)
}

fn octets(value: &U576, size: usize) -> Vec<u8> {
    value.to_be_bytes()[72 - size..].to_vec()
}

impl Curve {
    fn n(&self) -> U576 {
        big(&hex(self.order))
    }

    fn p(&self) -> U576 {
        big(&hex(self.prime))
    }

    /// Arithmetic modulo n.
    fn scalar(&self, value: &U576) -> DynResidue<{ U576::LIMBS }> {
        DynResidue::new(value, DynResidueParams::new(&self.n()))
    }

    fn invert(&self, value: &U576) -> DynResidue<{ U576::LIMBS }> {
        Option::from(Invert::invert(&self.scalar(value))).unwrap()
    }

    /// The hash as an integer: for these curve and hash pairs it is never longer than n.
    fn e(&self, message: &[u8]) -> U576 {
        big(&(self.hash)(message))
    }

    /// A secret scalar from arbitrary bytes: reduced below 2^(bits of n − 1), never zero.
    fn secret(&self, bytes: &[u8]) -> Vec<u8> {
        let mut secret = bytes[..self.size].to_vec();
        secret[0] &= if self.size == 66 { 0x00 } else { 0x7f };
        if secret.iter().all(|b| *b == 0) {
            secret[self.size - 1] = 1;
        }
        secret
    }

    /// Every implementation's verdict; they must all be the same.
    fn verdict(&self, what: &str, sec1: &[u8], message: &[u8], signature: &[u8]) -> bool {
        let ours = (self.ours)(sec1, message, signature);
        let reference = (self.reference)(sec1, message, signature);
        assert_eq!(
            ours, reference,
            "{}, {what}: ec_verify says {ours}, the RustCrypto crate {reference}",
            self.name
        );
        if let Some(ring) = self.ring {
            let ring = ring(sec1, message, signature);
            assert_eq!(
                ours, ring,
                "{}, {what}: ec_verify says {ours}, ring {ring}",
                self.name
            );
        }
        ours
    }
}

/// `n - s` for big-endian equal-length byte strings (s < n).
fn negate(curve: &Curve, s: &[u8]) -> Vec<u8> {
    octets(&curve.n().wrapping_sub(&big(s)), curve.size)
}

/// The ways of spoiling one good signature, with whether a correct verifier accepts each.
fn variants(
    curve: &Curve,
    good: &[u8],
    flip: usize,
    junk: &[u8],
) -> Vec<(&'static str, Vec<u8>, Option<bool>)> {
    let size = curve.size;
    let (r, s) = good.split_at(size);
    let n = hex(curve.order);
    let n_plus_one = octets(&curve.n().wrapping_add(&U576::ONE), size);
    let all_ones = vec![0xff; size];
    let zero = vec![0u8; size];
    let mut flipped = good.to_vec();
    flipped[flip % good.len()] ^= 1 << (flip % 8);
    // r + n and s + n name the same residues; they fit in the octets only now and then on P-256
    // and P-384, and always on P-521.
    let plus_n = |value: &[u8]| {
        let sum = big(value).wrapping_add(&curve.n());
        (sum.bits() <= 8 * size).then(|| octets(&sum, size))
    };
    let mut unreduced = Vec::new();
    if let Some(r_plus_n) = plus_n(r) {
        unreduced.push(("r + n", [&r_plus_n, s].concat(), Some(false)));
    }
    if let Some(s_plus_n) = plus_n(s) {
        unreduced.push(("s + n", [r, &s_plus_n].concat(), Some(false)));
    }
    let mut all = vec![
        ("good", good.to_vec(), Some(true)),
        ("high-S twin", [r, &negate(curve, s)].concat(), Some(true)),
        ("one bit flipped", flipped, Some(false)),
        ("r = 0", [&zero, s].concat(), Some(false)),
        ("s = 0", [r, &zero].concat(), Some(false)),
        ("r = n", [&n, s].concat(), Some(false)),
        ("s = n", [r, &n].concat(), Some(false)),
        ("r = n + 1", [&n_plus_one, s].concat(), Some(false)),
        ("s = n + 1", [r, &n_plus_one].concat(), Some(false)),
        ("r all ones", [&all_ones, s].concat(), Some(false)),
        ("s all ones", [r, &all_ones].concat(), Some(false)),
        ("r and s swapped", [s, r].concat(), Some(false)),
        ("truncated", good[..good.len() - 1].to_vec(), Some(false)),
        ("a zero octet appended", [good, &[0]].concat(), Some(false)),
        ("a zero octet prepended", [&[0], good].concat(), Some(false)),
        ("empty", Vec::new(), Some(false)),
        ("arbitrary bytes", junk[..2 * size].to_vec(), None),
        ("arbitrary length", junk.to_vec(), None),
    ];
    all.extend(unreduced);
    all
}

fn check_signatures(curve: &Curve, secret: &[u8], message: &[u8], flip: usize, junk: &[u8]) {
    let (sec1, good) = (curve.sign)(secret, message);
    for (what, signature, expected) in variants(curve, &good, flip, junk) {
        let verdict = curve.verdict(what, &sec1, message, &signature);
        if let Some(expected) = expected {
            assert_eq!(verdict, expected, "{}, {what}", curve.name);
        }
    }
    // The right signature under another key, and over another message.
    let other_secret = curve.secret(&[&sha2::Sha512::digest(secret)[..], &[1, 2]].concat());
    assert_ne!(other_secret, secret);
    let (other_key, _) = (curve.sign)(&other_secret, message);
    assert!(!curve.verdict("another key", &other_key, message, &good));
    let other_message = [message, b"!"].concat();
    assert!(!curve.verdict("another message", &sec1, &other_message, &good));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn p256_verifiers_agree(
        secret in prop::collection::vec(any::<u8>(), 66),
        message in prop::collection::vec(any::<u8>(), 0..300),
        flip in 0usize..4096,
        junk in prop::collection::vec(any::<u8>(), 132..200),
    ) {
        check_signatures(&P256, &P256.secret(&secret), &message, flip, &junk);
    }

    #[test]
    fn p384_verifiers_agree(
        secret in prop::collection::vec(any::<u8>(), 66),
        message in prop::collection::vec(any::<u8>(), 0..300),
        flip in 0usize..4096,
        junk in prop::collection::vec(any::<u8>(), 132..200),
    ) {
        check_signatures(&P384, &P384.secret(&secret), &message, flip, &junk);
    }

    #[test]
    fn p521_verifiers_agree(
        secret in prop::collection::vec(any::<u8>(), 66),
        message in prop::collection::vec(any::<u8>(), 0..300),
        flip in 0usize..4096,
        junk in prop::collection::vec(any::<u8>(), 132..200),
    ) {
        check_signatures(&P521, &P521.secret(&secret), &message, flip, &junk);
    }
}

/// Keys d = 1, 2, n − 1 and n − 2, i.e. Q = G, 2G, −G and −2G: Shamir's precomputed G + Q is then
/// a doubling, 3G, the point at infinity and −G.
#[test]
fn keys_that_are_small_multiples_of_the_generator() {
    for curve in CURVES {
        let n = curve.n();
        for d in [
            U576::ONE,
            U576::from_u8(2),
            n.wrapping_sub(&U576::ONE),
            n.wrapping_sub(&U576::from_u8(2)),
        ] {
            for message in [&b""[..], b"a", b"a message signed with a special key"] {
                check_signatures(curve, &octets(&d, curve.size), message, 7, &[0x42; 140]);
            }
        }
    }
}

/// R = u1·G + u2·Q is the point at infinity when r = −e·d⁻¹ (mod n): every verifier refuses.
#[test]
fn a_signature_whose_r_point_is_infinity_is_refused() {
    for curve in CURVES {
        for (seed, message) in [(1u8, &b"to infinity"[..]), (2, b""), (3, b"and beyond")] {
            let secret = curve.secret(&[seed; 66]);
            let (sec1, _) = (curve.sign)(&secret, message);
            let d_inverse = curve.invert(&big(&secret));
            let e = curve.scalar(&curve.e(message));
            let r = e.mul(&d_inverse).neg().retrieve();
            assert_ne!(r, U576::ZERO);
            for s in [
                U576::ONE,
                U576::from_u16(0x1234),
                curve.n().wrapping_sub(&U576::ONE),
            ] {
                let signature = [octets(&r, curve.size), octets(&s, curve.size)].concat();
                assert!(
                    !curve.verdict("R at infinity", &sec1, message, &signature),
                    "{}",
                    curve.name
                );
            }
        }
    }
}

/// When x(R) lies in [n, p), r = x(R) − n: the signature verifies, and r = x(R) itself does not
/// (it is out of range). Built backwards from R, as public-key recovery does:
/// Q = r⁻¹·(s·R − e·G).
#[test]
fn a_signature_whose_r_point_has_x_above_the_order() {
    for curve in CURVES {
        let (n, p) = (curve.n(), curve.p());
        let message = b"x(R) is at least n";
        let e = curve.scalar(&curve.e(message));
        let mut found = 0;
        let mut k = U576::ONE;
        while found < 3 {
            let x = n.wrapping_add(&k);
            assert!(x < p, "{}: no point with x in [n, p) found", curve.name);
            if let Some(point_r) = (curve.point_with_x)(&octets(&x, curve.size)) {
                let r = k;
                let s = U576::from_u32(0x5eed_0000).wrapping_add(&k);
                let r_inverse = curve.invert(&r);
                let a = curve.scalar(&s).mul(&r_inverse).retrieve();
                let b = e.mul(&r_inverse).neg().retrieve();
                let sec1 =
                    (curve.combine)(&octets(&a, curve.size), &point_r, &octets(&b, curve.size));
                let signature = [octets(&r, curve.size), octets(&s, curve.size)].concat();
                assert!(curve.verdict("x(R) ≥ n", &sec1, message, &signature));
                let unreduced = [octets(&x, curve.size), octets(&s, curve.size)].concat();
                assert!(!curve.verdict("r = x(R) ≥ n", &sec1, message, &unreduced));
                found += 1;
            }
            k = k.wrapping_add(&U576::ONE);
        }
    }
}

/// A known answer: a public key, a message, a P1363 (`r || s`) signature and whether it is valid.
struct Vector {
    tc_id: u32,
    key: &'static str,
    msg: &'static str,
    sig: &'static str,
    valid: bool,
}

/// From Project Wycheproof (C2SP/wycheproof), testvectors_v1/ecdsa_secp256r1_sha256_p1363_test.json:
/// valid signatures, ones that pass through a point doubling or the point at infinity, the key
/// ±G, extreme values of k, and ranges.
const WYCHEPROOF_P256: &[Vector] = &[
    Vector {
        tc_id: 1,
        key: "042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e",
        msg: "313233343030",
        sig: "2ba3a8be6b94d5ec80a6d9d1190a436effe50d85a1eee859b8cc6af9bd5c2e184cd60b855d442f5b3c7b11eb6c4e0ae7525fe710fab9aa7c77a67f79e6fadd76",
        valid: true,
    },
    Vector {
        tc_id: 2,
        key: "042927b10512bae3eddcfe467828128bad2903269919f7086069c8c4df6c732838c7787964eaac00e5921fb1498a60f4606766b3d9685001558d1a974e7341513e",
        msg: "313233343030",
        sig: "012ba3a8bd6b94d5ed80a6d9d1190a436ebccc0833490686deac8635bcb9bf536900b329f479a2bbd0a5c384ee1493b1f5186a87139cac5df4087c134b49156847db",
        valid: false,
    },
    Vector {
        tc_id: 203,
        key: "040ae580bae933b4ef2997cbdbb0922328ca9a410f627a0f7dff24cb4d920e15428911e7f8cc365a8a88eb81421a361ccc2b99e309d8dcd9a98ba83c3949d893e3",
        msg: "313233343030",
        sig: "7ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffd5d8ecd64a4eeba466815ddf3a4de9a8e6abd9c5db0a01eb80343553da648428f",
        valid: true,
    },
    Vector {
        tc_id: 204,
        key: "045b812fd521aafa69835a849cce6fbdeb6983b442d2444fe70e134c027fc46963838a40f2a36092e9004e92d8d940cf5638550ce672ce8b8d4e15eba5499249e9",
        msg: "313233343030",
        sig: "6f2347cab7dd76858fe0555ac3bc99048c4aacafdfb6bcbe05ea6c42c4934569bb726660235793aa9957a61e76e00c2c435109cf9a15dd624d53f4301047856b",
        valid: true,
    },
    Vector {
        tc_id: 205,
        key: "045b812fd521aafa69835a849cce6fbdeb6983b442d2444fe70e134c027fc469637c75bf0c5c9f6d17ffb16d2726bf30a9c7aaf31a8d317472b1ea145ab66db616",
        msg: "313233343030",
        sig: "6f2347cab7dd76858fe0555ac3bc99048c4aacafdfb6bcbe05ea6c42c4934569bb726660235793aa9957a61e76e00c2c435109cf9a15dd624d53f4301047856b",
        valid: false,
    },
    Vector {
        tc_id: 206,
        key: "046adda82b90261b0f319faa0d878665a6b6da497f09c903176222c34acfef72a647e6f50dcc40ad5d9b59f7602bb222fad71a41bf5e1f9df4959a364c62e488d9",
        msg: "313233343030",
        sig: "0000000000000000000000000000000000000000000000000000000000000001555555550000000055555555555555553ef7a8e48d07df81a693439654210c70",
        valid: false,
    },
    Vector {
        tc_id: 208,
        key: "04dd86d3b5f4a13e8511083b78002081c53ff467f11ebd98a51a633db76665d25045d5c8200c89f2fa10d849349226d21d8dfaed6ff8d5cb3e1b7e17474ebc18f7",
        msg: "313233343030",
        sig: "555555550000000055555555555555553ef7a8e48d07df81a693439654210c703333333300000000333333333333333325c7cbbc549e52e763f1f55a327a3aa9",
        valid: false,
    },
    Vector {
        tc_id: 209,
        key: "044fea55b32cb32aca0c12c4cd0abfb4e64b0f5a516e578c016591a93f5a0fbcc5d7d3fd10b2be668c547b212f6bb14c88f0fecd38a8a4b2c785ed3be62ce4b280",
        msg: "313233343030",
        sig: "7cf27b188d034f7e8a52380304b51ac3c08969e277f21b35a60b48fc47669978555555550000000055555555555555553ef7a8e48d07df81a693439654210c70",
        valid: true,
    },
    Vector {
        tc_id: 215,
        key: "045e59f50708646be8a589355014308e60b668fb670196206c41e748e64e4dca215de37fee5c97bcaf7144d5b459982f52eeeafbdf03aacbafef38e213624a01de",
        msg: "313233343030",
        sig: "6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296555555550000000055555555555555553ef7a8e48d07df81a693439654210c70",
        valid: true,
    },
    Vector {
        tc_id: 221,
        key: "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        msg: "313233343030",
        sig: "bb5a52f42f9c9261ed4361f59422a1e30036e7c32b270c8807a419feca605023249249246db6db6ddb6db6db6db6db6dad4591868595a8ee6bf5f864ff7be0c2",
        valid: false,
    },
    Vector {
        tc_id: 222,
        key: "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c2964fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5",
        msg: "313233343030",
        sig: "44a5ad0ad0636d9f12bc9e0a6bdd5e1cbcb012ea7bf091fcec15b0c43202d52e249249246db6db6ddb6db6db6db6db6dad4591868595a8ee6bf5f864ff7be0c2",
        valid: false,
    },
    Vector {
        tc_id: 223,
        key: "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a",
        msg: "313233343030",
        sig: "bb5a52f42f9c9261ed4361f59422a1e30036e7c32b270c8807a419feca605023249249246db6db6ddb6db6db6db6db6dad4591868595a8ee6bf5f864ff7be0c2",
        valid: false,
    },
    Vector {
        tc_id: 224,
        key: "046b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296b01cbd1c01e58065711814b583f061e9d431cca994cea1313449bf97c840ae0a",
        msg: "313233343030",
        sig: "44a5ad0ad0636d9f12bc9e0a6bdd5e1cbcb012ea7bf091fcec15b0c43202d52e249249246db6db6ddb6db6db6db6db6dad4591868595a8ee6bf5f864ff7be0c2",
        valid: false,
    },
    Vector {
        tc_id: 225,
        key: "0404aaec73635726f213fb8a9e64da3b8632e41495a944d0045b522eba7240fad587d9315798aaa3a5ba01775787ced05eaaf7b4e09fc81d6d1aa546e8365d525d",
        msg: "",
        sig: "b292a619339f6e567a305c951c0dcbcc42d16e47f219f9e98e76e09d8770b34a0177e60492c5a8242f76f07bfe3661bde59ec2a17ce5bd2dab2abebdf89a62e2",
        valid: true,
    },
    Vector {
        tc_id: 229,
        key: "044f337ccfd67726a805e4f1600ae2849df3807eca117380239fbd816900000000ed9dea124cc8c396416411e988c30f427eb504af43a3146cd5df7ea60666d685",
        msg: "4d657373616765",
        sig: "d434e262a49eab7781e353a3565e482550dd0fd5defa013c7f29745eff3569f19b0c0a93f267fb6052fd8077be769c2b98953195d7bc10de844218305c6ba17a",
        valid: true,
    },
];

/// From Project Wycheproof, testvectors_v1/ecdsa_secp384r1_sha384_p1363_test.json.
const WYCHEPROOF_P384: &[Vector] = &[
    Vector {
        tc_id: 1,
        key: "042da57dda1089276a543f9ffdac0bff0d976cad71eb7280e7d9bfd9fee4bdb2f20f47ff888274389772d98cc5752138aa4b6d054d69dcf3e25ec49df870715e34883b1836197d76f8ad962e78f6571bbc7407b0d6091f9e4d88f014274406174f",
        msg: "313233343030",
        sig: "12b30abef6b5476fe6b612ae557c0425661e26b44b1bfe19daf2ca28e3113083ba8e4ae4cc45a0320abd3394f1c548d71840da9fc1d2f8f8900cf485d5413b8c2574ee3a8d4ca03995ca30240e09513805bf6209b58ac7aa9cff54eecd82b9f1",
        valid: true,
    },
    Vector {
        tc_id: 4,
        key: "042da57dda1089276a543f9ffdac0bff0d976cad71eb7280e7d9bfd9fee4bdb2f20f47ff888274389772d98cc5752138aa4b6d054d69dcf3e25ec49df870715e34883b1836197d76f8ad962e78f6571bbc7407b0d6091f9e4d88f014274406174f",
        msg: "313233343030",
        sig: "ed4cf541094ab8901949ed51aa83fbda99e1d94bb4e401e5ec7083591125fd5b9d8bc2cd7c6b0748e22ee5d5daffe09ce7bf25603e2d07076ff30b7a2abec473da8b11c572b35fc631991d5de62ddca7525aaba89325dfd04fecc47bff426f82",
        valid: false,
    },
    Vector {
        tc_id: 228,
        key: "04e585a067d6dff37ae7f17f81583119b61291597345f107acffe237a08f4886d4fdf94fe63182e6143c99be25a7b7d86b572c1e06dd2c7b94b873f0578fcb2b99d60e246e51245d0804edd44b32f0f000c8f8f88f1d4a65fea51dbbb4ab1e2823",
        msg: "313233343030",
        sig: "b37699e0d518a4d370dbdaaaea3788850fa03f8186d1f78fdfbae6540aa670b31c8ada0fff3e737bd69520560fe0ce6064adb4d51a93f96bed4665de2d4e1169cc95819ec6e9333edfd5c07ca134ceef7c95957b719ae349fc439eaa49fbbe34",
        valid: true,
    },
    Vector {
        tc_id: 229,
        key: "04e585a067d6dff37ae7f17f81583119b61291597345f107acffe237a08f4886d4fdf94fe63182e6143c99be25a7b7d86ba8d3e1f922d3846b478c0fa87034d46629f1db91aedba2f7fb122bb4cd0f0ffe3707076fe2b59a015ae2444c54e1d7dc",
        msg: "313233343030",
        sig: "b37699e0d518a4d370dbdaaaea3788850fa03f8186d1f78fdfbae6540aa670b31c8ada0fff3e737bd69520560fe0ce6064adb4d51a93f96bed4665de2d4e1169cc95819ec6e9333edfd5c07ca134ceef7c95957b719ae349fc439eaa49fbbe34",
        valid: false,
    },
    Vector {
        tc_id: 230,
        key: "04b4d78cccbced8065c0ebdc330b4670ec99309273e442b9be341196c1043e4441fc57b914085595bfc755c64fc409f0ba01fee31cbbbaed5c1323f09c87df9b0712c12e99733fa23ef91b4e6ca666b09dd7540ebf1068a15155bc069e3d595c8c",
        msg: "313233343030",
        sig: "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000155555555555555555555555555555555555555555555555542766f2b5167b9f51d5e0490c2e58d28f9a40878eeec6326",
        valid: false,
    },
    Vector {
        tc_id: 232,
        key: "04b101cdb3eba20e112adbb4bbd2cb479a69e590a44ea902631832abfab8af2c3041b3df7f1665b2c6eb533f546217100a1a61aa9951578ad4f00ae17339a8a6f1359bbd0ac355678ed4df21338f08763c1d3702ec132b634c7bcc0118efb1d0dd",
        msg: "313233343030",
        sig: "55555555555555555555555555555555555555555555555542766f2b5167b9f51d5e0490c2e58d28f9a40878eeec632633333333333333333333333333333333333333333333333327e0a919fda4a2c644d202bd41bcee4bc8fc05155c276eb0",
        valid: false,
    },
    Vector {
        tc_id: 233,
        key: "046761044a040a4979db269b4a377e42f11b4be0ce24611f677674dcf770f5887ca4db565303283809e6d65f7fc6bc273605c7daa403fca53549f75ff3372909642d02b7fdcac1e68242814d6e925ab01a80836cfbb35581960079e2fb44c0d186",
        msg: "313233343030",
        sig: "08d999057ba3d2d969260045c55b97f089025959a6f434d651d207d19fb96e9e4fe0e86ebe0e64f85b96a9c75295df6155555555555555555555555555555555555555555555555542766f2b5167b9f51d5e0490c2e58d28f9a40878eeec6326",
        valid: true,
    },
    Vector {
        tc_id: 244,
        key: "04fa92538cdc740368caf16480ff1304cebbbe59a46a7a84603726b9592d105be069df1c61b5974f27e7552f797de97cdb620e03a46da862e4b089bafbb80df8f055c8f47991b3a3ddb2b089aedb2f15841a6a5b5e14c1dc36b3c155c4f74d3409",
        msg: "313233343030",
        sig: "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab70eb10e5ab95f2f26a40700b1300fb8c3e754d5c453d9384ecce1daa38135a48a0a96c24efc2a76d00bde1d7aeedf7f6a",
        valid: true,
    },
    Vector {
        tc_id: 245,
        key: "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
        msg: "313233343030",
        sig: "f9b127f0d81ebcd17b7ba0ea131c660d340b05ce557c82160e0f793de07d38179023942871acb7002dfafdfffc8deace2492492492492492492492492492492492492492492492491c7be680477598d6c3716fabc13dcec86afd2833d41c2a7e",
        valid: false,
    },
    Vector {
        tc_id: 246,
        key: "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab73617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
        msg: "313233343030",
        sig: "064ed80f27e1432e84845f15ece399f2cbf4fa31aa837de9b953d44413b9f5c7c7f67989d703f07abef11b6ad0373ea52492492492492492492492492492492492492492492492491c7be680477598d6c3716fabc13dcec86afd2833d41c2a7e",
        valid: false,
    },
    Vector {
        tc_id: 247,
        key: "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7c9e821b569d9d390a26167406d6d23d6070be242d765eb831625ceec4a0f473ef59f4e30e2817e6285bce2846f15f1a0",
        msg: "313233343030",
        sig: "f9b127f0d81ebcd17b7ba0ea131c660d340b05ce557c82160e0f793de07d38179023942871acb7002dfafdfffc8deace2492492492492492492492492492492492492492492492491c7be680477598d6c3716fabc13dcec86afd2833d41c2a7e",
        valid: false,
    },
    Vector {
        tc_id: 248,
        key: "04aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7c9e821b569d9d390a26167406d6d23d6070be242d765eb831625ceec4a0f473ef59f4e30e2817e6285bce2846f15f1a0",
        msg: "313233343030",
        sig: "064ed80f27e1432e84845f15ece399f2cbf4fa31aa837de9b953d44413b9f5c7c7f67989d703f07abef11b6ad0373ea52492492492492492492492492492492492492492492492491c7be680477598d6c3716fabc13dcec86afd2833d41c2a7e",
        valid: false,
    },
    Vector {
        tc_id: 249,
        key: "0429bdb76d5fa741bfd70233cb3a66cc7d44beb3b0663d92a8136650478bcefb61ef182e155a54345a5e8e5e88f064e5bc9a525ab7f764dad3dae1468c2b419f3b62b9ba917d5e8c4fb1ec47404a3fc76474b2713081be9db4c00e043ada9fc4a3",
        msg: "",
        sig: "32401249714e9091f05a5e109d5c1216fdc05e98614261aa0dbd9e9cd4415dee29238afbd3b103c1e40ee5c9144aee0f4326756fb2c4fd726360dd6479b5849478c7a9d054a833a58c1631c33b63c3441336ddf2c7fe0ed129aae6d4ddfeb753",
        valid: true,
    },
];

/// From Project Wycheproof, testvectors_v1/ecdsa_secp521r1_sha512_p1363_test.json. tcId 2 and 5
/// have r + n and r + 2⁵²¹ in the same 66 octets, so they only fail through the range check.
const WYCHEPROOF_P521: &[Vector] = &[
    Vector {
        tc_id: 1,
        key: "04005c6457ec088d532f482093965ae53ccd07e556ed59e2af945cd8c7a95c1c644f8a56a8a8a3cd77392ddd861e8a924dac99c69069093bd52a52fa6c56004a074508007878d6d42e4b4dd1e9c0696cb3e19f63033c3db4e60d473259b3ebe079aaf0a986ee6177f8217a78c68b813f7e149a4e56fd9562c07fed3d895942d7d101cb83f6",
        msg: "313233343030",
        sig: "004e4223ee43e8cb89de3b1339ffc279e582f82c7ab0f71bbde43dbe374ac75ffbef29acdf8e70750b9a04f66fda48351de7bbfd515720b0ec5cd736f9b73bdf864501d74a2f6d95be8d4cb64f02d16d6b785a1246b4ebd206dc596818bb953253245f5a27a24a1aae1e218fdccd8cd7d4990b666d4bf4902b84fdad123f941fe906d948",
        valid: true,
    },
    Vector {
        tc_id: 2,
        key: "04005c6457ec088d532f482093965ae53ccd07e556ed59e2af945cd8c7a95c1c644f8a56a8a8a3cd77392ddd861e8a924dac99c69069093bd52a52fa6c56004a074508007878d6d42e4b4dd1e9c0696cb3e19f63033c3db4e60d473259b3ebe079aaf0a986ee6177f8217a78c68b813f7e149a4e56fd9562c07fed3d895942d7d101cb83f6",
        msg: "313233343030",
        sig: "024e4223ee43e8cb89de3b1339ffc279e582f82c7ab0f71bbde43dbe374ac75ffbe97b3367122fa4a20584c271233f3ec3b7f7b31b0faa4d340b92a6b0d5cd17ea4e0028b5d0926a4172b349b0fd2e929487a5edb94b142df923a697e7446acdacdba0a029e43d69111174dba2fe747122709a69ce69d5285e174a01a93022fea8318ac1",
        valid: false,
    },
    Vector {
        tc_id: 4,
        key: "04005c6457ec088d532f482093965ae53ccd07e556ed59e2af945cd8c7a95c1c644f8a56a8a8a3cd77392ddd861e8a924dac99c69069093bd52a52fa6c56004a074508007878d6d42e4b4dd1e9c0696cb3e19f63033c3db4e60d473259b3ebe079aaf0a986ee6177f8217a78c68b813f7e149a4e56fd9562c07fed3d895942d7d101cb83f6",
        msg: "313233343030",
        sig: "01b1bddc11bc17347621c4ecc6003d861a7d07d3854f08e4421bc241c8b538a0040b27d9a7f54eba8ad17ad5916eaed487e87fb8786168eb5b51e438bd675558ddc40028b5d0926a4172b349b0fd2e929487a5edb94b142df923a697e7446acdacdba0a029e43d69111174dba2fe747122709a69ce69d5285e174a01a93022fea8318ac1",
        valid: false,
    },
    Vector {
        tc_id: 5,
        key: "04005c6457ec088d532f482093965ae53ccd07e556ed59e2af945cd8c7a95c1c644f8a56a8a8a3cd77392ddd861e8a924dac99c69069093bd52a52fa6c56004a074508007878d6d42e4b4dd1e9c0696cb3e19f63033c3db4e60d473259b3ebe079aaf0a986ee6177f8217a78c68b813f7e149a4e56fd9562c07fed3d895942d7d101cb83f6",
        msg: "313233343030",
        sig: "024e4223ee43e8cb89de3b1339ffc279e582f82c7ab0f71bbde43dbe374ac75ffbef29acdf8e70750b9a04f66fda48351de7bbfd515720b0ec5cd736f9b73bdf86450028b5d0926a4172b349b0fd2e929487a5edb94b142df923a697e7446acdacdba0a029e43d69111174dba2fe747122709a69ce69d5285e174a01a93022fea8318ac1",
        valid: false,
    },
    Vector {
        tc_id: 271,
        key: "040110fb89aff135edb801a1cb5bc49525b81dc74da45090d228122871814f489fdcb02ebee46b703e6b4e6af56c5024422b31fd4252c44d0bfd29d945de782d98543f01ec425b4c4928e12b619227f1da6d0a9675070d9c5b49ca523050acb718e62643b0e5801543b76dc11f8d694ba09436d8391b477ad2c143ec50c2384c4f688512dc",
        msg: "313233343030",
        sig: "00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000100aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa8c5d782813fba87792a9955c2fd033745693c9892d8896d3a3e7a925f85bd76ad",
        valid: false,
    },
    Vector {
        tc_id: 273,
        key: "04017d7bf723678df574ce4366741e1d3787f834af9997b41c8260a074cb1f325d2bae9f8565dc6b51b6cb02dceeb5a1b774ee8dd7057c99e2d94c3c71299a9ce0f1b00162c65632fff88bdbb17ce2525ccac8df37c501ab0e6626e273fb6cf99000424344c0ac539c9fd6c4f3d28876b257c010d347a45bb010cc058443843a758328d491",
        msg: "313233343030",
        sig: "00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa8c5d782813fba87792a9955c2fd033745693c9892d8896d3a3e7a925f85bd76ad0066666666666666666666666666666666666666666666666666666666666666666543814e4d8ca31e157ff599db649b87900bf128581b85a7efbf1657d2e9d81401",
        valid: false,
    },
    Vector {
        tc_id: 274,
        key: "0401e06db423a902e239b97340ab052534ead37e79412c675bf0eb823999e6b731040bff2b0e4fa64edf3962a328921ea5ae4e8f4079eab439e12f92335dfc4863c07f007ee9f0ecb409cb133c0cd08b85e840b076f3d615e1ef1393b5222338b227d768003da5f3ba1f72f6654ca54ac11c2ba91a6cb5883d6d1a82304ad2b79de09215f3",
        msg: "313233343030",
        sig: "00433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5af41cf2fa364d60fd967f43e3933ba6d783d00aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa8c5d782813fba87792a9955c2fd033745693c9892d8896d3a3e7a925f85bd76ad",
        valid: true,
    },
    Vector {
        tc_id: 275,
        key: "04015053744d53811dbed8880f38d3a34578a7f1c172ec65bd8ad8183ba0ae10093416107f3c942742bde60719949b2c4f026f43582125c99ed48cbc7c5a051a5a744800b36d4c91a2b0367c566b2c12981ce0fdbc3beb983717403f69bf4264fc6182478af0b236ff120bcfca116924c552abef6663b6023be1986b70206d9bb89b5ed298",
        msg: "313233343030",
        sig: "00433c219024277e7e682fcb288148c282747403279b1ccc06352c6e5505d769be97b3b204da6ef55507aa104a3a35c5af41cf2fa364d60fd967f43e3933ba6d783d00492492492492492492492492492492492492492492492492492492492492492491795c5c808906cc587ff89278234a8566e3f565f5ca840a3d887dac7214bee9b8",
        valid: true,
    },
    Vector {
        tc_id: 285,
        key: "04008e859e66d1237fdc928a4b954954fef565d203a0731d065d9df41a4fd3812b1cc2487053ea19ce839d200845952f80d80698771d83ccc1fc7f236dbee4c76b2bb4005a04b24c88cd40233fb43c59ea5cf2cb9510d16b1168bc126db64aaf9ab07a7453208fde079095966272bf03bc3312c9b9bab8c795ae375e8a0e8dd81c924e7c27",
        msg: "313233343030",
        sig: "00c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66000eb10e5ab95f2f26a40700b1300fb8c3c8d5384ffbecf1fdb9e11e67cb7fd6a7f503e6e25ac09bb88b6c3983df764d4d72bc2920e233f0f7974a234a21b00bb447",
        valid: true,
    },
    Vector {
        tc_id: 286,
        key: "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        msg: "313233343030",
        sig: "000043f800fbeaf9238c58af795bcdad04bc49cd850c394d3382953356b023210281757b30e19218a37cbd612086fbc158caa8b4e1acb2ec00837e5d941f342fb3cc00492492492492492492492492492492492492492492492492492492492492492491795c5c808906cc587ff89278234a8566e3f565f5ca840a3d887dac7214bee9b8",
        valid: false,
    },
    Vector {
        tc_id: 287,
        key: "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        msg: "313233343030",
        sig: "01ffbc07ff041506dc73a75086a43252fb43b6327af3c6b2cc7d6acca94fdcdefd78dc0b56a22d16f2eec26ae0c1fb484d059300e80bd6b0472b3d1222ff5d08b03d00492492492492492492492492492492492492492492492492492492492492492491795c5c808906cc587ff89278234a8566e3f565f5ca840a3d887dac7214bee9b8",
        valid: false,
    },
    Vector {
        tc_id: 288,
        key: "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd6600e7c6d6958765c43ffba375a04bd382e426670abbb6a864bb97e85042e8d8c199d368118d66a10bd9bf3aaf46fec052f89ecac38f795d8d3dbf77416b89602e99af",
        msg: "313233343030",
        sig: "000043f800fbeaf9238c58af795bcdad04bc49cd850c394d3382953356b023210281757b30e19218a37cbd612086fbc158caa8b4e1acb2ec00837e5d941f342fb3cc00492492492492492492492492492492492492492492492492492492492492492491795c5c808906cc587ff89278234a8566e3f565f5ca840a3d887dac7214bee9b8",
        valid: false,
    },
    Vector {
        tc_id: 289,
        key: "0400c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd6600e7c6d6958765c43ffba375a04bd382e426670abbb6a864bb97e85042e8d8c199d368118d66a10bd9bf3aaf46fec052f89ecac38f795d8d3dbf77416b89602e99af",
        msg: "313233343030",
        sig: "01ffbc07ff041506dc73a75086a43252fb43b6327af3c6b2cc7d6acca94fdcdefd78dc0b56a22d16f2eec26ae0c1fb484d059300e80bd6b0472b3d1222ff5d08b03d00492492492492492492492492492492492492492492492492492492492492492491795c5c808906cc587ff89278234a8566e3f565f5ca840a3d887dac7214bee9b8",
        valid: false,
    },
];

#[test]
fn wycheproof_known_answers() {
    for (curve, vectors) in [
        (&P256, WYCHEPROOF_P256),
        (&P384, WYCHEPROOF_P384),
        (&P521, WYCHEPROOF_P521),
    ] {
        for vector in vectors {
            let what = format!("Wycheproof tcId {}", vector.tc_id);
            let key = hex(vector.key);
            let (x, y) = coordinates(&key);
            assert!(
                (curve.ours_accepts_point)(x, y),
                "{}, {what}: the key is on the curve",
                curve.name
            );
            let verdict = curve.verdict(&what, &key, &hex(vector.msg), &hex(vector.sig));
            assert_eq!(verdict, vector.valid, "{}, {what}", curve.name);
        }
    }
}

/// Read one EC JWK through the engine's JWKS reader: the key, or the reason it is refused.
fn read_ec_jwk(crv: &str, x: &[u8], y: &[u8]) -> Result<jwk::PublicKey, String> {
    let jwks = json!({"keys": [{"kty": "EC", "crv": crv,
        "x": URL_SAFE_NO_PAD.encode(x), "y": URL_SAFE_NO_PAD.encode(y)}]});
    let mut entries = jwk::read_jwks(&jwks, "/jwks").unwrap();
    entries.remove(0).key
}

/// The JWK reader takes exactly the points the curve crate takes, and says why it refuses one.
fn check_point(curve: &Curve, x: &[u8], y: &[u8]) {
    let ours = read_ec_jwk(curve.name, x, y);
    let reference = (curve.reference_accepts_point)(&[&[0x04], x, y].concat());
    assert_eq!(
        ours.is_ok(),
        reference,
        "{}: x = {x:02x?}, y = {y:02x?}: the engine {}, the crate {}",
        curve.name,
        if ours.is_ok() { "accepts" } else { "refuses" },
        if reference { "accepts" } else { "refuses" },
    );
    if let Err(reason) = ours {
        assert_eq!(reason, format!("the point is not on {}", curve.name));
    }
}

/// Points to try, from random bytes: arbitrary coordinates (almost never on the curve), a real
/// key, its mirror image (x, p − y), and near misses of it: y + 1, and x + p or y + p where they
/// still fit in the field's octets (always on P-521), which name the same point non-canonically.
fn check_points(curve: &Curve, secret: &[u8], random_x: &[u8], random_y: &[u8]) {
    let size = curve.size;
    check_point(curve, &random_x[..size], &random_y[..size]);
    let (sec1, _) = (curve.sign)(&curve.secret(secret), b"");
    let (x, y) = coordinates(&sec1);
    check_point(curve, x, y);
    let (p, y_int) = (curve.p(), big(y));
    check_point(curve, x, &octets(&p.wrapping_sub(&y_int), size));
    check_point(curve, x, &octets(&y_int.wrapping_add(&U576::ONE), size));
    let fits = |value: &U576| value.bits() <= 8 * size;
    let x_plus_p = big(x).wrapping_add(&p);
    if fits(&x_plus_p) {
        check_point(curve, &octets(&x_plus_p, size), y);
    }
    let y_plus_p = y_int.wrapping_add(&p);
    if fits(&y_plus_p) {
        check_point(curve, x, &octets(&y_plus_p, size));
    }
    // Every coordinate at or above p, whatever the other one.
    check_point(curve, &octets(&p, size), y);
    check_point(curve, x, &octets(&p, size));
    check_point(curve, &vec![0xff; size], &vec![0xff; size]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn the_jwk_reader_accepts_exactly_the_points_on_the_curve(
        secret in prop::collection::vec(any::<u8>(), 66),
        random_x in prop::collection::vec(any::<u8>(), 66),
        random_y in prop::collection::vec(any::<u8>(), 66),
    ) {
        for curve in CURVES {
            check_points(curve, &secret, &random_x, &random_y);
        }
    }
}

/// Coordinates of the wrong length never reach the curve check (RFC 7518 §6.2.1.2).
#[test]
fn coordinates_must_be_the_field_size() {
    for curve in CURVES {
        let (sec1, _) = (curve.sign)(&curve.secret(&[9; 66]), b"");
        let (x, y) = coordinates(&sec1);
        let padded = [&[0], x].concat();
        let reason = read_ec_jwk(curve.name, &padded, y).unwrap_err();
        assert!(reason.contains("must be"), "{}: {reason}", curve.name);
        let reason = read_ec_jwk(curve.name, &x[1..], y).unwrap_err();
        assert!(reason.contains("must be"), "{}: {reason}", curve.name);
        assert!(read_ec_jwk(curve.name, x, y).is_ok());
    }
}
