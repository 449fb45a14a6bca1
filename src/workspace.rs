//! The playground's editable document: a scenario as a JSON value, and where each editor of the
//! playground reads and writes in it. Pure and tested natively; the web front end only binds
//! these functions to inputs.
//!
//! The document is the single source of truth. A JSON editor whose text does not parse stores
//! the raw text as a string at its slot: that is exactly what STS would receive (a JWKS or a
//! policy that is not JSON), so the verdict stays truthful and nothing the user typed is lost.

use crate::engine::json::pointer;
use serde_json::{Map, Value};

/// Where the token is.
pub const TOKEN: &str = "/request/WebIdentityToken";

/// The token as the document holds it: its text, or "" when there is none or it is not a string.
pub fn token_text(doc: &Value) -> &str {
    doc.pointer(TOKEN)
        .and_then(Value::as_str)
        .unwrap_or_default()
}

/// The issuer the token names, for choosing the JWKS slot; `None` when the token does not decode.
pub fn token_issuer(doc: &Value) -> Option<String> {
    crate::engine::token::decode(token_text(doc))
        .ok()?
        .claim_str("iss")
        .map(str::to_string)
}

/// The JWKS slot: `/idps/<iss>/jwks` for the token's issuer, else the first IdP's.
pub fn jwks_pointer(doc: &Value) -> String {
    let issuer = token_issuer(doc).or_else(|| {
        doc.get("idps")
            .and_then(Value::as_object)
            .and_then(|idps| idps.keys().next().cloned())
    });
    match issuer {
        Some(issuer) => pointer(&pointer("/idps", &issuer), "jwks"),
        None => "/idps/https:~1~1issuer.example.com/jwks".to_string(),
    }
}

/// A role as the scenario holds it: its members, seeing through `aws iam get-role` output
/// (`{"Role": {…}}` without a `RoleName` of its own), as the engine reads it.
fn role_members(role: &Value) -> &Value {
    match (role.get("Role"), role.get("RoleName")) {
        (Some(inner @ Value::Object(_)), None) => inner,
        _ => role,
    }
}

/// The index of the role the request names (by name), else 0.
pub fn role_index(doc: &Value) -> usize {
    let wanted = doc
        .pointer("/request/RoleArn")
        .and_then(Value::as_str)
        .and_then(|arn| arn.rsplit('/').next())
        .unwrap_or_default();
    doc.get("roles")
        .and_then(Value::as_array)
        .and_then(|roles| {
            roles.iter().position(|role| {
                role_members(role).get("RoleName").and_then(Value::as_str) == Some(wanted)
            })
        })
        .unwrap_or(0)
}

/// The requested role's members: `/roles/N`, or `/roles/N/Role` when the role is given as
/// `aws iam get-role` prints it. The role panel's fields are below it (`…/RoleName`, `…/Path`,
/// `…/RoleId`, `…/MaxSessionDuration`).
pub fn role_pointer(doc: &Value) -> String {
    let index = role_index(doc);
    let wrapped = doc
        .pointer(&format!("/roles/{index}"))
        .is_some_and(|role| !std::ptr::eq(role_members(role), role));
    if wrapped {
        format!("/roles/{index}/Role")
    } else {
        format!("/roles/{index}")
    }
}

/// The trust-policy slot of the requested role.
pub fn policy_pointer(doc: &Value) -> String {
    format!("{}/AssumeRolePolicyDocument", role_pointer(doc))
}

/// The text an editor shows for a slot: strings as they are, JSON pretty-printed, nothing as "".
pub fn text_at(doc: &Value, at: &str) -> String {
    match doc.pointer(at) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(text)) => text.clone(),
        Some(other) => serde_json::to_string_pretty(other).unwrap_or_default(),
    }
}

/// Store an editor's JSON text: the parsed value when it parses, else the raw text.
/// Returns the parse error (message, line, column) to show in place.
pub fn set_json_text(doc: &mut Value, at: &str, text: &str) -> Option<JsonTextError> {
    match serde_json::from_str::<Value>(text) {
        Ok(value) => {
            set(doc, at, value);
            None
        }
        Err(err) => {
            set(doc, at, Value::String(text.to_string()));
            Some(JsonTextError::from(&err))
        }
    }
}

/// A JSON syntax error in an editor, located for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonTextError {
    /// serde_json's message without its location suffix.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl From<&serde_json::Error> for JsonTextError {
    fn from(err: &serde_json::Error) -> JsonTextError {
        let text = err.to_string();
        let message = match text.rfind(" at line ") {
            Some(at) => text.get(..at).unwrap_or(&text).to_string(),
            None => text,
        };
        JsonTextError {
            message,
            line: err.line(),
            column: err.column(),
        }
    }
}

impl std::fmt::Display for JsonTextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}, column {}: {}",
            self.line, self.column, self.message
        )
    }
}

/// The JSON error of a slot's text, if it is a string that ought to be JSON.
pub fn json_error_at(doc: &Value, at: &str) -> Option<JsonTextError> {
    match doc.pointer(at) {
        Some(Value::String(text)) if !text.trim().is_empty() => serde_json::from_str::<Value>(text)
            .err()
            .map(|e| JsonTextError::from(&e)),
        _ => None,
    }
}

/// Set the value at a JSON pointer, creating objects (and extending arrays) on the way.
pub fn set(doc: &mut Value, at: &str, value: Value) {
    let tokens: Vec<String> = at
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let mut slot = doc;
    for (i, token) in tokens.iter().enumerate() {
        // A missing container becomes an array when it is indexed by a number (`/roles/0`).
        let next_is_index = tokens
            .get(i + 1)
            .is_some_and(|t| t.parse::<usize>().is_ok());
        let empty = || {
            if next_is_index {
                Value::Array(Vec::new())
            } else {
                Value::Null
            }
        };
        slot = match slot {
            Value::Array(items) => match token.parse::<usize>() {
                Ok(index) => {
                    if items.len() <= index {
                        items.resize(index + 1, Value::Object(Map::new()));
                    }
                    match items.get_mut(index) {
                        Some(item) => item,
                        None => return,
                    }
                }
                Err(_) => return,
            },
            other => {
                if !other.is_object() {
                    *other = Value::Object(Map::new());
                }
                match other {
                    Value::Object(map) => map.entry(token.clone()).or_insert_with(empty),
                    _ => return,
                }
            }
        };
    }
    *slot = value;
}

/// Store a form field that AWS types as an integer: a number when it parses, else the text (the
/// scenario reader then names the field and the problem).
pub fn set_integer_text(doc: &mut Value, at: &str, text: &str) {
    let value = match text.trim().parse::<i64>() {
        Ok(n) => Value::from(n),
        Err(_) if text.trim().is_empty() => Value::Null,
        Err(_) => Value::String(text.to_string()),
    };
    set(doc, at, value);
}

/// Store a list field edited as one item per line (client IDs, thumbprints).
pub fn set_lines(doc: &mut Value, at: &str, text: &str) {
    let items: Vec<Value> = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(|line| Value::String(line.to_string()))
        .collect();
    set(doc, at, Value::Array(items));
}

/// A list field as one item per line.
pub fn lines_at(doc: &Value, at: &str) -> String {
    doc.pointer(at)
        .and_then(Value::as_array)
        .map(|items| {
            items
                .iter()
                .map(|v| {
                    v.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| v.to_string())
                })
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// A scalar field as text ("" when absent).
pub fn scalar_at(doc: &Value, at: &str) -> String {
    match doc.pointer(at) {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_editors_keep_unparseable_text_as_a_string() {
        let mut doc = json!({"idps": {"https://x": {"jwks": {"keys": []}}}});
        let at = "/idps/https:~1~1x/jwks";
        assert_eq!(
            set_json_text(&mut doc, at, "{\"keys\": [}"),
            Some(JsonTextError {
                message: "expected value".to_string(),
                line: 1,
                column: 11,
            })
        );
        assert_eq!(doc.pointer(at), Some(&json!("{\"keys\": [}")));
        assert!(json_error_at(&doc, at).is_some());
        assert_eq!(set_json_text(&mut doc, at, "{\"keys\": []}"), None);
        assert_eq!(doc.pointer(at), Some(&json!({"keys": []})));
        assert!(text_at(&doc, at).contains("\"keys\""));
    }

    #[test]
    fn set_creates_the_path() {
        let mut doc = json!({});
        set(&mut doc, "/roles/1/RoleName", json!("b"));
        assert_eq!(doc, json!({"roles": [{}, {"RoleName": "b"}]}));
        set_integer_text(&mut doc, "/request/DurationSeconds", " 900 ");
        set_integer_text(&mut doc, "/request/Other", "abc");
        assert_eq!(
            doc["request"],
            json!({"DurationSeconds": 900, "Other": "abc"})
        );
        set_lines(&mut doc, "/providers/0/ClientIDList", "a\n\n b \n");
        assert_eq!(lines_at(&doc, "/providers/0/ClientIDList"), "a\nb");
    }

    #[test]
    fn slots_follow_the_request() {
        let doc = json!({"roles": [{"RoleName": "a"}, {"RoleName": "deploy"}],
                         "request": {"RoleArn": "arn:aws:iam::123456789012:role/deploy"},
                         "idps": {"https://only": {}}});
        assert_eq!(policy_pointer(&doc), "/roles/1/AssumeRolePolicyDocument");
        assert_eq!(jwks_pointer(&doc), "/idps/https:~1~1only/jwks");
        assert_eq!(role_pointer(&doc), "/roles/1");
    }

    /// `aws iam get-role` output pasted into Advanced's `roles`: the engine reads the role inside
    /// `Role`, so the editors must show and edit it there, not an empty slot beside it.
    #[test]
    fn slots_see_through_get_role_output() {
        let policy = json!({"Version": "2012-10-17", "Statement": []});
        let mut doc = json!({
            "roles": [
                {"RoleName": "other", "AssumeRolePolicyDocument": {}},
                {"Role": {"Path": "/ci/", "RoleName": "deploy", "RoleId": "AROAEXAMPLE123456789",
                          "Arn": "arn:aws:iam::123456789012:role/ci/deploy",
                          "AssumeRolePolicyDocument": policy.clone(), "MaxSessionDuration": 7200}}
            ],
            "request": {"RoleArn": "arn:aws:iam::123456789012:role/ci/deploy"}
        });
        assert_eq!(role_index(&doc), 1);
        assert_eq!(role_pointer(&doc), "/roles/1/Role");
        assert_eq!(
            policy_pointer(&doc),
            "/roles/1/Role/AssumeRolePolicyDocument"
        );
        assert_eq!(
            text_at(&doc, &policy_pointer(&doc)),
            text_at(&json!({"p": policy}), "/p")
        );
        let fields = role_pointer(&doc);
        assert_eq!(
            scalar_at(&doc, &format!("{fields}/MaxSessionDuration")),
            "7200"
        );
        assert_eq!(scalar_at(&doc, &format!("{fields}/Path")), "/ci/");
        // An edit lands where the engine reads it.
        set_integer_text(&mut doc, &format!("{fields}/MaxSessionDuration"), "3600");
        let scenario = crate::engine::scenario::Scenario::from_value(&json!({
            "now": 1, "roles": doc["roles"].clone(),
            "request": {"RoleArn": "arn:aws:iam::123456789012:role/ci/deploy", "RoleSessionName": "s", "WebIdentityToken": "x"}
        }))
        .unwrap();
        assert_eq!(scenario.roles[1].max_session_duration, 3600);
        assert_eq!(scenario.roles[1].pointer, role_pointer(&doc));
        // A role with its own RoleName is read as it is, even with a `Role` member.
        let plain = json!({"roles": [{"RoleName": "deploy", "Role": {}}],
                           "request": {"RoleArn": "arn:aws:iam::1:role/deploy"}});
        assert_eq!(role_pointer(&plain), "/roles/0");
    }
}
