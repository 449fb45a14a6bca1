//! Phase `signature`: STS fetches the issuer's JWKS, picks the key named by the token's `kid`,
//! and verifies the signature with an algorithm it accepts and that fits the key. For OAuth
//! access tokens, this is where STS asks the IdP whether the token is valid.

use super::provider::Issuer;
use super::token::{Presented, TokenFacts};
use super::{PhaseReport, quote};
use crate::engine::json::pointer;
use crate::engine::jwk::{ALLOWED_ALGORITHMS, JwkEntry, read_jwks, verify};
use crate::engine::rejection::Rejection;
use crate::engine::scenario::OAuthAnswer;
use crate::engine::token::DecodedToken;
use crate::engine::verdict::{Check, Status};

/// What an OAuth IdP said about the access token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OAuthIdentity {
    /// The application the token was issued to.
    pub app_id: String,
    /// The user.
    pub user_id: String,
}

/// Run the phase. Returns the OAuth identity for access tokens, `None` for verified JWTs.
pub fn check(issuer: &Issuer, token: &TokenFacts) -> PhaseReport<Option<OAuthIdentity>> {
    match &token.presented {
        Presented::OAuth { provider_id } => check_oauth(issuer, provider_id),
        Presented::Jwt(decoded) => check_jwt(issuer, decoded).map_value(|()| None),
    }
}

impl<T> PhaseReport<T> {
    fn map_value<U>(self, f: impl FnOnce(T) -> U) -> PhaseReport<U> {
        PhaseReport {
            outcome: self.outcome.map(f),
            detail: self.detail,
            checks: self.checks,
            assumed: self.assumed,
        }
    }
}

fn check_oauth(issuer: &Issuer, provider_id: &str) -> PhaseReport<Option<OAuthIdentity>> {
    let answer = issuer
        .idp
        .and_then(|idp| idp.oauth.as_ref().map(|a| (a, &idp.path)));
    match answer {
        None => PhaseReport::fail(
            Rejection::IdpUnreachable {
                provider: provider_id.to_string(),
            },
            format!("the scenario has no `idps.{provider_id}.oauth` answer, so STS cannot reach {provider_id}"),
            vec![
                Check::new(
                    "signature.oauth",
                    Status::Fail,
                    format!("no answer from {provider_id}"),
                )
                .at(pointer("/idps", provider_id))
                .assumed(),
            ],
        )
        .assumed(),
        Some((OAuthAnswer::Rejected { status }, path)) => PhaseReport::fail(
            Rejection::IdpRejected {
                provider: provider_id.to_string(),
                status: status.clone(),
            },
            format!("{provider_id} refused the access token ({status})"),
            vec![
                Check::new(
                    "signature.oauth",
                    Status::Fail,
                    format!("{provider_id} answered {status}"),
                )
                .at(pointer(path, "oauth")),
            ],
        ),
        Some((OAuthAnswer::Valid { app_id, user_id }, path)) => PhaseReport::pass(
            Some(OAuthIdentity {
                app_id: app_id.clone(),
                user_id: user_id.clone(),
            }),
            format!("{provider_id} confirms the token: app {app_id}, user {user_id}"),
            vec![
                Check::new(
                    "signature.oauth",
                    Status::Pass,
                    format!("{provider_id} says the token is valid for app `{app_id}` and user `{user_id}`"),
                )
                .at(pointer(path, "oauth")),
            ],
        ),
    }
}

fn check_jwt(issuer: &Issuer, token: &DecodedToken) -> PhaseReport<()> {
    let idp_path = pointer("/idps", &issuer.iss);
    let Some(idp) = issuer.idp else {
        return PhaseReport::fail(
            Rejection::KeysUnavailable,
            format!(
                "the scenario has no `idps` entry for {}, so STS cannot fetch its JWKS",
                quote(&issuer.iss)
            ),
            vec![
                Check::new(
                    "signature.jwks",
                    Status::Fail,
                    "no JWKS can be retrieved for this issuer",
                )
                .at(idp_path),
            ],
        );
    };
    let jwks_path = pointer(&idp.path, "jwks");
    let Some(jwks) = &idp.jwks else {
        return PhaseReport::fail(
            Rejection::KeysUnavailable,
            "the JWKS cannot be retrieved (the scenario's `jwks` is absent or null: unreachable, slower than 5 s, or throttled)",
            vec![
                Check::new(
                    "signature.jwks",
                    Status::Fail,
                    "the JWKS cannot be retrieved",
                )
                .at(jwks_path),
            ],
        );
    };
    let keys = match read_jwks(jwks, &jwks_path) {
        Ok(keys) => keys,
        Err(err) => {
            let assumed = err.assumed;
            let mut check =
                Check::new("signature.jwks", Status::Fail, err.detail.clone()).at(err.path);
            if assumed {
                check = check.assumed();
            }
            let report = PhaseReport::fail(
                Rejection::KeysUnavailable,
                format!("the JWKS is not a key set: {}", err.detail),
                vec![check],
            );
            return if assumed { report.assumed() } else { report };
        }
    };
    let mut checks = vec![
        Check::new(
            "signature.jwks",
            Status::Pass,
            format!(
                "retrieved a JWKS with {} key{}",
                keys.len(),
                if keys.len() == 1 { "" } else { "s" }
            ),
        )
        .at(&jwks_path),
    ];

    let alg = token.header_str("alg").unwrap_or_default().to_string();
    if !ALLOWED_ALGORITHMS.contains(&alg.as_str()) {
        checks.push(
            Check::new(
                "signature.alg",
                Status::Fail,
                format!(
                    "header `alg` is {}; STS accepts only {}",
                    if alg.is_empty() {
                        "missing".to_string()
                    } else {
                        quote(&alg)
                    },
                    ALLOWED_ALGORITHMS.join(", ")
                ),
            )
            .at("/request/WebIdentityToken")
            .assumed(),
        );
        return PhaseReport::fail(
            Rejection::AlgorithmNotAllowed,
            format!(
                "algorithm {} is not accepted by STS",
                if alg.is_empty() {
                    "(none)".to_string()
                } else {
                    quote(&alg)
                }
            ),
            checks,
        )
        .assumed();
    }
    checks.push(Check::new(
        "signature.alg",
        Status::Pass,
        format!("header `alg` {alg} is one STS accepts"),
    ));

    let kid = token.header_str("kid");
    let mut verified_by = None;
    // ASSUMED: of several keys with the token's `kid`, only the first is used, as jsonwebtoken's
    // `JwkSet::find` does; the others are skipped, so a JWKS cannot make STS try a key many times.
    let mut kid_match: Option<usize> = None;
    for entry in &keys {
        let (status, detail) = match kid_match {
            Some(first) if kid.is_some() && entry.kid.as_deref() == kid => (
                Status::Skip,
                format!(
                    "{}: key #{first} has the same `kid` and came first; only the first is used",
                    entry.kid.as_deref().map(quote).unwrap_or_default()
                ),
            ),
            _ => consider(entry, kid, &alg, token, &mut kid_match),
        };
        if status == Status::Pass && verified_by.is_none() {
            verified_by = Some(entry);
        }
        checks.push(
            Check::new(format!("signature.keys[{}]", entry.index), status, detail).at(&entry.path),
        );
    }

    match verified_by {
        Some(entry) => PhaseReport::pass(
            (),
            format!(
                "key {} verifies the {alg} signature",
                entry
                    .kid
                    .as_deref()
                    .map(quote)
                    .unwrap_or_else(|| format!("#{}", entry.index))
            ),
            checks,
        ),
        None => {
            let detail = match kid {
                Some(kid) if kid_match.is_none() => format!(
                    "no key in the JWKS has `kid` {} (the IdP may have rotated its keys, or the JWKS belongs to another issuer)",
                    quote(kid)
                ),
                Some(kid) => format!(
                    "the key with `kid` {} does not verify the signature",
                    quote(kid)
                ),
                None => "the token has no `kid`, and no key in the JWKS verifies its signature"
                    .to_string(),
            };
            PhaseReport::fail(Rejection::SignatureNotVerified, detail, checks).assumed()
        }
    }
}

/// Decide what STS does with one key, and say why.
fn consider(
    entry: &JwkEntry,
    kid: Option<&str>,
    alg: &str,
    token: &DecodedToken,
    kid_match: &mut Option<usize>,
) -> (Status, String) {
    let name = entry
        .kid
        .as_deref()
        .map(|k| format!("`{k}`"))
        .unwrap_or_else(|| "(no kid)".to_string());
    if let Some(kid) = kid {
        if entry.kid.as_deref() != Some(kid) {
            return (
                Status::Skip,
                format!("{name}: not the token's `kid` `{kid}`"),
            );
        }
        *kid_match = Some(entry.index);
    }
    let key = match &entry.key {
        Ok(key) => key,
        Err(problem) => return (Status::Fail, format!("{name}: unusable key: {problem}")),
    };
    if !key.fits(alg) {
        return (
            Status::Fail,
            format!(
                "{name}: this {} key cannot verify {alg}; the algorithm must fit the key type and curve",
                key.describe()
            ),
        );
    }
    if let Some(key_alg) = entry.alg.as_deref().filter(|a| *a != alg) {
        return (
            Status::Fail,
            format!("{name}: the key is declared for `{key_alg}`, the token uses {alg}"),
        );
    }
    if verify(key, alg, token.signing_input.as_bytes(), &token.signature) {
        (
            Status::Pass,
            format!("{name}: {} key, {alg} signature verifies", key.describe()),
        )
    } else {
        (
            Status::Fail,
            format!(
                "{name}: {} key, {alg} signature does NOT verify (the token was altered or signed by another key)",
                key.describe()
            ),
        )
    }
}
