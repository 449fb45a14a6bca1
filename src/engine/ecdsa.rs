//! ECDSA verification for ES256, ES384 and ES512, with JWS's raw fixed-size `r || s` signatures
//! (RFC 7518 §3.4), not DER.
//!
//! Two backends give the same answer for every input:
//! - `portable`: the RustCrypto curve crates (pure Rust). The wasm build uses it, and it is the
//!   reference the other backend is tested against (tests/properties.rs).
//! - natively, `ring`'s assembly P-256 and P-384, about 3.5× faster than the pure-Rust curves
//!   (README, Development: the speed figures). ring has no P-521, so ES512 stays portable.
//!
//! Both reject `r` or `s` outside `[1, n-1]` and accept both `s` and `n - s` (neither enforces
//! low-S, and nor does JWS). The key was checked to be on its curve when the JWK was read.

/// Verify an ES256 signature.
pub fn verify_p256(key: &p256::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::verify(
            &ring::signature::ECDSA_P256_SHA256_FIXED,
            key.to_encoded_point(false).as_bytes(),
            message,
            signature,
        )
    }
    #[cfg(target_arch = "wasm32")]
    {
        portable::verify_p256(key, message, signature)
    }
}

/// Verify an ES384 signature.
pub fn verify_p384(key: &p384::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::verify(
            &ring::signature::ECDSA_P384_SHA384_FIXED,
            key.to_encoded_point(false).as_bytes(),
            message,
            signature,
        )
    }
    #[cfg(target_arch = "wasm32")]
    {
        portable::verify_p384(key, message, signature)
    }
}

/// Verify an ES512 signature (always the portable backend).
pub fn verify_p521(key: &p521::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
    portable::verify_p521(key, message, signature)
}

/// ring, on native targets only (it builds C and assembly, which the wasm build avoids).
#[cfg(not(target_arch = "wasm32"))]
mod native {
    use ring::signature::{EcdsaVerificationAlgorithm, UnparsedPublicKey};

    pub(super) fn verify(
        algorithm: &'static EcdsaVerificationAlgorithm,
        sec1_uncompressed: &[u8],
        message: &[u8],
        signature: &[u8],
    ) -> bool {
        UnparsedPublicKey::new(algorithm, sec1_uncompressed)
            .verify(message, signature)
            .is_ok()
    }
}

/// The RustCrypto curves: the reference backend, and the only one in wasm.
pub mod portable {
    use p256::ecdsa::signature::Verifier as _;

    /// ES256 with the `p256` crate.
    pub fn verify_p256(key: &p256::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
        p256::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|sig| key.verify(message, &sig).is_ok())
    }

    /// ES384 with the `p384` crate.
    pub fn verify_p384(key: &p384::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
        p384::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|sig| key.verify(message, &sig).is_ok())
    }

    /// ES512 with the `p521` crate.
    pub fn verify_p521(key: &p521::ecdsa::VerifyingKey, message: &[u8], signature: &[u8]) -> bool {
        p521::ecdsa::Signature::from_slice(signature)
            .is_ok_and(|sig| key.verify(message, &sig).is_ok())
    }
}
