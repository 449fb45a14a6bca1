//! The request context: the condition keys STS makes available while it evaluates a trust
//! policy, with their values. Key names are case-insensitive, as in IAM.

use std::collections::BTreeMap;

/// The value of one condition key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ContextValue {
    /// A single-valued key such as `token.actions.githubusercontent.com:sub`.
    Single(String),
    /// A multivalued key such as `cognito-identity.amazonaws.com:amr` or `aws:TagKeys`.
    Multi(Vec<String>),
}

impl ContextValue {
    /// The values as a list (one element for a single-valued key).
    pub fn values(&self) -> Vec<String> {
        match self {
            ContextValue::Single(value) => vec![value.clone()],
            ContextValue::Multi(values) => values.clone(),
        }
    }
}

/// One key of the request context, with its name as STS spells it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContextEntry {
    /// The canonical spelling, e.g. `token.actions.githubusercontent.com:sub`.
    pub key: String,
    /// The value.
    pub value: ContextValue,
}

/// The condition keys of one request. Lookup ignores ASCII case, as IAM does for key names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RequestContext {
    // INVARIANT: keyed by the ASCII-lowercased key name.
    entries: BTreeMap<String, ContextEntry>,
}

impl RequestContext {
    /// An empty context.
    pub fn new() -> RequestContext {
        RequestContext::default()
    }

    /// Add or replace a single-valued key.
    pub fn insert_single(&mut self, key: &str, value: impl Into<String>) {
        self.insert(key, ContextValue::Single(value.into()));
    }

    /// Add or replace a multivalued key.
    pub fn insert_multi(&mut self, key: &str, values: Vec<String>) {
        self.insert(key, ContextValue::Multi(values));
    }

    fn insert(&mut self, key: &str, value: ContextValue) {
        self.entries.insert(
            key.to_ascii_lowercase(),
            ContextEntry {
                key: key.to_string(),
                value,
            },
        );
    }

    /// Look a key up, ignoring ASCII case.
    pub fn get(&self, key: &str) -> Option<&ContextEntry> {
        // Most keys are written in lowercase already: look them up without a copy.
        if key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.entries.get(&key.to_ascii_lowercase())
        } else {
            self.entries.get(key)
        }
    }

    /// Every key, in a stable order.
    pub fn entries(&self) -> impl Iterator<Item = &ContextEntry> {
        self.entries.values()
    }
}
