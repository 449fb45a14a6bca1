//! ECDSA verification for ES256, ES384 and ES512, with JWS's raw fixed-size `r || s` signatures
//! (RFC 7518 §3.4), not DER.
//!
//! Two backends give the same answer for every input:
//! - [`ec_verify`](super::ec_verify): one small generic verifier over crypto-bigint for all three
//!   curves. The wasm build uses it for everything, and natively it verifies ES512.
//! - natively, `ring`'s assembly P-256 and P-384 (README, Development: the speed figures). ring
//!   has no P-521.
//!
//! Both reject `r` or `s` outside `[1, n-1]` and accept both `s` and `n - s` (neither enforces
//! low-S, and nor does JWS). The key was checked to be on its curve when the JWK was read.
//! `tests/ecdsa_differential.rs` checks that the backends agree with each other and with the
//! RustCrypto curve crates.

use super::ec_verify::{P256Key, P384Key, P521Key};

/// Verify an ES256 signature.
pub fn verify_p256(key: &P256Key, message: &[u8], signature: &[u8]) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::verify(
            &ring::signature::ECDSA_P256_SHA256_FIXED,
            key.sec1_uncompressed(),
            message,
            signature,
        )
    }
    #[cfg(target_arch = "wasm32")]
    {
        key.verify(message, signature)
    }
}

/// Verify an ES384 signature.
pub fn verify_p384(key: &P384Key, message: &[u8], signature: &[u8]) -> bool {
    #[cfg(not(target_arch = "wasm32"))]
    {
        native::verify(
            &ring::signature::ECDSA_P384_SHA384_FIXED,
            key.sec1_uncompressed(),
            message,
            signature,
        )
    }
    #[cfg(target_arch = "wasm32")]
    {
        key.verify(message, signature)
    }
}

/// Verify an ES512 signature (always `ec_verify`: ring has no P-521).
pub fn verify_p521(key: &P521Key, message: &[u8], signature: &[u8]) -> bool {
    key.verify(message, signature)
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
