//! Scenario text straight to a [`Scenario`], without the `serde_json::Value` of the whole
//! document: typed members borrow from the text, a trust policy is kept as its JSON text (the
//! engine parses it without a tree, `policy::direct`), and only a JWKS and the odd small member
//! are read as values.
//!
//! The reader takes only scenarios that the full reader in `scenario.rs` accepts, and gives up on
//! anything else (a wrong type, a missing or unknown member, a member given twice, invalid JSON):
//! `Scenario::from_json` then reads the text the full way, so every error, with its path, comes
//! from there. A role written as `aws iam get-role` prints it, `{"Role": {…}}`, has no
//! `RoleName` of its own, so it too is read the full way. `tests/scenario_direct.rs` holds the
//! two readers to the same scenario, verdict and error.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{Deserializer, IgnoredAny, MapAccess, Visitor};
use serde_json::Value;
use serde_json::value::RawValue;

use super::{
    DEFAULT_DURATION_SECONDS, Idp, OAuthAnswer, OidcProvider, Request, Role, Scenario, Tls,
    TrustPolicy, parse_time_value,
};
use crate::engine::json::{pointer, pointer_index};

/// The scenario `text` holds, or `None` when the full reader must read it.
pub(super) fn read(text: &str) -> Option<Scenario> {
    let document = serde_json::from_str::<Object<Document>>(text).ok()?.0;
    let request = document.request?.0.read()?;
    let now = parse_time_value(&value(document.now?)?, "/now").ok()?;
    let account = match document.account {
        Some(account) => account.into_owned(),
        // As the full reader: a scenario about one role may leave the account implicit.
        None => super::implicit_account(&request.role_arn),
    };
    let providers = document
        .providers
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, provider)| provider.0.read(index))
        .collect::<Option<Vec<_>>>()?;
    let roles = document
        .roles
        .unwrap_or_default()
        .into_iter()
        .enumerate()
        .map(|(index, role)| role.0.read(index))
        .collect::<Option<Vec<_>>>()?;
    let idps = match document.idps {
        None => BTreeMap::new(),
        Some(idps) => idps
            .0
            .into_iter()
            .map(|(issuer, idp)| {
                let idp = idp.0.read(pointer("/idps", &issuer))?;
                Some((issuer, idp))
            })
            .collect::<Option<BTreeMap<_, _>>>()?,
    };
    Some(Scenario {
        now,
        account,
        providers,
        roles,
        idps,
        request,
    })
}

/// A JSON value kept as text, read as a value.
fn value(raw: &RawValue) -> Option<Value> {
    serde_json::from_str(raw.get()).ok()
}

/// `T` read from a JSON object only: serde's derived structs would also take an array of the
/// members' values, which the full reader refuses.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Object<T>, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(ObjectVisitor(PhantomData))
            .map(Object)
    }
}

/// The members `Scenario::from_json` allows at the top level. `Option` members read JSON
/// `null` as absent, as the full reader does.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Document<'a> {
    #[serde(borrow)]
    now: Option<&'a RawValue>,
    #[serde(borrow)]
    account: Option<Cow<'a, str>>,
    #[serde(borrow)]
    providers: Option<Vec<Object<ProviderMembers<'a>>>>,
    #[serde(borrow)]
    roles: Option<Vec<Object<RoleMembers<'a>>>>,
    #[serde(borrow)]
    idps: Option<Object<BTreeMap<String, Object<IdpMembers<'a>>>>>,
    #[serde(borrow)]
    request: Option<Object<RequestMembers<'a>>>,
    // Documentation members: any JSON.
    #[serde(rename = "name")]
    _name: Option<IgnoredAny>,
    #[serde(rename = "description")]
    _description: Option<IgnoredAny>,
    #[serde(rename = "expect")]
    _expect: Option<IgnoredAny>,
    #[serde(rename = "mint")]
    _mint: Option<IgnoredAny>,
}

/// An OIDC provider; other members (AWS's own output carries some) are ignored.
#[derive(Deserialize)]
struct ProviderMembers<'a> {
    #[serde(rename = "Url", borrow)]
    url: Option<Cow<'a, str>>,
    #[serde(rename = "ClientIDList")]
    client_ids: Option<Vec<String>>,
    #[serde(rename = "ThumbprintList")]
    thumbprints: Option<Vec<String>>,
}

impl ProviderMembers<'_> {
    fn read(self, index: usize) -> Option<OidcProvider> {
        Some(OidcProvider {
            url: self.url?.into_owned(),
            client_ids: self.client_ids.unwrap_or_default(),
            thumbprints: self.thumbprints.unwrap_or_default(),
            path: pointer_index("/providers", index),
        })
    }
}

/// A role; other members (AWS's own output carries some) are ignored.
#[derive(Deserialize)]
struct RoleMembers<'a> {
    #[serde(rename = "RoleName", borrow)]
    name: Option<Cow<'a, str>>,
    #[serde(rename = "Path", borrow)]
    path: Option<Cow<'a, str>>,
    #[serde(rename = "RoleId", borrow)]
    role_id: Option<Cow<'a, str>>,
    #[serde(rename = "MaxSessionDuration")]
    max_session_duration: Option<i64>,
    #[serde(rename = "AssumeRolePolicyDocument", borrow)]
    policy: Option<&'a RawValue>,
}

impl RoleMembers<'_> {
    fn read(self, index: usize) -> Option<Role> {
        // A policy object, or a JSON string holding it.
        let policy = self.policy?.get();
        if !(policy.starts_with('{') || policy.starts_with('"')) {
            return None;
        }
        Some(Role {
            name: self.name?.into_owned(),
            path: self.path.map_or_else(|| "/".to_string(), Cow::into_owned),
            role_id: self.role_id.map(Cow::into_owned),
            max_session_duration: self
                .max_session_duration
                .unwrap_or(DEFAULT_DURATION_SECONDS),
            trust_policy: TrustPolicy::from_json_text(policy),
            pointer: pointer_index("/roles", index),
        })
    }
}

/// What STS finds on the internet for one issuer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct IdpMembers<'a> {
    #[serde(borrow)]
    jwks: Option<&'a RawValue>,
    #[serde(borrow)]
    tls: Option<Object<TlsMembers<'a>>>,
    #[serde(borrow)]
    oauth: Option<Object<OAuthMembers<'a>>>,
}

impl IdpMembers<'_> {
    fn read(self, path: String) -> Option<Idp> {
        let jwks = match self.jwks {
            None => None,
            Some(raw) => match value(raw)? {
                jwks @ (Value::Object(_) | Value::String(_)) => Some(jwks),
                _ => return None,
            },
        };
        let tls = match self.tls {
            None => Tls {
                trusted_root: true,
                thumbprint: None,
            },
            Some(tls) => Tls {
                trusted_root: tls.0.trusted_root.unwrap_or(true),
                thumbprint: tls.0.thumbprint.map(Cow::into_owned),
            },
        };
        let oauth = match self.oauth {
            None => None,
            Some(oauth) => Some(oauth.0.read()?),
        };
        Some(Idp {
            jwks,
            tls,
            oauth,
            path,
        })
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TlsMembers<'a> {
    trusted_root: Option<bool>,
    #[serde(borrow)]
    thumbprint: Option<Cow<'a, str>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OAuthMembers<'a> {
    valid: Option<bool>,
    #[serde(borrow)]
    app_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    user_id: Option<Cow<'a, str>>,
    #[serde(borrow)]
    status: Option<Cow<'a, str>>,
}

impl OAuthMembers<'_> {
    fn read(self) -> Option<OAuthAnswer> {
        if self.valid.unwrap_or(true) {
            Some(OAuthAnswer::Valid {
                app_id: self.app_id?.into_owned(),
                user_id: self.user_id?.into_owned(),
            })
        } else {
            Some(OAuthAnswer::Rejected {
                status: self
                    .status
                    .map_or_else(|| "HTTP/1.1 400 Bad Request".to_string(), Cow::into_owned),
            })
        }
    }
}

/// The `AssumeRoleWithWebIdentity` parameters.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RequestMembers<'a> {
    #[serde(rename = "RoleArn", borrow)]
    role_arn: Option<Cow<'a, str>>,
    #[serde(rename = "RoleSessionName", borrow)]
    role_session_name: Option<Cow<'a, str>>,
    #[serde(rename = "WebIdentityToken", borrow)]
    web_identity_token: Option<Cow<'a, str>>,
    #[serde(rename = "ProviderId", borrow)]
    provider_id: Option<Cow<'a, str>>,
    #[serde(rename = "PolicyArns", borrow)]
    policy_arns: Option<Vec<&'a RawValue>>,
    #[serde(rename = "Policy", borrow)]
    policy: Option<&'a RawValue>,
    #[serde(rename = "DurationSeconds")]
    duration_seconds: Option<i64>,
}

impl RequestMembers<'_> {
    fn read(self) -> Option<Request> {
        let policy = match self.policy {
            None => None,
            Some(raw) => match value(raw)? {
                Value::String(text) => Some(text),
                // As the full reader: a session policy object is sent as its JSON text.
                doc @ Value::Object(_) => Some(doc.to_string()),
                _ => return None,
            },
        };
        let policy_arns = self
            .policy_arns
            .unwrap_or_default()
            .into_iter()
            .map(|raw| match value(raw)? {
                Value::String(arn) => Some(arn),
                // The CLI skeleton's shape: {"arn": "..."}.
                Value::Object(mut entry) => match entry.remove("arn") {
                    Some(Value::String(arn)) => Some(arn),
                    _ => None,
                },
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Request {
            role_arn: self.role_arn?.into_owned(),
            role_session_name: self.role_session_name?.into_owned(),
            web_identity_token: self.web_identity_token?.into_owned(),
            provider_id: self.provider_id.map(Cow::into_owned),
            policy_arns,
            policy,
            duration_seconds: self.duration_seconds,
        })
    }
}
