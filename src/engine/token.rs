//! Reading the web identity token: three base64url segments holding a JSON header and a JSON
//! payload, plus the signature bytes. Nothing here verifies anything; it only decodes, and keeps
//! enough to explain where a broken token breaks.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde_json::{Map, Value};

/// A token split and decoded.
#[derive(Clone, Debug, PartialEq)]
pub struct DecodedToken {
    /// The JOSE header.
    pub header: Map<String, Value>,
    /// The claims.
    pub claims: Map<String, Value>,
    /// The signing input: `base64url(header) "." base64url(payload)`.
    pub signing_input: String,
    /// The decoded signature bytes.
    pub signature: Vec<u8>,
}

impl DecodedToken {
    /// A header member as text (`alg`, `kid`, `typ`).
    pub fn header_str(&self, name: &str) -> Option<&str> {
        self.header.get(name).and_then(Value::as_str)
    }

    /// A claim as text.
    pub fn claim_str(&self, name: &str) -> Option<&str> {
        self.claims.get(name).and_then(Value::as_str)
    }
}

/// Which part of the token is broken, and how. Rendered as "segment 2 (payload): …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenDecodeError {
    /// 1-based segment number, or `None` for the token as a whole.
    pub segment: Option<usize>,
    /// What is wrong.
    pub detail: String,
}

impl std::fmt::Display for TokenDecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.segment {
            Some(n) => write!(f, "segment {n} ({}): {}", segment_name(n), self.detail),
            None => write!(f, "{}", self.detail),
        }
    }
}

fn segment_name(n: usize) -> &'static str {
    match n {
        1 => "header",
        2 => "payload",
        _ => "signature",
    }
}

/// Decode a compact JWS. A JWE (five segments) or an opaque access token is not a JWT to STS.
pub fn decode(token: &str) -> Result<DecodedToken, TokenDecodeError> {
    let segments: Vec<&str> = token.split('.').collect();
    let [header_b64, payload_b64, signature_b64] = segments.as_slice() else {
        let found = segments.len();
        let hint = match found {
            1 => " (an opaque access token is not a JWT; OAuth tokens need ProviderId)",
            5 => " (this looks like an encrypted JWE, which STS does not accept)",
            _ => "",
        };
        return Err(TokenDecodeError {
            segment: None,
            detail: format!("a JWT has 3 dot-separated segments, this token has {found}{hint}"),
        });
    };
    let header = json_object(header_b64, 1)?;
    let claims = json_object(payload_b64, 2)?;
    let signature = base64url(signature_b64, 3)?;
    if signature.is_empty() {
        return Err(TokenDecodeError {
            segment: Some(3),
            detail: "the signature is empty (an unsigned `alg: none` token)".to_string(),
        });
    }
    Ok(DecodedToken {
        header,
        claims,
        signing_input: format!("{header_b64}.{payload_b64}"),
        signature,
    })
}

fn base64url(segment: &str, n: usize) -> Result<Vec<u8>, TokenDecodeError> {
    URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|err| TokenDecodeError {
            segment: Some(n),
            detail: format!("not unpadded base64url: {err}"),
        })
}

fn json_object(segment: &str, n: usize) -> Result<Map<String, Value>, TokenDecodeError> {
    let bytes = base64url(segment, n)?;
    match serde_json::from_slice::<Value>(&bytes) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(other) => Err(TokenDecodeError {
            segment: Some(n),
            detail: format!(
                "decodes to JSON {}, not an object",
                super::json::type_name(&other)
            ),
        }),
        Err(err) => Err(TokenDecodeError {
            segment: Some(n),
            detail: format!("does not decode to JSON: {err}"),
        }),
    }
}

/// The audiences of a token: `aud` as a string, or each string of an `aud` array.
pub fn audiences(claims: &Map<String, Value>) -> Vec<String> {
    match claims.get("aud") {
        Some(Value::String(aud)) => vec![aud.clone()],
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b64(text: &str) -> String {
        URL_SAFE_NO_PAD.encode(text)
    }

    #[test]
    fn names_the_broken_segment() {
        let err = decode("abc").unwrap_err();
        assert_eq!(err.segment, None);
        assert!(err.detail.contains("has 1"), "{err}");

        let err = decode(&format!("{}.{}.c2ln", b64("{\"alg\":\"RS256\"}"), "%%%")).unwrap_err();
        assert_eq!(
            err.to_string().split(':').next(),
            Some("segment 2 (payload)")
        );

        let err = decode(&format!("{}.{}.c2ln", b64("[1]"), b64("{}"))).unwrap_err();
        assert_eq!(err.segment, Some(1));
        assert!(err.detail.contains("an array"));

        let err = decode(&format!("{}.{}.", b64("{}"), b64("{}"))).unwrap_err();
        assert_eq!(err.segment, Some(3));
    }

    #[test]
    fn decodes_a_token() {
        let token = format!(
            "{}.{}.c2ln",
            b64("{\"alg\":\"RS256\",\"kid\":\"k\"}"),
            b64("{\"aud\":[\"a\",1,\"b\"]}")
        );
        let decoded = decode(&token).unwrap();
        assert_eq!(decoded.header_str("kid"), Some("k"));
        assert_eq!(audiences(&decoded.claims), vec!["a", "b"]);
        assert_eq!(decoded.signature, b"sig");
    }
}
