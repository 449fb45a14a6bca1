//! Small helpers for reading user JSON with precise locations.
//!
//! Every accessor takes the JSON pointer of the value it reads, so that an error can say exactly
//! where the problem is (`/request/DurationSeconds: expected an integer, found a string`).

use serde_json::{Map, Value};
use std::fmt;

/// Input that cannot be used at all, and where: a scenario with wrong JSON types, unknown
/// members or missing required members (values of the right type that break AWS's constraints are
/// verdicts, not this), a test suite, who-can's input, the GitHub claim builder's input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    /// JSON pointer to the offending value ("" for the whole document).
    pub path: String,
    /// What was expected there, and what was found.
    pub message: String,
}

impl InputError {
    /// An error at `path`.
    pub fn new(path: impl Into<String>, message: impl Into<String>) -> InputError {
        InputError {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The error as the scenario reader words it: `scenario: at `/request/RoleArn`: …`.
    pub fn in_scenario(&self) -> String {
        format!("scenario: {self}")
    }
}

/// `at `/request/RoleArn`: …`, or the message alone for the whole document.
impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.message)
        } else {
            write!(f, "at `{}`: {}", self.path, self.message)
        }
    }
}

impl std::error::Error for InputError {}

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
pub fn wrong_type(path: &str, expected: &str, found: &Value) -> InputError {
    InputError {
        path: path.to_string(),
        message: format!("expected {expected}, found {}", type_name(found)),
    }
}

/// Parse JSON text, reporting syntax errors with line and column.
pub fn parse_text(text: &str, what: &str) -> Result<Value, InputError> {
    serde_json::from_str(text).map_err(|err| InputError {
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
    pub fn new(value: &'a Value, path: &str, what: &str) -> Result<Obj<'a>, InputError> {
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
    pub fn only(&self, allowed: &[&str]) -> Result<(), InputError> {
        for name in self.map.keys() {
            if !allowed.contains(&name.as_str()) {
                return Err(InputError {
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
    pub fn opt_str(&self, name: &str) -> Result<Option<&'a str>, InputError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(wrong_type(&self.at(name), "a string", other)),
        }
    }

    /// A required string member.
    pub fn req_str(&self, name: &str) -> Result<&'a str, InputError> {
        self.opt_str(name)?.ok_or_else(|| InputError {
            path: self.at(name),
            message: "required member is missing (expected a string)".to_string(),
        })
    }

    /// An optional integer member.
    pub fn opt_i64(&self, name: &str) -> Result<Option<i64>, InputError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Number(n)) => match n.as_i64() {
                Some(i) => Ok(Some(i)),
                None => Err(InputError {
                    path: self.at(name),
                    message: format!("expected an integer, found `{n}`"),
                }),
            },
            Some(other) => Err(wrong_type(&self.at(name), "an integer", other)),
        }
    }

    /// An optional boolean member.
    pub fn opt_bool(&self, name: &str) -> Result<Option<bool>, InputError> {
        match self.get(name) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(*b)),
            Some(other) => Err(wrong_type(&self.at(name), "true or false", other)),
        }
    }

    /// An optional array of strings.
    pub fn opt_str_list(&self, name: &str) -> Result<Option<Vec<String>>, InputError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_errors_name_their_path_and_scenarios_say_so() {
        let at = InputError::new("/request/RoleArn", "expected a string, found an integer");
        assert_eq!(
            at.to_string(),
            "at `/request/RoleArn`: expected a string, found an integer"
        );
        assert_eq!(
            at.in_scenario(),
            "scenario: at `/request/RoleArn`: expected a string, found an integer"
        );
        let whole = InputError::new("", "expected an object");
        assert_eq!(whole.to_string(), "expected an object");
        assert_eq!(whole.in_scenario(), "scenario: expected an object");
    }
}
