//! Changing the token from the page: a claim edited in the decoded view, a re-sign with the
//! playground's own key, claims from the tools' GitHub builder. A token the playground signed is
//! re-signed (asynchronously: RSA keys come from WebCrypto) and the issuer's JWKS kept in step;
//! any other token keeps its signature, which then fails, as STS would find.

use super::state::Playground;
use crate::signing::upsert_jwk;
use crate::workspace::{TOKEN, jwks_pointer, set};
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use leptos::prelude::*;
use serde_json::{Map, Value};

impl Playground {
    /// Edit one claim of the token. A token signed by the playground's key is re-signed and stays
    /// valid; any other token keeps its signature, which then no longer verifies.
    pub fn edit_claim(&self, name: &str, value_text: &str) {
        let token = self
            .doc
            .with_untracked(|doc| crate::workspace::token_text(doc).to_string());
        let Ok(decoded) = crate::engine::token::decode(&token) else {
            return;
        };
        // A string claim stays a string (GitHub's ids are strings: "74"), unless the new text is
        // clearly a JSON array or object; other claims take the text as JSON when it parses.
        let was_string = matches!(decoded.claims.get(name), Some(Value::String(_)));
        let looks_structured = value_text.trim_start().starts_with(['[', '{']);
        let value = match serde_json::from_str::<Value>(value_text) {
            Ok(parsed) if !was_string || looks_structured => parsed,
            _ => Value::String(value_text.to_string()),
        };
        let mut claims = decoded.claims.clone();
        claims.insert(name.to_string(), value);
        // Only a token signed by one of the playground's keys is re-signed.
        let ours = decoded.header_str("kid").and_then(super::keys::alg_of);
        match ours {
            Some(alg) => self.sign_and_apply(alg, decoded.header.clone(), claims, None),
            None => {
                let mut parts = token.split('.');
                let header = parts.next().unwrap_or_default().to_string();
                let signature = parts.nth(1).unwrap_or_default().to_string();
                let payload = URL_SAFE_NO_PAD.encode(Value::Object(claims).to_string());
                self.rewrite(|doc| {
                    set(
                        doc,
                        TOKEN,
                        Value::String(format!("{header}.{payload}.{signature}")),
                    )
                });
                self.notice.set(Some(
                    "You edited a token that the playground did not sign, so its signature no longer verifies (STS would refuse it). Use \"Re-sign with the playground key\" to sign it with a key made in this browser.".to_string(),
                ));
            }
        }
    }

    /// Sign the current claims with the playground's key (made now if needed; RSA on request) and
    /// put its public key into the issuer's JWKS.
    pub fn resign(&self, rsa: bool) {
        let token = self
            .doc
            .with_untracked(|doc| crate::workspace::token_text(doc).to_string());
        match crate::engine::token::decode(&token) {
            Ok(decoded) => {
                let alg = if rsa { "RS256" } else { "ES256" };
                let note = format!(
                    "Re-signed with the playground's {alg} key, made in this browser; the issuer's JWKS now includes its public key"
                );
                self.sign_and_apply(alg, decoded.header, decoded.claims, Some(note));
            }
            Err(err) => self.notice.set(Some(format!(
                "Cannot re-sign: the token is not a JWT ({err})."
            ))),
        }
    }

    /// Replace the token with new claims (from the tools' GitHub claim builder), signed ES256 with
    /// the playground's key, whose public key joins the issuer's JWKS.
    pub fn sign_new_claims(&self, claims: Map<String, Value>, note: String) {
        let mut header = Map::new();
        header.insert("typ".into(), "JWT".into());
        self.sign_and_apply("ES256", header, claims, Some(note));
    }

    /// Sign asynchronously (WebCrypto), then put the token and the key into the document.
    fn sign_and_apply(
        &self,
        alg: &'static str,
        header: Map<String, Value>,
        claims: Map<String, Value>,
        note: Option<String>,
    ) {
        let playground = *self;
        playground.signing.set(true);
        leptos::task::spawn_local(async move {
            match super::keys::sign(alg, &header, &claims).await {
                Ok((token, jwk, kid)) => {
                    playground.rewrite(|doc| {
                        set(doc, TOKEN, Value::String(token));
                        let at = jwks_pointer(doc);
                        let mut jwks = doc.pointer(&at).cloned().unwrap_or(Value::Null);
                        upsert_jwk(&mut jwks, jwk);
                        set(doc, &at, jwks);
                    });
                    if let Some(note) = note {
                        playground.notice.set(Some(format!("{note} (kid {kid}).")));
                    }
                }
                Err(problem) => playground
                    .notice
                    .set(Some(format!("Signing failed: {problem}"))),
            }
            playground.signing.set(false);
        });
    }
}
