//! Phase `token`: the token parses as a JWT and carries the claims STS requires. Session tags and
//! the source identity are read here too, because they decide which actions the trust policy
//! must allow.

use super::{PhaseReport, quote};
use crate::engine::json::type_name;
use crate::engine::rejection::Rejection;
use crate::engine::scenario::Scenario;
use crate::engine::token::{DecodedToken, TokenDecodeError, audiences};
use crate::engine::verdict::{Check, Status};
use serde_json::{Map, Value};

/// The OAuth 2.0 IdPs whose access tokens STS validates by calling the IdP.
pub const OAUTH_PROVIDERS: [&str; 2] = ["www.amazon.com", "graph.facebook.com"];

/// The claim that carries session tags (IAM User Guide, "Passing session tags using
/// AssumeRoleWithWebIdentity").
pub const TAGS_CLAIM: &str = "https://aws.amazon.com/tags";

/// The claim that carries the source identity.
pub const SOURCE_IDENTITY_CLAIM: &str = "https://aws.amazon.com/source_identity";

/// What the caller presented.
#[derive(Clone, Debug, PartialEq)]
pub enum Presented {
    /// An OIDC ID token.
    Jwt(Box<DecodedToken>),
    /// An OAuth 2.0 access token for `provider_id`; opaque to STS.
    OAuth {
        /// `www.amazon.com` or `graph.facebook.com`.
        provider_id: String,
    },
}

/// The token as later phases need it.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenFacts {
    /// The token itself.
    pub presented: Presented,
    /// Session tags from the tags claim, in claim order.
    pub session_tags: Vec<(String, String)>,
    /// `transitive_tag_keys` from the tags claim.
    pub transitive_tag_keys: Vec<String>,
    /// The source identity claim.
    pub source_identity: Option<String>,
}

/// Run the phase on the request's token, `decoded` by `token::decode` (the caller decodes it once
/// for the lint too).
pub fn check(
    scenario: &Scenario,
    decoded: Result<DecodedToken, TokenDecodeError>,
) -> PhaseReport<TokenFacts> {
    let request = &scenario.request;
    if let Some(provider_id) = request
        .provider_id
        .as_deref()
        .filter(|p| OAUTH_PROVIDERS.contains(p))
    {
        let check = Check::new(
            "token.format",
            Status::Pass,
            format!(
                "an opaque OAuth 2.0 access token for {provider_id}; STS does not read it but asks {provider_id} about it"
            ),
        )
        .at("/request/WebIdentityToken");
        return PhaseReport::pass(
            TokenFacts {
                presented: Presented::OAuth {
                    provider_id: provider_id.to_string(),
                },
                session_tags: Vec::new(),
                transitive_tag_keys: Vec::new(),
                source_identity: None,
            },
            format!("ProviderId {provider_id}: an OAuth access token, validated by the IdP"),
            vec![check],
        );
    }

    let decoded = match decoded {
        Ok(decoded) => decoded,
        Err(err) => {
            return PhaseReport::fail(
                Rejection::NotAJwt,
                format!("the token is not a JWT: {err}"),
                vec![
                    Check::new("token.format", Status::Fail, err.to_string())
                        .at("/request/WebIdentityToken"),
                ],
            );
        }
    };

    let mut checks = vec![
        Check::new(
            "token.format",
            Status::Pass,
            format!(
                "three base64url segments; header {}",
                quote(&Value::Object(decoded.header.clone()).to_string())
            ),
        )
        .at("/request/WebIdentityToken"),
    ];
    let mut first_failure: Option<Rejection> = None;
    let mut fail = |checks: &mut Vec<Check>, check: Check, rejection: Rejection| {
        checks.push(check);
        first_failure.get_or_insert(rejection);
    };

    if let Some(problem) = header_problem(&decoded.header) {
        fail(
            &mut checks,
            Check::new("token.header", Status::Fail, problem)
                .at("/request/WebIdentityToken")
                .assumed(),
            Rejection::NotAJwt,
        );
    }

    // AWS: GitLab's tokens hit "Missing a required claim: aud" before their non-https `iss`
    // was looked at (gitlab-org/gitlab#342243), so `aud` comes first.
    match decoded.claims.get("aud") {
        None => fail(
            &mut checks,
            Check::new(
                "token.aud",
                Status::Fail,
                "the `aud` claim is missing; STS requires it",
            ),
            Rejection::MissingClaim("aud"),
        ),
        Some(_) if audiences(&decoded.claims).is_empty() => fail(
            &mut checks,
            Check::new(
                "token.aud",
                Status::Fail,
                "`aud` must be a string or an array of strings",
            )
            .assumed(),
            Rejection::NotAJwt,
        ),
        Some(_) => checks.push(Check::new(
            "token.aud",
            Status::Pass,
            format!(
                "`aud` is present: {}",
                audiences(&decoded.claims).join(", ")
            ),
        )),
    }

    match decoded.claims.get("iss") {
        Some(Value::String(iss)) if iss.starts_with("https://") || is_bare_builtin(iss) => {
            checks.push(Check::new(
                "token.iss",
                Status::Pass,
                format!("`iss` is {}", quote(iss)),
            ));
        }
        Some(Value::String(iss)) => fail(
            &mut checks,
            Check::new(
                "token.iss",
                Status::Fail,
                format!(
                    "`iss` {} is not an https:// URL; IAM OIDC providers are always https, so no provider can match",
                    quote(iss)
                ),
            )
            .assumed(),
            Rejection::IssuerNotHttps { iss: iss.clone() },
        ),
        _ => fail(
            &mut checks,
            Check::new("token.iss", Status::Fail, "the `iss` claim is missing or not a string")
                .assumed(),
            Rejection::MissingClaim("iss"),
        ),
    }

    match decoded.claims.get("sub") {
        Some(Value::String(sub)) => checks.push(Check::new(
            "token.sub",
            Status::Pass,
            format!("`sub` is {}", quote(sub)),
        )),
        _ => fail(
            &mut checks,
            Check::new(
                "token.sub",
                Status::Fail,
                "the `sub` claim is missing or not a string; STS returns it as SubjectFromWebIdentityToken",
            )
            .assumed(),
            Rejection::MissingClaim("sub"),
        ),
    }

    if decoded.claims.contains_key("exp") {
        checks.push(Check::new("token.exp", Status::Pass, "`exp` is present"));
    } else {
        fail(
            &mut checks,
            Check::new("token.exp", Status::Fail, "the `exp` claim is missing").assumed(),
            Rejection::MissingClaim("exp"),
        );
    }

    let (session_tags, transitive_tag_keys) = match read_session_tags(&decoded) {
        Ok(Some((tags, transitive))) => {
            checks.push(
                Check::new(
                    "token.tags",
                    Status::Pass,
                    format!(
                        "{} session tag{} ({}); the trust policy must also allow sts:TagSession",
                        tags.len(),
                        if tags.len() == 1 { "" } else { "s" },
                        tags.iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
                .assumed(),
            );
            (tags, transitive)
        }
        Ok(None) => (Vec::new(), Vec::new()),
        Err(problem) => {
            fail(
                &mut checks,
                Check::new("token.tags", Status::Fail, problem).assumed(),
                Rejection::NotAJwt,
            );
            (Vec::new(), Vec::new())
        }
    };

    let source_identity = match decoded.claims.get(SOURCE_IDENTITY_CLAIM) {
        None => None,
        Some(Value::String(id)) if valid_source_identity(id) => {
            checks.push(Check::new(
                "token.source_identity",
                Status::Pass,
                format!(
                    "source identity {}; the trust policy must also allow sts:SetSourceIdentity",
                    quote(id)
                ),
            ));
            Some(id.clone())
        }
        Some(other) => {
            fail(
                &mut checks,
                Check::new(
                    "token.source_identity",
                    Status::Fail,
                    format!(
                        "the source identity must be 2-64 characters of [\\w+=,.@-] not starting with `aws:`, found {}",
                        quote(&other.to_string())
                    ),
                )
                .assumed(),
                Rejection::NotAJwt,
            );
            None
        }
    };

    let facts = TokenFacts {
        presented: Presented::Jwt(Box::new(decoded)),
        session_tags,
        transitive_tag_keys,
        source_identity,
    };
    PhaseReport::conclude(
        facts,
        "a JWT with the required claims",
        checks,
        first_failure,
    )
}

/// Google has issued tokens whose `iss` lacks the scheme.
fn is_bare_builtin(iss: &str) -> bool {
    iss == "accounts.google.com"
}

/// `[\w+=,.@-]{2,64}`, not starting with `aws:` (IAM User Guide, source identity).
fn valid_source_identity(id: &str) -> bool {
    let len = id.chars().count();
    (2..=64).contains(&len)
        && !id.to_ascii_lowercase().starts_with("aws:")
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_+=,.@-".contains(c))
}

type SessionTags = (Vec<(String, String)>, Vec<String>);

/// Read `{"principal_tags": {"K": ["V"]}, "transitive_tag_keys": ["K"]}`. Each tag value is a
/// one-element array; at most 50 tags; keys up to 128 characters and values up to 256.
fn read_session_tags(token: &DecodedToken) -> Result<Option<SessionTags>, String> {
    let Some(claim) = token.claims.get(TAGS_CLAIM) else {
        return Ok(None);
    };
    let Some(claim) = claim.as_object() else {
        return Err(format!("`{TAGS_CLAIM}` must be an object"));
    };
    let mut tags = Vec::new();
    if let Some(principal_tags) = claim.get("principal_tags") {
        let Some(principal_tags) = principal_tags.as_object() else {
            return Err("`principal_tags` must be an object of one-element arrays".to_string());
        };
        for (key, value) in principal_tags {
            let value = match value.as_array().map(Vec::as_slice) {
                Some([Value::String(v)]) => v.clone(),
                _ => {
                    return Err(format!(
                        "session tag `{key}` must be a one-element array of a string (multi-valued session tags are not supported)"
                    ));
                }
            };
            if key.chars().count() > 128 || key.is_empty() {
                return Err(format!("session tag key `{key}` must be 1-128 characters"));
            }
            if value.chars().count() > 256 {
                return Err(format!(
                    "session tag `{key}` has a value over 256 characters"
                ));
            }
            tags.push((key.clone(), value));
        }
    }
    if tags.len() > 50 {
        return Err(format!(
            "{} session tags; at most 50 are allowed",
            tags.len()
        ));
    }
    let transitive = match claim.get("transitive_tag_keys") {
        None => Vec::new(),
        Some(Value::Array(keys)) => keys
            .iter()
            .filter_map(|k| k.as_str().map(str::to_string))
            .collect(),
        Some(_) => return Err("`transitive_tag_keys` must be an array of strings".to_string()),
    };
    Ok(Some((tags, transitive)))
}

/// The header members STS is silent about but a strict JWS reader refuses (ASSUMED, README
/// "Fidelity"): a `kid` that is not a string (RFC 7515 §4.1.4: "a case-sensitive string"), and
/// any `crit` (RFC 7515 §4.1.11: a token whose `crit` lists an extension the recipient does not
/// understand is invalid, and STS is known to understand none). `null` counts as absent.
fn header_problem(header: &Map<String, Value>) -> Option<String> {
    if let Some(kid) = header.get("kid")
        && !kid.is_string()
        && !kid.is_null()
    {
        return Some(format!(
            "header `kid` must be a string (RFC 7515 §4.1.4), found {}",
            type_name(kid)
        ));
    }
    let crit = header.get("crit").filter(|crit| !crit.is_null())?;
    let names: Option<Vec<&str>> = match crit {
        Value::Array(items) if !items.is_empty() => items.iter().map(Value::as_str).collect(),
        _ => None,
    };
    Some(match names {
        None => format!(
            "header `crit` must be a non-empty array of header names (RFC 7515 §4.1.11), found {}",
            quote(&crit.to_string())
        ),
        Some(names) => format!(
            "header `crit` lists {}, which STS is not known to understand; RFC 7515 §4.1.11 makes such a token invalid",
            names
                .iter()
                .map(|name| quote(name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    })
}
