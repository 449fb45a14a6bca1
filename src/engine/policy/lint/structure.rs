//! Rules that look at the JSON before it is parsed: a `Resource` element and unknown condition
//! operators. Each makes IAM refuse the whole document, so parsing would stop there; instead
//! they are reported and removed from a copy, and the other rules run on the rest.

use super::super::operator::parse_operator;
use super::{Draft, Findings, sentence};
use crate::engine::policy::escape_pointer_token;
use crate::engine::verdict::{Part, Severity};
use serde_json::Value;

/// Report `Resource`/`NotResource` and unknown operators; return the document without them.
pub(super) fn check(document: &Value, out: &mut Findings) -> Value {
    let mut repaired = document.clone();
    match repaired.get_mut("Statement") {
        Some(Value::Array(statements)) => {
            for (index, statement) in statements.iter_mut().enumerate() {
                check_statement(statement, &format!("/Statement/{index}"), out);
            }
        }
        Some(statement @ Value::Object(_)) => check_statement(statement, "/Statement", out),
        _ => {}
    }
    repaired
}

fn check_statement(statement: &mut Value, path: &str, out: &mut Findings) {
    let Value::Object(members) = statement else {
        return;
    };
    for element in ["Resource", "NotResource"] {
        if members.shift_remove(element).is_some() {
            let at = format!("{path}/{element}");
            out.push(Draft {
                code: "resource-in-trust-policy",
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
    let Some(Value::Object(blocks)) = members.get_mut("Condition") else {
        return;
    };
    let unknown: Vec<(String, String)> = blocks
        .keys()
        .filter_map(|operator| {
            parse_operator(operator)
                .err()
                .map(|detail| (operator.clone(), detail))
        })
        .collect();
    for (operator, detail) in unknown {
        blocks.shift_remove(&operator);
        let at = format!("{path}/Condition/{}", escape_pointer_token(&operator));
        out.push(Draft {
            code: "unknown-condition-operator",
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
