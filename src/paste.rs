//! AWS CLI output pasted where a user would paste it: recognised, unwrapped and spread over the
//! scenario's fields, with a one-sentence notice saying what was done. Anything not recognised
//! returns `None`, and the editor keeps the text exactly as typed.
//!
//! Shapes (AWS CLI reference):
//! - `aws iam get-role`: `{"Role": {"Path", "RoleName", "RoleId", "Arn", "CreateDate",
//!   "AssumeRolePolicyDocument", "MaxSessionDuration", …}}`, the policy an object or, in older
//!   CLI versions and in CloudTrail, URL-encoded JSON text
//!   (<https://docs.aws.amazon.com/cli/latest/reference/iam/get-role.html>).
//! - `aws iam get-open-id-connect-provider`: `{"Url", "ClientIDList", "ThumbprintList",
//!   "CreateDate", "Tags"}`
//!   (<https://docs.aws.amazon.com/cli/latest/reference/iam/get-open-id-connect-provider.html>).

use crate::engine::arn::Arn;
use crate::workspace::role_pointer;
use serde_json::{Map, Value};

/// What to write into the document for a recognised paste.
#[derive(Clone, Debug, PartialEq)]
pub struct Recognised {
    /// Values to write, each at a JSON pointer of the document (write them in order, e.g. with
    /// `workspace::set`).
    pub writes: Vec<(String, Value)>,
    /// One sentence for the user saying what was recognised and done.
    pub notice: String,
}

/// Text pasted into the trust-policy editor: `aws iam get-role` output (whole, or its `Role`
/// object), or a URL-encoded (or JSON-string-quoted) policy. `None` for anything else, a plain
/// policy included.
pub fn policy_paste(doc: &Value, text: &str) -> Option<Recognised> {
    let trimmed = text.trim();
    let at = role_pointer(doc);
    let policy_at = format!("{at}/AssumeRolePolicyDocument");
    match serde_json::from_str::<Value>(trimmed) {
        Ok(Value::Object(object)) => {
            let role = match object.get("Role") {
                Some(Value::Object(role)) if object.len() == 1 => role,
                _ if object.contains_key("RoleName")
                    && object.contains_key("AssumeRolePolicyDocument")
                    && !object.contains_key("Statement") =>
                {
                    &object
                }
                _ => return None,
            };
            get_role(doc, role, &at)
        }
        // A policy quoted as a JSON string: its text, plain or URL-encoded.
        Ok(Value::String(inner)) => {
            let policy = policy_from_text(&inner)?;
            Some(Recognised {
                writes: vec![(policy_at, policy)],
                notice: "Unquoted the policy text into a JSON policy.".to_string(),
            })
        }
        Ok(_) => None,
        Err(_) => {
            // Only URL-encoded JSON: text that is not JSON but percent-decodes to an object.
            let decoded = percent_encoding::percent_decode_str(trimmed)
                .decode_utf8()
                .ok()?;
            if decoded == trimmed {
                return None;
            }
            let policy = serde_json::from_str::<Value>(&decoded)
                .ok()
                .filter(Value::is_object)?;
            Some(Recognised {
                writes: vec![(policy_at, policy)],
                notice:
                    "Decoded the URL-encoded policy (as older AWS CLI versions and CloudTrail show it) into JSON."
                        .to_string(),
            })
        }
    }
}

/// A policy given as text: JSON, or URL-encoded JSON; only an object counts.
fn policy_from_text(text: &str) -> Option<Value> {
    crate::engine::policy::policy_json(&Value::String(text.to_string()))
        .ok()
        .filter(Value::is_object)
}

fn get_role(doc: &Value, role: &Map<String, Value>, at: &str) -> Option<Recognised> {
    let policy = match role.get("AssumeRolePolicyDocument")? {
        policy @ Value::Object(_) => policy.clone(),
        // URL-encoded (or plain) JSON text: decoded when it is a policy, else kept as IAM gave it,
        // so the verdict shows what STS would make of it.
        Value::String(text) => {
            policy_from_text(text).unwrap_or_else(|| Value::String(text.clone()))
        }
        _ => return None,
    };
    let mut writes = vec![(format!("{at}/AssumeRolePolicyDocument"), policy)];
    let mut filled = Vec::new();
    for (member, label) in [
        ("RoleName", "name"),
        ("Path", "path"),
        ("RoleId", "id"),
        ("MaxSessionDuration", "MaxSessionDuration"),
    ] {
        if let Some(value @ (Value::String(_) | Value::Number(_))) = role.get(member) {
            writes.push((format!("{at}/{member}"), value.clone()));
            filled.push(label);
        }
    }
    let mut notice = format!(
        "Recognised `aws iam get-role` output: the trust policy is in the editor{}",
        match filled.as_slice() {
            [] => String::new(),
            [only] => format!(" and the role's {only} is filled in"),
            [init @ .., last] => format!(
                " and the role's {} and {last} are filled in",
                init.join(", ")
            ),
        }
    );
    // The request names the role by ARN, path included: follow the pasted role (another name or
    // another path), in the scenario's account (the account whose providers the scenario holds).
    let name = role.get("RoleName").and_then(Value::as_str);
    let current = doc
        .pointer("/request/RoleArn")
        .and_then(Value::as_str)
        .unwrap_or_default();
    if let Some(name) = name {
        let account = doc
            .get("account")
            .and_then(Value::as_str)
            .map(str::to_string)
            .or_else(|| Arn::parse(current).ok().map(|arn| arn.account.to_string()))
            .filter(|a| !a.is_empty());
        let pasted_arn = role.get("Arn").and_then(Value::as_str);
        let arn = match (pasted_arn, &account) {
            (Some(arn), Some(account))
                if Arn::parse(arn).is_ok_and(|arn| arn.account == account.as_str()) =>
            {
                arn.to_string()
            }
            (_, Some(account)) => {
                let path = role.get("Path").and_then(Value::as_str).unwrap_or("/");
                format!("arn:aws:iam::{account}:role{path}{name}")
            }
            (Some(arn), None) => arn.to_string(),
            (None, None) => format!("arn:aws:iam::123456789012:role/{name}"),
        };
        if arn != current {
            notice.push_str(&format!(", and the request's RoleArn now names it ({arn})"));
            writes.push(("/request/RoleArn".to_string(), Value::String(arn)));
        }
    }
    notice.push('.');
    Some(Recognised { writes, notice })
}

/// Text pasted into any field of the provider panel: `aws iam get-open-id-connect-provider`
/// output becomes the first provider's `Url`, `ClientIDList` and `ThumbprintList`. `None` for
/// anything else.
pub fn provider_paste(text: &str) -> Option<Recognised> {
    let Ok(Value::Object(object)) = serde_json::from_str::<Value>(text.trim()) else {
        return None;
    };
    let url = object.get("Url").and_then(Value::as_str)?;
    let string_list = |name: &str| -> Option<Option<Vec<Value>>> {
        match object.get(name) {
            None => Some(None),
            Some(Value::Array(items)) if items.iter().all(Value::is_string) => {
                Some(Some(items.clone()))
            }
            Some(_) => None,
        }
    };
    let client_ids = string_list("ClientIDList")?;
    let thumbprints = string_list("ThumbprintList")?;
    if client_ids.is_none() && thumbprints.is_none() {
        return None;
    }
    let mut writes = vec![("/providers/0/Url".to_string(), Value::from(url))];
    let count = |items: &Option<Vec<Value>>, one: &str, many: &str| match items {
        Some(items) if items.len() == 1 => format!("1 {one}"),
        Some(items) => format!("{} {many}", items.len()),
        None => format!("no {many}"),
    };
    let notice = format!(
        "Recognised `aws iam get-open-id-connect-provider` output: the provider is {url} with {} and {}.",
        count(&client_ids, "client ID", "client IDs"),
        count(&thumbprints, "thumbprint", "thumbprints"),
    );
    if let Some(items) = client_ids {
        writes.push(("/providers/0/ClientIDList".to_string(), Value::Array(items)));
    }
    if let Some(items) = thumbprints {
        writes.push((
            "/providers/0/ThumbprintList".to_string(),
            Value::Array(items),
        ));
    }
    Some(Recognised { writes, notice })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::{policy_pointer, set};
    use serde_json::json;

    fn doc() -> Value {
        json!({
            "account": "123456789012",
            "roles": [{"RoleName": "deploy", "Path": "/", "AssumeRolePolicyDocument": {}}],
            "request": {"RoleArn": "arn:aws:iam::123456789012:role/deploy"}
        })
    }

    fn apply(doc: &mut Value, recognised: &Recognised) {
        for (at, value) in &recognised.writes {
            set(doc, at, value.clone());
        }
    }

    const POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Federated":"arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},"Action":"sts:AssumeRoleWithWebIdentity","Condition":{"StringEquals":{"token.actions.githubusercontent.com:aud":"sts.amazonaws.com"}}}]}"#;

    /// `aws iam get-role --role-name deploy` as the AWS CLI v2 prints it (output shape from
    /// https://docs.aws.amazon.com/cli/latest/reference/iam/get-role.html).
    fn get_role_output(name: &str, policy: Value) -> String {
        serde_json::to_string_pretty(&json!({
            "Role": {
                "Path": "/ci/",
                "RoleName": name,
                "RoleId": "AROA1234567890EXAMPLE",
                "Arn": format!("arn:aws:iam::123456789012:role/ci/{name}"),
                "CreateDate": "2023-07-15T12:00:00+00:00",
                "AssumeRolePolicyDocument": policy,
                "Description": "Deploys from GitHub Actions",
                "MaxSessionDuration": 7200,
                "RoleLastUsed": {"LastUsedDate": "2026-11-20T09:00:00+00:00", "Region": "us-east-1"}
            }
        }))
        .unwrap()
    }

    #[test]
    fn get_role_output_fills_the_policy_and_the_role() {
        let policy: Value = serde_json::from_str(POLICY).unwrap();
        let mut doc = doc();
        let recognised = policy_paste(&doc, &get_role_output("deploy", policy.clone())).unwrap();
        apply(&mut doc, &recognised);
        assert_eq!(doc.pointer(&policy_pointer(&doc)), Some(&policy));
        let role = &doc["roles"][0];
        assert_eq!(role["RoleName"], "deploy");
        assert_eq!(role["Path"], "/ci/");
        assert_eq!(role["RoleId"], "AROA1234567890EXAMPLE");
        assert_eq!(role["MaxSessionDuration"], 7200);
        // Same name, another path: the request follows the path (a role's ARN includes it).
        assert_eq!(
            recognised.notice,
            "Recognised `aws iam get-role` output: the trust policy is in the editor and the role's name, path, id and MaxSessionDuration are filled in, and the request's RoleArn now names it (arn:aws:iam::123456789012:role/ci/deploy)."
        );
        assert_eq!(
            doc["request"]["RoleArn"],
            "arn:aws:iam::123456789012:role/ci/deploy"
        );
        // Pasting it again changes nothing more, and says nothing about the request.
        let again = policy_paste(&doc, &get_role_output("deploy", policy.clone())).unwrap();
        assert!(!again.notice.contains("RoleArn"));
    }

    #[test]
    fn another_roles_output_moves_the_request_to_it() {
        let mut doc = doc();
        let recognised =
            policy_paste(&doc, &get_role_output("release", json!({"Statement": []}))).unwrap();
        apply(&mut doc, &recognised);
        assert_eq!(
            doc["request"]["RoleArn"],
            "arn:aws:iam::123456789012:role/ci/release"
        );
        assert!(recognised.notice.contains("RoleArn now names it"));
        // The editors follow: the same role, now named `release`.
        assert_eq!(policy_pointer(&doc), "/roles/0/AssumeRolePolicyDocument");
        // A role of another account is moved into the scenario's account, whose providers the
        // scenario holds.
        let other = get_role_output("release", json!({})).replace("123456789012", "210987654321");
        let recognised = policy_paste(&self::doc(), &other).unwrap();
        assert!(recognised.writes.contains(&(
            "/request/RoleArn".to_string(),
            json!("arn:aws:iam::123456789012:role/ci/release")
        )));
    }

    #[test]
    fn a_url_encoded_policy_in_get_role_output_or_alone_is_decoded() {
        let encoded =
            percent_encoding::utf8_percent_encode(POLICY, percent_encoding::NON_ALPHANUMERIC)
                .to_string();
        assert!(encoded.starts_with("%7B%22Version%22%3A"));
        let policy: Value = serde_json::from_str(POLICY).unwrap();
        let doc = doc();
        let recognised = policy_paste(&doc, &get_role_output("deploy", json!(encoded))).unwrap();
        assert_eq!(
            recognised.writes[0],
            (
                "/roles/0/AssumeRolePolicyDocument".to_string(),
                policy.clone()
            )
        );

        let recognised = policy_paste(&doc, &format!("  {encoded}\n")).unwrap();
        assert_eq!(
            recognised.writes,
            vec![(
                "/roles/0/AssumeRolePolicyDocument".to_string(),
                policy.clone()
            )]
        );
        assert!(recognised.notice.contains("URL-encoded"));
        // CloudTrail's requestParameters quote it as a JSON string.
        let recognised = policy_paste(&doc, &json!(encoded).to_string()).unwrap();
        assert_eq!(recognised.writes[0].1, policy);
    }

    #[test]
    fn get_role_output_lands_inside_a_wrapped_role() {
        let doc = json!({"roles": [{"Role": {"RoleName": "deploy", "AssumeRolePolicyDocument": {}}}],
                         "request": {"RoleArn": "arn:aws:iam::123456789012:role/deploy"}});
        let recognised = policy_paste(&doc, &get_role_output("deploy", json!({}))).unwrap();
        assert_eq!(
            recognised.writes[0].0,
            "/roles/0/Role/AssumeRolePolicyDocument"
        );
    }

    #[test]
    fn anything_else_is_left_as_typed() {
        let doc = doc();
        for text in [
            POLICY,
            "{\"Version\": \"2012-10-17\", \"Statement\": [",
            "",
            "not a policy",
            "100% sure",
            "{\"Role\": \"deploy\"}",
            "{\"Role\": {\"RoleName\": \"x\"}, \"Other\": 1}",
            "[1, 2]",
            "\"just text\"",
        ] {
            assert_eq!(policy_paste(&doc, text), None, "{text}");
        }
    }

    /// `aws iam get-open-id-connect-provider` output (shape from
    /// https://docs.aws.amazon.com/cli/latest/reference/iam/get-open-id-connect-provider.html).
    #[test]
    fn provider_output_becomes_the_first_provider() {
        let output = r#"{
    "Url": "token.actions.githubusercontent.com",
    "ClientIDList": [
        "sts.amazonaws.com"
    ],
    "ThumbprintList": [
        "6938fd4d98bab03faadb97b34396831e3780aea1",
        "1c58a3a8518e8759bf075b76b750d4f2df264fcd"
    ],
    "CreateDate": "2023-07-15T12:00:00.000000+00:00",
    "Tags": [
        {"Key": "team", "Value": "platform"}
    ]
}"#;
        let recognised = provider_paste(output).unwrap();
        let mut doc = doc();
        apply(&mut doc, &recognised);
        assert_eq!(
            doc["providers"][0],
            json!({"Url": "token.actions.githubusercontent.com",
                   "ClientIDList": ["sts.amazonaws.com"],
                   "ThumbprintList": ["6938fd4d98bab03faadb97b34396831e3780aea1",
                                      "1c58a3a8518e8759bf075b76b750d4f2df264fcd"]})
        );
        assert_eq!(
            recognised.notice,
            "Recognised `aws iam get-open-id-connect-provider` output: the provider is token.actions.githubusercontent.com with 1 client ID and 2 thumbprints."
        );
        for text in [
            "token.actions.githubusercontent.com",
            "sts.amazonaws.com",
            "{\"Url\": \"x\"}",
            "{\"Url\": \"x\", \"ClientIDList\": [1]}",
        ] {
            assert_eq!(provider_paste(text), None, "{text}");
        }
    }
}
