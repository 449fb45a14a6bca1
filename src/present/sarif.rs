//! Lint findings as a SARIF 2.1.0 log, the format code scanning reads (`stsplay lint --format
//! sarif`). One run, with every lint rule described in `tool.driver.rules` (from the one rule
//! table, `engine::policy::Rule`) and one result per finding, located by line and column in the
//! file the user gave.
//!
//! Format: OASIS SARIF 2.1.0 Errata 01,
//! <https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/sarif-v2.1.0-errata01-os-complete.html>.
//! Columns count Unicode code points, as stsplay's spans do (the run says so in `columnKind`),
//! and a region's end column is the character after it (§3.30.5-3.30.8).

use crate::engine::policy::Rule;
use crate::engine::verdict::{Finding, Severity, Span};
use serde_json::{Value, json};

/// The schema the log declares (the OASIS address of the 2.1.0 schema with its errata).
pub const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// A finding and where it is.
pub struct Located<'a> {
    pub finding: &'a Finding,
    /// The linted file, a path as the user gave it (relative paths stay relative, so code
    /// scanning resolves them against the repository); `None` for standard input, which has no
    /// location to point at.
    pub uri: Option<&'a str>,
    /// Where in that file.
    pub span: Option<Span>,
    /// The infrastructure resource that holds the policy (a Terraform address), if any.
    pub resource: Option<&'a str>,
}

/// The SARIF log for `findings`.
pub fn log(findings: &[Located]) -> Value {
    let rules: Vec<Value> = Rule::ALL
        .iter()
        .map(|rule| rule_descriptor(*rule))
        .collect();
    let results: Vec<Value> = findings.iter().map(result).collect();
    json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "stsplay",
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules,
                }
            },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }]
    })
}

fn rule_descriptor(rule: Rule) -> Value {
    let info = rule.info();
    json!({
        "id": info.code,
        "shortDescription": { "text": info.title },
        "help": { "text": info.about },
    })
}

/// SARIF's `level` for a severity (§3.27.10): `note` is its word for information.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn result(located: &Located) -> Value {
    let finding = located.finding;
    let mut result = json!({
        "ruleId": finding.code,
        "level": level(finding.severity),
        "message": { "text": format!("{}\nHelp: {}", finding.message, finding.help) },
    });
    let rule_index =
        Rule::from_code(&finding.code).and_then(|rule| Rule::ALL.iter().position(|r| *r == rule));
    if let (Value::Object(members), Some(index)) = (&mut result, rule_index) {
        members.insert("ruleIndex".into(), index.into());
    }
    // The resource that holds the policy, when there is one, then the JSON pointer of the
    // element the finding is about, in the linted document.
    let mut logical: Vec<Value> = located
        .resource
        .map(|address| json!({ "fullyQualifiedName": address, "kind": "resource" }))
        .into_iter()
        .collect();
    logical.push(json!({ "fullyQualifiedName": finding.path }));
    let mut location = json!({ "logicalLocations": logical });
    if let (Value::Object(members), Some(uri)) = (&mut location, located.uri) {
        let mut physical = json!({ "artifactLocation": { "uri": uri_reference(uri) } });
        if let (Value::Object(physical), Some(span)) = (&mut physical, located.span) {
            physical.insert(
                "region".into(),
                json!({
                    "startLine": span.line,
                    "startColumn": span.column,
                    "endLine": span.end_line,
                    "endColumn": span.end_column,
                }),
            );
        }
        members.insert("physicalLocation".into(), physical);
    }
    if let Value::Object(members) = &mut result {
        members.insert("locations".into(), json!([location]));
    }
    result
}

/// A file path as a URI reference (RFC 3986 §4.1): `/` separators, and every byte outside the
/// unreserved set and `/` percent-encoded, so a name with spaces or `#` stays one path.
fn uri_reference(path: &str) -> String {
    const KEEP: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
        .remove(b'/')
        .remove(b'-')
        .remove(b'.')
        .remove(b'_')
        .remove(b'~');
    let path = path.replace('\\', "/");
    percent_encoding::utf8_percent_encode(&path, KEEP).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(
            uri_reference("infra/trust policy#1.json"),
            "infra/trust%20policy%231.json"
        );
        assert_eq!(uri_reference("a\\b.json"), "a/b.json");
    }

    #[test]
    fn every_rule_is_described_once() {
        let log = log(&[]);
        let rules = log
            .pointer("/runs/0/tool/driver/rules")
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        assert_eq!(rules.len(), Rule::ALL.len());
        for (rule, descriptor) in Rule::ALL.iter().zip(&rules) {
            assert_eq!(descriptor.get("id"), Some(&Value::from(rule.code())));
        }
    }
}
