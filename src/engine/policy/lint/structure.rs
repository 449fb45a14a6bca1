//! Rules that look at the JSON before it is parsed: a `Resource` element and unknown condition
//! operators. Each makes IAM refuse the whole document, so parsing would stop there; instead
//! they are reported and removed from a copy, and the other rules run on the rest.
//! A document without them (nearly every one) is not copied.

use super::super::operator::parse_operator;
use super::rules::Rule;
use super::{Draft, Findings, sentence};
use crate::engine::policy::escape_pointer_token;
use crate::engine::verdict::{Part, Severity};
use serde_json::Value;

/// Report `Resource`/`NotResource` and unknown operators; return the document without them, or
/// `None` when it has none (the usual case: then nothing is copied).
pub(super) fn check(document: &Value, out: &mut Findings) -> Option<Value> {
    let found = out.list.len();
    for_each_statement(document, |statement, index| report(statement, index, out));
    if out.list.len() == found {
        return None;
    }
    let mut repaired = document.clone();
    match repaired.get_mut("Statement") {
        Some(Value::Array(statements)) => statements.iter_mut().for_each(remove),
        Some(statement @ Value::Object(_)) => remove(statement),
        _ => {}
    }
    Some(repaired)
}

/// Call `visit` with each statement of `document` and its index in the `Statement` list (`None`
/// for a single statement object).
fn for_each_statement(document: &Value, mut visit: impl FnMut(&Value, Option<usize>)) {
    match document.get("Statement") {
        Some(Value::Array(statements)) => {
            for (index, statement) in statements.iter().enumerate() {
                visit(statement, Some(index));
            }
        }
        Some(statement @ Value::Object(_)) => visit(statement, None),
        _ => {}
    }
}

/// The pointer of the statement at `index` (see `for_each_statement`).
fn statement_path(index: Option<usize>) -> String {
    match index {
        Some(index) => format!("/Statement/{index}"),
        None => "/Statement".to_string(),
    }
}

/// The operators of a statement's `Condition` block that IAM does not know, with why.
fn unknown_operators(statement: &Value) -> Vec<(&String, String)> {
    let Some(Value::Object(blocks)) = statement.get("Condition") else {
        return Vec::new();
    };
    blocks
        .keys()
        .filter_map(|operator| {
            parse_operator(operator)
                .err()
                .map(|detail| (operator, detail))
        })
        .collect()
}

/// Remove what `report` reported from one statement.
fn remove(statement: &mut Value) {
    let unknown: Vec<String> = unknown_operators(statement)
        .into_iter()
        .map(|(operator, _)| operator.clone())
        .collect();
    let Value::Object(members) = statement else {
        return;
    };
    for element in ["Resource", "NotResource"] {
        members.shift_remove(element);
    }
    if let Some(Value::Object(blocks)) = members.get_mut("Condition") {
        for operator in &unknown {
            blocks.shift_remove(operator);
        }
    }
}

/// The findings on one statement (`index` as in `for_each_statement`).
fn report(statement: &Value, index: Option<usize>, out: &mut Findings) {
    let Value::Object(members) = statement else {
        return;
    };
    for element in ["Resource", "NotResource"] {
        if members.contains_key(element) {
            let at = format!("{}/{element}", statement_path(index));
            out.push(Draft {
                rule: Rule::ResourceInTrustPolicy,
                severity: Severity::Error,
                path: at.clone(),
                anchor: (at, Part::Name),
                message: format!(
                    "A trust policy cannot have `{element}`: IAM refuses the document with `MalformedPolicyDocument: Has prohibited field {element}`, and STS answers a stored one the same way."
                ),
                help: format!(
                    "Delete `{element}`: the resource of a trust policy is always the role it belongs to."
                ),
            });
        }
    }
    for (operator, detail) in unknown_operators(statement) {
        let at = format!(
            "{}/Condition/{}",
            statement_path(index),
            escape_pointer_token(operator)
        );
        out.push(Draft {
            rule: Rule::UnknownConditionOperator,
            severity: Severity::Error,
            path: at.clone(),
            anchor: (at, Part::Name),
            message: format!(
                "{} IAM refuses the document with `MalformedPolicyDocument: Syntax errors in policy.`",
                sentence(&detail)
            ),
            help: "Use one of IAM's condition operators (`StringEquals`, `StringLike`, `ArnLike`, `Bool`, `Null` …), optionally with `ForAnyValue:` or `ForAllValues:` in front and `IfExists` behind.".to_string(),
        });
    }
}
