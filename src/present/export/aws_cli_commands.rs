//! The AWS CLI commands that create the scenario's IAM OIDC providers and role, and the
//! `aws sts assume-role-with-web-identity` call that stsplay simulated, as a POSIX shell script.
//!
//! Every value is single-quoted (an embedded `'` becomes `'\''`), so nothing in it is expanded.
//! JSON arguments (the trust policy, the session policy) are passed as text exactly as the
//! engine read them. (What the AWS CLI *prints* back lives in [`crate::present::aws_cli`].)

use super::IamResources;
use super::text::{HEADER_COMMENT, NO_PROVIDER_COMMENT};
use std::fmt::Write as _;

/// Render the commands, one per paragraph, each continued over lines with `\`.
pub fn render(resources: &IamResources) -> String {
    let mut out = String::new();
    out.push_str(HEADER_COMMENT);
    out.push_str("# The last command is the call that stsplay simulated.\n");

    if resources.providers.is_empty() {
        out.push('\n');
        out.push_str(NO_PROVIDER_COMMENT);
    }
    for export in &resources.providers {
        let mut args = vec![option("--url", &export.url)];
        if !export.provider.client_ids.is_empty() {
            args.push(list_option("--client-id-list", &export.provider.client_ids));
        }
        // Optional since IAM fetches thumbprints itself; passed when the scenario has some.
        if !export.provider.thumbprints.is_empty() {
            args.push(list_option(
                "--thumbprint-list",
                &export.provider.thumbprints,
            ));
        }
        out.push_str("\n# The IAM OIDC provider.\n");
        write_command(&mut out, "aws iam create-open-id-connect-provider", &args);
    }

    let role = &resources.role;
    let policy = serde_json::to_string(&role.policy).unwrap_or_default();
    out.push_str("\n# The role, with the trust policy stsplay evaluated.\n");
    write_command(
        &mut out,
        "aws iam create-role",
        &[
            option("--role-name", &role.role.name),
            option("--path", &role.role.path),
            format!("--max-session-duration {}", role.role.max_session_duration),
            option("--assume-role-policy-document", &policy),
        ],
    );

    let request = resources.request;
    let mut args = vec![
        option("--role-arn", &request.role_arn),
        option("--role-session-name", &request.role_session_name),
        option("--web-identity-token", &request.web_identity_token),
    ];
    if let Some(provider_id) = &request.provider_id {
        args.push(option("--provider-id", provider_id));
    }
    if !request.policy_arns.is_empty() {
        let arns: Vec<serde_json::Value> = request
            .policy_arns
            .iter()
            .map(|arn| serde_json::json!({ "arn": arn }))
            .collect();
        let json = serde_json::to_string(&arns).unwrap_or_default();
        args.push(option("--policy-arns", &json));
    }
    if let Some(policy) = &request.policy {
        args.push(option("--policy", policy));
    }
    if let Some(duration) = request.duration_seconds {
        args.push(format!("--duration-seconds {duration}"));
    }
    out.push_str("\n# The call stsplay simulated.\n");
    write_command(&mut out, "aws sts assume-role-with-web-identity", &args);
    out
}

fn write_command(out: &mut String, command: &str, args: &[String]) {
    out.push_str(command);
    for arg in args {
        let _ = write!(out, " \\\n    {arg}");
    }
    out.push('\n');
}

/// `--name 'value'`; `--name='value'` when the value starts with `-`, so the AWS CLI does not
/// take it for an option.
fn option(name: &str, value: &str) -> String {
    if value.starts_with('-') {
        format!("{name}={}", shell_quote(value))
    } else {
        format!("{name} {}", shell_quote(value))
    }
}

/// A list parameter: space-separated values when each is a plain word, otherwise a JSON list
/// (the AWS CLI reads a value starting with `[` as JSON), so that no value is split at a comma
/// or taken for an option.
fn list_option(name: &str, values: &[String]) -> String {
    let plain = values.iter().all(|value| {
        value
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric())
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "._:/@+=-".contains(c))
    });
    if plain {
        let quoted: Vec<String> = values.iter().map(|value| shell_quote(value)).collect();
        format!("{name} {}", quoted.join(" "))
    } else {
        let json = serde_json::to_string(values).unwrap_or_default();
        format!("{name} {}", shell_quote(&json))
    }
}

/// Single-quote for a POSIX shell: everything literal; `'` is closed, escaped and reopened.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_closes_and_reopens_around_single_quotes() {
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$HOME `x`"), "'$HOME `x`'");
    }

    #[test]
    fn lists_fall_back_to_json() {
        assert_eq!(
            list_option("--l", &["a.b".into(), "c".into()]),
            "--l 'a.b' 'c'"
        );
        assert_eq!(list_option("--l", &["a,b".into()]), "--l '[\"a,b\"]'");
        assert_eq!(option("--x", "-y"), "--x='-y'");
    }
}
