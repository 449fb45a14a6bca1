//! What the Terraform, CloudFormation and AWS CLI exports create: the role that the request
//! names, its trust policy exactly as the engine read it, and the IAM OIDC providers it uses.

use crate::engine::arn::OidcProviderArn;
use crate::engine::json::{InputError, type_name};
use crate::engine::phases::trust_policy::TargetRole;
use crate::engine::policy::{self, PolicyDocument, PolicyError, PolicyKind};
use crate::engine::scenario::{OidcProvider, Request, Role, Scenario};
use serde_json::Value;

/// The IAM side of a scenario, ready to be written out.
#[derive(Clone, Debug)]
pub struct IamResources<'s> {
    /// The IAM OIDC providers the role's trust policy names (as a `Federated` ARN) or the token's
    /// `iss` matches, in scenario order, one per URL. Empty for built-in identity providers
    /// (Google, Cognito, Facebook, Login with Amazon), which need none.
    pub providers: Vec<ExportProvider<'s>>,
    /// The role `/request/RoleArn` names.
    pub role: ExportRole<'s>,
    /// The request, for the `assume-role-with-web-identity` call.
    pub request: &'s Request,
}

/// One IAM OIDC provider to create.
#[derive(Clone, Debug)]
pub struct ExportProvider<'s> {
    /// The provider as the scenario gives it.
    pub provider: &'s OidcProvider,
    /// Its URL as IAM stores it, with `https://`.
    pub url: String,
}

/// The role to create.
#[derive(Clone, Debug)]
pub struct ExportRole<'s> {
    /// The role as the scenario gives it (name, path, maximum session duration).
    pub role: &'s Role,
    /// The trust policy as a JSON object, exactly as the engine read it: the scenario's object,
    /// or the JSON that its string form (plain or URL-encoded) holds.
    pub policy: Value,
    /// The same policy parsed as IAM would, or why IAM would refuse it.
    pub parsed: Result<PolicyDocument, PolicyError>,
    /// JSON pointer of `AssumeRolePolicyDocument` in the scenario.
    pub policy_pointer: String,
}

impl<'s> IamResources<'s> {
    /// Find the role the request names, decode its trust policy, and collect the providers it
    /// uses. Fails, naming the JSON path, when there is no such role or its trust policy is not a
    /// JSON object.
    pub fn from_scenario(scenario: &'s Scenario) -> Result<IamResources<'s>, InputError> {
        let target = TargetRole::find(scenario);
        let (Some(role), Some(policy_pointer)) = (target.role, target.policy_pointer()) else {
            let known: Vec<String> = scenario
                .roles
                .iter()
                .map(|role| format!("`{}{}`", role.path, role.name))
                .collect();
            return Err(InputError {
                path: "/request/RoleArn".to_string(),
                message: format!(
                    "names no role of the scenario in account {} ({}); this export creates that role",
                    scenario.account,
                    if known.is_empty() {
                        "the scenario has no roles".to_string()
                    } else {
                        format!("it has {}", known.join(", "))
                    }
                ),
            });
        };
        let policy =
            policy::policy_json(role.trust_policy.value()).map_err(|error| InputError {
                path: policy_pointer.clone(),
                message: format!("the trust policy cannot be exported: {}", error.detail),
            })?;
        if !policy.is_object() {
            return Err(InputError {
                path: policy_pointer,
                message: format!(
                    "the trust policy cannot be exported: expected a JSON object, found {}",
                    type_name(&policy)
                ),
            });
        }
        let parsed = policy::parse_policy(&policy, PolicyKind::Trust);
        let issuer = crate::engine::token::decode(&scenario.request.web_identity_token)
            .ok()
            .and_then(|token| token.claim_str("iss").map(str::to_string));
        let mut providers: Vec<ExportProvider<'s>> = Vec::new();
        for provider in &scenario.providers {
            let url = provider.issuer_url();
            let used = issuer.as_deref() == Some(url.as_str()) || names_provider(&policy, &url);
            // IAM keeps one provider per URL; a second one could not be created.
            if used && providers.iter().all(|known| known.url != url) {
                providers.push(ExportProvider { provider, url });
            }
        }
        Ok(IamResources {
            providers,
            role: ExportRole {
                role,
                policy,
                parsed,
                policy_pointer,
            },
            request: &scenario.request,
        })
    }
}

/// Whether any string in the policy is the ARN of the provider with this URL
/// (`arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com`).
fn names_provider(policy: &Value, url: &str) -> bool {
    let host_path = url.strip_prefix("https://").unwrap_or(url);
    match policy {
        Value::String(text) => OidcProviderArn::parse(text).is_ok_and(|arn| arn.host == host_path),
        Value::Array(items) => items.iter().any(|item| names_provider(item, url)),
        Value::Object(members) => members.values().any(|item| names_provider(item, url)),
        Value::Null | Value::Bool(_) | Value::Number(_) => false,
    }
}
