//! Small helpers for reading user JSON with precise locations.
//!
//! Every accessor takes the JSON pointer of the value it reads, so that an error can say exactly
//! where the problem is (`/request/DurationSeconds: expected an integer, found a string`).

use serde_json::{Map, Value};
use std::fmt;

/// A scenario the engine cannot use at all: wrong JSON types, unknown members, missing required
/// members. (Values of the right type that break AWS's constraints are verdicts, not this.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioError {
    /// JSON pointer to the offending value ("" for the document root).
    pub path: String,
    /// What was expected there, and what was found.
    pub message: String,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            write!(f, "scenario: {}", self.message)
        } else {
            write!(f, "scenario: at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for ScenarioError {}

/// Extend a JSON pointer by one member name, escaping as RFC 6901 requires.
pub fn pointer(parent: &str, member: &str) -> String {
    format!("{parent}/{}", member.replace('~', "~0").replace('/', "~1"))
}

/// Extend a JSON pointer by one array index.
pub fn pointer_index(parent: &str, index: usize) -> String {
    format!("{parent}/{index}")
}

/// The JSON type of a value, for messages.
pub fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Build the error for a value of the wrong type.
pub fn wrong_type(path: &str, expected: &str, found: &Value) -> ScenarioError {
    ScenarioError {
        path: path.to_string(),
        message: format!("expected {expected}, found {}", type_name(found)),
    }
}

/// Parse JSON text, reporting syntax errors with line and column.
pub fn parse_text(text: &str, what: &str) -> Result<Value, ScenarioError> {
    serde_json::from_str(text).map_err(|err| ScenarioError {
        path: String::new(),
        message: format!(
            "{what} is not valid JSON: {} (line {}, column {})",
            strip_location(&err.to_string()),
            err.line(),
            err.column()
        ),
    })
}

/// serde_json appends " at line L column C"; we print the location ourselves.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_string(),
        None => message.to_string(),
    }
}

/// An object being read, with its location.
pub struct Obj<'a> {
    /// The members.
    pub map: &'a Map<String, Value>,
    /// Its JSON pointer.
    pub path: String,
}

impl<'a> Obj<'a> {
    /// View `value` as an object or fail with its path.
    pub fn new(value: &'a Value, path: &str, what: &str) -> Result<Obj<'a>, ScenarioError> {
        match value {
            Value::Object(map) => Ok(Obj {
                map,
                path: path.to_string(),
            }),
            other => Err(wrong_type(path, what, other)),
        }
    }

    /// The pointer of member `name`.
    pub fn at(&self, name: &str) -> String {
        pointer(&self.path, name)
    }

    /// A member that may be absent or null.
    pub fn get(&self, name: &str) -> Option<&'a Value> {
        match self.map.get(name) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value),
        }
    }

    /// Refuse members outside `allowed` (catches typos such as `provider` for `providers`).
    pub fn only(&self, allowed: &[&str]) -> Result<(), ScenarioError> {
        for name in self.map.keys() {
            if !allowed.contains(&name.as_str()) {
                return Err(ScenarioError {
                    path: self.at(name),
                    message: format!(
                        "unknown member `{name}`; expected one of: {}",
                        allowed.join(", ")
                    ),
                });
            }
        }
        Ok(())
    }

    /// An optional string member.
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, ScenarioError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(wrong_type(&self.at(name), "a string", other)),
        }
    }

    /// A required string member.
    pub fn req_str(&self, name: &str) -> Result<&'a str, ScenarioError> {
        self.opt_str(name)?.ok_or_else(|| ScenarioError {
            path: self.at(name),
            message: "required member is missing (expected a string)".to_string(),
        })
    }

    /// An optional integer member.
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, ScenarioError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Ok(Some(i)),
                None => Err(ScenarioError {
                    path: self.at(name),
                    message: format!("expected an integer, found `{n}`"),
                }),
            },
            Some(other) => Err(wrong_type(&self.at(name), "an integer", other)),
        }
    }

    /// An optional boolean member.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, ScenarioError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong_type(&self.at(name), "true or false", other)),
        }
    }

    /// An optional array of strings.
    pub fn opt_str_list(&self, name: &str) -> Result<Option<Vec<String>>, ScenarioError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Array(items)) => {
                let mut out = Vec::with_capacity(items.len());
                for (index, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        other => {
                            return Err(wrong_type(
                                &pointer_index(&self.at(name), index),
                                "a string",
                                other,
                            ));
                        }
                    }
                }
                Ok(Some(out))
            }
            Some(other) => Err(wrong_type(&self.at(name), "an array of strings", other)),
        }
    }
}
