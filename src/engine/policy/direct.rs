//! Policy text straight to a [`PolicyDocument`], with no `serde_json::Value` in between.
//!
//! A check parses the target role's trust policy from the scenario text, and building the JSON
//! tree first costs more than the document itself. This reader takes only documents that it can
//! read unambiguously and that the grammar in `document.rs` accepts; for anything else (any
//! grammar error, a member given twice, an empty condition block) it gives up, and the caller
//! parses the `Value` as before. So every error, and every accepted document, is exactly what
//! `document.rs` makes of the text; `tests` below and `tests/policy_direct.rs` hold the two
//! readers to that.

use std::fmt;

use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::Number;

use super::document::{
    ActionBlock, ConditionEntry, Effect, PRINCIPAL_TYPES, PolicyDocument, PrincipalBlock,
    PrincipalValue, ResourceBlock, STATEMENT_MEMBERS, Statement, StatementShape, valid_action,
};
use super::operator::{Operator, parse_operator};
use super::{PolicyKind, VERSION_2008, VERSION_2012};

/// The document `text` holds, or `None` when `document.rs` must judge it.
///
/// In the wasm build this always gives up: the playground parses a policy in well under a
/// millisecond either way, and leaving this reader out keeps its download smaller.
pub(super) fn parse(text: &str, kind: PolicyKind) -> Option<PolicyDocument> {
    if cfg!(target_arch = "wasm32") {
        return None;
    }
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let document = deserializer
        .deserialize_map(DocumentVisitor { kind })
        .ok()?;
    deserializer.end().ok()?;
    Some(document)
}

/// Stop reading: the full parser decides (its message is never shown).
fn give_up<E: de::Error>() -> E {
    E::custom("left to the full policy parser")
}

/// A member name that must be one of `names`: its position there.
struct Name(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for Name {
    type Value = usize;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<usize, D::Error> {
        deserializer.deserialize_str(self)
    }
}

impl Visitor<'_> for Name {
    type Value = usize;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a known member name")
    }

    fn visit_str<E: de::Error>(self, name: &str) -> Result<usize, E> {
        self.0
            .iter()
            .position(|known| *known == name)
            .ok_or_else(give_up)
    }
}

struct DocumentVisitor {
    kind: PolicyKind,
}

impl<'de> Visitor<'de> for DocumentVisitor {
    type Value = PolicyDocument;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a policy document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<PolicyDocument, A::Error> {
        const MEMBERS: &[&str] = &["Version", "Id", "Statement"];
        let mut version = None;
        let mut id = None;
        let mut body = None;
        while let Some(member) = map.next_key_seed(Name(MEMBERS))? {
            match member {
                0 if version.is_none() => {
                    let text: String = map.next_value()?;
                    if text != VERSION_2012 && text != VERSION_2008 {
                        return Err(give_up());
                    }
                    version = Some(text);
                }
                1 if id.is_none() => id = Some(map.next_value::<String>()?),
                2 if body.is_none() => {
                    body = Some(map.next_value_seed(StatementsSeed { kind: self.kind })?);
                }
                // A member given twice.
                _ => return Err(give_up()),
            }
        }
        let body: Statements = body.ok_or_else(give_up)?;
        Ok(PolicyDocument::from_parts(
            self.kind,
            version,
            id,
            body.statements,
            body.is_array,
            body.shapes,
            body.values_listed,
        ))
    }
}

/// The `Statement` element, read.
#[derive(Default)]
struct Statements {
    statements: Vec<Statement>,
    shapes: Vec<StatementShape>,
    values_listed: Vec<bool>,
    is_array: bool,
}

impl Statements {
    fn read<'de, A: MapAccess<'de>>(&mut self, map: A, kind: PolicyKind) -> Result<(), A::Error> {
        let first_condition = self.values_listed.len();
        let (statement, mut shape) = StatementVisitor {
            kind,
            values_listed: &mut self.values_listed,
        }
        .visit_map(map)?;
        shape.first_condition = first_condition;
        self.statements.push(statement);
        self.shapes.push(shape);
        Ok(())
    }
}

struct StatementsSeed {
    kind: PolicyKind,
}

impl<'de> DeserializeSeed<'de> for StatementsSeed {
    type Value = Statements;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Statements, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StatementsSeed {
    type Value = Statements;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a statement or a list of statements")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Statements, A::Error> {
        let mut body = Statements::default();
        body.read(map, self.kind)?;
        Ok(body)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Statements, A::Error> {
        let mut body = Statements {
            is_array: true,
            ..Statements::default()
        };
        while seq
            .next_element_seed(StatementSeed {
                kind: self.kind,
                body: &mut body,
            })?
            .is_some()
        {}
        if body.statements.is_empty() {
            return Err(give_up());
        }
        Ok(body)
    }
}

/// One statement of a `Statement` list, added to `body`.
struct StatementSeed<'b> {
    kind: PolicyKind,
    body: &'b mut Statements,
}

impl<'de> DeserializeSeed<'de> for StatementSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for StatementSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a statement")
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<(), A::Error> {
        self.body.read(map, self.kind)
    }
}

struct StatementVisitor<'v> {
    kind: PolicyKind,
    values_listed: &'v mut Vec<bool>,
}

impl<'de> Visitor<'de> for StatementVisitor<'_> {
    type Value = (Statement, StatementShape);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a statement")
    }

    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> Result<(Statement, StatementShape), A::Error> {
        let mut sid = None;
        let mut effect = None;
        let mut principal = None;
        let mut action = None;
        let mut resource = None;
        let mut conditions = None;
        let mut shape = StatementShape::default();
        while let Some(member) = map.next_key_seed(Name(&STATEMENT_MEMBERS))? {
            // `STATEMENT_MEMBERS`: Sid, Effect, Principal, NotPrincipal, Action, NotAction,
            // Resource, NotResource, Condition.
            match member {
                0 if sid.is_none() => sid = Some(map.next_value::<String>()?),
                1 if effect.is_none() => {
                    let text: String = map.next_value()?;
                    effect = Some(match text.as_str() {
                        "Allow" => Effect::Allow,
                        "Deny" => Effect::Deny,
                        _ => return Err(give_up()),
                    });
                }
                2 | 3 if principal.is_none() && self.kind == PolicyKind::Trust => {
                    let negated = member == 3;
                    let (value, federated_listed) = map.next_value_seed(PrincipalSeed)?;
                    shape.federated_listed = federated_listed && !negated;
                    principal = Some(PrincipalBlock { negated, value });
                }
                4 | 5 if action.is_none() => {
                    let (patterns, listed) = map.next_value_seed(StringList)?;
                    if !patterns.iter().all(|pattern| valid_action(pattern)) {
                        return Err(give_up());
                    }
                    shape.action_listed = listed;
                    action = Some(ActionBlock {
                        negated: member == 5,
                        patterns,
                    });
                }
                6 | 7 if resource.is_none() && self.kind == PolicyKind::Session => {
                    let (patterns, _) = map.next_value_seed(StringList)?;
                    resource = Some(ResourceBlock {
                        negated: member == 7,
                        patterns,
                    });
                }
                8 if conditions.is_none() => {
                    conditions = Some(map.next_value_seed(ConditionSeed {
                        values_listed: &mut *self.values_listed,
                    })?);
                }
                // A member given twice, both forms of one element, or an element this kind of
                // policy does not allow.
                _ => return Err(give_up()),
            }
        }
        let (Some(effect), Some(action)) = (effect, action) else {
            return Err(give_up());
        };
        // A trust policy needs a principal, and a session policy a resource.
        let complete = match self.kind {
            PolicyKind::Trust => principal.is_some(),
            PolicyKind::Session => resource.is_some(),
        };
        if !complete {
            return Err(give_up());
        }
        Ok((
            Statement {
                sid,
                effect,
                principal,
                action,
                resource,
                conditions: conditions.unwrap_or_default(),
            },
            shape,
        ))
    }
}

/// `"*"` or an object of principal types; with whether `Federated` is written as a list.
struct PrincipalSeed;

impl<'de> DeserializeSeed<'de> for PrincipalSeed {
    type Value = (PrincipalValue, bool);

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<(PrincipalValue, bool), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for PrincipalSeed {
    type Value = (PrincipalValue, bool);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a principal")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(PrincipalValue, bool), E> {
        if text == "*" {
            Ok((PrincipalValue::Any, false))
        } else {
            Err(give_up())
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(PrincipalValue, bool), A::Error> {
        let mut entries: Vec<(String, Vec<String>)> = Vec::with_capacity(1);
        let mut federated_listed = false;
        while let Some(index) = map.next_key_seed(Name(PRINCIPAL_TYPES))? {
            let name = PRINCIPAL_TYPES.get(index).copied().unwrap_or_default();
            if entries.iter().any(|(seen, _)| seen == name) {
                return Err(give_up());
            }
            let (values, listed) = map.next_value_seed(StringList)?;
            if values.iter().any(String::is_empty) {
                return Err(give_up());
            }
            if name == "Federated" {
                federated_listed = listed;
            }
            entries.push((name.to_string(), values));
        }
        if entries.is_empty() {
            return Err(give_up());
        }
        Ok((PrincipalValue::Typed(entries), federated_listed))
    }
}

/// A string or a non-empty list of strings; with whether it is a list.
struct StringList;

impl<'de> DeserializeSeed<'de> for StringList {
    type Value = (Vec<String>, bool);

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<(Vec<String>, bool), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for StringList {
    type Value = (Vec<String>, bool);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string or a list of strings")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(Vec<String>, bool), E> {
        Ok((vec![text.to_string()], false))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(Vec<String>, bool), A::Error> {
        let mut items = Vec::with_capacity(1);
        while let Some(item) = seq.next_element::<String>()? {
            items.push(item);
        }
        if items.is_empty() {
            return Err(give_up());
        }
        Ok((items, true))
    }
}

/// The `Condition` element: its entries, in document order.
struct ConditionSeed<'v> {
    values_listed: &'v mut Vec<bool>,
}

impl<'de> DeserializeSeed<'de> for ConditionSeed<'_> {
    type Value = Vec<ConditionEntry>;

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<Vec<ConditionEntry>, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for ConditionSeed<'_> {
    type Value = Vec<ConditionEntry>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of condition operators")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<ConditionEntry>, A::Error> {
        let mut entries = Vec::new();
        while let Some(operator) = map.next_key::<String>()? {
            let parsed = parse_operator(&operator).map_err(|_| give_up())?;
            // Every earlier block added entries (an empty one gives up), so an operator given
            // twice shows among them.
            if entries
                .iter()
                .any(|entry: &ConditionEntry| entry.operator == operator)
            {
                return Err(give_up());
            }
            let first = entries.len();
            map.next_value_seed(BlockSeed {
                operator: &operator,
                parsed,
                entries: &mut entries,
                values_listed: &mut *self.values_listed,
            })?;
            if entries.len() == first {
                return Err(give_up());
            }
        }
        Ok(entries)
    }
}

/// One operator's block: condition keys and their values, added to `entries`.
struct BlockSeed<'b> {
    operator: &'b str,
    parsed: Operator,
    entries: &'b mut Vec<ConditionEntry>,
    values_listed: &'b mut Vec<bool>,
}

impl<'de> DeserializeSeed<'de> for BlockSeed<'_> {
    type Value = ();

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for BlockSeed<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("an object of condition keys")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        let first = self.entries.len();
        while let Some(key) = map.next_key::<String>()? {
            let seen = self
                .entries
                .get(first..)
                .unwrap_or_default()
                .iter()
                .any(|entry| entry.key == key);
            if seen {
                return Err(give_up());
            }
            let (values, listed) = map.next_value_seed(Values)?;
            self.entries.push(ConditionEntry {
                operator: self.operator.to_string(),
                key,
                values,
                parsed: self.parsed,
            });
            self.values_listed.push(listed);
        }
        Ok(())
    }
}

/// A condition key's values: a scalar or a non-empty list of scalars, as text; with whether
/// they are a list.
struct Values;

impl<'de> DeserializeSeed<'de> for Values {
    type Value = (Vec<String>, bool);

    fn deserialize<D: Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<(Vec<String>, bool), D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Values {
    type Value = (Vec<String>, bool);

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("condition values")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<(Vec<String>, bool), E> {
        Ok((vec![text.to_string()], false))
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<(Vec<String>, bool), E> {
        Ok((vec![flag.to_string()], false))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<(Vec<String>, bool), E> {
        Ok((vec![Number::from(number).to_string()], false))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<(Vec<String>, bool), E> {
        Ok((vec![Number::from(number).to_string()], false))
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<(Vec<String>, bool), E> {
        Ok((vec![float_text(number)?], false))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(Vec<String>, bool), A::Error> {
        let mut items = Vec::with_capacity(1);
        while let Some(item) = seq.next_element_seed(Scalar)? {
            items.push(item);
        }
        if items.is_empty() {
            return Err(give_up());
        }
        Ok((items, true))
    }
}

/// A float as `serde_json::Value` spells it (a non-finite one is no JSON number).
fn float_text<E: de::Error>(number: f64) -> Result<String, E> {
    Number::from_f64(number)
        .map(|number| number.to_string())
        .ok_or_else(give_up)
}

/// One scalar condition value as text.
struct Scalar;

impl<'de> DeserializeSeed<'de> for Scalar {
    type Value = String;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Scalar {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string, number or boolean")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<String, E> {
        Ok(text.to_string())
    }

    fn visit_bool<E: de::Error>(self, flag: bool) -> Result<String, E> {
        Ok(flag.to_string())
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<String, E> {
        Ok(Number::from(number).to_string())
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<String, E> {
        Ok(Number::from(number).to_string())
    }

    fn visit_f64<E: de::Error>(self, number: f64) -> Result<String, E> {
        float_text(number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The usual documents take the direct path (else every check pays for the JSON tree).
    #[test]
    fn reads_the_usual_documents_itself() {
        let trust = [
            r#"{"Version": "2012-10-17", "Statement": [{"Sid": "GitHub", "Effect": "Allow", "Principal": {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"}, "Action": "sts:AssumeRoleWithWebIdentity", "Condition": {"StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"}, "StringLike": {"token.actions.githubusercontent.com:sub": ["repo:octo-org/*:ref:refs/heads/main", "repo:octo-org/x:*"]}}}]}"#,
            r#"{"Statement": {"Effect": "Deny", "NotPrincipal": {"AWS": ["*"]}, "NotAction": ["sts:TagSession"], "Condition": {"NumericLessThan": {"aws:EpochTime": 5}, "Bool": {"aws:SecureTransport": true}}}}"#,
        ];
        for text in trust {
            assert!(parse(text, PolicyKind::Trust).is_some(), "{text}");
        }
        let session = r#"{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}"#;
        assert!(parse(session, PolicyKind::Session).is_some());
        // A trust policy with a `Resource` is an error: the full parser words it.
        assert!(parse(session, PolicyKind::Trust).is_none());
    }
}
