//! A CloudFormation YAML template for the scenario's IAM OIDC providers and role.
//!
//! The trust policy is written as a YAML mapping (`AssumeRolePolicyDocument:`) that reads back as
//! exactly the JSON the engine evaluated. No CloudFormation tags (`!Ref`, `!Sub`) are used, so
//! any YAML parser reads the template; the role's `DependsOn` orders it after its providers.

use super::IamResources;
use super::text::{HEADER_COMMENT, NO_PROVIDER_COMMENT, camel_identifier, unique};
use serde_json::{Map, Value};
use std::fmt::Write as _;

/// CloudFormation's limit on a logical id is 255 characters; keep room for a suffix.
const LOGICAL_ID_BASE_LIMIT: usize = 240;

/// Render the providers and the role as a CloudFormation template.
pub fn render(resources: &IamResources) -> String {
    let mut taken = Vec::new();
    let mut template_resources = Map::new();
    let mut provider_ids = Vec::new();
    for export in &resources.providers {
        let host = export.url.strip_prefix("https://").unwrap_or(&export.url);
        let id = unique(logical_id(host, "Provider"), "", &mut taken);
        let mut properties = Map::new();
        properties.insert("Url".into(), export.url.clone().into());
        properties.insert("ClientIdList".into(), strings(&export.provider.client_ids));
        // Optional since IAM fetches thumbprints itself; written when the scenario has some.
        if !export.provider.thumbprints.is_empty() {
            properties.insert(
                "ThumbprintList".into(),
                strings(&export.provider.thumbprints),
            );
        }
        template_resources.insert(
            id.clone(),
            resource("AWS::IAM::OIDCProvider", None, properties),
        );
        provider_ids.push(Value::String(id));
    }

    let role = &resources.role;
    let role_id = unique(logical_id(&role.role.name, "Role"), "", &mut taken);
    let mut properties = Map::new();
    properties.insert("RoleName".into(), role.role.name.clone().into());
    properties.insert("Path".into(), role.role.path.clone().into());
    properties.insert(
        "MaxSessionDuration".into(),
        role.role.max_session_duration.into(),
    );
    properties.insert("AssumeRolePolicyDocument".into(), role.policy.clone());
    let depends_on = (!provider_ids.is_empty()).then_some(Value::Array(provider_ids));
    template_resources.insert(role_id, resource("AWS::IAM::Role", depends_on, properties));

    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), "2010-09-09".into());
    template.insert(
        "Description".into(),
        "IAM OIDC provider and role, exported by stsplay from a scenario".into(),
    );
    template.insert("Resources".into(), Value::Object(template_resources));

    let mut out = String::new();
    out.push_str(HEADER_COMMENT);
    out.push_str("# AssumeRolePolicyDocument is the trust policy stsplay evaluated.\n");
    if resources.providers.is_empty() {
        out.push_str(NO_PROVIDER_COMMENT);
    }
    write_mapping(&mut out, &template, 0);
    out
}

fn resource(kind: &str, depends_on: Option<Value>, properties: Map<String, Value>) -> Value {
    let mut resource = Map::new();
    resource.insert("Type".into(), kind.into());
    if let Some(depends_on) = depends_on {
        resource.insert("DependsOn".into(), depends_on);
    }
    resource.insert("Properties".into(), Value::Object(properties));
    Value::Object(resource)
}

fn strings(items: &[String]) -> Value {
    Value::Array(items.iter().cloned().map(Value::String).collect())
}

fn logical_id(name: &str, suffix: &str) -> String {
    let base: String = camel_identifier(name)
        .chars()
        .take(LOGICAL_ID_BASE_LIMIT)
        .collect();
    format!("{base}{suffix}")
}

/// A block mapping at `indent` spaces.
fn write_mapping(out: &mut String, members: &Map<String, Value>, indent: usize) {
    let pad = " ".repeat(indent);
    for (key, value) in members {
        let key = scalar_string(key, true);
        match value {
            Value::Object(inner) if !inner.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                write_mapping(out, inner, indent + 2);
            }
            Value::Array(items) if !items.is_empty() => {
                let _ = writeln!(out, "{pad}{key}:");
                write_sequence(out, items, indent + 2);
            }
            scalar => {
                let _ = writeln!(out, "{pad}{key}: {}", flow_scalar(scalar));
            }
        }
    }
}

/// A block sequence at `indent` spaces. A nested collection starts on the dash's line:
/// it is written at `indent + 2` and its first indentation replaced by `- `.
fn write_sequence(out: &mut String, items: &[Value], indent: usize) {
    let pad = " ".repeat(indent);
    for item in items {
        let mut nested = String::new();
        match item {
            Value::Object(inner) if !inner.is_empty() => {
                write_mapping(&mut nested, inner, indent + 2)
            }
            Value::Array(inner) if !inner.is_empty() => {
                write_sequence(&mut nested, inner, indent + 2)
            }
            scalar => {
                let _ = writeln!(out, "{pad}- {}", flow_scalar(scalar));
                continue;
            }
        }
        let _ = write!(out, "{pad}- ");
        out.push_str(nested.get(indent + 2..).unwrap_or_default());
    }
}

/// A scalar, or an empty collection in flow style.
fn flow_scalar(value: &Value) -> String {
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => yaml_number(number),
        Value::String(text) => scalar_string(text, false),
        Value::Array(_) => "[]".to_string(),
        Value::Object(_) => "{}".to_string(),
    }
}

/// A number that YAML 1.1 and 1.2 parsers both read as a number: a float's mantissa keeps a
/// `.` and its exponent a sign (`1e300` would be a string in YAML 1.1; `1.0e+300` is a float).
fn yaml_number(number: &serde_json::Number) -> String {
    let text = number.to_string();
    if !number.is_f64() {
        return text;
    }
    let (mantissa, exponent) = match text.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa.to_string(), Some(exponent.to_string())),
        None => (text.clone(), None),
    };
    let mantissa = if mantissa.contains('.') {
        mantissa
    } else {
        format!("{mantissa}.0")
    };
    match exponent {
        Some(exponent) if exponent.starts_with(['+', '-']) => format!("{mantissa}e{exponent}"),
        Some(exponent) => format!("{mantissa}e+{exponent}"),
        None => mantissa,
    }
}

/// A string as a plain scalar when that cannot be misread (a letter first, then letters,
/// digits and `_ . / - * @ + =`, plus `:` in values, and not a YAML 1.1 boolean or null such as
/// `yes`, `on` or `null`); otherwise double-quoted with every character outside printable
/// ASCII and ordinary Unicode escaped.
fn scalar_string(text: &str, is_key: bool) -> String {
    const RESERVED: [&str; 9] = ["y", "n", "yes", "no", "true", "false", "on", "off", "null"];
    let mut chars = text.chars();
    let plain = chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars
            .all(|c| c.is_ascii_alphanumeric() || "_./-*@+=".contains(c) || (c == ':' && !is_key))
        && !text.ends_with(':')
        && !RESERVED.contains(&text.to_ascii_lowercase().as_str());
    if plain {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            // Controls, and what YAML does not allow raw or reads as a line break.
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_only_when_unambiguous() {
        assert_eq!(scalar_string("Allow", false), "Allow");
        assert_eq!(
            scalar_string("sts:AssumeRoleWithWebIdentity", false),
            "sts:AssumeRoleWithWebIdentity"
        );
        assert_eq!(scalar_string("a:b", true), "\"a:b\"");
        assert_eq!(scalar_string("2012-10-17", false), "\"2012-10-17\"");
        assert_eq!(scalar_string("No", false), "\"No\"");
        assert_eq!(scalar_string("*", false), "\"*\"");
        assert_eq!(scalar_string("", false), "\"\"");
        assert_eq!(scalar_string("a\u{85}\"", false), "\"a\\u0085\\\"\"");
    }

    #[test]
    fn floats_read_as_floats_in_yaml_1_1() {
        let number = |text: &str| serde_json::from_str::<serde_json::Number>(text).unwrap();
        assert_eq!(yaml_number(&number("1e300")), "1.0e+300");
        assert_eq!(yaml_number(&number("1.5e-7")), "1.5e-7");
        assert_eq!(yaml_number(&number("0.25")), "0.25");
        assert_eq!(yaml_number(&number("3600")), "3600");
    }
}
