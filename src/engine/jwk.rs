//! The JWKS the issuer serves: reading it strictly and choosing the key for a token.
//!
//! STS accepts RSA keys for RS256/384/512 and EC keys on P-256, P-384 and P-521 for
//! ES256/384/512. The algorithm must fit the key's `kty` and `crv`, which is what defeats `none`,
//! HS256 key confusion, PS*, EdDSA and curve swaps. Encodings are read strictly: STS refused a
//! JWKS whose RSA modulus carried a leading zero octet (README, Fidelity).

use super::ec_verify::{P256Key, P384Key, P521Key};
use super::ecdsa;
use super::json::{pointer, pointer_index, type_name};
use super::rsa_pkcs1::{self, RsaPublicKey};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// The algorithms STS accepts (AWS API reference; ECDSA since 20 Nov 2024).
pub const ALLOWED_ALGORITHMS: [&str; 6] = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512"];

/// The most keys a JWKS may hold. ASSUMED: AWS documents no limit; one user found that STS
/// could not find the token's key in a JWKS of more than 100 keys (spiffe/spire#4699). A larger
/// JWKS is refused before any key in it is read, which also bounds the work a hostile JWKS costs.
pub const MAX_KEYS: usize = 100;

/// A public key ready to verify signatures.
#[derive(Clone)]
pub enum PublicKey {
    /// An RSA key.
    Rsa(RsaPublicKey),
    /// An EC key on P-256.
    P256(P256Key),
    /// An EC key on P-384.
    P384(P384Key),
    /// An EC key on P-521.
    P521(P521Key),
}

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

impl PublicKey {
    /// The one algorithm family this key can verify, as STS would use it: `RS*` for RSA,
    /// and exactly one `ES*` per curve.
    pub fn fits(&self, alg: &str) -> bool {
        match self {
            PublicKey::Rsa(_) => matches!(alg, "RS256" | "RS384" | "RS512"),
            PublicKey::P256(_) => alg == "ES256",
            PublicKey::P384(_) => alg == "ES384",
            PublicKey::P521(_) => alg == "ES512",
        }
    }

    /// A short description, e.g. "RSA 2048-bit" or "EC P-256".
    pub fn describe(&self) -> String {
        match self {
            PublicKey::Rsa(key) => format!("RSA {}-bit", key.bits()),
            PublicKey::P256(_) => "EC P-256".to_string(),
            PublicKey::P384(_) => "EC P-384".to_string(),
            PublicKey::P521(_) => "EC P-521".to_string(),
        }
    }
}

/// One member of the JWKS's `keys` array, read as far as it could be.
#[derive(Clone, Debug)]
pub struct JwkEntry {
    /// Position in `keys`.
    pub index: usize,
    /// JSON pointer of the key in the scenario.
    pub path: String,
    /// `kid`, when present.
    pub kid: Option<String>,
    /// `kty` as written.
    pub kty: String,
    /// `alg`, when present.
    pub alg: Option<String>,
    /// The key, or why it cannot be used.
    pub key: Result<PublicKey, String>,
}

/// Why the JWKS document as a whole is unusable.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JwksError {
    /// JSON pointer of the problem.
    pub path: String,
    /// What is wrong.
    pub detail: String,
    /// Whether the refusal rests on a choice of ours rather than on AWS documentation.
    pub assumed: bool,
}

/// Read a JWKS given as an object or as JSON text. `path` is the JWKS's pointer in the scenario.
pub fn read_jwks(value: &Value, path: &str) -> Result<Vec<JwkEntry>, JwksError> {
    let parsed;
    let document = match value {
        Value::String(text) => {
            parsed = serde_json::from_str::<Value>(text).map_err(|err| JwksError {
                path: path.to_string(),
                detail: format!("the JWKS text is not valid JSON: {err}"),
                assumed: false,
            })?;
            &parsed
        }
        other => other,
    };
    let Some(keys) = document.get("keys") else {
        return Err(JwksError {
            path: path.to_string(),
            detail: "a JWKS is an object with a `keys` array; this one has no `keys`".to_string(),
            assumed: false,
        });
    };
    let Value::Array(keys) = keys else {
        return Err(JwksError {
            path: pointer(path, "keys"),
            detail: format!("`keys` must be an array, found {}", type_name(keys)),
            assumed: false,
        });
    };
    let keys_path = pointer(path, "keys");
    if keys.len() > MAX_KEYS {
        return Err(JwksError {
            path: keys_path,
            detail: format!(
                "the JWKS has {} keys; STS is reported to find no key in a JWKS of more than {MAX_KEYS}",
                keys.len()
            ),
            assumed: true,
        });
    }
    Ok(keys
        .iter()
        .enumerate()
        .map(|(index, key)| read_jwk(key, index, &pointer_index(&keys_path, index)))
        .collect())
}

/// An optional text member: `Err` when it is present but not a string (RFC 7517 §4 gives every
/// member used here a string value). `null` counts as absent.
fn text(map: &Map<String, Value>, name: &str) -> Result<Option<String>, String> {
    match map.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(format!(
            "`{name}` must be a string, found {}",
            type_name(other)
        )),
    }
}

fn read_jwk(value: &Value, index: usize, path: &str) -> JwkEntry {
    let Value::Object(map) = value else {
        return JwkEntry {
            index,
            path: path.to_string(),
            kid: None,
            kty: String::new(),
            alg: None,
            key: Err(format!(
                "a JWK must be an object, found {}",
                type_name(value)
            )),
        };
    };
    let kty = text(map, "kty");
    let kid = text(map, "kid");
    let alg = text(map, "alg");
    // ASSUMED: a member of the wrong type makes the key unusable rather than being ignored.
    let well_typed = [&kid, &alg, &kty]
        .into_iter()
        .find_map(|member| member.as_ref().err().cloned())
        .map_or(Ok(()), Err);
    let key = well_typed
        .and_then(|()| usable_for_signatures(map))
        .and_then(|()| match kty.as_ref().ok().and_then(Option::as_deref) {
            Some("RSA") => read_rsa(map),
            Some("EC") => read_ec(map),
            None => Err("`kty` is missing".to_string()),
            Some(other) => Err(format!(
                "`kty` `{other}` is not a key type STS verifies with (only RSA and EC)"
            )),
        });
    JwkEntry {
        index,
        path: path.to_string(),
        kid: kid.unwrap_or_default(),
        kty: kty.unwrap_or_default().unwrap_or_default(),
        alg: alg.unwrap_or_default(),
        key,
    }
}

/// RFC 7517 §4.2 and §4.3: a key marked for encryption only is not a signature key. `use` is a
/// string and `key_ops` an array of strings; any other type makes the key unusable.
fn usable_for_signatures(map: &Map<String, Value>) -> Result<(), String> {
    if let Some(usage) = text(map, "use")?
        && usage != "sig"
    {
        return Err(format!("`use` is \"{usage}\", not \"sig\""));
    }
    match map.get("key_ops") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(ops)) if ops.iter().all(Value::is_string) => ops
            .iter()
            .any(|op| op == "verify")
            .then_some(())
            .ok_or_else(|| "`key_ops` does not include \"verify\"".to_string()),
        Some(other) => Err(format!(
            "`key_ops` must be an array of strings, found {}",
            match other {
                Value::Array(_) => "an array with a member that is not a string",
                other => type_name(other),
            }
        )),
    }
}

/// Decode a base64url member strictly: the URL-safe alphabet, no padding, no whitespace.
fn member_bytes(map: &Map<String, Value>, name: &str) -> Result<Vec<u8>, String> {
    match map.get(name) {
        None => Err(format!("`{name}` is missing")),
        Some(Value::String(text)) => URL_SAFE_NO_PAD
            .decode(text)
            .map_err(|err| format!("`{name}` is not unpadded base64url: {err}")),
        Some(other) => Err(format!(
            "`{name}` must be a string, found {}",
            type_name(other)
        )),
    }
}

fn read_rsa(map: &Map<String, Value>) -> Result<PublicKey, String> {
    let n = member_bytes(map, "n")?;
    let e = member_bytes(map, "e")?;
    // RFC 7518 §6.3.1.1: the modulus is the minimal big-endian encoding. STS refuses a leading
    // zero octet (jenkinsci/oidc-provider-plugin#205).
    if n.first() == Some(&0) {
        return Err(format!(
            "`n` has a leading zero octet ({} bytes); RFC 7518 §6.3.1.1 requires the minimal encoding, and STS refuses it",
            n.len()
        ));
    }
    if e.first() == Some(&0) || e.is_empty() {
        return Err("`e` is not a minimal big-endian integer".to_string());
    }
    RsaPublicKey::new(&n, &e)
        .map(PublicKey::Rsa)
        .map_err(|problem| format!("not a usable RSA public key: {problem}"))
}

fn read_ec(map: &Map<String, Value>) -> Result<PublicKey, String> {
    let Some(crv) = text(map, "crv")? else {
        return Err("`crv` is missing".to_string());
    };
    let crv = crv.as_str();
    let x = member_bytes(map, "x")?;
    let y = member_bytes(map, "y")?;
    let size = match crv {
        "P-256" => 32,
        "P-384" => 48,
        "P-521" => 66,
        other => {
            return Err(format!(
                "curve `{other}` is not one STS verifies with (P-256, P-384, P-521)"
            ));
        }
    };
    // RFC 7518 §6.2.1.2: coordinates are exactly the field size, zero-padded.
    if x.len() != size || y.len() != size {
        return Err(format!(
            "`x` and `y` must be {size} bytes each on {crv}, found {} and {}",
            x.len(),
            y.len()
        ));
    }
    // SEC 1 v2 §3.2.2.1: both coordinates below p, and the point on the curve.
    let not_on_curve = |_| format!("the point is not on {crv}");
    match crv {
        "P-256" => P256Key::from_coordinates(&x, &y)
            .map(PublicKey::P256)
            .map_err(not_on_curve),
        "P-384" => P384Key::from_coordinates(&x, &y)
            .map(PublicKey::P384)
            .map_err(not_on_curve),
        _ => P521Key::from_coordinates(&x, &y)
            .map(PublicKey::P521)
            .map_err(not_on_curve),
    }
}

/// Verify `signature` over `message` with `key` and `alg`. The caller has checked `key.fits(alg)`.
pub fn verify(key: &PublicKey, alg: &str, message: &[u8], signature: &[u8]) -> bool {
    match (key, alg) {
        (PublicKey::Rsa(key), "RS256") => key.verify(rsa_pkcs1::Hash::Sha256, message, signature),
        (PublicKey::Rsa(key), "RS384") => key.verify(rsa_pkcs1::Hash::Sha384, message, signature),
        (PublicKey::Rsa(key), "RS512") => key.verify(rsa_pkcs1::Hash::Sha512, message, signature),
        (PublicKey::P256(key), "ES256") => ecdsa::verify_p256(key, message, signature),
        (PublicKey::P384(key), "ES384") => ecdsa::verify_p384(key, message, signature),
        (PublicKey::P521(key), "ES512") => ecdsa::verify_p521(key, message, signature),
        _ => false,
    }
}
