//! The scenario: everything STS would see for one call, read from the scenario JSON format.
//!
//! The AWS-shaped parts use AWS's own member names, so users can paste `aws iam get-role` and
//! `aws iam get-open-id-connect-provider` output. Reading is strict about JSON types and our own
//! member names (a typo is an error naming its path) and lenient about extra members that AWS's
//! own output carries. Values of the right type that break AWS's constraints are not errors
//! here: they reach the engine, which answers as STS would.

use super::arn::Arn;
use super::clock::{Epoch, parse_rfc3339};
use super::json::{InputError, Obj, parse_text, pointer, pointer_index, wrong_type};
use super::policy::{self, PolicyDocument, PolicyError, PolicyKind};
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::OnceLock;

mod direct;

/// The default `DurationSeconds` and `MaxSessionDuration` (AWS: one hour).
pub const DEFAULT_DURATION_SECONDS: i64 = 3600;

/// A whole scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Scenario {
    /// The clock STS uses, in epoch seconds.
    pub now: Epoch,
    /// The account that owns `providers` and `roles`.
    pub account: String,
    /// IAM OIDC providers registered in `account`.
    pub providers: Vec<OidcProvider>,
    /// IAM roles in `account`.
    pub roles: Vec<Role>,
    /// The internet side, keyed by issuer exactly as in `iss` (or by `ProviderId` for OAuth IdPs).
    pub idps: BTreeMap<String, Idp>,
    /// The `AssumeRoleWithWebIdentity` parameters.
    pub request: Request,
}

/// An IAM OIDC identity provider, as `aws iam get-open-id-connect-provider` prints it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OidcProvider {
    /// The URL as the user wrote it, with or without `https://`.
    pub url: String,
    /// The registered audiences.
    pub client_ids: Vec<String>,
    /// SHA-1 thumbprints (hex) used when the IdP's certificate does not chain to a trusted root.
    pub thumbprints: Vec<String>,
    /// JSON pointer of this provider in the scenario.
    pub path: String,
}

impl OidcProvider {
    /// The URL as IAM stores it: always with `https://`.
    pub fn issuer_url(&self) -> String {
        if self.url.starts_with("https://") {
            self.url.clone()
        } else {
            format!("https://{}", self.url)
        }
    }
}

/// An IAM role, as `aws iam get-role` prints `.Role`.
#[derive(Clone, Debug, PartialEq)]
pub struct Role {
    /// The role name.
    pub name: String,
    /// The role path; defaults to `/`.
    pub path: String,
    /// The role id (`AROA…`); derived from the name when absent.
    pub role_id: Option<String>,
    /// The maximum session duration in seconds; defaults to 3600.
    pub max_session_duration: i64,
    /// The trust policy: an object, or a JSON string (possibly URL-encoded).
    pub trust_policy: TrustPolicy,
    /// JSON pointer of this role in the scenario (its `AssumeRolePolicyDocument` is below it).
    pub pointer: String,
}

/// A role's trust policy as the scenario gives it: an object, or a JSON string (possibly
/// URL-encoded). Its parse is made once and kept, so a scenario simulated again (the playground,
/// a test suite's cases) does not parse it again. Read from scenario text, it keeps its JSON text
/// and builds the `serde_json::Value` only when asked: a check only needs the parse.
#[derive(Clone, Debug)]
pub struct TrustPolicy {
    // INVARIANT: `text`, when present, is valid JSON, and `json` is empty or holds its value;
    // without `text`, `json` is filled.
    text: Option<Box<str>>,
    json: OnceLock<Value>,
    parsed: OnceLock<Result<PolicyDocument, PolicyError>>,
}

impl TrustPolicy {
    /// The policy given as a JSON value.
    pub fn new(value: Value) -> TrustPolicy {
        TrustPolicy {
            text: None,
            json: OnceLock::from(value),
            parsed: OnceLock::new(),
        }
    }

    /// The policy given as JSON text, which must be valid JSON (the scenario text's own).
    fn from_json_text(text: &str) -> TrustPolicy {
        TrustPolicy {
            text: Some(text.into()),
            json: OnceLock::new(),
            parsed: OnceLock::new(),
        }
    }

    /// The policy as JSON: an object, or a string holding the document text.
    pub fn value(&self) -> &Value {
        self.json.get_or_init(|| {
            // `text` is valid JSON (see the invariant), so this never falls back.
            self.text
                .as_deref()
                .and_then(|text| serde_json::from_str(text).ok())
                .unwrap_or(Value::Null)
        })
    }

    /// Whether the policy is given as a JSON string (the document's text) rather than an object.
    pub fn is_text(&self) -> bool {
        match (self.json.get(), self.text.as_deref()) {
            (Some(value), _) => value.is_string(),
            (None, Some(text)) => text.trim_start().starts_with('"'),
            (None, None) => false,
        }
    }

    /// The policy parsed as a trust policy: `policy::parse_policy(self.value(), Trust)`, made once.
    pub fn parsed(&self) -> &Result<PolicyDocument, PolicyError> {
        self.parsed.get_or_init(|| {
            // Valid object text parses without the JSON value (`policy::direct`).
            let direct = self
                .text
                .as_deref()
                .and_then(|text| policy::parse_policy_json(text, PolicyKind::Trust));
            match direct {
                Some(document) => Ok(document),
                None => policy::parse_policy(self.value(), PolicyKind::Trust),
            }
        })
    }
}

/// Two policies are equal when their JSON is.
impl PartialEq for TrustPolicy {
    fn eq(&self, other: &TrustPolicy) -> bool {
        self.value() == other.value()
    }
}

/// What STS would find on the internet for one issuer.
#[derive(Clone, Debug, PartialEq)]
pub struct Idp {
    /// The JWKS document the issuer serves; `None` when it cannot be retrieved.
    pub jwks: Option<Value>,
    /// The TLS facts of the JWKS endpoint.
    pub tls: Tls,
    /// For OAuth IdPs (Login with Amazon, Facebook): what the IdP answers about the access token.
    pub oauth: Option<OAuthAnswer>,
    /// JSON pointer of this entry.
    pub path: String,
}

/// The TLS certificate STS sees on the IdP's JWKS endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tls {
    /// Whether the chain ends at a root CA that AWS trusts. Defaults to true.
    pub trusted_root: bool,
    /// The SHA-1 thumbprint (hex) of the top intermediate certificate, compared with the
    /// provider's `ThumbprintList` when the root is not trusted.
    pub thumbprint: Option<String>,
}

/// An OAuth IdP's answer about an access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OAuthAnswer {
    /// The token is valid for this application and user.
    Valid {
        /// The application (client) id the token was issued to.
        app_id: String,
        /// The user id.
        user_id: String,
    },
    /// The IdP refused the token with this HTTP status line, e.g. `HTTP/1.1 400 Bad Request`.
    Rejected {
        /// The status line.
        status: String,
    },
}

/// The request parameters, as `aws sts assume-role-with-web-identity --generate-cli-skeleton`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// `RoleArn`.
    pub role_arn: String,
    /// `RoleSessionName`.
    pub role_session_name: String,
    /// `WebIdentityToken`.
    pub web_identity_token: String,
    /// `ProviderId` (OAuth IdPs only).
    pub provider_id: Option<String>,
    /// `PolicyArns`.
    pub policy_arns: Vec<String>,
    /// `Policy`, the inline session policy text.
    pub policy: Option<String>,
    /// `DurationSeconds` as sent; `None` means AWS's default of 3600.
    pub duration_seconds: Option<i64>,
}

/// Members a scenario file may carry besides the scenario itself, ignored by the engine: a
/// title, a description, the expected verdict, and how its test token was minted.
const DOCUMENTATION_MEMBERS: [&str; 4] = ["name", "description", "expect", "mint"];

impl Scenario {
    /// Read a scenario from JSON text.
    pub fn from_json(text: &str) -> Result<Scenario, InputError> {
        // A valid scenario reads without the JSON tree of the whole text (`direct.rs`); any
        // other text is read the full way, which words every error.
        match direct::read(text) {
            Some(scenario) => Ok(scenario),
            None => Scenario::from_json_full(text),
        }
    }

    /// [`Scenario::from_json`] through the JSON value of the whole text.
    fn from_json_full(text: &str) -> Result<Scenario, InputError> {
        let mut value = parse_text(text, "the scenario")?;
        let mut scenario = Scenario::read(&value, Policies::Leave)?;
        // The JSON is ours: move each trust policy into its role instead of copying it (a
        // check reads every scenario once, and the policy is most of it).
        for role in &mut scenario.roles {
            let at = pointer(&role.pointer, "AssumeRolePolicyDocument");
            if let Some(policy) = value.pointer_mut(&at) {
                role.trust_policy = TrustPolicy::new(policy.take());
            }
        }
        Ok(scenario)
    }

    /// Read a scenario from a parsed JSON value.
    pub fn from_value(value: &Value) -> Result<Scenario, InputError> {
        Scenario::read(value, Policies::Copy)
    }

    fn read(value: &Value, policies: Policies) -> Result<Scenario, InputError> {
        let root = Obj::new(value, "", "a scenario object")?;
        let mut allowed = vec!["now", "account", "providers", "roles", "idps", "request"];
        allowed.extend(DOCUMENTATION_MEMBERS);
        root.only(&allowed)?;

        let now = read_now(&root)?;
        let request = read_request(&root)?;
        let account = match root.opt_str("account")? {
            Some(account) => account.to_string(),
            // Convenience: a scenario about one role may leave the account implicit.
            None => implicit_account(&request.role_arn),
        };
        Ok(Scenario {
            now,
            account,
            providers: read_providers(&root)?,
            roles: read_roles(&root, policies)?,
            idps: read_idps(&root)?,
            request,
        })
    }
}

/// The account of a scenario that leaves it implicit: the one its `RoleArn` names
/// (`arn:aws:iam::123456789012:role/x` → `123456789012`), or none.
fn implicit_account(role_arn: &str) -> String {
    Arn::parse(role_arn)
        .map(|arn| arn.account.to_string())
        .unwrap_or_default()
}

fn read_now(root: &Obj) -> Result<Epoch, InputError> {
    match root.get("now") {
        None => Err(InputError {
            path: root.at("now"),
            message: "required member is missing: the clock STS uses, as RFC 3339 (\"2026-11-22T10:00:00Z\") or epoch seconds (`stsplay check --now` can supply it)".to_string(),
        }),
        Some(value) => parse_time_value(value, &root.at("now")),
    }
}

/// Read a time given as RFC 3339 text or integer epoch seconds.
pub fn parse_time_value(value: &Value, path: &str) -> Result<Epoch, InputError> {
    match value {
        Value::Number(n) => n.as_i64().ok_or_else(|| InputError {
            path: path.to_string(),
            message: format!("expected integer epoch seconds, found `{n}`"),
        }),
        Value::String(text) => parse_time_text(text).ok_or_else(|| InputError {
            path: path.to_string(),
            message: format!(
                "expected an RFC 3339 date-time such as \"2026-11-22T10:00:00Z\" or epoch seconds, found \"{text}\""
            ),
        }),
        other => Err(wrong_type(path, "an RFC 3339 string or epoch seconds", other)),
    }
}

/// Parse RFC 3339 or a decimal integer of epoch seconds.
pub fn parse_time_text(text: &str) -> Option<Epoch> {
    let trimmed = text.trim();
    if !trimmed.is_empty() && trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'-') {
        return trimmed.parse().ok();
    }
    parse_rfc3339(trimmed)
}

fn read_array<'a>(root: &Obj<'a>, name: &str) -> Result<&'a [Value], InputError> {
    match root.get(name) {
        None => Ok(&[]),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(wrong_type(&root.at(name), "an array", other)),
    }
}

fn read_providers(root: &Obj) -> Result<Vec<OidcProvider>, InputError> {
    let mut providers = Vec::new();
    for (index, item) in read_array(root, "providers")?.iter().enumerate() {
        let path = pointer_index(&root.at("providers"), index);
        let obj = Obj::new(item, &path, "an OIDC provider object")?;
        providers.push(OidcProvider {
            url: obj.req_str("Url")?.to_string(),
            client_ids: obj.opt_str_list("ClientIDList")?.unwrap_or_default(),
            thumbprints: obj.opt_str_list("ThumbprintList")?.unwrap_or_default(),
            path,
        });
    }
    Ok(providers)
}

/// What `read_roles` puts into `Role::trust_policy` once the policy is known to be there.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Policies {
    /// A copy of the policy.
    Copy,
    /// `Value::Null`: the caller owns the JSON and moves the policy in.
    Leave,
}

fn read_roles(root: &Obj, policies: Policies) -> Result<Vec<Role>, InputError> {
    let mut roles = Vec::new();
    for (index, item) in read_array(root, "roles")?.iter().enumerate() {
        let mut path = pointer_index(&root.at("roles"), index);
        let mut obj = Obj::new(item, &path, "a role object")?;
        // Accept `aws iam get-role` output as printed: `{"Role": {...}}`.
        if let (Some(inner), None) = (obj.get("Role"), obj.get("RoleName")) {
            path = obj.at("Role");
            obj = Obj::new(inner, &path, "a role object")?;
        }
        let trust_policy = match obj.get("AssumeRolePolicyDocument") {
            Some(doc @ (Value::Object(_) | Value::String(_))) => match policies {
                Policies::Copy => TrustPolicy::new(doc.clone()),
                Policies::Leave => TrustPolicy::new(Value::Null),
            },
            Some(other) => {
                return Err(wrong_type(
                    &obj.at("AssumeRolePolicyDocument"),
                    "a policy object or a JSON string",
                    other,
                ));
            }
            None => {
                return Err(InputError {
                    path: obj.at("AssumeRolePolicyDocument"),
                    message: "required member is missing (the role's trust policy)".to_string(),
                });
            }
        };
        roles.push(Role {
            name: obj.req_str("RoleName")?.to_string(),
            path: obj.opt_str("Path")?.unwrap_or("/").to_string(),
            role_id: obj.opt_str("RoleId")?.map(str::to_string),
            max_session_duration: obj
                .opt_i64("MaxSessionDuration")?
                .unwrap_or(DEFAULT_DURATION_SECONDS),
            trust_policy,
            pointer: path,
        });
    }
    Ok(roles)
}

fn read_idps(root: &Obj) -> Result<BTreeMap<String, Idp>, InputError> {
    let mut idps = BTreeMap::new();
    let Some(value) = root.get("idps") else {
        return Ok(idps);
    };
    let map = Obj::new(value, &root.at("idps"), "an object keyed by issuer")?;
    for (issuer, entry) in map.map {
        let path = map.at(issuer);
        let obj = Obj::new(entry, &path, "an IdP object")?;
        obj.only(&["jwks", "tls", "oauth"])?;
        let tls = match obj.get("tls") {
            None => Tls {
                trusted_root: true,
                thumbprint: None,
            },
            Some(value) => {
                let tls = Obj::new(value, &obj.at("tls"), "a TLS object")?;
                tls.only(&["trusted_root", "thumbprint"])?;
                Tls {
                    trusted_root: tls.opt_bool("trusted_root")?.unwrap_or(true),
                    thumbprint: tls.opt_str("thumbprint")?.map(str::to_string),
                }
            }
        };
        let jwks = match obj.get("jwks") {
            None => None,
            Some(value @ (Value::Object(_) | Value::String(_))) => Some(value.clone()),
            Some(other) => {
                return Err(wrong_type(
                    &obj.at("jwks"),
                    "a JWKS object, a JSON string, or null",
                    other,
                ));
            }
        };
        let oauth = match obj.get("oauth") {
            None => None,
            Some(value) => Some(read_oauth(&Obj::new(
                value,
                &obj.at("oauth"),
                "an OAuth answer object",
            )?)?),
        };
        idps.insert(
            issuer.clone(),
            Idp {
                jwks,
                tls,
                oauth,
                path,
            },
        );
    }
    Ok(idps)
}

fn read_oauth(obj: &Obj) -> Result<OAuthAnswer, InputError> {
    obj.only(&["valid", "app_id", "user_id", "status"])?;
    if obj.opt_bool("valid")?.unwrap_or(true) {
        Ok(OAuthAnswer::Valid {
            app_id: obj.req_str("app_id")?.to_string(),
            user_id: obj.req_str("user_id")?.to_string(),
        })
    } else {
        Ok(OAuthAnswer::Rejected {
            status: obj
                .opt_str("status")?
                .unwrap_or("HTTP/1.1 400 Bad Request")
                .to_string(),
        })
    }
}

fn read_request(root: &Obj) -> Result<Request, InputError> {
    let Some(value) = root.get("request") else {
        return Err(InputError {
            path: root.at("request"),
            message: "required member is missing (the AssumeRoleWithWebIdentity parameters)"
                .to_string(),
        });
    };
    let obj = Obj::new(value, &root.at("request"), "a request object")?;
    obj.only(&[
        "RoleArn",
        "RoleSessionName",
        "WebIdentityToken",
        "ProviderId",
        "PolicyArns",
        "Policy",
        "DurationSeconds",
    ])?;
    let policy = match obj.get("Policy") {
        None => None,
        Some(Value::String(text)) => Some(text.clone()),
        // Convenience: a session policy written as an object is sent as its JSON text.
        Some(doc @ Value::Object(_)) => Some(doc.to_string()),
        Some(other) => {
            return Err(wrong_type(
                &obj.at("Policy"),
                "a policy JSON string or object",
                other,
            ));
        }
    };
    let mut policy_arns = Vec::new();
    if let Some(value) = obj.get("PolicyArns") {
        let Value::Array(items) = value else {
            return Err(wrong_type(&obj.at("PolicyArns"), "an array", value));
        };
        for (index, item) in items.iter().enumerate() {
            let path = pointer_index(&obj.at("PolicyArns"), index);
            match item {
                Value::String(arn) => policy_arns.push(arn.clone()),
                // The CLI skeleton's shape: [{"arn": "..."}].
                Value::Object(_) => {
                    let entry = Obj::new(item, &path, "an object")?;
                    policy_arns.push(entry.req_str("arn")?.to_string());
                }
                other => return Err(wrong_type(&path, "{\"arn\": \"...\"} or a string", other)),
            }
        }
    }
    Ok(Request {
        role_arn: obj.req_str("RoleArn")?.to_string(),
        role_session_name: obj.req_str("RoleSessionName")?.to_string(),
        web_identity_token: obj.req_str("WebIdentityToken")?.to_string(),
        provider_id: obj.opt_str("ProviderId")?.map(str::to_string),
        policy_arns,
        policy,
        duration_seconds: obj.opt_i64("DurationSeconds")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `from_json` moves the trust policies out of its own JSON; the result must be what
    /// `from_value` (which copies them) reads, for every place a policy can be.
    #[test]
    fn from_json_reads_what_from_value_reads() {
        let text = r#"{
            "now": 1,
            "account": "123456789012",
            "roles": [
                {"RoleName": "plain", "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": []}},
                {"Role": {"RoleName": "wrapped", "Path": "/a~b/", "AssumeRolePolicyDocument": "%7B%22Statement%22%3A%5B%5D%7D"}}
            ],
            "request": {"RoleArn": "arn:aws:iam::123456789012:role/plain", "RoleSessionName": "s", "WebIdentityToken": "x"}
        }"#;
        let from_json = Scenario::from_json(text).unwrap();
        let from_value = Scenario::from_value(&serde_json::from_str(text).unwrap()).unwrap();
        assert_eq!(from_json, from_value);
        let policies: Vec<&Value> = from_json
            .roles
            .iter()
            .map(|r| r.trust_policy.value())
            .collect();
        assert_eq!(
            policies,
            [
                &serde_json::json!({"Version": "2012-10-17", "Statement": []}),
                &Value::String("%7B%22Statement%22%3A%5B%5D%7D".to_string())
            ]
        );
    }
}
