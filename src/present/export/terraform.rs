//! Terraform (HCL) for the scenario's IAM OIDC providers and role.
//!
//! The role's `assume_role_policy` is `jsonencode({...})` of the trust policy exactly as the
//! engine evaluated it: the default, because it is the policy stsplay checked, value for value.
//! The same policy follows as a `data "aws_iam_policy_document"` block, the alternative many
//! teams prefer; switching is a one-line change named in a comment. Where the data source cannot
//! say the same thing (see [`policy_document_form`]) the block is left out and a comment says why.

use super::text::{HEADER_COMMENT, NO_PROVIDER_COMMENT, comment_safe, snake_identifier, unique};
use super::{ExportRole, IamResources};
use crate::engine::policy::{PolicyDocument, PrincipalBlock, PrincipalValue, VERSION_2012};
use serde_json::Value;
use std::fmt::Write as _;

/// Render the providers and the role as one Terraform file.
pub fn render(resources: &IamResources) -> String {
    let role = &resources.role;
    let document = policy_document_form(role);
    let mut out = String::new();
    out.push_str(HEADER_COMMENT);
    out.push_str("# The role's trust policy is the one stsplay evaluated (jsonencode below)");
    out.push_str(if document.is_ok() {
        ";\n# an aws_iam_policy_document version follows as an alternative.\n"
    } else {
        ".\n"
    });

    let mut provider_names = Vec::new();
    let mut provider_refs = Vec::new();
    if resources.providers.is_empty() {
        out.push('\n');
        out.push_str(NO_PROVIDER_COMMENT);
    }
    for export in &resources.providers {
        let host = export.url.strip_prefix("https://").unwrap_or(&export.url);
        let name = unique(snake_identifier(host, "provider"), "_", &mut provider_names);
        let mut attributes = vec![("url", hcl_string(&export.url))];
        attributes.push(("client_id_list", string_list(&export.provider.client_ids)));
        // Optional since IAM fetches thumbprints itself; written when the scenario has some.
        if !export.provider.thumbprints.is_empty() {
            attributes.push(("thumbprint_list", string_list(&export.provider.thumbprints)));
        }
        let _ = writeln!(
            out,
            "\nresource \"aws_iam_openid_connect_provider\" \"{name}\" {{"
        );
        write_attributes(&mut out, &attributes, 1);
        out.push_str("}\n");
        provider_refs.push(format!("aws_iam_openid_connect_provider.{name}"));
    }

    let role_name = snake_identifier(&role.role.name, "role");
    let document_name = format!("{role_name}_trust");

    let _ = writeln!(out, "\nresource \"aws_iam_role\" \"{role_name}\" {{");
    write_attributes(
        &mut out,
        &[
            ("name", hcl_string(&role.role.name)),
            ("path", hcl_string(&role.role.path)),
            (
                "max_session_duration",
                role.role.max_session_duration.to_string(),
            ),
        ],
        1,
    );
    out.push_str("\n  # The trust policy exactly as stsplay evaluated it.\n");
    if document.is_ok() {
        let _ = writeln!(
            out,
            "  # Alternative: assume_role_policy = data.aws_iam_policy_document.{document_name}.json"
        );
    }
    let _ = writeln!(
        out,
        "  assume_role_policy = jsonencode({})",
        hcl_value(&role.policy, 1)
    );
    if !provider_refs.is_empty() {
        out.push_str("\n  # Create the OIDC provider first.\n");
        let _ = writeln!(out, "  depends_on = [{}]", provider_refs.join(", "));
    }
    out.push_str("}\n");

    match document {
        Ok(document) => {
            out.push_str(
                "\n# The same trust policy as an aws_iam_policy_document (see the role).\n",
            );
            let _ = writeln!(
                out,
                "data \"aws_iam_policy_document\" \"{document_name}\" {{"
            );
            write_policy_document(&mut out, document);
            out.push_str("}\n");
        }
        Err(reason) => {
            out.push_str(
                "\n# No aws_iam_policy_document alternative: it could not say exactly what the\n",
            );
            let _ = writeln!(out, "# policy says ({}).", comment_safe(&reason));
        }
    }
    out
}

/// The parsed policy when an `aws_iam_policy_document` can say exactly what it says, or why not.
pub fn policy_document_form<'r>(role: &'r ExportRole) -> Result<&'r PolicyDocument, String> {
    let document = role.parsed.as_ref().map_err(|error| {
        let at = if error.path.is_empty() {
            String::new()
        } else {
            format!("at `{}`: ", error.path)
        };
        format!("IAM would refuse the policy, {at}{}", error.detail)
    })?;
    let mut strings = Vec::new();
    collect_strings(&role.policy, &mut strings);
    if strings.iter().any(|text| text.contains("&{")) {
        return Err("a value contains `&{`, which the data source turns into `${`".to_string());
    }
    if document.version().is_none() && strings.iter().any(|text| text.contains("${")) {
        return Err(format!(
            "without `Version`, IAM reads `${{…}}` literally; the data source always writes a Version, {VERSION_2012} by default, under which `${{…}}` is a policy variable"
        ));
    }
    let mut sids: Vec<&str> = Vec::new();
    for sid in document
        .statements()
        .iter()
        .filter_map(|s| s.sid.as_deref())
    {
        if !sid.is_empty() && sids.contains(&sid) {
            return Err(format!(
                "two statements share the Sid `{sid}`, which the data source refuses"
            ));
        }
        sids.push(sid);
    }
    Ok(document)
}

fn collect_strings<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::String(text) => out.push(text),
        Value::Array(items) => items.iter().for_each(|item| collect_strings(item, out)),
        Value::Object(members) => members.iter().for_each(|(key, item)| {
            out.push(key);
            collect_strings(item, out);
        }),
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The body of a `data "aws_iam_policy_document"` block (without the braces).
fn write_policy_document(out: &mut String, document: &PolicyDocument) {
    let mut header = Vec::new();
    if let Some(version) = document.version() {
        header.push(("version", hcl_string(version)));
    }
    if let Some(id) = document.id() {
        header.push(("policy_id", hcl_string(id)));
    }
    write_attributes(out, &header, 1);
    for statement in document.statements() {
        out.push_str("\n  statement {\n");
        let mut attributes = Vec::new();
        if let Some(sid) = &statement.sid {
            attributes.push(("sid", hcl_string(sid)));
        }
        attributes.push(("effect", hcl_string(statement.effect.as_str())));
        let actions = if statement.action.negated {
            "not_actions"
        } else {
            "actions"
        };
        attributes.push((actions, string_list(&statement.action.patterns)));
        write_attributes(out, &attributes, 2);
        if let Some(principal) = &statement.principal {
            write_principals(out, principal);
        }
        for condition in &statement.conditions {
            out.push_str("\n    condition {\n");
            write_attributes(
                out,
                &[
                    ("test", hcl_string(&condition.operator)),
                    ("variable", hcl_string(&condition.key)),
                    ("values", string_list(&condition.values)),
                ],
                3,
            );
            out.push_str("    }\n");
        }
        out.push_str("  }\n");
    }
}

/// `principals` (or `not_principals`) blocks, one per principal type. `"Principal": "*"` is
/// `type = "*"`, as the provider documents.
fn write_principals(out: &mut String, principal: &PrincipalBlock) {
    let block = if principal.negated {
        "not_principals"
    } else {
        "principals"
    };
    let star = [("*".to_string(), vec!["*".to_string()])];
    let entries = match &principal.value {
        PrincipalValue::Any => &star[..],
        PrincipalValue::Typed(entries) => &entries[..],
    };
    for (principal_type, identifiers) in entries {
        let _ = writeln!(out, "\n    {block} {{");
        write_attributes(
            out,
            &[
                ("type", hcl_string(principal_type)),
                ("identifiers", string_list(identifiers)),
            ],
            3,
        );
        out.push_str("    }\n");
    }
}

/// `name = value` lines at `level` (two spaces each), with the `=` aligned as `terraform fmt`
/// aligns a run of one-line attributes.
fn write_attributes(out: &mut String, attributes: &[(&str, String)], level: usize) {
    let indent = "  ".repeat(level);
    let width = attributes
        .iter()
        .map(|(name, _)| name.len())
        .max()
        .unwrap_or_default();
    for (name, value) in attributes {
        let _ = writeln!(out, "{indent}{name:<width$} = {value}");
    }
}

/// A list of strings on one line.
fn string_list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|item| hcl_string(item)).collect();
    format!("[{}]", items.join(", "))
}

/// A JSON value as an HCL expression whose `jsonencode` is that value. Nested lines are indented
/// for an expression that starts at `level`.
pub fn hcl_value(value: &Value, level: usize) -> String {
    let inner = "  ".repeat(level + 1);
    let outer = "  ".repeat(level);
    match value {
        Value::Null => "null".to_string(),
        Value::Bool(flag) => flag.to_string(),
        Value::Number(number) => number.to_string(),
        Value::String(text) => hcl_string(text),
        Value::Array(items) if items.is_empty() => "[]".to_string(),
        Value::Array(items) if items.iter().all(is_scalar) => {
            let items: Vec<String> = items.iter().map(|item| hcl_value(item, level)).collect();
            format!("[{}]", items.join(", "))
        }
        Value::Array(items) => {
            let mut out = "[\n".to_string();
            for item in items {
                let _ = writeln!(out, "{inner}{},", hcl_value(item, level + 1));
            }
            out.push_str(&outer);
            out.push(']');
            out
        }
        Value::Object(members) if members.is_empty() => "{}".to_string(),
        Value::Object(members) => {
            let keys: Vec<String> = members.keys().map(|key| hcl_key(key)).collect();
            let width = keys
                .iter()
                .map(|key| key.chars().count())
                .max()
                .unwrap_or(0);
            let mut out = "{\n".to_string();
            for (key, item) in keys.iter().zip(members.values()) {
                let pad = " ".repeat(width.saturating_sub(key.chars().count()));
                let _ = writeln!(out, "{inner}{key}{pad} = {}", hcl_value(item, level + 1));
            }
            out.push_str(&outer);
            out.push('}');
            out
        }
    }
}

fn is_scalar(value: &Value) -> bool {
    !matches!(value, Value::Array(_) | Value::Object(_))
}

/// An object key: bare when it is an identifier that cannot be read as anything else, quoted
/// otherwise (`"token.actions.githubusercontent.com:aud"`).
fn hcl_key(key: &str) -> String {
    const KEYWORDS: [&str; 8] = [
        "true", "false", "null", "for", "in", "if", "endfor", "endif",
    ];
    let mut chars = key.chars();
    let identifier = chars
        .next()
        .is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if identifier && !KEYWORDS.contains(&key) {
        key.to_string()
    } else {
        hcl_string(key)
    }
}

/// A quoted HCL string that evaluates to exactly `text`: the usual backslash escapes, and `${`
/// and `%{` doubled so Terraform does not read them as interpolation or directives (IAM policy
/// variables such as `${aws:username}` stay literal).
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
