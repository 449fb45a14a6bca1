//! RSASSA-PKCS1-v1_5 signature verification (RFC 8017 §8.2.2) for RS256/384/512.
//!
//! Why not the `rsa` crate: its verifier rebuilds the key and its Montgomery parameters on every
//! call through `num-bigint-dig`, which made RSA the slowest part of a check. Here the public key's
//! Montgomery parameters (crypto-bigint, already in the tree through the elliptic-curve crates)
//! are computed once per distinct key and memoised, and verification is the RFC's recommended
//! method: compute `s^e mod n` and compare it with the expected encoding byte for byte, with no
//! ASN.1 parsing of attacker-controlled data. `tests/rsa_differential.rs` checks agreement with
//! the `rsa` crate.
//!
//! The memo is a pure cache of a pure function of the key bytes: it cannot change any verdict.

use crypto_bigint::modular::runtime_mod::{DynResidue, DynResidueParams};
use crypto_bigint::{Limb, Uint, Word};
use sha2::{Digest, Sha256, Sha384, Sha512};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The hash of an RS* algorithm.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Hash {
    /// RS256.
    Sha256,
    /// RS384.
    Sha384,
    /// RS512.
    Sha512,
}

impl Hash {
    /// RFC 8017 §9.2 note 1: the DER DigestInfo prefix for each hash.
    fn digest_info_prefix(self) -> &'static [u8] {
        match self {
            Hash::Sha256 => &[
                0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x01, 0x05, 0x00, 0x04, 0x20,
            ],
            Hash::Sha384 => &[
                0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x02, 0x05, 0x00, 0x04, 0x30,
            ],
            Hash::Sha512 => &[
                0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02,
                0x03, 0x05, 0x00, 0x04, 0x40,
            ],
        }
    }

    fn digest(self, message: &[u8]) -> Vec<u8> {
        match self {
            Hash::Sha256 => Sha256::digest(message).to_vec(),
            Hash::Sha384 => Sha384::digest(message).to_vec(),
            Hash::Sha512 => Sha512::digest(message).to_vec(),
        }
    }
}

/// Montgomery parameters sized for the modulus.
#[derive(Clone, Debug)]
#[expect(
    clippy::large_enum_variant,
    reason = "always held behind an Rc, so the variants' sizes cost nothing"
)]
enum Params {
    Bits1024(DynResidueParams<{ crypto_bigint::U1024::LIMBS }>),
    Bits2048(DynResidueParams<{ crypto_bigint::U2048::LIMBS }>),
    Bits3072(DynResidueParams<{ crypto_bigint::U3072::LIMBS }>),
    Bits4096(DynResidueParams<{ crypto_bigint::U4096::LIMBS }>),
}

/// An RSA public key prepared for verification.
#[derive(Clone, Debug)]
pub struct RsaPublicKey {
    /// The modulus length in bytes (`k` in RFC 8017).
    k: usize,
    /// The modulus length in bits.
    bits: usize,
    e: u64,
    /// The modulus, minimal big-endian: what ring takes natively.
    n: Rc<[u8]>,
    /// Montgomery parameters, computed on the first portable verification: reading a JWKS costs
    /// no bignum work for keys no token ever uses.
    params: OnceCell<Rc<Params>>,
}

/// Smallest and largest moduli accepted. ASSUMED: AWS documents no limits; these are the usual
/// library bounds (the `rsa` crate refuses moduli over 4096 bits too).
pub const MIN_BITS: usize = 1024;
/// See [`MIN_BITS`].
pub const MAX_BITS: usize = 4096;

thread_local! {
    // INVARIANT: maps modulus bytes to parameters computed from exactly those bytes.
    static PARAMS: RefCell<HashMap<Vec<u8>, Rc<Params>>> = RefCell::new(HashMap::new());
}

/// Keep the memo small: a JWKS rarely has more than a handful of RSA keys.
const MEMO_CAPACITY: usize = 64;

/// The largest public exponent accepted, 2^33 − 1. ASSUMED: AWS documents no limit; ring and the
/// `rsa` crate refuse larger exponents, and real keys use 65537.
pub const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// The size in bits of a minimal big-endian modulus.
fn modulus_bits(n: &[u8]) -> Result<usize, String> {
    let Some(first) = n.first() else {
        return Err("the modulus is empty".to_string());
    };
    if *first == 0 {
        return Err(format!(
            "the modulus has a leading zero octet ({} octets); it must be the minimal encoding",
            n.len()
        ));
    }
    // `n.len()` octets, less the unused high bits of the first one (fewer than 8).
    n.len()
        .checked_mul(8)
        .and_then(|bits| bits.checked_sub(first.leading_zeros() as usize))
        .ok_or_else(|| "the modulus is too long".to_string())
}

/// A minimal big-endian public exponent: odd, from 3 to [`MAX_EXPONENT`].
fn public_exponent(e: &[u8]) -> Result<u64, String> {
    match e.first() {
        None => return Err("the public exponent is empty".to_string()),
        Some(0) => {
            return Err(
                "the public exponent has a leading zero octet; it must be the minimal encoding"
                    .to_string(),
            );
        }
        Some(_) if e.len() > 8 => {
            return Err(format!(
                "the public exponent is {} octets long, more than the largest supported, 2^33 - 1",
                e.len()
            ));
        }
        Some(_) => {}
    }
    // At most 8 octets (checked above), so the shifts never drop a set bit.
    let e = e.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
    if e < 3 || e & 1 == 0 || e > MAX_EXPONENT {
        return Err(format!(
            "the public exponent {e} is not an odd number from 3 to 2^33 - 1"
        ));
    }
    Ok(e)
}

impl RsaPublicKey {
    /// Prepare a key from its modulus and exponent, both minimal big-endian (RFC 7518 §6.3.1:
    /// no leading zero octet). Every precondition is checked here, whatever the caller did.
    pub fn new(n: &[u8], e: &[u8]) -> Result<RsaPublicKey, String> {
        let bits = modulus_bits(n)?;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(format!(
                "a {bits}-bit modulus is outside the supported {MIN_BITS} to {MAX_BITS} bits"
            ));
        }
        if n.last().is_none_or(|b| b & 1 == 0) {
            return Err("the modulus is even, so it is not an RSA modulus".to_string());
        }
        let e = public_exponent(e)?;
        Ok(RsaPublicKey {
            k: n.len(),
            bits,
            e,
            n: Rc::from(n),
            params: OnceCell::new(),
        })
    }

    /// The Montgomery parameters for the modulus, from the memo or computed once.
    fn params(&self) -> &Params {
        self.params.get_or_init(|| {
            let n = &self.n[..];
            PARAMS.with(|memo| {
                if let Some(params) = memo.borrow().get(n) {
                    return Rc::clone(params);
                }
                let params = Rc::new(match self.bits {
                    0..=1024 => Params::Bits1024(DynResidueParams::new(&uint(n))),
                    1025..=2048 => Params::Bits2048(DynResidueParams::new(&uint(n))),
                    2049..=3072 => Params::Bits3072(DynResidueParams::new(&uint(n))),
                    _ => Params::Bits4096(DynResidueParams::new(&uint(n))),
                });
                let mut memo = memo.borrow_mut();
                if memo.len() >= MEMO_CAPACITY {
                    memo.clear();
                }
                memo.insert(n.to_vec(), Rc::clone(&params));
                params
            })
        })
    }

    /// The modulus size in bits.
    pub fn bits(&self) -> usize {
        self.bits
    }

    /// RFC 8017 §8.2.2: verify `signature` over `message`. Natively, keys of 2048 bits and more
    /// go to ring's assembly, about a third
    /// faster; the others, and everything in wasm, to [`RsaPublicKey::verify_portable`].
    /// tests/rsa_differential.rs checks that both give the same answers.
    pub fn verify(&self, hash: Hash, message: &[u8], signature: &[u8]) -> bool {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(answer) = native::verify(self, hash, message, signature) {
            return answer;
        }
        self.verify_portable(hash, message, signature)
    }

    /// The pure-Rust verifier (crypto-bigint), the reference for the native fast path.
    pub fn verify_portable(&self, hash: Hash, message: &[u8], signature: &[u8]) -> bool {
        // Step 1: the signature is exactly k octets.
        if signature.len() != self.k {
            return false;
        }
        let Some(em) = self.apply_public_exponent(signature) else {
            return false;
        };
        em == expected_encoding(hash, &hash.digest(message), self.k)
    }

    /// RSAVP1: `s^e mod n` as k octets; `None` when `s >= n`.
    fn apply_public_exponent(&self, signature: &[u8]) -> Option<Vec<u8>> {
        match self.params() {
            Params::Bits1024(p) => pow(p, signature, self.e, self.k),
            Params::Bits2048(p) => pow(p, signature, self.e, self.k),
            Params::Bits3072(p) => pow(p, signature, self.e, self.k),
            Params::Bits4096(p) => pow(p, signature, self.e, self.k),
        }
    }
}

/// EMSA-PKCS1-v1_5 (RFC 8017 §9.2): `00 01 FF… 00 DigestInfo(H)`, k octets.
fn expected_encoding(hash: Hash, digest: &[u8], k: usize) -> Vec<u8> {
    let prefix = hash.digest_info_prefix();
    // `00` and `T` after the padding string; saturating, because these are a few dozen octets.
    let tail = prefix.len().saturating_add(digest.len()).saturating_add(1);
    let mut em = Vec::with_capacity(k);
    em.extend_from_slice(&[0x00, 0x01]);
    em.resize(k.saturating_sub(tail), 0xff);
    em.push(0x00);
    em.extend_from_slice(prefix);
    em.extend_from_slice(digest);
    em
}

/// A big-endian byte string as a `Uint`, left-padded to the type's width.
fn uint<const L: usize>(bytes: &[u8]) -> Uint<L> {
    let width = L.saturating_mul(Limb::BYTES);
    let mut padded = vec![0u8; width.saturating_sub(bytes.len())];
    padded.extend_from_slice(bytes);
    padded.truncate(width);
    Uint::from_be_slice(&padded)
}

fn pow<const L: usize>(
    params: &DynResidueParams<L>,
    signature: &[u8],
    e: u64,
    k: usize,
) -> Option<Vec<u8>> {
    let s = uint::<L>(signature);
    // RSAVP1 step 1: the representative must be less than the modulus.
    if &s >= params.modulus() {
        return None;
    }
    // Left-to-right square-and-multiply. The exponent is public, so variable time is fine, and
    // for e = 65537 this is 16 squarings and one multiplication; crypto-bigint's windowed `pow`
    // would first build a table of 16 powers.
    let base = DynResidue::new(&s, *params);
    let mut acc = base;
    // Every bit below the top one; `e >= 3` (checked in `new`), so there is at least one.
    for bit in (0..(u64::BITS - 1).saturating_sub(e.leading_zeros())).rev() {
        acc = acc.square();
        if (e >> bit) & 1 == 1 {
            acc = acc.mul(&base);
        }
    }
    let m = acc.retrieve();
    // Words are little-endian; bytes within a word big-endian.
    let mut bytes: Vec<u8> = m
        .as_words()
        .iter()
        .rev()
        .flat_map(|w: &Word| w.to_be_bytes())
        .collect();
    bytes.drain(..bytes.len().saturating_sub(k));
    Some(bytes)
}

/// ring's RSA verification, natively. It takes moduli of 2048 to 8192 bits and public exponents
/// of at most 33 bits (all that [`RsaPublicKey::new`] accepts), so smaller keys stay with the
/// portable verifier.
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use super::{Hash, RsaPublicKey};
    use ring::signature::{self, RsaParameters, RsaPublicKeyComponents};

    /// `None` when ring does not take this key.
    pub(super) fn verify(
        key: &RsaPublicKey,
        hash: Hash,
        message: &[u8],
        signature: &[u8],
    ) -> Option<bool> {
        if key.bits < 2048 {
            return None;
        }
        let parameters: &RsaParameters = match hash {
            Hash::Sha256 => &signature::RSA_PKCS1_2048_8192_SHA256,
            Hash::Sha384 => &signature::RSA_PKCS1_2048_8192_SHA384,
            Hash::Sha512 => &signature::RSA_PKCS1_2048_8192_SHA512,
        };
        // ring wants the exponent minimal big-endian too.
        let e = key.e.to_be_bytes();
        let e = e.get(e.iter().take_while(|b| **b == 0).count()..)?;
        let components = RsaPublicKeyComponents { n: &key.n[..], e };
        Some(components.verify(parameters, message, signature).is_ok())
    }
}
