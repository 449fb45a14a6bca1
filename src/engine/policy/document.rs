//! The policy grammar: a JSON document (or its text, possibly URL-encoded) becomes a
//! [`PolicyDocument`], or a [`PolicyError`] naming the exact place that IAM would refuse.

use serde_json::{Map, Value};

use super::error::{PolicyError, PolicyErrorKind};
use super::operator::{Operator, parse_operator};
use super::{PolicyKind, VERSION_2008, VERSION_2012, escape_pointer_token};

/// A parsed policy document.
#[derive(Clone, Debug, PartialEq)]
pub struct PolicyDocument {
    kind: PolicyKind,
    version: Option<String>,
    id: Option<String>,
    statements: Vec<Statement>,
    // `"Statement": {…}` rather than `[…]`: decides the statements' JSON pointers.
    statement_is_array: bool,
    // How each statement is written, parallel to `statements`: decides the lint's pointers.
    shapes: Vec<StatementShape>,
    // For every condition entry of every statement in document order: are its values a list?
    values_listed: Vec<bool>,
}

/// Where a statement's elements are lists (whose items have pointers `…/0`, `…/1`) rather than
/// single values (whose pointer is the element's own): the lint's pointers depend on it, and the
/// parsed statement no longer shows it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct StatementShape {
    /// `Principal.Federated` is a list.
    pub(crate) federated_listed: bool,
    /// The `Action` (or `NotAction`) element is a list.
    pub(crate) action_listed: bool,
    /// Where the statement's conditions start in `PolicyDocument::values_listed`.
    pub(crate) first_condition: usize,
}

impl PolicyDocument {
    /// A document from its parts, for the direct reader (`direct.rs`).
    pub(super) fn from_parts(
        kind: PolicyKind,
        version: Option<String>,
        id: Option<String>,
        statements: Vec<Statement>,
        statement_is_array: bool,
        shapes: Vec<StatementShape>,
        values_listed: Vec<bool>,
    ) -> PolicyDocument {
        PolicyDocument {
            kind,
            version,
            id,
            statements,
            statement_is_array,
            shapes,
            values_listed,
        }
    }

    /// Trust or session policy.
    pub fn kind(&self) -> PolicyKind {
        self.kind
    }

    /// The `Version` element, when present.
    pub fn version(&self) -> Option<&str> {
        self.version.as_deref()
    }

    /// The `Id` element, when present (IAM ignores it).
    pub fn id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// The statements, in document order.
    pub fn statements(&self) -> &[Statement] {
        &self.statements
    }

    /// How many statements the document has.
    pub fn statement_count(&self) -> usize {
        self.statements.len()
    }

    /// Whether policy variables (`${…}`) are substituted: only under `"Version": "2012-10-17"`.
    pub fn substitutes_variables(&self) -> bool {
        self.version.as_deref() == Some(VERSION_2012)
    }

    /// The JSON pointer of statement `index`, relative to the document: `/Statement/0`, or
    /// `/Statement` when the document holds a single statement object.
    pub fn statement_pointer(&self, index: usize) -> String {
        if self.statement_is_array {
            format!("/Statement/{index}")
        } else {
            "/Statement".to_string()
        }
    }

    /// Is statement `index`'s `Principal.Federated` written as a list?
    pub(crate) fn federated_listed(&self, index: usize) -> bool {
        self.shapes
            .get(index)
            .is_some_and(|shape| shape.federated_listed)
    }

    /// Is statement `index`'s `Action` (or `NotAction`) written as a list?
    pub(crate) fn action_listed(&self, index: usize) -> bool {
        self.shapes
            .get(index)
            .is_some_and(|shape| shape.action_listed)
    }

    /// Are the values of condition `entry` of statement `index` written as a list?
    pub(crate) fn values_listed(&self, index: usize, entry: usize) -> bool {
        self.shapes
            .get(index)
            .and_then(|shape| {
                self.values_listed
                    .get(shape.first_condition.checked_add(entry)?)
            })
            .is_some_and(|listed| *listed)
    }
}

/// `Allow` or `Deny`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// `"Effect": "Allow"`.
    Allow,
    /// `"Effect": "Deny"`.
    Deny,
}

impl Effect {
    /// The element value, `Allow` or `Deny`.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// One statement.
#[derive(Clone, Debug, PartialEq)]
pub struct Statement {
    /// The `Sid`, when present.
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: Effect,
    /// `Principal` or `NotPrincipal`; `None` in a session policy.
    pub principal: Option<PrincipalBlock>,
    /// `Action` or `NotAction`.
    pub action: ActionBlock,
    /// `Resource` or `NotResource`; `None` in a trust policy.
    pub resource: Option<ResourceBlock>,
    /// Every (operator, key) pair of the `Condition` block, in document order.
    pub conditions: Vec<ConditionEntry>,
}

/// A `Principal` or `NotPrincipal` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrincipalBlock {
    /// True for `NotPrincipal`.
    pub negated: bool,
    /// What it names.
    pub value: PrincipalValue,
}

impl PrincipalBlock {
    /// The element name, `Principal` or `NotPrincipal`.
    pub fn element(&self) -> &'static str {
        if self.negated {
            "NotPrincipal"
        } else {
            "Principal"
        }
    }
}

/// The value of a principal element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PrincipalValue {
    /// `"*"`: everyone.
    Any,
    /// `{"Federated": […], "AWS": […], …}`: each type with its values, in document order.
    Typed(Vec<(String, Vec<String>)>),
}

impl PrincipalValue {
    /// The values listed under `principal_type` (e.g. `Federated`).
    pub fn values_of(&self, principal_type: &str) -> &[String] {
        match self {
            PrincipalValue::Any => &[],
            PrincipalValue::Typed(entries) => entries
                .iter()
                .find(|(name, _)| name == principal_type)
                .map(|(_, values)| values.as_slice())
                .unwrap_or_default(),
        }
    }
}

/// An `Action` or `NotAction` element.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActionBlock {
    /// True for `NotAction`.
    pub negated: bool,
    /// The action patterns as written (`sts:AssumeRoleWithWebIdentity`, `sts:*`, `*`).
    pub patterns: Vec<String>,
}

impl ActionBlock {
    /// The element name, `Action` or `NotAction`.
    pub fn element(&self) -> &'static str {
        if self.negated { "NotAction" } else { "Action" }
    }
}

/// A `Resource` or `NotResource` element (session policies only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResourceBlock {
    /// True for `NotResource`.
    pub negated: bool,
    /// The resource patterns as written.
    pub patterns: Vec<String>,
}

/// One (operator, key) pair of a `Condition` block.
#[derive(Clone, Debug, PartialEq)]
pub struct ConditionEntry {
    /// The operator as written, e.g. `ForAnyValue:StringLikeIfExists`.
    pub operator: String,
    /// The condition key as written.
    pub key: String,
    /// The policy values as text (numbers and booleans in their JSON spelling).
    pub values: Vec<String>,
    pub(crate) parsed: Operator,
}

/// Parse a JSON value: a document object, or a string holding the document text.
pub(crate) fn parse_value(value: &Value, kind: PolicyKind) -> Result<PolicyDocument, PolicyError> {
    match value {
        Value::String(text) => parse_text(text, kind),
        other => parse_document(other, kind),
    }
}

/// Parse document text; text that is not JSON but percent-decodes to JSON (as `aws iam
/// get-role` prints `AssumeRolePolicyDocument` in some versions) is accepted.
pub(crate) fn parse_text(text: &str, kind: PolicyKind) -> Result<PolicyDocument, PolicyError> {
    // Most policy text is a valid document: read it without the JSON tree (`direct.rs`).
    if let Some(document) = super::direct::parse(text, kind) {
        return Ok(document);
    }
    parse_document(&text_to_json(text)?, kind)
}

/// The JSON value of policy text (see [`document_value`]), or the policy error for text that is
/// not JSON either way.
pub(crate) fn text_to_json(text: &str) -> Result<Value, PolicyError> {
    document_value(text).map_err(|error| {
        PolicyError::new(
            PolicyErrorKind::InvalidJson,
            "",
            format!("the policy is not valid JSON: {error}"),
        )
    })
}

/// The JSON value of document text: the text itself, or its percent-decoding when only that is
/// JSON. The error is the one for the text as given.
pub(crate) fn document_value(text: &str) -> Result<Value, serde_json::Error> {
    serde_json::from_str::<Value>(text).or_else(|error| {
        // ASSUMED: only `%XX` escapes are decoded; `+` stays a plus sign (IAM's encoding
        // writes spaces as `%20`, and `+` can be part of a policy value).
        let decoded = percent_encoding::percent_decode_str(text).decode_utf8();
        match decoded {
            Ok(decoded) if decoded != text => {
                serde_json::from_str::<Value>(&decoded).map_err(|_| error)
            }
            _ => Err(error),
        }
    })
}

/// A JSON pointer for an error message, built only when an error needs it: a valid policy
/// (the common case) then costs no pointer text at all.
type LazyPath<'a> = &'a dyn Fn() -> String;

fn parse_document(value: &Value, kind: PolicyKind) -> Result<PolicyDocument, PolicyError> {
    let Value::Object(members) = value else {
        return Err(syntax(
            "",
            format!(
                "a policy document must be a JSON object, found {}",
                describe(value)
            ),
        ));
    };
    let [version, id, statement] = known_members(
        members,
        &String::new,
        &["Version", "Id", "Statement"],
        "top-level member",
    )?;
    let version = match version {
        None => None,
        Some(Value::String(version)) if version == VERSION_2012 || version == VERSION_2008 => {
            Some(version.clone())
        }
        Some(other) => {
            return Err(syntax(
                "/Version",
                format!(
                    "`Version` must be \"{VERSION_2012}\" or \"{VERSION_2008}\", found {}",
                    describe(other)
                ),
            ));
        }
    };
    let id = optional_string(id, "Id", &String::new)?;
    let (raw_statements, statement_is_array) = match statement {
        None => {
            return Err(PolicyError::new(
                PolicyErrorKind::MissingField,
                "/Statement",
                "the document has no `Statement`",
            ));
        }
        Some(Value::Array(items)) if items.is_empty() => {
            return Err(syntax("/Statement", "`Statement` is an empty list"));
        }
        Some(Value::Array(items)) => (items.iter().collect::<Vec<_>>(), true),
        Some(object @ Value::Object(_)) => (vec![object], false),
        Some(other) => {
            return Err(syntax(
                "/Statement",
                format!(
                    "`Statement` must be an object or a list of objects, found {}",
                    describe(other)
                ),
            ));
        }
    };
    let mut statements = Vec::with_capacity(raw_statements.len());
    let mut shapes = Vec::with_capacity(raw_statements.len());
    let mut values_listed = Vec::new();
    for (index, raw) in raw_statements.into_iter().enumerate() {
        let path = || {
            if statement_is_array {
                format!("/Statement/{index}")
            } else {
                "/Statement".to_string()
            }
        };
        let statement = parse_statement(raw, kind, &path)?;
        shapes.push(statement_shape(raw, &statement, &mut values_listed));
        statements.push(statement);
    }
    Ok(PolicyDocument {
        kind,
        version,
        id,
        statements,
        statement_is_array,
        shapes,
        values_listed,
    })
}

/// The shape of `raw`, a statement that parsed as `statement`; pushes one `values_listed` flag
/// per condition entry.
fn statement_shape(
    raw: &Value,
    statement: &Statement,
    values_listed: &mut Vec<bool>,
) -> StatementShape {
    let first_condition = values_listed.len();
    let conditions = raw.get("Condition");
    values_listed.extend(statement.conditions.iter().map(|entry| {
        conditions
            .and_then(|blocks| blocks.get(&entry.operator))
            .and_then(|block| block.get(&entry.key))
            .is_some_and(Value::is_array)
    }));
    StatementShape {
        federated_listed: raw
            .get("Principal")
            .and_then(|principal| principal.get("Federated"))
            .is_some_and(Value::is_array),
        action_listed: raw
            .get(statement.action.element())
            .is_some_and(Value::is_array),
        first_condition,
    }
}

pub(super) const STATEMENT_MEMBERS: [&str; 9] = [
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
];

fn parse_statement(
    value: &Value,
    kind: PolicyKind,
    path: LazyPath,
) -> Result<Statement, PolicyError> {
    let Value::Object(members) = value else {
        return Err(syntax(
            path(),
            format!(
                "a statement must be a JSON object, found {}",
                describe(value)
            ),
        ));
    };
    let [
        sid,
        effect,
        principal,
        not_principal,
        action,
        not_action,
        resource,
        not_resource,
        condition,
    ] = known_members(members, path, &STATEMENT_MEMBERS, "statement member")?;
    let sid = optional_string(sid, "Sid", path)?;
    let effect = match effect {
        None => {
            return Err(PolicyError::new(
                PolicyErrorKind::MissingField,
                format!("{}/Effect", path()),
                "the statement has no `Effect`",
            ));
        }
        Some(Value::String(effect)) if effect == "Allow" => Effect::Allow,
        Some(Value::String(effect)) if effect == "Deny" => Effect::Deny,
        Some(Value::String(effect)) => {
            return Err(syntax(
                format!("{}/Effect", path()),
                format!("`Effect` must be \"Allow\" or \"Deny\", found `{effect}`"),
            ));
        }
        Some(other) => {
            return Err(syntax(
                format!("{}/Effect", path()),
                format!(
                    "`Effect` must be \"Allow\" or \"Deny\", found {}",
                    describe(other)
                ),
            ));
        }
    };
    let principal = parse_principal(principal, not_principal, kind, path)?;
    let action = parse_action(action, not_action, path)?;
    let resource = parse_resource(resource, not_resource, kind, path)?;
    let conditions = match condition {
        None => Vec::new(),
        Some(condition) => parse_condition(condition, path)?,
    };
    Ok(Statement {
        sid,
        effect,
        principal,
        action,
        resource,
        conditions,
    })
}

/// The principal types IAM knows.
pub(super) const PRINCIPAL_TYPES: &[&str] = &["AWS", "Federated", "Service", "CanonicalUser"];

fn parse_principal(
    principal: Option<&Value>,
    not_principal: Option<&Value>,
    kind: PolicyKind,
    path: LazyPath,
) -> Result<Option<PrincipalBlock>, PolicyError> {
    let (element, value) = match (principal, not_principal) {
        (Some(_), Some(_)) => {
            return Err(syntax(
                format!("{}/NotPrincipal", path()),
                "a statement cannot have both `Principal` and `NotPrincipal`",
            ));
        }
        (Some(value), None) => ("Principal", value),
        (None, Some(value)) => ("NotPrincipal", value),
        (None, None) => {
            return match kind {
                PolicyKind::Session => Ok(None),
                PolicyKind::Trust => Err(PolicyError::new(
                    PolicyErrorKind::MissingField,
                    format!("{}/Principal", path()),
                    "a trust policy statement must name who may assume the role in `Principal`",
                )),
            };
        }
    };
    let here = || format!("{}/{element}", path());
    if kind == PolicyKind::Session {
        return Err(PolicyError::new(
            PolicyErrorKind::PrincipalInSessionPolicy,
            here(),
            format!("a session policy cannot have `{element}`: it applies to the session itself"),
        ));
    }
    let parsed = match value {
        Value::String(text) if text == "*" => PrincipalValue::Any,
        // ASSUMED: a principal string other than "*" is a syntax error.
        Value::String(text) => {
            return Err(syntax(
                here(),
                format!(
                    "`{element}` as a string must be \"*\", found `{text}`; name an identity provider as {{\"Federated\": \"{text}\"}}"
                ),
            ));
        }
        Value::Object(types) if types.is_empty() => {
            return Err(syntax(here(), format!("`{element}` names no principal")));
        }
        Value::Object(types) => {
            reject_unknown(types, &here, PRINCIPAL_TYPES, "principal type")?;
            let mut entries = Vec::with_capacity(types.len());
            for (name, values) in types {
                let at = || format!("{}/{}", here(), escape_pointer_token(name));
                let list = string_list(values, &at, name)?;
                if let Some(position) = list.iter().position(String::is_empty) {
                    return Err(syntax(
                        item_path(&at, values, position),
                        format!("`{name}` has an empty principal"),
                    ));
                }
                entries.push((name.clone(), list));
            }
            PrincipalValue::Typed(entries)
        }
        other => {
            return Err(syntax(
                here(),
                format!(
                    "`{element}` must be \"*\" or an object such as {{\"Federated\": \"…\"}}, found {}",
                    describe(other)
                ),
            ));
        }
    };
    Ok(Some(PrincipalBlock {
        negated: element == "NotPrincipal",
        value: parsed,
    }))
}

fn parse_action(
    action: Option<&Value>,
    not_action: Option<&Value>,
    path: LazyPath,
) -> Result<ActionBlock, PolicyError> {
    let (element, value) = match (action, not_action) {
        (Some(_), Some(_)) => {
            return Err(syntax(
                format!("{}/NotAction", path()),
                "a statement cannot have both `Action` and `NotAction`",
            ));
        }
        (Some(value), None) => ("Action", value),
        (None, Some(value)) => ("NotAction", value),
        (None, None) => {
            return Err(PolicyError::new(
                PolicyErrorKind::MissingField,
                format!("{}/Action", path()),
                "the statement has neither `Action` nor `NotAction`",
            ));
        }
    };
    let here = || format!("{}/{element}", path());
    let patterns = string_list(value, &here, element)?;
    for (position, pattern) in patterns.iter().enumerate() {
        if pattern == "*" {
            continue;
        }
        let colons = pattern.bytes().filter(|b| *b == b':').count();
        if colons == 0 || pattern.starts_with(':') {
            return Err(PolicyError::new(
                PolicyErrorKind::InvalidAction,
                item_path(&here, value, position),
                format!(
                    "action `{pattern}` has no service prefix (write e.g. `sts:AssumeRoleWithWebIdentity`)"
                ),
            ));
        }
        if colons > 1 {
            return Err(PolicyError::new(
                PolicyErrorKind::InvalidAction,
                item_path(&here, value, position),
                format!("action `{pattern}` has more than one colon"),
            ));
        }
    }
    Ok(ActionBlock {
        negated: element == "NotAction",
        patterns,
    })
}

/// An action pattern `parse_action` accepts: `*`, or a service prefix, one colon and a name.
pub(super) fn valid_action(pattern: &str) -> bool {
    pattern == "*"
        || (pattern.bytes().filter(|b| *b == b':').count() == 1 && !pattern.starts_with(':'))
}

fn parse_resource(
    resource: Option<&Value>,
    not_resource: Option<&Value>,
    kind: PolicyKind,
    path: LazyPath,
) -> Result<Option<ResourceBlock>, PolicyError> {
    let (element, value) = match (resource, not_resource) {
        (Some(_), Some(_)) => {
            return Err(syntax(
                format!("{}/NotResource", path()),
                "a statement cannot have both `Resource` and `NotResource`",
            ));
        }
        (Some(value), None) => ("Resource", value),
        (None, Some(value)) => ("NotResource", value),
        (None, None) => {
            return match kind {
                PolicyKind::Trust => Ok(None),
                PolicyKind::Session => Err(PolicyError::new(
                    PolicyErrorKind::MissingField,
                    format!("{}/Resource", path()),
                    "a session policy statement needs `Resource` or `NotResource`",
                )),
            };
        }
    };
    let here = || format!("{}/{element}", path());
    if kind == PolicyKind::Trust {
        return Err(PolicyError::new(
            PolicyErrorKind::ProhibitedField,
            here(),
            format!("a trust policy cannot have `{element}`: the resource is the role itself"),
        ));
    }
    Ok(Some(ResourceBlock {
        negated: element == "NotResource",
        patterns: string_list(value, &here, element)?,
    }))
}

/// The `Condition` element of the statement at `path`.
fn parse_condition(value: &Value, path: LazyPath) -> Result<Vec<ConditionEntry>, PolicyError> {
    let here = || format!("{}/Condition", path());
    let Value::Object(blocks) = value else {
        return Err(syntax(
            here(),
            format!(
                "`Condition` must be an object of operators, found {}",
                describe(value)
            ),
        ));
    };
    let mut entries = Vec::new();
    for (operator, block) in blocks {
        let op_path = || format!("{}/{}", here(), escape_pointer_token(operator));
        let parsed = parse_operator(operator).map_err(|detail| syntax(op_path(), detail))?;
        let Value::Object(keys) = block else {
            return Err(syntax(
                op_path(),
                format!(
                    "`{operator}` must map condition keys to values, found {}",
                    describe(block)
                ),
            ));
        };
        for (key, values) in keys {
            let key_path = || format!("{}/{}", op_path(), escape_pointer_token(key));
            entries.push(ConditionEntry {
                operator: operator.clone(),
                key: key.clone(),
                values: condition_values(values, &key_path, key)?,
                parsed,
            });
        }
    }
    Ok(entries)
}

/// A condition key's value: a string, number or boolean, or a non-empty list of them.
fn condition_values(value: &Value, path: LazyPath, key: &str) -> Result<Vec<String>, PolicyError> {
    let scalar = |value: &Value, at: &dyn Fn() -> String| match value {
        Value::String(text) => Ok(text.clone()),
        Value::Number(number) => Ok(number.to_string()),
        Value::Bool(flag) => Ok(flag.to_string()),
        other => Err(syntax(
            at(),
            format!(
                "a value of `{key}` must be a string, number or boolean, found {}",
                describe(other)
            ),
        )),
    };
    match value {
        // ASSUMED: IAM refuses an empty value list (undocumented).
        Value::Array(items) if items.is_empty() => Err(syntax(
            path(),
            format!("`{key}` has an empty list of values"),
        )),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| scalar(item, &|| format!("{}/{index}", path())))
            .collect(),
        other => scalar(other, path).map(|value| vec![value]),
    }
}

/// A string or a non-empty list of strings.
fn string_list(value: &Value, path: LazyPath, element: &str) -> Result<Vec<String>, PolicyError> {
    match value {
        Value::String(text) => Ok(vec![text.clone()]),
        Value::Array(items) if items.is_empty() => {
            Err(syntax(path(), format!("`{element}` is an empty list")))
        }
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(index, item)| match item {
                Value::String(text) => Ok(text.clone()),
                other => Err(syntax(
                    format!("{}/{index}", path()),
                    format!("`{element}` must list strings, found {}", describe(other)),
                )),
            })
            .collect(),
        other => Err(syntax(
            path(),
            format!(
                "`{element}` must be a string or a list of strings, found {}",
                describe(other)
            ),
        )),
    }
}

/// The pointer of item `position` of an element: `path/position` when the element is a list,
/// the element itself when it is a single string.
fn item_path(path: LazyPath, element: &Value, position: usize) -> String {
    if element.is_array() {
        format!("{}/{position}", path())
    } else {
        path()
    }
}

/// An optional string member.
fn optional_string(
    value: Option<&Value>,
    name: &str,
    path: LazyPath,
) -> Result<Option<String>, PolicyError> {
    match value {
        None => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(other) => Err(syntax(
            format!("{}/{name}", path()),
            format!("`{name}` must be a string, found {}", describe(other)),
        )),
    }
}

/// The members named in `known`, in that order, from an object that must have no others.
/// One pass over the object: this is both the lookup and the check for unknown members.
fn known_members<'v, const N: usize>(
    members: &'v Map<String, Value>,
    path: LazyPath,
    known: &[&str; N],
    what: &str,
) -> Result<[Option<&'v Value>; N], PolicyError> {
    let mut found = [None; N];
    for (name, value) in members {
        let slot = known
            .iter()
            .position(|candidate| candidate == name)
            .and_then(|index| found.get_mut(index));
        match slot {
            Some(slot) => *slot = Some(value),
            None => return Err(unknown_member(name, path, known, what)),
        }
    }
    Ok(found)
}

/// Refuse members not in `known`.
fn reject_unknown(
    members: &Map<String, Value>,
    path: LazyPath,
    known: &[&str],
    what: &str,
) -> Result<(), PolicyError> {
    match members.keys().find(|name| !known.contains(&name.as_str())) {
        Some(name) => Err(unknown_member(name, path, known, what)),
        None => Ok(()),
    }
}

/// The error for a member not in `known`, with a hint when only the letter case is wrong.
// ASSUMED: element names are case-sensitive and unknown members are "Syntax errors in
// policy." (IAM's grammar lists the names; the case rule is not stated).
fn unknown_member(name: &str, path: LazyPath, known: &[&str], what: &str) -> PolicyError {
    let hint = known
        .iter()
        .find(|candidate| candidate.eq_ignore_ascii_case(name))
        .map(|candidate| {
            format!(" (element names are case-sensitive: did you mean `{candidate}`?)")
        })
        .unwrap_or_default();
    syntax(
        format!("{}/{}", path(), escape_pointer_token(name)),
        format!("unknown {what} `{name}`{hint}"),
    )
}

/// A JSON value's type, for messages.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(flag) => format!("the boolean `{flag}`"),
        Value::Number(number) => format!("the number `{number}`"),
        Value::String(text) => format!("the string `{text}`"),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

fn syntax(path: impl Into<String>, detail: impl Into<String>) -> PolicyError {
    PolicyError::new(PolicyErrorKind::Syntax, path, detail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const GOOD: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}"#;

    #[test]
    fn parses_a_github_trust_policy() {
        let document = parse_text(GOOD, PolicyKind::Trust).unwrap();
        assert_eq!(document.statement_count(), 1);
        assert_eq!(document.version(), Some("2012-10-17"));
        assert!(document.substitutes_variables());
        let statement = &document.statements()[0];
        assert_eq!(statement.effect, Effect::Allow);
        assert_eq!(
            statement
                .principal
                .as_ref()
                .unwrap()
                .value
                .values_of("Federated"),
            ["arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"]
        );
        assert_eq!(statement.conditions.len(), 1);
        assert_eq!(document.statement_pointer(0), "/Statement/0");
    }

    #[test]
    fn accepted_forms() {
        let rows: &[(&str, Value, PolicyKind)] = &[
            (
                "single statement object, no Version",
                json!({"Statement": {"Effect": "Deny", "Principal": "*", "Action": "*"}}),
                PolicyKind::Trust,
            ),
            (
                "document given as a JSON string",
                Value::String(GOOD.to_string()),
                PolicyKind::Trust,
            ),
            (
                "URL-encoded text, as some `aws iam get-role` output",
                Value::String(
                    percent_encoding::utf8_percent_encode(GOOD, percent_encoding::NON_ALPHANUMERIC)
                        .to_string(),
                ),
                PolicyKind::Trust,
            ),
            (
                "numbers and booleans as condition values, empty Condition block",
                json!({"Version": "2008-10-17", "Id": "x", "Statement": [{"Sid": "A", "Effect": "Allow", "NotPrincipal": {"AWS": ["*"]}, "NotAction": ["sts:TagSession"], "Condition": {"NumericLessThan": {"aws:EpochTime": 5}, "Bool": {"aws:SecureTransport": true}, "StringEquals": {}}}]}),
                PolicyKind::Trust,
            ),
            (
                "session policy with Resource",
                json!({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}),
                PolicyKind::Session,
            ),
        ];
        for (name, value, kind) in rows {
            assert!(
                parse_value(value, *kind).is_ok(),
                "{name}: {:?}",
                parse_value(value, *kind)
            );
        }
    }

    #[test]
    fn errors_with_kind_and_path() {
        use PolicyErrorKind::*;
        let trust = PolicyKind::Trust;
        let session = PolicyKind::Session;
        let allow = |extra: Value| {
            let mut statement = json!({"Effect": "Allow", "Principal": {"Federated": "p"}, "Action": "sts:AssumeRoleWithWebIdentity"});
            if let (Value::Object(base), Value::Object(extra)) = (&mut statement, extra) {
                for (k, v) in extra {
                    if v.is_null() {
                        base.remove(&k);
                    } else {
                        base.insert(k, v);
                    }
                }
            }
            json!({"Version": "2012-10-17", "Statement": [statement]})
        };
        // (case, input, kind, error kind, path, detail fragment)
        let rows: Vec<(&str, Value, PolicyKind, PolicyErrorKind, &str, &str)> = vec![
            (
                "not JSON",
                Value::String("{\"Version\": ".into()),
                trust,
                InvalidJson,
                "",
                "not valid JSON",
            ),
            (
                "not JSON even decoded",
                Value::String("%7Bnope".into()),
                trust,
                InvalidJson,
                "",
                "not valid JSON",
            ),
            (
                "empty text",
                Value::String(String::new()),
                trust,
                InvalidJson,
                "",
                "not valid JSON",
            ),
            (
                "array document",
                json!([1]),
                trust,
                Syntax,
                "",
                "must be a JSON object",
            ),
            (
                "JSON text holding a string",
                Value::String("\"x\"".into()),
                trust,
                Syntax,
                "",
                "must be a JSON object",
            ),
            (
                "bad version",
                json!({"Version": "2012-10-18", "Statement": []}),
                trust,
                Syntax,
                "/Version",
                "found the string `2012-10-18`",
            ),
            (
                "version as a number",
                json!({"Version": 2012, "Statement": []}),
                trust,
                Syntax,
                "/Version",
                "found the number `2012`",
            ),
            (
                "unknown top-level member",
                json!({"Version": "2012-10-17", "statement": {}}),
                trust,
                Syntax,
                "/statement",
                "did you mean `Statement`?",
            ),
            (
                "no Statement",
                json!({"Version": "2012-10-17"}),
                trust,
                MissingField,
                "/Statement",
                "no `Statement`",
            ),
            (
                "empty Statement",
                json!({"Statement": []}),
                trust,
                Syntax,
                "/Statement",
                "empty list",
            ),
            (
                "Statement a string",
                json!({"Statement": "x"}),
                trust,
                Syntax,
                "/Statement",
                "object or a list",
            ),
            (
                "statement not an object",
                json!({"Statement": [1]}),
                trust,
                Syntax,
                "/Statement/0",
                "must be a JSON object",
            ),
            (
                "lowercase effect",
                allow(json!({"Effect": "allow"})),
                trust,
                Syntax,
                "/Statement/0/Effect",
                "found `allow`",
            ),
            (
                "missing effect",
                allow(json!({"Effect": null})),
                trust,
                MissingField,
                "/Statement/0/Effect",
                "no `Effect`",
            ),
            (
                "Sid not a string",
                allow(json!({"Sid": 1})),
                trust,
                Syntax,
                "/Statement/0/Sid",
                "must be a string",
            ),
            (
                "unknown statement member",
                allow(json!({"Conditions": {}})),
                trust,
                Syntax,
                "/Statement/0/Conditions",
                "unknown statement member",
            ),
            (
                "Resource in trust policy",
                allow(json!({"Resource": "*"})),
                trust,
                ProhibitedField,
                "/Statement/0/Resource",
                "cannot have `Resource`",
            ),
            (
                "NotResource in trust policy",
                allow(json!({"NotResource": "*"})),
                trust,
                ProhibitedField,
                "/Statement/0/NotResource",
                "cannot have `NotResource`",
            ),
            (
                "no Principal in trust policy",
                allow(json!({"Principal": null})),
                trust,
                MissingField,
                "/Statement/0/Principal",
                "Principal",
            ),
            (
                "Principal and NotPrincipal",
                allow(json!({"NotPrincipal": "*"})),
                trust,
                Syntax,
                "/Statement/0/NotPrincipal",
                "both",
            ),
            (
                "Principal string not *",
                allow(json!({"Principal": "arn:aws:iam::1:oidc-provider/x"})),
                trust,
                Syntax,
                "/Statement/0/Principal",
                "must be \"*\"",
            ),
            (
                "empty Principal object",
                allow(json!({"Principal": {}})),
                trust,
                Syntax,
                "/Statement/0/Principal",
                "names no principal",
            ),
            (
                "unknown principal type",
                allow(json!({"Principal": {"federated": "x"}})),
                trust,
                Syntax,
                "/Statement/0/Principal/federated",
                "did you mean `Federated`?",
            ),
            (
                "empty principal list",
                allow(json!({"Principal": {"Federated": []}})),
                trust,
                Syntax,
                "/Statement/0/Principal/Federated",
                "empty list",
            ),
            (
                "principal list with a number",
                allow(json!({"Principal": {"Federated": ["a", 1]}})),
                trust,
                Syntax,
                "/Statement/0/Principal/Federated/1",
                "must list strings",
            ),
            (
                "empty principal string",
                allow(json!({"Principal": {"Federated": ""}})),
                trust,
                Syntax,
                "/Statement/0/Principal/Federated",
                "empty principal",
            ),
            (
                "Principal in session policy",
                json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}}),
                session,
                PrincipalInSessionPolicy,
                "/Statement/Principal",
                "session policy",
            ),
            (
                "no Resource in session policy",
                json!({"Statement": {"Effect": "Allow", "Action": "s3:*"}}),
                session,
                MissingField,
                "/Statement/Resource",
                "Resource",
            ),
            (
                "no Action",
                allow(json!({"Action": null})),
                trust,
                MissingField,
                "/Statement/0/Action",
                "neither",
            ),
            (
                "Action and NotAction",
                allow(json!({"NotAction": "x:y"})),
                trust,
                Syntax,
                "/Statement/0/NotAction",
                "both",
            ),
            (
                "empty Action list",
                allow(json!({"Action": []})),
                trust,
                Syntax,
                "/Statement/0/Action",
                "empty list",
            ),
            (
                "Action an object",
                allow(json!({"Action": {}})),
                trust,
                Syntax,
                "/Statement/0/Action",
                "string or a list",
            ),
            (
                "action without prefix",
                allow(json!({"Action": "AssumeRoleWithWebIdentity"})),
                trust,
                InvalidAction,
                "/Statement/0/Action",
                "no service prefix",
            ),
            (
                "action with two colons",
                allow(json!({"Action": ["sts:a", "sts:b:c"]})),
                trust,
                InvalidAction,
                "/Statement/0/Action/1",
                "more than one colon",
            ),
            (
                "Condition a list",
                allow(json!({"Condition": []})),
                trust,
                Syntax,
                "/Statement/0/Condition",
                "object of operators",
            ),
            (
                "unknown operator",
                allow(json!({"Condition": {"StringEqual": {"k": "v"}}})),
                trust,
                Syntax,
                "/Statement/0/Condition/StringEqual",
                "did you mean `StringEquals`?",
            ),
            (
                "NullIfExists",
                allow(json!({"Condition": {"NullIfExists": {"k": "true"}}})),
                trust,
                Syntax,
                "/Statement/0/Condition/NullIfExists",
                "IfExists",
            ),
            (
                "operator block a string",
                allow(json!({"Condition": {"StringEquals": "v"}})),
                trust,
                Syntax,
                "/Statement/0/Condition/StringEquals",
                "must map condition keys",
            ),
            (
                "null value",
                allow(json!({"Condition": {"StringEquals": {"a/b": null}}})),
                trust,
                Syntax,
                "/Statement/0/Condition/StringEquals/a~1b",
                "found null",
            ),
            (
                "nested list value",
                allow(json!({"Condition": {"StringEquals": {"k": ["a", ["b"]]}}})),
                trust,
                Syntax,
                "/Statement/0/Condition/StringEquals/k/1",
                "found a list",
            ),
            (
                "empty value list",
                allow(json!({"Condition": {"StringEquals": {"k": []}}})),
                trust,
                Syntax,
                "/Statement/0/Condition/StringEquals/k",
                "empty list",
            ),
        ];
        for (case, input, kind, want_kind, want_path, fragment) in rows {
            let error = parse_value(&input, kind).expect_err(case);
            assert_eq!(error.kind, want_kind, "{case}: {error:?}");
            assert_eq!(error.path, want_path, "{case}: {error:?}");
            assert!(error.detail.contains(fragment), "{case}: {}", error.detail);
        }
    }
}
