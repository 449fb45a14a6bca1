//! Signing tokens with P-256 keys made on the spot (ES256). The engine never signs; this module
//! is for producing scenarios: the playground's own key, and throwaway keys for redacted links.
//! (The playground makes its RSA keys with the browser's WebCrypto instead: see `web::keys`.)
//!
//! Randomness comes from `getrandom` (the browser's `crypto.getRandomValues` in wasm). Key ids are
//! RFC 7638 thumbprints, so a token's `kid` says which key signed it.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value, json};
use sha2::{Digest, Sha256};

/// A private signing key.
#[derive(Clone)]
pub enum SigningKey {
    /// ECDSA on P-256, for ES256.
    P256(p256::ecdsa::SigningKey),
}

impl std::fmt::Debug for SigningKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "SigningKey({}, kid {})", self.alg(), self.kid())
    }
}

/// Why a key could not be made or a token not signed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SigningError(pub String);

impl std::fmt::Display for SigningError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `rand_core`'s traits over `getrandom`.
struct SystemRng;

impl p256::elliptic_curve::rand_core::RngCore for SystemRng {
    fn next_u32(&mut self) -> u32 {
        let mut b = [0u8; 4];
        self.fill_bytes(&mut b);
        u32::from_le_bytes(b)
    }
    fn next_u64(&mut self) -> u64 {
        let mut b = [0u8; 8];
        self.fill_bytes(&mut b);
        u64::from_le_bytes(b)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        // getrandom only fails where the platform has no entropy source at all; key generation
        // checks for that before it starts, so this cannot leave zeros behind.
        let _ = getrandom::getrandom(dest);
    }
    fn try_fill_bytes(
        &mut self,
        dest: &mut [u8],
    ) -> Result<(), p256::elliptic_curve::rand_core::Error> {
        getrandom::getrandom(dest).map_err(p256::elliptic_curve::rand_core::Error::from)
    }
}

impl p256::elliptic_curve::rand_core::CryptoRng for SystemRng {}

fn entropy_available() -> Result<(), SigningError> {
    getrandom::getrandom(&mut [0u8; 8])
        .map_err(|e| SigningError(format!("no random number source: {e}")))
}

impl SigningKey {
    /// A fresh P-256 key.
    pub fn generate_p256() -> Result<SigningKey, SigningError> {
        entropy_available()?;
        Ok(SigningKey::P256(p256::ecdsa::SigningKey::random(
            &mut SystemRng,
        )))
    }

    /// The JWS algorithm this key signs with.
    pub fn alg(&self) -> &'static str {
        match self {
            SigningKey::P256(_) => "ES256",
        }
    }

    /// The public JWK members that RFC 7638 hashes, in its required order.
    fn thumbprint_members(&self) -> Value {
        match self {
            SigningKey::P256(key) => {
                let point = key.verifying_key().to_encoded_point(false);
                let (x, y) = (point.x().map(|x| x.to_vec()), point.y().map(|y| y.to_vec()));
                json!({"crv": "P-256", "kty": "EC",
                       "x": URL_SAFE_NO_PAD.encode(x.unwrap_or_default()),
                       "y": URL_SAFE_NO_PAD.encode(y.unwrap_or_default())})
            }
        }
    }

    /// The RFC 7638 thumbprint, used as `kid`.
    pub fn kid(&self) -> String {
        thumbprint(&self.thumbprint_members())
    }

    /// The public JWK with `kid`, `alg` and `use`.
    pub fn public_jwk(&self) -> Value {
        let mut jwk = self.thumbprint_members();
        if let Value::Object(map) = &mut jwk {
            map.insert("kid".into(), self.kid().into());
            map.insert("alg".into(), self.alg().into());
            map.insert("use".into(), "sig".into());
        }
        jwk
    }

    /// Sign `claims` as a compact JWS. The header keeps the given members (e.g. `typ`) and gets
    /// this key's `alg` and `kid`.
    pub fn sign(
        &self,
        header: &Map<String, Value>,
        claims: &Map<String, Value>,
    ) -> Result<String, SigningError> {
        let mut header = header.clone();
        header.insert("alg".into(), self.alg().into());
        header.insert("kid".into(), self.kid().into());
        self.sign_keeping_kid(&header, claims)
    }

    /// Sign `claims` as a compact JWS whose header keeps every given member, `kid` included (or
    /// its absence), and gets this key's `alg`. For publishing this key under a key id the
    /// token already names (redaction keeps the header's `kid`).
    pub fn sign_keeping_kid(
        &self,
        header: &Map<String, Value>,
        claims: &Map<String, Value>,
    ) -> Result<String, SigningError> {
        let mut header = header.clone();
        header.insert("alg".into(), self.alg().into());
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(Value::Object(header).to_string()),
            URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string())
        );
        let signature = match self {
            SigningKey::P256(key) => {
                use p256::ecdsa::signature::Signer;
                let signature: p256::ecdsa::Signature = key.sign(signing_input.as_bytes());
                signature.to_bytes().to_vec()
            }
        };
        Ok(format!(
            "{signing_input}.{}",
            URL_SAFE_NO_PAD.encode(signature)
        ))
    }
}

/// RFC 7638: the base64url SHA-256 of the required members, serialized in lexicographic order
/// with no whitespace. `members` must hold exactly those members, in that order.
pub fn thumbprint(members: &Value) -> String {
    URL_SAFE_NO_PAD.encode(Sha256::digest(members.to_string()))
}

/// Put `jwk` into a JWKS document, replacing a key with the same `kid`. A JWKS that is not an
/// object with a `keys` array is replaced by one holding just this key.
pub fn upsert_jwk(jwks: &mut Value, jwk: Value) {
    let kid = jwk.get("kid").cloned();
    if let Some(keys) = jwks.get_mut("keys").and_then(Value::as_array_mut) {
        keys.retain(|k| k.get("kid") != kid.as_ref());
        keys.push(jwk);
    } else {
        *jwks = json!({ "keys": [jwk] });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::jwk::{read_jwks, verify};
    use crate::engine::token::decode;

    #[test]
    fn signed_tokens_verify_with_the_published_key() {
        let key = SigningKey::generate_p256().unwrap();
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        let mut claims = Map::new();
        claims.insert("sub".into(), "x".into());
        let token = key.sign(&header, &claims).unwrap();
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.header_str("kid"), Some(key.kid().as_str()));
        assert_eq!(decoded.header_str("alg"), Some("ES256"));
        let mut jwks = json!({"keys": [{"kid": "old"}]});
        upsert_jwk(&mut jwks, key.public_jwk());
        upsert_jwk(&mut jwks, key.public_jwk());
        assert_eq!(jwks["keys"].as_array().unwrap().len(), 2);
        let entries = read_jwks(&jwks, "").unwrap();
        let public = entries[1].key.as_ref().unwrap();
        assert!(verify(
            public,
            "ES256",
            decoded.signing_input.as_bytes(),
            &decoded.signature
        ));
        assert_ne!(
            SigningKey::generate_p256().unwrap().kid(),
            key.kid(),
            "fresh randomness"
        );
    }

    #[test]
    fn the_rfc_7638_example_thumbprint() {
        // RFC 7638 §3.1: the example RSA key's thumbprint.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        assert_eq!(
            thumbprint(&json!({"e": "AQAB", "kty": "RSA", "n": n})),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }
}
