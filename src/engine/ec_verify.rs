//! ECDSA signature verification on the NIST curves P-256, P-384 and P-521, over `crypto-bigint`.
//!
//! Why not the RustCrypto curve crates: `p384` and `p521` alone were about 38 KB brotli of the
//! playground's wasm, and verification needs far less than they carry. One generic verifier serves
//! all three curves (they share the short Weierstrass form y² = x³ − 3x + b over a prime field,
//! with prime group order and cofactor 1); a curve is only its constants.
//!
//! Everything here handles public data (keys, messages, signatures), so variable time is fine.
//! `tests/ecdsa_differential.rs` checks agreement with the RustCrypto crates and with ring, and
//! known answers from Project Wycheproof.

use crypto_bigint::modular::constant_mod::{Residue, ResidueParams};
use crypto_bigint::modular::montgomery_reduction;
use crypto_bigint::{Invert, Limb, U256, U384, U576, Uint, Word};
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::marker::PhantomData;

/// Montgomery parameters for a fixed odd modulus, all computed at compile time. (crypto-bigint's
/// own `impl_modulus!` needs a double-width type, which U576 lacks.)
macro_rules! modulus {
    ($(#[$doc:meta])* $name:ident, $uint:ty, $hex:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
        pub struct $name;

        impl ResidueParams<{ <$uint>::LIMBS }> for $name {
            const LIMBS: usize = <$uint>::LIMBS;
            const MODULUS: $uint = <$uint>::from_be_hex($hex);
            // R = 2^BITS mod m, computed as ((2^BITS − 1) mod m) + 1.
            const R: $uint = <$uint>::MAX
                .const_rem(&Self::MODULUS)
                .0
                .wrapping_add(&<$uint>::ONE);
            const R2: $uint = <$uint>::const_rem_wide(Self::R.square_wide(), &Self::MODULUS).0;
            // −m⁻¹ mod 2^Word::BITS, the one word Montgomery reduction needs.
            const MOD_NEG_INV: Limb = Limb(
                low_word(&Self::MODULUS.inv_mod2k_vartime(Word::BITS as usize)).wrapping_neg(),
            );
            const R3: $uint =
                montgomery_reduction(&Self::R2.square_wide(), &Self::MODULUS, Self::MOD_NEG_INV);
        }
    };
}

/// The least significant word of an integer.
const fn low_word<const L: usize>(value: &Uint<L>) -> Word {
    match value.as_words().first() {
        Some(word) => *word,
        None => 0,
    }
}

// Curve constants: SEC 2 v2 (Certicom, 2010) §2.4.2, §2.5.1 and §2.6.1, which are the same curves
// as FIPS 186-4 Appendix D.1.2.3–D.1.2.5 (P-256, P-384, P-521). All three have a = −3.
// P-521's 66-byte values are left-padded with zeros to U576's 72 bytes.

modulus!(
    /// The field prime of P-256, p = 2²⁵⁶ − 2²²⁴ + 2¹⁹² + 2⁹⁶ − 1.
    P256Field,
    U256,
    "ffffffff00000001000000000000000000000000ffffffffffffffffffffffff"
);
modulus!(
    /// The group order of P-256.
    P256Order,
    U256,
    "ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551"
);
modulus!(
    /// The field prime of P-384, p = 2³⁸⁴ − 2¹²⁸ − 2⁹⁶ + 2³² − 1.
    P384Field,
    U384,
    "fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff"
);
modulus!(
    /// The group order of P-384.
    P384Order,
    U384,
    "ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973"
);
modulus!(
    /// The field prime of P-521, p = 2⁵²¹ − 1.
    P521Field,
    U576,
    "00000000000001ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff"
);
modulus!(
    /// The group order of P-521.
    P521Order,
    U576,
    "00000000000001fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409"
);

/// A NIST prime curve y² = x³ − 3x + b with its base point and hash, as JWS pairs them
/// (RFC 7518 §3.4: ES256 is P-256 with SHA-256, ES384 P-384 with SHA-384, ES512 P-521 with SHA-512).
pub trait Curve<const L: usize> {
    /// Arithmetic modulo the field prime p.
    type Field: ResidueParams<L>;
    /// Arithmetic modulo the group order n.
    type Order: ResidueParams<L>;
    /// The JWK `crv` name.
    const NAME: &'static str;
    /// Octets in a coordinate and in each of `r` and `s` (RFC 7518 §3.4, §6.2.1.2).
    const BYTES: usize;
    /// The curve coefficient b.
    const B: Uint<L>;
    /// The base point G.
    const G: (Uint<L>, Uint<L>);
    /// The message hash.
    fn hash(message: &[u8]) -> Vec<u8>;
}

/// NIST P-256 (secp256r1) with SHA-256.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct P256;

/// NIST P-384 (secp384r1) with SHA-384.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct P384;

/// NIST P-521 (secp521r1) with SHA-512.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct P521;

impl Curve<{ U256::LIMBS }> for P256 {
    type Field = P256Field;
    type Order = P256Order;
    const NAME: &'static str = "P-256";
    const BYTES: usize = 32;
    const B: U256 =
        U256::from_be_hex("5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b");
    const G: (U256, U256) = (
        U256::from_be_hex("6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296"),
        U256::from_be_hex("4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5"),
    );
    fn hash(message: &[u8]) -> Vec<u8> {
        Sha256::digest(message).to_vec()
    }
}

impl Curve<{ U384::LIMBS }> for P384 {
    type Field = P384Field;
    type Order = P384Order;
    const NAME: &'static str = "P-384";
    const BYTES: usize = 48;
    const B: U384 = U384::from_be_hex(
        "b3312fa7e23ee7e4988e056be3f82d19181d9c6efe8141120314088f5013875ac656398d8a2ed19d2a85c8edd3ec2aef",
    );
    const G: (U384, U384) = (
        U384::from_be_hex(
            "aa87ca22be8b05378eb1c71ef320ad746e1d3b628ba79b9859f741e082542a385502f25dbf55296c3a545e3872760ab7",
        ),
        U384::from_be_hex(
            "3617de4a96262c6f5d9e98bf9292dc29f8f41dbd289a147ce9da3113b5f0b8c00a60b1ce1d7e819d7a431d7c90ea0e5f",
        ),
    );
    fn hash(message: &[u8]) -> Vec<u8> {
        Sha384::digest(message).to_vec()
    }
}

impl Curve<{ U576::LIMBS }> for P521 {
    type Field = P521Field;
    type Order = P521Order;
    const NAME: &'static str = "P-521";
    const BYTES: usize = 66;
    const B: U576 = U576::from_be_hex(
        "0000000000000051953eb9618e1c9a1f929a21a0b68540eea2da725b99b315f3b8b489918ef109e156193951ec7e937b1652c0bd3bb1bf073573df883d2c34f1ef451fd46b503f00",
    );
    const G: (U576, U576) = (
        U576::from_be_hex(
            "00000000000000c6858e06b70404e9cd9e3ecb662395b4429c648139053fb521f828af606b4d3dbaa14b5e77efe75928fe1dc127a2ffa8de3348b3c1856a429bf97e7e31c2e5bd66",
        ),
        U576::from_be_hex(
            "000000000000011839296a789a3bc0045c8a5fb42c7d1bd998f54449579b446817afbd17273e662c97ee72995ef42640c550b9013fad0761353c7086a272c24088be94769fd16650",
        ),
    );
    fn hash(message: &[u8]) -> Vec<u8> {
        Sha512::digest(message).to_vec()
    }
}

/// An ES256 public key.
pub type P256Key = VerifyingKey<P256, { U256::LIMBS }>;
/// An ES384 public key.
pub type P384Key = VerifyingKey<P384, { U384::LIMBS }>;
/// An ES512 public key.
pub type P521Key = VerifyingKey<P521, { U576::LIMBS }>;

/// Why bytes are not a public key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PointError {
    /// A coordinate is not exactly the curve's field size.
    Length,
    /// A coordinate is not below the field prime.
    OutOfRange,
    /// (x, y) does not satisfy the curve equation.
    NotOnCurve,
}

/// A public key: an affine point on curve `C`, checked to be on the curve.
///
/// No subgroup check is needed: the NIST curves have cofactor 1, so every point on the curve is
/// in the group of order n. The point at infinity has no affine coordinates, so it cannot be one.
#[derive(Clone, Debug)]
pub struct VerifyingKey<C: Curve<L>, const L: usize> {
    point: Affine<C::Field, L>,
    sec1: Vec<u8>,
    curve: PhantomData<C>,
}

impl<C: Curve<L>, const L: usize> VerifyingKey<C, L> {
    /// Read a key from its big-endian coordinates, each exactly `C::BYTES` long (the JWK's `x`
    /// and `y`). SEC 1 v2 §3.2.2.1 steps 2–3: both below p, and y² = x³ − 3x + b.
    pub fn from_coordinates(x: &[u8], y: &[u8]) -> Result<Self, PointError> {
        if x.len() != C::BYTES || y.len() != C::BYTES {
            return Err(PointError::Length);
        }
        let (Some(x_int), Some(y_int)) = (uint::<L>(x), uint::<L>(y)) else {
            return Err(PointError::Length);
        };
        let p = <C::Field as ResidueParams<L>>::MODULUS;
        if x_int >= p || y_int >= p {
            return Err(PointError::OutOfRange);
        }
        let point = Affine {
            x: Residue::new(&x_int),
            y: Residue::new(&y_int),
        };
        if !is_on_curve::<C, L>(&point) {
            return Err(PointError::NotOnCurve);
        }
        let mut sec1 = Vec::with_capacity(x.len().saturating_add(y.len()).saturating_add(1));
        sec1.push(0x04);
        sec1.extend_from_slice(x);
        sec1.extend_from_slice(y);
        Ok(VerifyingKey {
            point,
            sec1,
            curve: PhantomData,
        })
    }

    /// The SEC 1 uncompressed encoding `04 || x || y` (what ring takes).
    pub fn sec1_uncompressed(&self) -> &[u8] {
        &self.sec1
    }

    /// Verify a JWS ECDSA signature (`r || s`, each `C::BYTES` big-endian octets) over `message`,
    /// hashed with the curve's hash.
    pub fn verify(&self, message: &[u8], signature: &[u8]) -> bool {
        self.verify_digest(&C::hash(message), signature)
    }

    /// Verify a signature over a given hash value (SEC 1 v2 §4.1.4, FIPS 186-4 §6.4.2).
    fn verify_digest(&self, digest: &[u8], signature: &[u8]) -> bool {
        if signature.len() != C::BYTES.saturating_mul(2) {
            return false;
        }
        let (r_bytes, s_bytes) = signature.split_at(C::BYTES);
        let (Some(r), Some(s)) = (uint::<L>(r_bytes), uint::<L>(s_bytes)) else {
            return false;
        };
        // Step 1: r and s in [1, n − 1].
        let n = <C::Order as ResidueParams<L>>::MODULUS;
        if r == Uint::ZERO || s == Uint::ZERO || r >= n || s >= n {
            return false;
        }
        // Steps 2–3: e from the leftmost bits of the hash.
        let Some(e) = hash_to_integer::<L>(digest, n.bits_vartime()) else {
            return false;
        };
        // Step 4: u1 = e·s⁻¹ and u2 = r·s⁻¹ (mod n). n is prime and s ≠ 0, so s is invertible.
        let Some(w) = Option::<Residue<C::Order, L>>::from(Invert::invert(&Residue::new(&s)))
        else {
            return false;
        };
        let u1 = Residue::<C::Order, L>::new(&e).mul(&w).retrieve();
        let u2 = Residue::<C::Order, L>::new(&r).mul(&w).retrieve();
        // Step 5: R = u1·G + u2·Q; reject the point at infinity.
        let point = Jacobian::double_scalar_mul(&u1, &generator::<C, L>(), &u2, &self.point);
        if point.is_infinity() {
            return false;
        }
        // Steps 6–8: accept iff x(R) mod n = r. x(R) = X/Z² is below p, and n < p < 2n on these
        // curves, so that means x(R) = r or x(R) = r + n (when that is below p). Comparing X with
        // each candidate times Z² saves inverting Z.
        let p = <C::Field as ResidueParams<L>>::MODULUS;
        let z2 = point.z.square();
        let is_x = |candidate: &Uint<L>| point.x == Residue::new(candidate).mul(&z2);
        let r_plus_n = r.wrapping_add(&n);
        is_x(&r) || (r_plus_n > r && r_plus_n < p && is_x(&r_plus_n))
    }
}

/// SEC 1 v2 §4.1.3 step 5: the hash as an integer, keeping its leftmost `order_bits` bits when it
/// is longer than the order. `None` only if the hash is wider than the integer type.
fn hash_to_integer<const L: usize>(digest: &[u8], order_bits: usize) -> Option<Uint<L>> {
    let kept_bytes = digest.len().min(order_bits.div_ceil(8));
    let leftmost = digest.get(..kept_bytes)?;
    let value = uint::<L>(leftmost)?;
    Some(value.shr_vartime(kept_bytes.saturating_mul(8).saturating_sub(order_bits)))
}

/// A big-endian byte string as an integer; `None` if it does not fit.
fn uint<const L: usize>(bytes: &[u8]) -> Option<Uint<L>> {
    let mut words = [0 as Word; L];
    // Words are little-endian, the bytes within each word big-endian.
    let mut chunks = bytes.rchunks(Limb::BYTES);
    for word in words.iter_mut() {
        if let Some(chunk) = chunks.next() {
            *word = chunk
                .iter()
                .fold(0, |acc: Word, byte| (acc << 8) | Word::from(*byte));
        }
    }
    if chunks.any(|chunk| chunk.iter().any(|byte| *byte != 0)) {
        return None;
    }
    Some(Uint::from_words(words))
}

fn generator<C: Curve<L>, const L: usize>() -> Affine<C::Field, L> {
    Affine {
        x: Residue::new(&C::G.0),
        y: Residue::new(&C::G.1),
    }
}

/// y² = x³ − 3x + b.
fn is_on_curve<C: Curve<L>, const L: usize>(point: &Affine<C::Field, L>) -> bool {
    let x = point.x;
    let three_x = x.add(&x).add(&x);
    let rhs = x.square().mul(&x).sub(&three_x).add(&Residue::new(&C::B));
    point.y.square() == rhs
}

/// A point in affine coordinates (never the point at infinity).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Affine<M: ResidueParams<L>, const L: usize> {
    x: Residue<M, L>,
    y: Residue<M, L>,
}

/// A point in Jacobian coordinates: (X, Y, Z) stands for (X/Z², Y/Z³), and Z = 0 for the point at
/// infinity. The formulas are those of the Explicit-Formulas Database (the doubling's for a = −3).
#[derive(Clone, Copy, Debug)]
struct Jacobian<M: ResidueParams<L>, const L: usize> {
    x: Residue<M, L>,
    y: Residue<M, L>,
    z: Residue<M, L>,
}

impl<M: ResidueParams<L>, const L: usize> Jacobian<M, L> {
    const INFINITY: Self = Jacobian {
        x: Residue::ONE,
        y: Residue::ONE,
        z: Residue::ZERO,
    };

    fn from_affine(point: &Affine<M, L>) -> Self {
        Jacobian {
            x: point.x,
            y: point.y,
            z: Residue::ONE,
        }
    }

    fn is_infinity(&self) -> bool {
        self.z == Residue::ZERO
    }

    /// 2P ("dbl-2001-b"). A point with y = 0 would double to infinity through Z3 = 2·Y1·Z1 = 0;
    /// the NIST curves have none (odd order), but the formula needs no special case for it.
    fn double(&self) -> Self {
        if self.is_infinity() {
            return *self;
        }
        let delta = self.z.square();
        let gamma = self.y.square();
        let beta = self.x.mul(&gamma);
        let alpha = {
            let t = self.x.sub(&delta).mul(&self.x.add(&delta));
            t.add(&t).add(&t)
        };
        let beta4 = twice(&twice(&beta));
        let x3 = alpha.square().sub(&twice(&beta4));
        let z3 = self.y.add(&self.z).square().sub(&gamma).sub(&delta);
        let gamma_sq8 = twice(&twice(&twice(&gamma.square())));
        let y3 = alpha.mul(&beta4.sub(&x3)).sub(&gamma_sq8);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// −P.
    fn negate(&self) -> Self {
        Jacobian {
            x: self.x,
            y: self.y.neg(),
            z: self.z,
        }
    }

    /// P + Q ("add-2007-bl"), with the cases the formula cannot take: either point at infinity,
    /// P = Q (a doubling) and P = −Q (infinity).
    fn add(&self, q: &Self) -> Self {
        if self.is_infinity() {
            return *q;
        }
        if q.is_infinity() {
            return *self;
        }
        let z1z1 = self.z.square();
        let z2z2 = q.z.square();
        let u1 = self.x.mul(&z2z2);
        let u2 = q.x.mul(&z1z1);
        let s1 = self.y.mul(&q.z).mul(&z2z2);
        let s2 = q.y.mul(&self.z).mul(&z1z1);
        let h = u2.sub(&u1);
        let r = twice(&s2.sub(&s1));
        if h == Residue::ZERO {
            return if r == Residue::ZERO {
                self.double()
            } else {
                Self::INFINITY
            };
        }
        let i = twice(&h).square();
        let j = h.mul(&i);
        let v = u1.mul(&i);
        let x3 = r.square().sub(&j).sub(&twice(&v));
        let y3 = r.mul(&v.sub(&x3)).sub(&twice(&s1.mul(&j)));
        let z3 = twice(&self.z.mul(&q.z)).mul(&h);
        Jacobian {
            x: x3,
            y: y3,
            z: z3,
        }
    }

    /// P, 3P, 5P, …: the odd multiples a window's digits select.
    fn odd_multiples(p: &Affine<M, L>) -> [Self; TABLE] {
        let p = Self::from_affine(p);
        let p2 = p.double();
        let mut table = [p; TABLE];
        for i in 1..TABLE {
            if let (Some(previous), Some(entry)) = (
                i.checked_sub(1).and_then(|p| table.get(p)).copied(),
                table.get_mut(i),
            ) {
                *entry = previous.add(&p2);
            }
        }
        table
    }

    /// a·P + b·Q in one pass of doublings over both scalars in width-`WINDOW` NAF ("interleaved
    /// wNAF"): on average one addition per `WINDOW + 1` bits of each scalar.
    fn double_scalar_mul(a: &Uint<L>, p: &Affine<M, L>, b: &Uint<L>, q: &Affine<M, L>) -> Self {
        let terms = [
            (wnaf(a), Self::odd_multiples(p)),
            (wnaf(b), Self::odd_multiples(q)),
        ];
        let top = terms
            .iter()
            .map(|(digits, _)| digits.len())
            .max()
            .unwrap_or(0);
        let mut acc = Self::INFINITY;
        for position in (0..top).rev() {
            acc = acc.double();
            for (digits, table) in &terms {
                let digit = digits.get(position).copied().unwrap_or(0);
                // Digit d (odd) selects |d|·P, the table's entry (|d| − 1) / 2.
                if let Some(multiple) = table.get(usize::from(digit.unsigned_abs() / 2)) {
                    if digit > 0 {
                        acc = acc.add(multiple);
                    } else if digit < 0 {
                        acc = acc.add(&multiple.negate());
                    }
                }
            }
        }
        acc
    }
}

/// Signed window width for scalar multiplication: tables of `TABLE` odd multiples.
const WINDOW: u32 = 5;
const TABLE: usize = 1 << (WINDOW - 2);

/// The width-`WINDOW` non-adjacent form of k, least significant digit first: k = Σ dᵢ·2ⁱ, each
/// dᵢ zero or odd with |dᵢ| < 2^(WINDOW−1), and every nonzero digit followed by WINDOW − 1 zeros.
///
/// Subtracting a negative digit adds at most 2^(WINDOW−1) to k; the scalars here are below the
/// group order, which is that far below 2^BITS on every curve, so nothing overflows.
fn wnaf<const L: usize>(k: &Uint<L>) -> Vec<i8> {
    const MODULUS: i8 = 1 << WINDOW;
    const MASK: Word = (1 << WINDOW) - 1;
    let mut k = *k;
    let mut digits = Vec::with_capacity(k.bits_vartime().saturating_add(1));
    while k != Uint::ZERO {
        let mut digit = 0;
        if k.bit_vartime(0) {
            // k mod 2^WINDOW (below MODULUS, so the cast keeps it), as a residue centred on 0.
            let low = (low_word(&k) & MASK) as i8;
            digit = if low < MODULUS / 2 {
                low
            } else {
                // Exact: low is in [MODULUS/2, MODULUS), so the result is in [-MODULUS/2, 0).
                low.saturating_sub(MODULUS)
            };
            let magnitude = Uint::from_u8(digit.unsigned_abs());
            k = if digit > 0 {
                k.wrapping_sub(&magnitude)
            } else {
                k.wrapping_add(&magnitude)
            };
        }
        digits.push(digit);
        k = k.shr_vartime(1);
    }
    digits
}

fn twice<M: ResidueParams<L>, const L: usize>(value: &Residue<M, L>) -> Residue<M, L> {
    value.add(value)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]
    use super::*;

    impl<M: ResidueParams<L>, const L: usize> Jacobian<M, L> {
        /// The affine point, or `None` for the point at infinity: to compare points in tests.
        fn to_affine(self) -> Option<Affine<M, L>> {
            let z_inv = Option::<Residue<M, L>>::from(Invert::invert(&self.z))?;
            let z_inv2 = z_inv.square();
            Some(Affine {
                x: self.x.mul(&z_inv2),
                y: self.y.mul(&z_inv2).mul(&z_inv),
            })
        }
    }

    fn order<C: Curve<L>, const L: usize>() -> Uint<L> {
        <C::Order as ResidueParams<L>>::MODULUS
    }

    /// The constants hang together: G is on the curve, n·G is the point at infinity and
    /// (n − 1)·G = −G, so n is G's order.
    fn check_constants<C: Curve<L>, const L: usize>() {
        let g = generator::<C, L>();
        assert!(is_on_curve::<C, L>(&g), "{}: G is on the curve", C::NAME);
        let n = order::<C, L>();
        // verify_digest relies on n < p < 2n.
        let p = <C::Field as ResidueParams<L>>::MODULUS;
        assert!(n < p && p.wrapping_sub(&n) < n, "{}: n < p < 2n", C::NAME);
        let zero = Uint::ZERO;
        assert!(
            Jacobian::double_scalar_mul(&n, &g, &zero, &g).is_infinity(),
            "{}: n·G = ∞",
            C::NAME
        );
        let minus_g = Jacobian::double_scalar_mul(&n.wrapping_sub(&Uint::ONE), &g, &zero, &g)
            .to_affine()
            .unwrap();
        assert_eq!(minus_g.x, g.x, "{}", C::NAME);
        assert_eq!(minus_g.y, g.y.neg(), "{}", C::NAME);
        // The joint pass agrees with separately computed multiples: 5G + 7G = 12G, where the
        // running sum meets the other scalar's table entries (P = Q = G).
        let five_plus_seven =
            Jacobian::double_scalar_mul(&Uint::from_u8(5), &g, &Uint::from_u8(7), &g);
        let twelve = Jacobian::double_scalar_mul(&Uint::from_u8(12), &g, &zero, &g);
        assert_eq!(
            five_plus_seven.to_affine(),
            twelve.to_affine(),
            "{}",
            C::NAME
        );
        // And with Q = −G: 9G + 4(−G) = 5G.
        let nine_minus_four =
            Jacobian::double_scalar_mul(&Uint::from_u8(9), &g, &Uint::from_u8(4), &minus_g);
        let five = Jacobian::double_scalar_mul(&Uint::from_u8(5), &g, &zero, &g);
        assert_eq!(nine_minus_four.to_affine(), five.to_affine(), "{}", C::NAME);
    }

    #[test]
    fn curve_constants_are_consistent() {
        check_constants::<P256, { U256::LIMBS }>();
        check_constants::<P384, { U384::LIMBS }>();
        check_constants::<P521, { U576::LIMBS }>();
    }

    /// Σ dᵢ·2ⁱ = k, every nonzero digit odd and below 2^(WINDOW−1) in magnitude, and followed
    /// by at least WINDOW − 1 zeros.
    #[test]
    fn wnaf_digits_rebuild_the_scalar() {
        let n = order::<P521, { U576::LIMBS }>();
        let scalars = [
            U576::ZERO,
            U576::ONE,
            U576::from_u8(15),
            U576::from_u8(16),
            U576::from_u8(17),
            U576::from_u8(31),
            U576::from_u64(0xdead_beef_0bad_f00d),
            U576::from_u64(u64::MAX),
            n.wrapping_sub(&U576::ONE),
            n.shr_vartime(3),
        ];
        for k in scalars {
            let digits = wnaf(&k);
            let (mut plus, mut minus) = (U576::ZERO, U576::ZERO);
            for (i, digit) in digits.iter().enumerate() {
                let term = U576::from_u8(digit.unsigned_abs()).shl_vartime(i);
                if *digit > 0 {
                    plus = plus.wrapping_add(&term);
                } else {
                    minus = minus.wrapping_add(&term);
                }
                if *digit != 0 {
                    assert!(digit % 2 != 0 && digit.unsigned_abs() < 1 << (WINDOW - 1));
                    let following = digits.iter().skip(i + 1).take(WINDOW as usize - 1);
                    assert!(following.copied().all(|d| d == 0), "{k}: {digits:?}");
                }
            }
            assert_eq!(plus.wrapping_sub(&minus), k);
            assert!(digits.last().is_none_or(|d| *d != 0));
        }
    }

    /// The addition's special cases: P + ∞, ∞ + P, P + P = 2P and P + (−P) = ∞.
    #[test]
    fn addition_special_cases() {
        let g = Jacobian::from_affine(&generator::<P256, { U256::LIMBS }>());
        let infinity = Jacobian::<P256Field, { U256::LIMBS }>::INFINITY;
        assert_eq!(g.add(&infinity).to_affine(), g.to_affine());
        assert_eq!(infinity.add(&g).to_affine(), g.to_affine());
        assert_eq!(g.add(&g).to_affine(), g.double().to_affine());
        assert!(g.add(&g.negate()).is_infinity());
        // The same points with a Z other than 1.
        let g2 = g.double();
        let g3 = g2.add(&g);
        assert_eq!(g3.add(&g3).to_affine(), g3.double().to_affine());
        assert!(g3.add(&g3.negate()).is_infinity());
        assert_eq!(g3.add(&g2.negate()).to_affine(), g.to_affine());
    }

    #[test]
    fn hash_longer_than_the_order_keeps_its_leftmost_bits() {
        // A 512-bit hash against a 256-bit order keeps the first 32 bytes.
        let digest: Vec<u8> = (0..64).collect();
        let e = hash_to_integer::<{ U256::LIMBS }>(&digest, 256).unwrap();
        assert_eq!(e, U256::from_be_slice(&digest[..32]));
        // Against a 521-bit order, a 512-bit hash is kept whole.
        let e = hash_to_integer::<{ U576::LIMBS }>(&digest, 521).unwrap();
        assert_eq!(e, uint::<{ U576::LIMBS }>(&digest).unwrap());
        // Against a 250-bit order, 32 bytes are taken and the low 6 bits of them dropped.
        let e = hash_to_integer::<{ U256::LIMBS }>(&digest, 250).unwrap();
        assert_eq!(e, U256::from_be_slice(&digest[..32]).shr_vartime(6));
    }

    #[test]
    fn bytes_to_integers() {
        assert_eq!(uint::<{ U256::LIMBS }>(&[]), Some(U256::ZERO));
        assert_eq!(
            uint::<{ U256::LIMBS }>(&[1, 2]),
            Some(U256::from_u16(0x0102))
        );
        let mut long = vec![0u8; 40];
        long[39] = 7;
        assert_eq!(uint::<{ U256::LIMBS }>(&long), Some(U256::from_u8(7)));
        long[0] = 1;
        assert_eq!(uint::<{ U256::LIMBS }>(&long), None);
    }

    #[test]
    fn points_are_checked() {
        let gx = [0x6b, 0x17];
        assert_eq!(
            P256Key::from_coordinates(&gx, &gx).unwrap_err(),
            PointError::Length
        );
        let p = [0xffu8; 32];
        assert_eq!(
            P256Key::from_coordinates(&p, &p).unwrap_err(),
            PointError::OutOfRange
        );
        let one = {
            let mut b = [0u8; 32];
            b[31] = 1;
            b
        };
        assert_eq!(
            P256Key::from_coordinates(&one, &one).unwrap_err(),
            PointError::NotOnCurve
        );
    }
}
