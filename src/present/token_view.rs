//! The decoded token as the playground shows it: header and claims as rows, each with a one-line
//! explanation, times in human terms relative to the scenario's clock, and the rows that made
//! STS refuse marked as culprits.

use crate::engine::clock::{Epoch, format_rfc3339, relative};
use crate::engine::token::{TokenDecodeError, decode};
use crate::engine::verdict::{Status, Verdict};
use serde_json::{Map, Value};

/// One header member or claim.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The member name.
    pub name: String,
    /// Its value as compact JSON.
    pub value: String,
    /// What it means to STS.
    pub explanation: String,
    /// For times: the date and how far it is from the clock.
    pub when: Option<String>,
    /// True when this member is why STS refused.
    pub culprit: bool,
}

/// The decoded token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenView {
    /// JOSE header rows.
    pub header: Vec<Row>,
    /// Claim rows, in token order.
    pub claims: Vec<Row>,
    /// Signature length in bytes.
    pub signature_bytes: usize,
}

impl TokenView {
    /// Decode `token` and mark the culprits named by `verdict`.
    pub fn new(token: &str, now: Epoch, verdict: &Verdict) -> Result<TokenView, TokenDecodeError> {
        let decoded = decode(token.trim())?;
        let culprits = culprits(verdict);
        let rows = |map: &Map<String, Value>, header: bool| -> Vec<Row> {
            map.iter()
                .map(|(name, value)| Row {
                    name: name.clone(),
                    value: value.to_string(),
                    explanation: explain(name, header).to_string(),
                    when: (!header && matches!(name.as_str(), "exp" | "nbf" | "iat"))
                        .then(|| {
                            value
                                .as_i64()
                                .map(|t| format!("{} ({})", format_rfc3339(t), relative(t, now)))
                        })
                        .flatten(),
                    culprit: culprits.iter().any(|(h, n)| *h == header && n == name),
                })
                .collect()
        };
        Ok(TokenView {
            header: rows(&decoded.header, true),
            claims: rows(&decoded.claims, false),
            signature_bytes: decoded.signature.len(),
        })
    }
}

/// Which header members (`true`) or claims (`false`) the failing checks are about.
fn culprits(verdict: &Verdict) -> Vec<(bool, String)> {
    let mut out = Vec::new();
    for check in verdict.steps.iter().flat_map(|s| &s.checks) {
        if check.status != Status::Fail {
            continue;
        }
        let id = check.id.as_str();
        let claim = |name: &str| (false, name.to_string());
        match id {
            "token.aud" | "claims.aud" => out.push(claim("aud")),
            "token.iss" => out.push(claim("iss")),
            "token.sub" => out.push(claim("sub")),
            "token.exp" | "claims.exp" => out.push(claim("exp")),
            "claims.nbf" => out.push(claim("nbf")),
            "claims.iat" => out.push(claim("iat")),
            "token.tags" => out.push(claim("https://aws.amazon.com/tags")),
            "token.source_identity" => out.push(claim("https://aws.amazon.com/source_identity")),
            "signature.alg" => out.push((true, "alg".to_string())),
            _ if id.starts_with("provider.providers[") => out.push(claim("iss")),
            _ if id.starts_with("signature.keys[") => {
                out.push((true, "kid".to_string()));
                out.push((true, "alg".to_string()));
            }
            _ => {
                // A failed trust-policy condition names its key, e.g. `…:sub`.
                if let Some((_, name)) = check
                    .condition
                    .as_ref()
                    .and_then(|c| c.key.rsplit_once(':'))
                {
                    out.push(claim(name));
                }
            }
        }
    }
    out
}

/// A one-line explanation of a header member or claim, as STS uses it.
pub fn explain(name: &str, header: bool) -> &'static str {
    if header {
        return match name {
            "alg" => "Signature algorithm: STS accepts RS256/384/512 and ES256/384/512 only",
            "kid" => "Key id: STS picks the JWKS key with this id",
            "typ" => "Token type; STS does not check it",
            "x5t" => "Certificate thumbprint of the signing key; STS does not use it",
            _ => "Header member; STS does not use it",
        };
    }
    match name {
        "iss" => {
            "Issuer: must equal a registered IAM OIDC provider URL exactly (or a built-in IdP)"
        }
        "sub" => "Subject: returned as SubjectFromWebIdentityToken and checked as `<provider>:sub`",
        "aud" => "Audience: must be one of the provider's client IDs; checked as `<provider>:aud`",
        "exp" => "Expiry: STS accepts the token until 5 minutes after this",
        "nbf" => "Not before: must not be in the future",
        "iat" => "Issued at: must not be in the future",
        "jti" => "Unique token id; STS does not check it",
        "azp" => "Authorized party: for Google, this is the value of `accounts.google.com:aud`",
        "amr" => "Authentication methods: Cognito's multivalued `amr` key",
        "repository" => "GitHub repository (owner/name); a condition key since 2026",
        "repository_id" => "GitHub repository id; a condition key since 2026",
        "repository_owner" => "GitHub owner of the repository",
        "repository_owner_id" => "GitHub owner id",
        "ref" => "Git ref that triggered the run; a condition key since 2026",
        "ref_type" => "branch or tag",
        "environment" => "GitHub environment of the job; it changes `sub` to `…:environment:NAME`",
        "event_name" => "Event that triggered the workflow (push, pull_request, …)",
        "job_workflow_ref" => "Reusable workflow that runs the job; a condition key since 2026",
        "workflow" => "Workflow name; a condition key since 2026",
        "workflow_ref" => "Workflow file and ref",
        "actor" => "GitHub user who triggered the run; a condition key since 2026",
        "actor_id" => "GitHub user id; a condition key since 2026",
        "runner_environment" => "github-hosted or self-hosted",
        "enterprise_id" => "GitHub Enterprise id; a condition key since 2026",
        "https://aws.amazon.com/tags" => "Session tags: require sts:TagSession in the trust policy",
        "https://aws.amazon.com/source_identity" => {
            "Source identity: requires sts:SetSourceIdentity in the trust policy"
        }
        "email" => "E-mail address; STS does not expose it as a condition key",
        _ => "Claim STS does not use",
    }
}
