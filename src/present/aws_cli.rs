//! The shapes the AWS CLI prints: the error line and the credentials JSON.

use crate::engine::clock::{format_aws_cli, parse_rfc3339};
use crate::engine::verdict::{AssumeRoleResult, AwsError};
use serde::Serialize;
use serde_json::{Map, Value};

/// `An error occurred (Code) when calling the AssumeRoleWithWebIdentity operation: Message`.
pub fn error_line(error: &AwsError) -> String {
    format!(
        "An error occurred ({}) when calling the AssumeRoleWithWebIdentity operation: {}",
        error.code, error.message
    )
}

/// The response as `aws sts assume-role-with-web-identity` prints it: members in the response's
/// order, four-space indentation, and `Expiration` as `2026-11-22T11:00:00+00:00`.
pub fn credentials_json(result: &AssumeRoleResult) -> String {
    let expiration = parse_rfc3339(&result.credentials.expiration)
        .map(format_aws_cli)
        .unwrap_or_else(|| result.credentials.expiration.clone());
    let mut credentials = Map::new();
    credentials.insert(
        "AccessKeyId".into(),
        result.credentials.access_key_id.clone().into(),
    );
    credentials.insert(
        "SecretAccessKey".into(),
        result.credentials.secret_access_key.clone().into(),
    );
    credentials.insert(
        "SessionToken".into(),
        result.credentials.session_token.clone().into(),
    );
    credentials.insert("Expiration".into(), expiration.into());
    let mut user = Map::new();
    user.insert(
        "AssumedRoleId".into(),
        result.assumed_role_user.assumed_role_id.clone().into(),
    );
    user.insert("Arn".into(), result.assumed_role_user.arn.clone().into());
    let mut out = Map::new();
    out.insert("Credentials".into(), Value::Object(credentials));
    out.insert(
        "SubjectFromWebIdentityToken".into(),
        result.subject_from_web_identity_token.clone().into(),
    );
    out.insert("AssumedRoleUser".into(), Value::Object(user));
    if let Some(size) = result.packed_policy_size {
        out.insert("PackedPolicySize".into(), size.into());
    }
    out.insert("Provider".into(), result.provider.clone().into());
    out.insert("Audience".into(), result.audience.clone().into());
    if let Some(source_identity) = &result.source_identity {
        out.insert("SourceIdentity".into(), source_identity.clone().into());
    }
    pretty(&Value::Object(out), b"    ")
}

/// The credentials as shell `export` lines.
pub fn environment(result: &AssumeRoleResult) -> String {
    format!(
        "export AWS_ACCESS_KEY_ID={}\nexport AWS_SECRET_ACCESS_KEY={}\nexport AWS_SESSION_TOKEN={}\n",
        result.credentials.access_key_id,
        result.credentials.secret_access_key,
        result.credentials.session_token
    )
}

/// Pretty-print JSON with the given indentation.
pub fn pretty(value: &impl Serialize, indent: &[u8]) -> String {
    let mut out = Vec::new();
    let formatter = serde_json::ser::PrettyFormatter::with_indent(indent);
    let mut serializer = serde_json::Serializer::with_formatter(&mut out, formatter);
    match value.serialize(&mut serializer) {
        Ok(()) => String::from_utf8(out).unwrap_or_default(),
        Err(err) => format!("(could not render JSON: {err})"),
    }
}
