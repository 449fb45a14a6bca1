//! The playground's own signing keys, made in this browser by WebCrypto: a P-256 key (ES256) and,
//! on request, an RSA 2048 key (RS256). WebCrypto is fast and keeps key generation and signing
//! out of the page's wasm. Private keys never leave this page; they live only as long as it does.
//! Key ids are RFC 7638 thumbprints, so a token's `kid` says which key signed it.

use crate::signing::thumbprint;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair};

/// A key pair held by WebCrypto.
#[derive(Clone)]
struct WebKey {
    /// `ES256` or `RS256`.
    alg: &'static str,
    private: CryptoKey,
    /// The public key's RFC 7638 members, in that RFC's order (`crv kty x y` or `e kty n`).
    members: Value,
    /// The RFC 7638 thumbprint of `members`.
    kid: String,
}

#[derive(Default)]
struct Keys {
    es256: Option<WebKey>,
    rs256: Option<WebKey>,
}

thread_local! {
    static KEYS: RefCell<Keys> = RefCell::new(Keys::default());
}

/// The algorithm of the playground key with this `kid`; `None` when no playground key has it.
pub fn alg_of(kid: &str) -> Option<&'static str> {
    KEYS.with(|keys| {
        let keys = keys.borrow();
        [&keys.es256, &keys.rs256]
            .into_iter()
            .flatten()
            .find(|key| key.kid == kid)
            .map(|key| key.alg)
    })
}

/// The playground key for `alg` (`RS256`, else ES256), made first if there is none yet.
async fn key_for(alg: &str) -> Result<WebKey, String> {
    let rsa = alg == "RS256";
    let held = KEYS.with(|k| {
        let keys = k.borrow();
        if rsa {
            keys.rs256.clone()
        } else {
            keys.es256.clone()
        }
    });
    if let Some(key) = held {
        return Ok(key);
    }
    let key = generate(rsa).await?;
    // Two signings may have raced to make the key: the first one kept wins.
    Ok(KEYS.with(|k| {
        let mut keys = k.borrow_mut();
        let slot = if rsa {
            &mut keys.rs256
        } else {
            &mut keys.es256
        };
        slot.get_or_insert(key).clone()
    }))
}

/// Sign `claims` with the playground key for `alg` (made first if needed). Returns the token, the
/// public JWK and the key id.
pub async fn sign(
    alg: &str,
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
) -> Result<(String, Value, String), String> {
    let key = key_for(alg).await?;
    let mut header = header.clone();
    header.insert("alg".into(), key.alg.into());
    header.insert("kid".into(), key.kid.clone().into());
    let signing_input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(Value::Object(header).to_string()),
        URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string())
    );
    // WebCrypto's ECDSA signature is r ‖ s, each 32 bytes: the form JWS uses (RFC 7518 §3.4).
    let params = if key.alg == "RS256" {
        object(&[("name", "RSASSA-PKCS1-v1_5".into())])?
    } else {
        object(&[("name", "ECDSA".into()), ("hash", "SHA-256".into())])?
    };
    let promise = subtle()?
        .sign_with_object_and_u8_array(&params, &key.private, signing_input.as_bytes())
        .map_err(describe)?;
    let signature = Uint8Array::new(&JsFuture::from(promise).await.map_err(describe)?).to_vec();
    let mut jwk = key.members.clone();
    if let Value::Object(map) = &mut jwk {
        map.insert("kid".into(), key.kid.clone().into());
        map.insert("alg".into(), key.alg.into());
        map.insert("use".into(), "sig".into());
    }
    Ok((
        format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)),
        jwk,
        key.kid,
    ))
}

/// A JS object with these members.
fn object(members: &[(&str, JsValue)]) -> Result<Object, String> {
    let target = Object::new();
    for (name, value) in members {
        Reflect::set(&target, &(*name).into(), value).map_err(describe)?;
    }
    Ok(target)
}

fn subtle() -> Result<web_sys::SubtleCrypto, String> {
    leptos::prelude::window()
        .crypto()
        .map(|c| c.subtle())
        .map_err(describe)
}

fn describe(err: JsValue) -> String {
    err.as_string()
        .or_else(|| {
            Reflect::get(&err, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| "WebCrypto failed".to_string())
}

/// A new key pair: RSA 2048 with exponent 65537, or P-256.
async fn generate(rsa: bool) -> Result<WebKey, String> {
    let algorithm = if rsa {
        object(&[
            ("name", "RSASSA-PKCS1-v1_5".into()),
            ("modulusLength", 2048.into()),
            ("publicExponent", Uint8Array::from(&[1u8, 0, 1][..]).into()),
            ("hash", "SHA-256".into()),
        ])?
    } else {
        object(&[("name", "ECDSA".into()), ("namedCurve", "P-256".into())])?
    };
    let usages = Array::of2(&"sign".into(), &"verify".into());
    let promise = subtle()?
        .generate_key_with_object(&algorithm, true, &usages)
        .map_err(describe)?;
    let pair: CryptoKeyPair = JsFuture::from(promise)
        .await
        .map_err(describe)?
        .unchecked_into();
    let exported = JsFuture::from(
        subtle()?
            .export_key("jwk", &pair.get_public_key())
            .map_err(describe)?,
    )
    .await
    .map_err(describe)?;
    let member = |name: &str| {
        Reflect::get(&exported, &name.into())
            .ok()
            .and_then(|v| v.as_string())
            .ok_or_else(|| format!("the exported key has no `{name}`"))
    };
    let (alg, members) = if rsa {
        let members = json!({"e": member("e")?, "kty": "RSA", "n": member("n")?});
        ("RS256", members)
    } else {
        let members = json!({"crv": "P-256", "kty": "EC", "x": member("x")?, "y": member("y")?});
        ("ES256", members)
    };
    Ok(WebKey {
        alg,
        private: pair.get_private_key(),
        kid: thumbprint(&members),
        members,
    })
}
