//! Phase `claims`: the token is meant for this provider (`aud` is a registered client ID) and is
//! valid at the scenario's clock (`exp` with five minutes of grace; `nbf` and `iat` not in the
//! future).

use super::provider::{Issuer, IssuerKind};
use super::signature::OAuthIdentity;
use super::token::{Presented, TokenFacts};
use super::{PhaseReport, quote};
use crate::engine::clock::{Epoch, format_rfc3339, relative};
use crate::engine::rejection::Rejection;
use crate::engine::token::audiences;
use crate::engine::verdict::{Check, Status};
use serde_json::{Map, Value};

/// AWS: "a five-minute window beyond the expiration time … to account for clock skew"
/// (IAM User Guide, OIDC federation). A token is accepted while `now < exp + 300`.
pub const EXP_GRACE_SECONDS: i64 = 300;

/// ASSUMED: AWS documents no rule for `nbf` and `iat`; we allow the same five minutes of skew
/// into the future and refuse beyond it.
pub const FUTURE_SKEW_SECONDS: i64 = 300;

/// What later phases need from the claims.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimFacts {
    /// The audience STS matched: the `aud` element found in the client IDs (Google: `azp` when
    /// present; OAuth: the app id).
    pub audience: String,
    /// The subject: `sub`, or the OAuth user id.
    pub subject: String,
}

/// Run the phase.
pub fn check(
    issuer: &Issuer,
    token: &TokenFacts,
    oauth: Option<&OAuthIdentity>,
    now: Epoch,
) -> PhaseReport<ClaimFacts> {
    let decoded = match (&token.presented, oauth) {
        (Presented::Jwt(decoded), _) => decoded,
        (Presented::OAuth { provider_id }, identity) => {
            let (app_id, user_id) = identity
                .map(|i| (i.app_id.clone(), i.user_id.clone()))
                .unwrap_or_default();
            return PhaseReport::pass(
                ClaimFacts {
                    audience: app_id.clone(),
                    subject: user_id,
                },
                format!(
                    "{provider_id} vouched for the token; its app id `{app_id}` is the audience"
                ),
                vec![Check::new(
                    "claims.oauth",
                    Status::Pass,
                    "an access token has no claims for STS to check; the trust policy checks the app id",
                )],
            );
        }
    };
    let claims = &decoded.claims;
    let mut checks = Vec::new();
    let mut first_failure: Option<Rejection> = None;

    let (audience_check, audience) = check_audience(issuer, claims);
    if audience_check.status == Status::Fail {
        first_failure.get_or_insert(Rejection::IncorrectAudience);
    }
    checks.push(audience_check);

    match time_claim(claims, "exp") {
        TimeClaim::Integer(exp) => {
            let deadline = exp.saturating_add(EXP_GRACE_SECONDS);
            if now < deadline {
                checks.push(Check::new(
                    "claims.exp",
                    Status::Pass,
                    format!(
                        "exp {exp} ({}, {}) + {EXP_GRACE_SECONDS} s grace is after now {now}{}",
                        format_rfc3339(exp),
                        relative(exp, now),
                        if now >= exp {
                            "; expired, but inside the 5-minute grace"
                        } else {
                            ""
                        }
                    ),
                ));
            } else {
                checks.push(Check::new(
                    "claims.exp",
                    Status::Fail,
                    format!(
                        "expired: exp {exp} ({}, {}) + {EXP_GRACE_SECONDS} s grace = {deadline} is not after now {now}",
                        format_rfc3339(exp),
                        relative(exp, now)
                    ),
                ));
                first_failure.get_or_insert(Rejection::Expired { now, exp });
            }
        }
        TimeClaim::Absent => {
            // The token phase already refused a token without `exp`.
            checks.push(Check::new("claims.exp", Status::Fail, "`exp` is missing"));
            first_failure.get_or_insert(Rejection::MissingClaim("exp"));
        }
        TimeClaim::NotInteger(found) => {
            checks.push(not_integer("exp", &found));
            first_failure.get_or_insert(Rejection::NonIntegerTime);
        }
    }

    for name in ["nbf", "iat"] {
        let id = format!("claims.{name}");
        match time_claim(claims, name) {
            TimeClaim::Absent => checks.push(Check::new(
                id,
                Status::Pass,
                format!("no `{name}`; STS does not require it"),
            )),
            TimeClaim::NotInteger(found) => {
                checks.push(not_integer(name, &found));
                first_failure.get_or_insert(Rejection::NonIntegerTime);
            }
            TimeClaim::Integer(value) => {
                let limit = now.saturating_add(FUTURE_SKEW_SECONDS);
                if value <= limit {
                    checks.push(Check::new(
                        id,
                        Status::Pass,
                        format!("{name} {value} ({}, {}) is not in the future beyond {FUTURE_SKEW_SECONDS} s of skew", format_rfc3339(value), relative(value, now)),
                    ).assumed());
                } else {
                    checks.push(
                        Check::new(
                            id,
                            Status::Fail,
                            format!(
                                "{name} {value} ({}, {}) is more than {FUTURE_SKEW_SECONDS} s in the future",
                                format_rfc3339(value),
                                relative(value, now)
                            ),
                        )
                        .assumed(),
                    );
                    first_failure.get_or_insert(Rejection::NotYetValid);
                }
            }
        }
    }

    let subject = decoded.claim_str("sub").unwrap_or_default().to_string();
    PhaseReport::conclude(
        ClaimFacts { audience, subject },
        "aud, exp, nbf and iat hold",
        checks,
        first_failure,
    )
}

fn not_integer(name: &str, found: &str) -> Check {
    Check::new(
        format!("claims.{name}"),
        Status::Fail,
        format!("`{name}` must be an integer number of seconds, found {found}"),
    )
    .assumed()
}

enum TimeClaim {
    Absent,
    Integer(Epoch),
    NotInteger(String),
}

fn time_claim(claims: &Map<String, Value>, name: &str) -> TimeClaim {
    match claims.get(name) {
        None => TimeClaim::Absent,
        Some(Value::Number(n)) if n.is_i64() => TimeClaim::Integer(n.as_i64().unwrap_or_default()),
        // Integers beyond i64 are still integers; they lie far in the future.
        Some(Value::Number(n)) if n.is_u64() => TimeClaim::Integer(Epoch::MAX),
        Some(other) => TimeClaim::NotInteger(quote(&other.to_string())),
    }
}

/// Check `aud` against the provider and pick the audience STS reports.
fn check_audience(issuer: &Issuer, claims: &Map<String, Value>) -> (Check, String) {
    let auds = audiences(claims);
    let first = auds.first().cloned().unwrap_or_default();
    match (issuer.kind, issuer.provider) {
        (IssuerKind::Oidc, Some(provider)) => {
            let matched = auds.iter().find(|aud| provider.client_ids.contains(aud));
            let is_array = matches!(claims.get("aud"), Some(Value::Array(_)));
            let mut check = match matched {
                Some(aud) => Check::new(
                    "claims.aud",
                    Status::Pass,
                    format!("`aud` {} is a client ID of the provider", quote(aud)),
                ),
                None => Check::new(
                    "claims.aud",
                    Status::Fail,
                    format!(
                        "`aud` {} is not among the provider's client IDs [{}]",
                        auds.iter().map(|a| quote(a)).collect::<Vec<_>>().join(", "),
                        provider.client_ids.join(", ")
                    ),
                ),
            }
            .at(format!("{}/ClientIDList", provider.path));
            if is_array {
                // ASSUMED: AWS does not document array audiences; any element may match.
                check = check.assumed();
            }
            (check, matched.cloned().unwrap_or(first))
        }
        (IssuerKind::Google, _) => {
            // AWS: for Google, `accounts.google.com:aud` is `azp` when present (IAM condition keys).
            let azp = claims.get("azp").and_then(Value::as_str);
            let audience = azp.map(str::to_string).unwrap_or(first);
            (
                Check::new(
                    "claims.aud",
                    Status::Pass,
                    format!(
                        "Google is built in and has no client ID list; the trust policy must check `accounts.google.com:aud` ({})",
                        quote(&audience)
                    ),
                ),
                audience,
            )
        }
        _ => (
            Check::new(
                "claims.aud",
                Status::Pass,
                format!(
                    "{} is built in and has no client ID list; the trust policy must check `{}:aud` ({})",
                    issuer.principal,
                    issuer.key_prefix,
                    quote(&first)
                ),
            ),
            first,
        ),
    }
}
