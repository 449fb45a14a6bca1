//! The playground's own signing keys, made in this browser: a P-256 key (ES256, from
//! `getrandom`, i.e. `crypto.getRandomValues`) and, on request, an RSA 2048 key (RS256) made and
//! used through the browser's WebCrypto, which is fast and keeps RSA key generation out of the
//! wasm bundle. Private keys never leave this page; they live only as long as it does.

use crate::signing::{SigningKey, thumbprint};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use js_sys::{Array, Object, Reflect, Uint8Array};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{CryptoKey, CryptoKeyPair};

/// An RSA key pair held by WebCrypto.
struct WebRsaKey {
    private: CryptoKey,
    /// RFC 7638 members `e`, `kty`, `n`.
    members: Value,
}

#[derive(Default)]
struct Keys {
    p256: Option<SigningKey>,
    rsa: Option<WebRsaKey>,
}

thread_local! {
    static KEYS: RefCell<Keys> = RefCell::new(Keys::default());
}

/// The algorithm of the playground key with this `kid`; `None` when no playground key has it.
pub fn alg_of(kid: &str) -> Option<&'static str> {
    KEYS.with(|keys| {
        let keys = keys.borrow();
        if keys.p256.as_ref().is_some_and(|k| k.kid() == kid) {
            Some("ES256")
        } else if keys
            .rsa
            .as_ref()
            .is_some_and(|k| thumbprint(&k.members) == kid)
        {
            Some("RS256")
        } else {
            None
        }
    })
}

/// Make the keys for `alg` if the playground has none yet.
pub async fn ensure(alg: &str) -> Result<(), String> {
    if alg == "RS256" {
        if KEYS.with(|k| k.borrow().rsa.is_none()) {
            let key = generate_rsa().await?;
            KEYS.with(|k| k.borrow_mut().rsa = Some(key));
        }
    } else if KEYS.with(|k| k.borrow().p256.is_none()) {
        let key = SigningKey::generate_p256().map_err(|e| e.to_string())?;
        KEYS.with(|k| k.borrow_mut().p256 = Some(key));
    }
    Ok(())
}

/// Sign `claims` with the playground key for `alg` (made first if needed). Returns the token, the
/// public JWK and the key id.
pub async fn sign(
    alg: &str,
    header: &Map<String, Value>,
    claims: &Map<String, Value>,
) -> Result<(String, Value, String), String> {
    ensure(alg).await?;
    if alg == "RS256" {
        let (private, members) = KEYS
            .with(|k| {
                k.borrow()
                    .rsa
                    .as_ref()
                    .map(|k| (k.private.clone(), k.members.clone()))
            })
            .ok_or("no RSA key")?;
        let kid = thumbprint(&members);
        let mut header = header.clone();
        header.insert("alg".into(), "RS256".into());
        header.insert("kid".into(), kid.clone().into());
        let signing_input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(Value::Object(header).to_string()),
            URL_SAFE_NO_PAD.encode(Value::Object(claims.clone()).to_string())
        );
        let subtle = subtle()?;
        let promise = subtle
            .sign_with_str_and_u8_array("RSASSA-PKCS1-v1_5", &private, signing_input.as_bytes())
            .map_err(describe)?;
        let signature = JsFuture::from(promise).await.map_err(describe)?;
        let signature = Uint8Array::new(&signature).to_vec();
        let mut jwk = members;
        if let Value::Object(map) = &mut jwk {
            map.insert("kid".into(), kid.clone().into());
            map.insert("alg".into(), "RS256".into());
            map.insert("use".into(), "sig".into());
        }
        Ok((
            format!("{signing_input}.{}", URL_SAFE_NO_PAD.encode(signature)),
            jwk,
            kid,
        ))
    } else {
        let key = KEYS
            .with(|k| k.borrow().p256.clone())
            .ok_or("no P-256 key")?;
        let token = key.sign(header, claims).map_err(|e| e.to_string())?;
        Ok((token, key.public_jwk(), key.kid()))
    }
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

async fn generate_rsa() -> Result<WebRsaKey, String> {
    let algorithm = Object::new();
    let set =
        |name: &str, value: &JsValue| Reflect::set(&algorithm, &name.into(), value).map(|_| ());
    set("name", &"RSASSA-PKCS1-v1_5".into()).map_err(describe)?;
    set("modulusLength", &2048.into()).map_err(describe)?;
    set("publicExponent", &Uint8Array::from(&[1u8, 0, 1][..]).into()).map_err(describe)?;
    set("hash", &"SHA-256".into()).map_err(describe)?;
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
    Ok(WebRsaKey {
        private: pair.get_private_key(),
        members: json!({"e": member("e")?, "kty": "RSA", "n": member("n")?}),
    })
}
