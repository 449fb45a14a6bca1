//! The input, made ready for the engine: a trust policy alone (placed in a default account with
//! the provider its principal names) or a whole scenario (its provider, role and request), plus
//! which identity provider the tokens come from.

use super::patterns::{fill, first_federated, has_wildcard, relevant_statements, values_for};
use crate::engine::arn::{OidcProviderArn, RoleArn};
use crate::engine::clock::Epoch;
use crate::engine::condition_keys::is_github;
use crate::engine::json::InputError;
use crate::engine::phases::trust_policy::TargetRole;
use crate::engine::policy::{PolicyDocument, PolicyKind, parse_policy};
use crate::engine::scenario::{Scenario, parse_time_value};
use crate::engine::token::decode;
use crate::github_claims::GITHUB_ISSUER;
use serde::Serialize;
use serde_json::{Map, Value, json};

/// The account a trust policy given alone is placed in, unless its principal names one.
pub const DEFAULT_ACCOUNT: &str = "123456789012";

/// The role name a trust policy given alone is attached to.
pub const DEFAULT_ROLE: &str = "who-can";

/// The client ID registered for the assumed provider (what configure-aws-credentials requests).
const DEFAULT_CLIENT_ID: &str = "sts.amazonaws.com";

const GOOGLE: &str = "accounts.google.com";
const COGNITO: &str = "cognito-identity.amazonaws.com";

/// What the input was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A trust policy document (an object with `Statement`, or its JSON text).
    Policy,
    /// A scenario (an object with `roles` and `request`).
    Scenario,
}

/// Which kind of identity provider issues the tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Flavour {
    /// GitHub Actions: github.com, an enterprise's custom issuer, GHE.com or GitHub Enterprise
    /// Server.
    GitHub {
        /// github.com's own issuer, shared by every account on GitHub.
        shared: bool,
        /// The enterprise slug of a custom issuer (`…/octo-ent`).
        enterprise: Option<String>,
    },
    /// Google, built into STS.
    Google,
    /// Amazon Cognito identity pools, built into STS.
    Cognito,
    /// Any other OIDC provider (EKS, GitLab, Auth0, …).
    Oidc,
}

/// The provider the tokens come from, as STS will see it.
#[derive(Clone, Debug)]
pub(crate) struct Provider {
    pub flavour: Flavour,
    /// The `iss` the tokens carry.
    pub issuer: String,
    /// The trust-policy principal: the provider ARN or the built-in name.
    pub principal: String,
    /// The condition-key prefix (`<prefix>:sub`).
    pub prefix: String,
    /// The provider's client IDs (empty for built-in IdPs, which have none).
    pub client_ids: Vec<String>,
}

impl Provider {
    /// `<prefix>:<claim>`.
    pub(crate) fn key(&self, claim: &str) -> String {
        format!("{}:{claim}", self.prefix)
    }
}

/// Everything the proposers and the runner need.
#[derive(Clone, Debug)]
pub(crate) struct Setup {
    pub kind: InputKind,
    /// The scenario every candidate is run in; only its token (and the issuer's JWKS) change.
    pub scenario: Map<String, Value>,
    pub policy: PolicyDocument,
    /// JSON pointer of the policy document in the input (`""` for a policy given alone).
    pub policy_pointer: String,
    pub provider: Provider,
    pub role_arn: String,
    pub assumptions: Vec<String>,
    /// The claims of the scenario's own token, when it has one that decodes.
    pub token_claims: Option<Map<String, Value>>,
    pub now: Epoch,
}

/// A scenario's own clock (`now`), if the input is a scenario that has one.
pub fn input_now(input: &Value) -> Result<Option<Epoch>, InputError> {
    match (kind_of(input)?, input.get("now")) {
        (InputKind::Scenario, Some(now)) if !now.is_null() => {
            Ok(Some(parse_time_value(now, "/now")?))
        }
        _ => Ok(None),
    }
}

fn kind_of(input: &Value) -> Result<InputKind, InputError> {
    match input {
        Value::String(_) => Ok(InputKind::Policy),
        Value::Object(map) if map.contains_key("Statement") => Ok(InputKind::Policy),
        Value::Object(map) if map.contains_key("roles") || map.contains_key("request") => {
            Ok(InputKind::Scenario)
        }
        Value::Object(map) if map.contains_key("stsplay_test") => Err(InputError::new(
            "",
            "this is a test suite; give a trust policy or a scenario",
        )),
        _ => Err(InputError::new(
            "",
            "expected a trust policy (an object with `Statement`) or a scenario (an object with `roles` and `request`)",
        )),
    }
}

impl Setup {
    /// Read a trust policy or a scenario; `now` is the clock STS uses.
    pub(crate) fn read(input: &Value, now: Epoch) -> Result<Setup, InputError> {
        match kind_of(input)? {
            InputKind::Policy => Setup::from_policy(input, now),
            InputKind::Scenario => Setup::from_scenario(input, now),
        }
    }

    fn from_policy(input: &Value, now: Epoch) -> Result<Setup, InputError> {
        let policy = parse_policy(input, PolicyKind::Trust).map_err(|err| {
            InputError::new(
                err.path,
                format!("the trust policy is malformed: {}", err.detail),
            )
        })?;
        let (partition, account, provider, named) = match first_federated(&policy) {
            None => (
                "aws".to_string(),
                DEFAULT_ACCOUNT.to_string(),
                oidc_provider(&OidcProviderArn {
                    partition: "aws",
                    account: DEFAULT_ACCOUNT,
                    host: "token.actions.githubusercontent.com",
                }),
                false,
            ),
            Some((index, value)) => {
                let provider = match value.as_str() {
                    GOOGLE => Some((
                        "aws".to_string(),
                        DEFAULT_ACCOUNT.to_string(),
                        builtin(GOOGLE),
                    )),
                    COGNITO => Some((
                        "aws".to_string(),
                        DEFAULT_ACCOUNT.to_string(),
                        builtin(COGNITO),
                    )),
                    _ => OidcProviderArn::parse(&value).ok().map(|arn| {
                        (
                            arn.partition.to_string(),
                            arn.account.to_string(),
                            oidc_provider(&arn),
                        )
                    }),
                };
                let Some((partition, account, provider)) = provider else {
                    return Err(InputError::new(
                        format!("{}/Principal/Federated", policy.statement_pointer(index)),
                        format!(
                            "`{value}` is not an IAM OIDC provider ARN (arn:aws:iam::ACCOUNT:oidc-provider/HOST) nor Google or Cognito; who-can explores OIDC tokens only"
                        ),
                    ));
                };
                (partition, account, provider, true)
            }
        };
        let mut provider = provider;
        if !matches!(provider.flavour, Flavour::Google | Flavour::Cognito) {
            provider.client_ids = policy_client_ids(&policy, &provider);
        }
        let role_arn = RoleArn {
            partition,
            account: account.clone(),
            path: "/".to_string(),
            name: DEFAULT_ROLE.to_string(),
        }
        .to_string();
        let mut providers = Vec::new();
        if !matches!(provider.flavour, Flavour::Google | Flavour::Cognito) {
            providers.push(json!({
                "Url": provider.prefix,
                "ClientIDList": provider.client_ids,
            }));
        }
        let scenario = json!({
            "now": now,
            "account": account,
            "providers": providers,
            "roles": [{ "RoleName": DEFAULT_ROLE, "AssumeRolePolicyDocument": input }],
            "idps": {},
            "request": { "RoleArn": role_arn, "RoleSessionName": DEFAULT_ROLE },
        });
        let Value::Object(scenario) = scenario else {
            return Err(InputError::new(
                "",
                "internal: the scenario is not an object",
            ));
        };
        let source = if named {
            "the provider the policy's principal names".to_string()
        } else {
            "GitHub Actions, as the policy names no Federated principal".to_string()
        };
        let registered = if provider.client_ids.is_empty() {
            format!("the built-in IdP `{}`", provider.prefix)
        } else {
            format!(
                "the IAM OIDC provider `{}` with client IDs {}",
                provider.prefix,
                provider
                    .client_ids
                    .iter()
                    .map(|id| format!("`{id}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        let assumptions = vec![
            format!("a trust policy alone: assumed {registered} in account {account} ({source})"),
            format!(
                "the policy is the trust policy of the role `{role_arn}`; give a scenario to use your own provider, role and request"
            ),
        ];
        Ok(Setup {
            kind: InputKind::Policy,
            scenario,
            policy,
            policy_pointer: String::new(),
            provider,
            role_arn,
            assumptions,
            token_claims: None,
            now,
        })
    }

    fn from_scenario(input: &Value, now: Epoch) -> Result<Setup, InputError> {
        let Value::Object(original) = input else {
            return Err(InputError::new("", "expected a scenario object"));
        };
        let mut map = original.clone();
        map.insert("now".into(), now.into());
        // The token is replaced for every candidate; one is needed only to read the scenario.
        if let Some(Value::Object(request)) = map.get_mut("request")
            && request.get("WebIdentityToken").is_none_or(Value::is_null)
        {
            request.insert("WebIdentityToken".into(), "who.can.placeholder".into());
        }
        let scenario = Scenario::from_value(&Value::Object(map.clone()))?;
        let role_arn = scenario.request.role_arn.clone();
        let arn = RoleArn::parse(&role_arn).map_err(|_| {
            InputError::new(
                "/request/RoleArn",
                format!("expected a role ARN such as arn:aws:iam::123456789012:role/deploy, found `{role_arn}`"),
            )
        })?;
        let target = TargetRole::find(&scenario);
        let (Some(role), Some(policy_pointer)) = (target.role, target.policy_pointer()) else {
            return Err(InputError::new(
                "/request/RoleArn",
                format!(
                    "`{role_arn}` names no role among the scenario's `roles` in account {}",
                    scenario.account
                ),
            ));
        };
        let policy = role.trust_policy.parsed().clone().map_err(|err| {
            InputError::new(
                format!("{policy_pointer}{}", err.path),
                format!("the trust policy is malformed: {}", err.detail),
            )
        })?;
        let token_claims = decode(&scenario.request.web_identity_token)
            .ok()
            .map(|decoded| decoded.claims);
        let token_iss = token_claims
            .as_ref()
            .and_then(|claims| claims.get("iss"))
            .and_then(Value::as_str)
            .map(str::to_string);

        // The provider: the one the scenario's token comes from, else the one the policy names,
        // else the scenario's first.
        let registered = |iss: &str| {
            scenario
                .providers
                .iter()
                .find(|p| p.issuer_url() == iss)
                .map(|p| {
                    let url = p.issuer_url();
                    let mut provider = oidc_provider(&OidcProviderArn {
                        partition: &arn.partition,
                        account: &arn.account,
                        host: url.trim_start_matches("https://"),
                    });
                    provider.client_ids = p.client_ids.clone();
                    provider
                })
        };
        let builtin_for = |iss: &str| match iss {
            "https://accounts.google.com" | "accounts.google.com" => Some(builtin(GOOGLE)),
            "https://cognito-identity.amazonaws.com" => Some(builtin(COGNITO)),
            _ => None,
        };
        let from_token = token_iss
            .as_deref()
            .and_then(|iss| registered(iss).or_else(|| builtin_for(iss)));
        let from_policy = || {
            let (_, value) = first_federated(&policy)?;
            match value.as_str() {
                GOOGLE => Some(builtin(GOOGLE)),
                COGNITO => Some(builtin(COGNITO)),
                _ => {
                    let arn = OidcProviderArn::parse(&value).ok()?;
                    registered(&format!("https://{}", arn.host))
                }
            }
        };
        let first = || {
            scenario
                .providers
                .first()
                .and_then(|p| registered(&p.issuer_url()))
        };
        let provider = from_token.or_else(from_policy).or_else(first).ok_or_else(|| {
            InputError::new(
                "/providers",
                "the scenario registers no IAM OIDC provider, and neither its token nor its trust policy names Google or Cognito",
            )
        })?;
        // The scenario's own token is a named run only when it comes from this provider.
        let token_claims = token_claims.filter(|claims| {
            claims.get("iss").and_then(Value::as_str) == Some(provider.issuer.as_str())
        });
        Ok(Setup {
            kind: InputKind::Scenario,
            scenario: map,
            policy,
            policy_pointer,
            provider,
            role_arn,
            assumptions: Vec::new(),
            token_claims,
            now,
        })
    }
}

fn oidc_provider(arn: &OidcProviderArn) -> Provider {
    let host = arn.host;
    let flavour = if is_github(host) {
        Flavour::GitHub {
            shared: format!("https://{host}") == GITHUB_ISSUER,
            enterprise: host
                .strip_prefix("token.actions.githubusercontent.com/")
                .map(str::to_string),
        }
    } else if host.ends_with("/_services/token")
        || (host.starts_with("token.actions.") && host.ends_with(".ghe.com"))
    {
        // GitHub Enterprise Server and GHE.com: GitHub's claims, from an issuer of their own.
        Flavour::GitHub {
            shared: false,
            enterprise: None,
        }
    } else {
        Flavour::Oidc
    };
    Provider {
        flavour,
        issuer: format!("https://{host}"),
        principal: arn.to_string(),
        prefix: host.to_string(),
        client_ids: Vec::new(),
    }
}

fn builtin(name: &str) -> Provider {
    Provider {
        flavour: if name == GOOGLE {
            Flavour::Google
        } else {
            Flavour::Cognito
        },
        issuer: format!("https://{name}"),
        principal: name.to_string(),
        prefix: name.to_string(),
        client_ids: Vec::new(),
    }
}

/// The client IDs to register for a policy given alone: the audiences its `aud` conditions name
/// (wildcards filled), then `sts.amazonaws.com`.
fn policy_client_ids(policy: &PolicyDocument, provider: &Provider) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for (_, statement) in relevant_statements(policy, &provider.principal) {
        for value in values_for(statement, &provider.key("aud")) {
            let id = if has_wildcard(&value) {
                fill(&value, "example")
            } else {
                value
            };
            if !id.is_empty() && !ids.contains(&id) {
                ids.push(id);
            }
        }
    }
    if !ids.iter().any(|id| id == DEFAULT_CLIENT_ID) {
        ids.push(DEFAULT_CLIENT_ID.to_string());
    }
    ids
}
