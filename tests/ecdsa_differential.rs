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

mod ecdsa_vectors;
mod support;

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Encoding, Invert, U576};
use ecdsa_vectors::{WYCHEPROOF_P256, WYCHEPROOF_P384, WYCHEPROOF_P521, hex};
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
    #![proptest_config(ProptestConfig::with_cases(32))]

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
            for message in [&b""[..], b"a message signed with a special key"] {
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

/// A key for which (r, s) over `message` makes R the given point, built backwards as public-key
/// recovery does: Q = r⁻¹·(s·R − e·G).
fn key_for_r_point(curve: &Curve, point_r: &[u8], r: &U576, s: &U576, message: &[u8]) -> Vec<u8> {
    let r_inverse = curve.invert(r);
    let a = curve.scalar(s).mul(&r_inverse).retrieve();
    let b = curve
        .scalar(&curve.e(message))
        .mul(&r_inverse)
        .neg()
        .retrieve();
    (curve.combine)(&octets(&a, curve.size), point_r, &octets(&b, curve.size))
}

/// The first `count` points whose x is `start` + 1, + 2, …, with that x.
fn points_from(curve: &Curve, start: &U576, count: usize) -> Vec<(U576, Vec<u8>)> {
    let mut points = Vec::new();
    let mut x = *start;
    while points.len() < count {
        x = x.wrapping_add(&U576::ONE);
        assert!(x < curve.p(), "{}: ran out of x below p", curve.name);
        if let Some(point) = (curve.point_with_x)(&octets(&x, curve.size)) {
            points.push((x, point));
        }
    }
    points
}

/// When x(R) lies in [n, p), r = x(R) − n: the signature verifies, and r = x(R) itself does not
/// (it is out of range).
#[test]
fn a_signature_whose_r_point_has_x_above_the_order() {
    for curve in CURVES {
        let message = b"x(R) is at least n";
        for (x, point_r) in points_from(curve, &curve.n(), 3) {
            let r = x.wrapping_sub(&curve.n());
            let s = U576::from_u32(0x5eed_0000).wrapping_add(&r);
            let sec1 = key_for_r_point(curve, &point_r, &r, &s, message);
            let signature = [octets(&r, curve.size), octets(&s, curve.size)].concat();
            assert!(curve.verdict("x(R) ≥ n", &sec1, message, &signature));
            let unreduced = [octets(&x, curve.size), octets(&s, curve.size)].concat();
            assert!(!curve.verdict("r = x(R) ≥ n", &sec1, message, &unreduced));
        }
    }
}

/// r = x(R) + (p − n) is refused: x(R) mod n is x(R), not r, although r + n ≡ x(R) (mod p). (A
/// verifier that compares in the field must not try r + n once it reaches p.)
#[test]
fn r_plus_n_must_not_wrap_around_p() {
    for curve in CURVES {
        let message = b"r + n wraps around p";
        let p_minus_n = curve.p().wrapping_sub(&curve.n());
        for (x, point_r) in points_from(curve, &U576::ZERO, 3) {
            let r = x.wrapping_add(&p_minus_n);
            let s = U576::from_u32(0x0dd_0000).wrapping_add(&x);
            let sec1 = key_for_r_point(curve, &point_r, &r, &s, message);
            let signature = [octets(&r, curve.size), octets(&s, curve.size)].concat();
            assert!(!curve.verdict("r = x(R) + p − n", &sec1, message, &signature));
            // The same R with the right r verifies.
            let sec1 = key_for_r_point(curve, &point_r, &x, &s, message);
            let signature = [octets(&x, curve.size), octets(&s, curve.size)].concat();
            assert!(curve.verdict("r = x(R), small", &sec1, message, &signature));
        }
    }
}

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
