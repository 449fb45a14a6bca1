//! Phase `provider`: find who vouches for the token. For an OIDC token that is the IAM OIDC
//! provider whose URL equals `iss` exactly, in the role's account; Google and Cognito are built
//! in; Login with Amazon and Facebook are named by `ProviderId`.

use super::token::{Presented, TokenFacts};
use super::{PhaseReport, quote};
use crate::engine::arn::{OidcProviderArn, RoleArn};
use crate::engine::rejection::Rejection;
use crate::engine::scenario::{Idp, OidcProvider, Scenario};
use crate::engine::verdict::{Check, Status};

/// Which kind of identity provider issued the token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IssuerKind {
    /// An IAM OIDC provider registered in the account.
    Oidc,
    /// Google, built in (`accounts.google.com`).
    Google,
    /// Amazon Cognito identity pools, built in (`cognito-identity.amazonaws.com`).
    Cognito,
    /// Login with Amazon, an OAuth 2.0 IdP (`www.amazon.com`).
    Amazon,
    /// Facebook, an OAuth 2.0 IdP (`graph.facebook.com`).
    Facebook,
}

/// The issuer as later phases need it.
#[derive(Clone, Debug)]
pub struct Issuer<'s> {
    /// The kind of IdP.
    pub kind: IssuerKind,
    /// The `iss` claim (or `ProviderId` for OAuth), exactly as sent.
    pub iss: String,
    /// The trust-policy principal: the provider ARN, or the built-in name.
    pub principal: String,
    /// The condition-key prefix, e.g. `token.actions.githubusercontent.com` (keys are
    /// `<prefix>:sub`).
    pub key_prefix: String,
    /// The registered provider, for [`IssuerKind::Oidc`].
    pub provider: Option<&'s OidcProvider>,
    /// What the internet side of the scenario says about this issuer.
    pub idp: Option<&'s Idp>,
}

const GOOGLE: &str = "accounts.google.com";
const COGNITO: &str = "cognito-identity.amazonaws.com";

/// Run the phase.
pub fn check<'s>(
    scenario: &'s Scenario,
    role_arn: &RoleArn,
    token: &TokenFacts,
) -> PhaseReport<Issuer<'s>> {
    let decoded = match &token.presented {
        Presented::OAuth { provider_id } => {
            let kind = if provider_id == "www.amazon.com" {
                IssuerKind::Amazon
            } else {
                IssuerKind::Facebook
            };
            let check = Check::new(
                "provider.builtin",
                Status::Pass,
                format!(
                    "{provider_id} is an OAuth 2.0 IdP built into STS; no IAM provider is needed"
                ),
            )
            .at("/request/ProviderId");
            return PhaseReport::pass(
                Issuer {
                    kind,
                    iss: provider_id.clone(),
                    principal: provider_id.clone(),
                    key_prefix: provider_id.clone(),
                    provider: None,
                    idp: scenario.idps.get(provider_id),
                },
                format!("{provider_id} (built in)"),
                vec![check],
            );
        }
        Presented::Jwt(decoded) => decoded,
    };
    let iss = decoded.claim_str("iss").unwrap_or_default().to_string();

    if let Some(provider_id) = &scenario.request.provider_id {
        // ASSUMED: AWS does not document what happens when ProviderId is sent with an OIDC
        // token; we refuse it rather than ignore it.
        return PhaseReport::fail(
            Rejection::UnsupportedProviderId,
            format!(
                "ProviderId {} is only for OAuth access tokens (www.amazon.com, graph.facebook.com); leave it out for OIDC ID tokens",
                quote(provider_id)
            ),
            vec![
                Check::new(
                    "provider.provider_id",
                    Status::Fail,
                    "ProviderId must not be sent with an OIDC ID token",
                )
                .at("/request/ProviderId")
                .assumed(),
            ],
        )
        .assumed();
    }

    let mut checks = Vec::new();
    let same_account = role_arn.account == scenario.account;
    if !same_account {
        checks.push(
            Check::new(
                "provider.account",
                Status::Fail,
                format!(
                    "the role is in account {}, but the scenario's providers belong to {}; IAM OIDC providers only serve roles in their own account",
                    role_arn.account, scenario.account
                ),
            )
            .at("/request/RoleArn"),
        );
    }
    let mut found = None;
    for (index, provider) in scenario.providers.iter().enumerate() {
        let url = provider.issuer_url();
        let id = format!("provider.providers[{index}]");
        if url == iss && same_account {
            checks.push(
                Check::new(
                    id,
                    Status::Pass,
                    format!("{} equals `iss` exactly", quote(&url)),
                )
                .at(&provider.path),
            );
            found = found.or(Some(provider));
        } else {
            checks.push(Check::new(id, Status::Fail, near_miss(&url, &iss)).at(&provider.path));
        }
    }

    if let Some(provider) = found {
        let host_path = provider
            .issuer_url()
            .strip_prefix("https://")
            .unwrap_or_default()
            .to_string();
        let principal = OidcProviderArn {
            partition: &role_arn.partition,
            account: &role_arn.account,
            host: &host_path,
        }
        .to_string();
        let detail =
            format!("IAM OIDC provider {principal}; condition keys start with `{host_path}:`");
        return PhaseReport::pass(
            Issuer {
                kind: IssuerKind::Oidc,
                principal,
                key_prefix: host_path,
                provider: Some(provider),
                idp: scenario.idps.get(&iss),
                iss,
            },
            detail,
            checks,
        );
    }

    let builtin = match iss.as_str() {
        "https://accounts.google.com" | "accounts.google.com" => Some((IssuerKind::Google, GOOGLE)),
        "https://cognito-identity.amazonaws.com" => Some((IssuerKind::Cognito, COGNITO)),
        _ => None,
    };
    if let Some((kind, name)) = builtin {
        checks.push(Check::new(
            "provider.builtin",
            Status::Pass,
            format!("{name} is built into STS; no IAM OIDC provider is needed"),
        ));
        return PhaseReport::pass(
            Issuer {
                kind,
                principal: name.to_string(),
                key_prefix: name.to_string(),
                provider: None,
                idp: scenario.idps.get(&iss),
                iss,
            },
            format!("{name} (built in); condition keys start with `{name}:`"),
            checks,
        );
    }

    let detail = if scenario.providers.is_empty() {
        format!(
            "no IAM OIDC provider is registered, and {} is not a built-in IdP",
            quote(&iss)
        )
    } else {
        format!(
            "no IAM OIDC provider in account {} has the URL {} exactly",
            role_arn.account,
            quote(&iss)
        )
    };
    PhaseReport::fail(Rejection::NoProvider { iss }, detail, checks)
}

/// Explain why a provider URL does not match `iss`, pointing at the usual mistakes.
fn near_miss(url: &str, iss: &str) -> String {
    let reason = if url.trim_end_matches('/') == iss.trim_end_matches('/') {
        "only a trailing slash differs, and the match is exact"
    } else if url.eq_ignore_ascii_case(iss) {
        "only letter case differs, and the match is case-sensitive"
    } else {
        "a different issuer"
    };
    format!("{} is not `iss` {}: {reason}", quote(url), quote(iss))
}
