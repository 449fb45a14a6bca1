//! `stsplay decode`: a token's header and claims, with its times in human terms.

use crate::engine::clock::{Epoch, format_rfc3339, relative};
use crate::engine::token::{TokenDecodeError, decode};
use serde_json::Value;
use std::fmt::Write as _;

use super::aws_cli::pretty;

/// Render a decoded token, or say which segment is broken.
pub fn render(token: &str, now: Epoch) -> Result<String, TokenDecodeError> {
    let decoded = decode(token.trim())?;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Header:\n{}",
        pretty(&Value::Object(decoded.header.clone()), b"  ")
    );
    let _ = writeln!(
        out,
        "Claims:\n{}",
        pretty(&Value::Object(decoded.claims.clone()), b"  ")
    );
    let _ = writeln!(out, "Times (relative to {}):", format_rfc3339(now));
    for (name, meaning) in [
        ("iat", "issued at"),
        ("nbf", "not before"),
        ("exp", "expires (STS allows 5 min of grace after this)"),
    ] {
        match decoded.claims.get(name) {
            Some(Value::Number(n)) if n.is_i64() => {
                let t = n.as_i64().unwrap_or_default();
                let _ = writeln!(
                    out,
                    "  {name} {t}  {}  {}  {meaning}",
                    format_rfc3339(t),
                    relative(t, now)
                );
            }
            Some(other) => {
                let _ = writeln!(
                    out,
                    "  {name} {other}  not an integer: STS refuses non-integer times"
                );
            }
            None => {
                let _ = writeln!(out, "  {name} absent");
            }
        }
    }
    let _ = writeln!(
        out,
        "Signature: {} bytes (not verified by decode)",
        decoded.signature.len()
    );
    Ok(out)
}
