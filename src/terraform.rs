//! Terraform's JSON output (`terraform show -json`, of a plan or of the state) read for the IAM
//! roles and OIDC providers it holds, so `stsplay lint` can check trust policies where platform
//! teams keep them. Pure: JSON in, roles and providers out.
//!
//! Format: <https://developer.hashicorp.com/terraform/internals/json-format>.
//! - A state has `values.root_module`; a plan has `planned_values.root_module` (the state the
//!   plan would leave, which is what is linted) besides `prior_state` and `resource_changes`.
//! - A module holds `resources` and `child_modules` (each a module with its `address`, e.g.
//!   `module.ci`); each resource has its full `address` (`module.ci.aws_iam_role.deploy["web"]`
//!   with `count` and `for_each`), `mode`, `type` and `values`.
//! - In a plan, a value known only after apply is absent from `values`; `resource_changes[].
//!   change.after_unknown` marks it.
//! - `format_version`'s major version is 1; any other is refused, as the page asks.
//!
//! The resources read: `aws_iam_role` (`assume_role_policy`, a JSON string, as rendered by
//! `aws_iam_policy_document` or `jsonencode`) and `aws_iam_openid_connect_provider` (`url`,
//! `client_id_list`, `thumbprint_list`), from the AWS provider's documentation:
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_role>,
//! <https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/iam_openid_connect_provider>.

use crate::engine::json::InputError;
use crate::engine::json::pointer;
use serde_json::Value;

/// An `aws_iam_role` in the plan or state.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// The resource's address, e.g. `module.ci.aws_iam_role.deploy[0]`.
    pub address: String,
    /// JSON pointer of its `assume_role_policy` in the document; `None` when the policy is
    /// known only after apply.
    pub policy_at: Option<String>,
}

/// An `aws_iam_openid_connect_provider` in the plan or state.
#[derive(Clone, Debug, PartialEq)]
pub struct Provider {
    /// The resource's address.
    pub address: String,
    /// The provider's URL, when known.
    pub url: Option<String>,
}

/// What a Terraform JSON document holds for stsplay.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Resources {
    /// The roles, in the document's order (modules depth first).
    pub roles: Vec<Role>,
    /// The OIDC providers.
    pub providers: Vec<Provider>,
    /// True for a plan (its planned state is read), false for a state.
    pub plan: bool,
}

/// Whether `value` looks like `terraform show -json` output (rather than a policy or scenario).
pub fn is_terraform_json(value: &Value) -> bool {
    value.get("format_version").is_some()
        && [
            "values",
            "planned_values",
            "terraform_version",
            "resource_changes",
        ]
        .iter()
        .any(|member| value.get(member).is_some())
}

/// Read the roles and providers of a plan's planned state, or of a state.
pub fn read(document: &Value) -> Result<Resources, InputError> {
    let version = document
        .get("format_version")
        .and_then(Value::as_str)
        .ok_or_else(|| InputError::new("/format_version", "expected a string such as \"1.2\""))?;
    if version.split('.').next() != Some("1") {
        return Err(InputError::new(
            "/format_version",
            format!("Terraform JSON format {version} is not supported (only 1.x)"),
        ));
    }
    let (root_at, plan) = if document.get("planned_values").is_some() {
        ("/planned_values/root_module", true)
    } else {
        ("/values/root_module", false)
    };
    let mut resources = Resources {
        plan,
        ..Resources::default()
    };
    // A state with no resources has no `values` at all.
    if let Some(root) = document.pointer(root_at) {
        walk(root, root_at, &mut resources)?;
    }
    Ok(resources)
}

/// Collect a module's resources, then its child modules', depth first.
fn walk(module: &Value, at: &str, out: &mut Resources) -> Result<(), InputError> {
    if !module.is_object() {
        return Err(InputError::new(at, "expected a module object"));
    }
    if let Some(list) = module.get("resources") {
        let list = list
            .as_array()
            .ok_or_else(|| InputError::new(pointer(at, "resources"), "expected an array"))?;
        for (index, resource) in list.iter().enumerate() {
            let resource_at = format!("{at}/resources/{index}");
            let managed = resource.get("mode").and_then(Value::as_str) == Some("managed");
            let kind = resource.get("type").and_then(Value::as_str);
            if !managed
                || !matches!(
                    kind,
                    Some("aws_iam_role" | "aws_iam_openid_connect_provider")
                )
            {
                continue;
            }
            let address = resource
                .get("address")
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    InputError::new(
                        pointer(&resource_at, "address"),
                        "expected the resource's address",
                    )
                })?
                .to_string();
            let values = resource.get("values");
            if kind == Some("aws_iam_role") {
                let policy_at = values
                    .and_then(|v| v.get("assume_role_policy"))
                    .filter(|policy| !policy.is_null())
                    .map(|_| format!("{resource_at}/values/assume_role_policy"));
                out.roles.push(Role { address, policy_at });
            } else {
                let url = values
                    .and_then(|v| v.get("url"))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                out.providers.push(Provider { address, url });
            }
        }
    }
    if let Some(children) = module.get("child_modules") {
        let children = children
            .as_array()
            .ok_or_else(|| InputError::new(pointer(at, "child_modules"), "expected an array"))?;
        for (index, child) in children.iter().enumerate() {
            walk(child, &format!("{at}/child_modules/{index}"), out)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_state_with_modules_count_and_for_each() {
        let state = json!({
            "format_version": "1.0",
            "terraform_version": "1.9.8",
            "values": { "root_module": {
                "resources": [
                    { "address": "aws_iam_role.a[0]", "mode": "managed", "type": "aws_iam_role", "index": 0,
                      "values": { "assume_role_policy": "{}" } },
                    { "address": "data.aws_iam_policy_document.t", "mode": "data", "type": "aws_iam_policy_document", "values": {} },
                    { "address": "aws_iam_openid_connect_provider.gh", "mode": "managed", "type": "aws_iam_openid_connect_provider",
                      "values": { "url": "https://token.actions.githubusercontent.com" } }
                ],
                "child_modules": [{ "address": "module.ci", "resources": [
                    { "address": "module.ci.aws_iam_role.r[\"web\"]", "mode": "managed", "type": "aws_iam_role", "index": "web",
                      "values": { "assume_role_policy": "{}" } }
                ]}]
            }}
        });
        let read = read(&state).unwrap_or_default();
        assert!(!read.plan);
        let roles: Vec<(&str, Option<&str>)> = read
            .roles
            .iter()
            .map(|r| (r.address.as_str(), r.policy_at.as_deref()))
            .collect();
        assert_eq!(
            roles,
            [
                (
                    "aws_iam_role.a[0]",
                    Some("/values/root_module/resources/0/values/assume_role_policy")
                ),
                (
                    "module.ci.aws_iam_role.r[\"web\"]",
                    Some(
                        "/values/root_module/child_modules/0/resources/0/values/assume_role_policy"
                    )
                ),
            ]
        );
        assert_eq!(
            read.providers,
            [Provider {
                address: "aws_iam_openid_connect_provider.gh".to_string(),
                url: Some("https://token.actions.githubusercontent.com".to_string())
            }]
        );
    }

    #[test]
    fn a_plan_is_read_for_its_planned_state_and_unknown_policies_are_marked() {
        let plan = json!({
            "format_version": "1.2",
            "planned_values": { "root_module": { "resources": [
                { "address": "aws_iam_role.later", "mode": "managed", "type": "aws_iam_role", "values": { "name": "later" } }
            ]}},
            "prior_state": { "values": { "root_module": { "resources": [
                { "address": "aws_iam_role.later", "mode": "managed", "type": "aws_iam_role", "values": { "assume_role_policy": "{}" } }
            ]}}}
        });
        let read = read(&plan).unwrap_or_default();
        assert!(read.plan);
        assert_eq!(
            read.roles,
            [Role {
                address: "aws_iam_role.later".to_string(),
                policy_at: None
            }]
        );
    }

    #[test]
    fn another_major_format_version_is_refused() {
        let error = read(&json!({"format_version": "2.0", "values": {}})).err();
        assert_eq!(error.map(|e| e.path), Some("/format_version".to_string()));
        assert!(is_terraform_json(
            &json!({"format_version": "1.0", "terraform_version": "1.9.8"})
        ));
        assert!(!is_terraform_json(
            &json!({"Version": "2012-10-17", "Statement": []})
        ));
    }
}
